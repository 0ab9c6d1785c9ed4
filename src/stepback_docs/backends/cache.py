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

from ..readers.limits import read_limited
from ..writing import write_bytes_atomic

log = logging.getLogger("stepback_docs.llm")
FORMAT_VERSION = 1
MAX_ENTRY_BYTES = 16 * 2**20  # an answer is a few KB; a bigger entry is not ours


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
        self._write_warned = False  # an unwritable cache is said once, not per document

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer, or None: a cache problem of any kind (a FIFO or a huge
        file in its place, damaged or absurdly nested JSON) is a warning and a miss."""
        path = self._path(key)
        try:
            raw = read_limited(path, MAX_ENTRY_BYTES)
            if len(raw) > MAX_ENTRY_BYTES:
                raise ValueError(f"larger than {MAX_ENTRY_BYTES // 2**20} MB")
            data = json.loads(raw.decode("utf-8"))
        except (FileNotFoundError, NotADirectoryError):  # never written: a plain miss
            return None
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("ignoring unreadable cache entry %s (%s)", path, _one_line(exc))
            return None
        if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
            return None
        value = data.get("value")
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store an answer; a cache that cannot be written is a warning, never a failure
        (the answer was paid for: the document still gets it)."""
        payload = json.dumps({"v": FORMAT_VERSION, "value": value}, ensure_ascii=False, indent=1)
        try:
            # Private: answers are drafts built from a client's profile.
            write_bytes_atomic(self._path(key), payload.encode("utf-8"), mode=0o600)
        except (OSError, ValueError) as exc:
            level = logging.DEBUG if self._write_warned else logging.WARNING
            self._write_warned = True
            log.log(level, "cannot write the LLM cache in %s (%s)", self.root, _one_line(exc))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split())
    return "".join(c if c.isprintable() else "?" for c in text)[:200]
