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
