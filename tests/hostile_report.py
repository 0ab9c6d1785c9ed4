"""Time and peak memory of each hostile-input case run in a child process; printed at
the end of the test run (see ``conftest.pytest_terminal_summary``)."""

from __future__ import annotations

import os

RESULTS: list[tuple[str, float, int]] = []  # (test id, seconds, peak bytes)


def record(seconds: float, peak: int) -> None:
    """Note the current test's child run (its id comes from pytest's environment)."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::", 1)[-1].rsplit(" ", 1)[0]
    RESULTS.append((test, seconds, peak))
