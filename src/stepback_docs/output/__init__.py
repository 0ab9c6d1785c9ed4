"""Document writers: one generated ``Document`` to a file in md, txt, json or docx.

Every writer renders to bytes first and then writes atomically (``writing.py``), so an
interrupted batch never leaves a half-written file for the re-run to mistake as done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from ..documents import Document
from ..errors import StepbackError
from ..model import Profile
from ..writing import write_bytes_atomic

FORMATS: Final[tuple[str, ...]] = ("md", "txt", "json", "docx")


def render(doc: Document, profile: Profile, fmt: str, *, today: dt.date | None = None) -> bytes:
    """The file contents of ``doc`` in ``fmt``; ``today`` dates a docx cover letter."""
    if fmt == "md":
        from .plain import render_markdown

        return render_markdown(doc, profile).encode("utf-8")
    if fmt == "txt":
        from .plain import render_text

        return render_text(doc).encode("utf-8")
    if fmt == "json":
        from .jsondoc import render_json

        return render_json(doc, profile).encode("utf-8")
    if fmt == "docx":
        from .word import render_docx

        return render_docx(doc, profile, today=today)
    raise StepbackError(f"unknown output format {fmt!r}: choose from {', '.join(FORMATS)}")


def write_document(
    doc: Document,
    profile: Profile,
    path: str | Path,
    fmt: str | None = None,
    *,
    today: dt.date | None = None,
) -> Path:
    """Write ``doc`` to ``path`` atomically; ``fmt`` defaults to the path's extension."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    data = render(doc, profile, fmt, today=today)
    write_bytes_atomic(path, data)
    return path


def output_path(out_dir: str | Path, stem: str, kind: str, fmt: str) -> Path:
    """Where a batch puts one document: ``OUT/<profile stem>/<kind>.<fmt>``, always
    inside ``OUT`` whatever the profile's file name (see ``folder_name``)."""
    return Path(out_dir) / folder_name(stem) / f"{kind}.{fmt}"


def folder_name(stem: str) -> str:
    """A profile's output folder: its file stem, made a plain name inside ``--out``.

    A profile named ``...yaml`` has the stem ``..``: used as is, its documents went next
    to ``--out``, not into it. Leading dots (no hidden or parent folders), separators
    and control characters are dropped; what is left empty becomes ``profile``."""
    cleaned = "".join("_" if c in "/\\" or not c.isprintable() else c for c in stem).lstrip(". ")
    return cleaned or "profile"


__all__ = ["FORMATS", "folder_name", "output_path", "render", "write_document"]
