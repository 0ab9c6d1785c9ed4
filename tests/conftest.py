"""Shared fixtures."""

from __future__ import annotations

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
