"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_paths import REPO


@pytest.fixture
def repo() -> Path:
    return REPO


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The hostile-input cases' time and peak memory, one line each (issue 12)."""
    from hostile_report import RESULTS

    if not RESULTS:
        return
    terminalreporter.section("hostile inputs: time and peak memory of each child run")
    for test, seconds, peak in RESULTS:
        terminalreporter.write_line(f"{seconds:7.2f} s {peak / 2**20:6.0f} MB  {test[:90]}")
