"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_paths import REPO


@pytest.fixture
def repo() -> Path:
    return REPO
