"""Turn a resume, cover letter or LinkedIn text file into Blocks the linter can check.

``read_document`` dispatches on the suffix. The .txt/.md path imports nothing heavy
(the one-file lint has an 80 ms start-up budget); the .docx and .pdf readers, and the
libraries they need, are imported only when such a file is read. Every failure is a
``StepbackError`` with one line naming the file and the cause.

An empty file (0 bytes) is an error ("empty file: nothing to lint"), as issue 3 lists it
among the broken inputs: a user who lints an empty file almost certainly saved or
exported the wrong thing.
"""

from __future__ import annotations

from pathlib import Path

from stepback_docs.findings import Block
from stepback_docs.readers.limits import fail, read_capped
from stepback_docs.readers.text import OLE_SIGNATURE, decode_text, looks_binary

__all__ = ["SUFFIXES", "read_bytes", "read_document"]

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".dotm": "docx",
    ".pdf": "pdf",
}


def read_document(path: str | Path) -> list[Block]:
    """Read ``path`` into blocks of text with their locations (see ``Block``)."""
    display = str(path)
    data = read_capped(Path(path), display)
    return read_bytes(data, display, Path(path).suffix)


def read_bytes(data: bytes, display: str, suffix: str) -> list[Block]:
    """Read an already-loaded file; ``display`` names it in errors, ``suffix`` picks the format."""
    if not data:
        raise fail(display, "empty file: nothing to lint")
    kind = SUFFIXES.get(suffix.lower())
    if kind == "docx":
        from stepback_docs.readers.docx import read_docx

        return read_docx(data, display)
    if kind == "pdf":
        from stepback_docs.readers.pdf import read_pdf

        return read_pdf(data, display)
    if kind == "markdown":
        from stepback_docs.readers.markdown import markdown_block

        return [markdown_block(decode_text(data, display))]
    if kind == "text":
        return [Block(decode_text(data, display))]
    # Unknown suffix: fine if it is UTF-8 text (a .rst, a file without suffix …).
    if data.startswith(OLE_SIGNATURE):
        raise fail(display, "encrypted or legacy Word .doc file: save it as .docx")
    if looks_binary(data):
        what = f"'{suffix}' " if suffix else ""
        raise fail(display, f"unsupported {what}file: not .txt/.md/.docx/.pdf or UTF-8 text")
    return [Block(decode_text(data, display))]
