"""On-disk cache of LLM answers, keyed by a hash of the full request.

Re-running a batch must make zero new API calls: the key covers everything that shapes
the answer (base URL, model, messages, parameters) and nothing secret (never the API
key). Entries are written atomically (temp file + rename), so concurrent threads writing
the same key both succeed and a reader never sees half a file; an unreadable entry is a
miss, not a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from ..writing import write_bytes_atomic

log = logging.getLogger("stepback_docs.llm")
FORMAT_VERSION = 1


def default_cache_dir() -> Path:
    """``llm`` under the one stepback-docs cache folder (the linter's compiled rules
    live there too): ``$STEPBACK_DOCS_CACHE_DIR``, else ``$XDG_CACHE_HOME/stepback-docs``."""
    explicit = os.environ.get("STEPBACK_DOCS_CACHE_DIR")
    if explicit:
        return Path(explicit) / "llm"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stepback-docs" / "llm"


def request_key(request: dict[str, Any]) -> str:
    """Stable hash of a request: canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(
        {"v": FORMAT_VERSION, "request": request},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class DiskCache:
    """One JSON file per answer under ``root/<2 hex>/<sha256>.json``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s (%s)", path, exc)
            return None
        if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
            return None
        value = data.get("value")
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        payload = json.dumps({"v": FORMAT_VERSION, "value": value}, ensure_ascii=False, indent=1)
        # Private: answers are drafts built from a client's profile.
        write_bytes_atomic(self._path(key), payload.encode("utf-8"), mode=0o600)
