"""Repository paths for tests (tests/ is on sys.path: pytest's rootdir-less import mode)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "profiles"
SHARED_DATA = REPO.parent / "shared" / "data"
