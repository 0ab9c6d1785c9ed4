"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from repo_paths import REPO


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(autouse=True)
def _no_forced_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read plain output: a FORCE_COLOR in the developer's or CI's environment
    (honoured by lint and rich) must not colour it."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _shipped_templates_after() -> Iterator[None]:
    """A custom templates folder (generate --custom-dir) is process-wide: leave none set
    for the next test."""
    yield
    from stepback_docs.resources import use_custom_dir

    use_custom_dir(None)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The hostile-input cases' time and peak memory, one line each (issue 12)."""
    from hostile_report import RESULTS

    if not RESULTS:
        return
    terminalreporter.section("hostile inputs: time and peak memory of each child run")
    for test, seconds, peak in RESULTS:
        terminalreporter.write_line(f"{seconds:7.2f} s {peak / 2**20:6.0f} MB  {test[:90]}")
