"""Markdown and plain-text writers: text a candidate can read, edit and paste.

Markdown gets a heading and escapes whatever Markdown would otherwise swallow (a leading
``#`` or ``1.``, ``*``, ``_``, brackets), so the rendered page shows exactly the text the
guards checked. Plain text is the document alone, ready to paste into a form.
"""

from __future__ import annotations

import re

from ..documents import Document
from ..model import Profile
from .labels import document_title, question

_INLINE = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Line starts that would become a heading, quote, list item or setext underline.
_BLOCK_START = re.compile(r"^(\s*)(?=#{1,6}(\s|$)|>|[+-](\s|$)|\d{1,9}[.)](\s|$)|[=-]+\s*$)")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])")


def escape_markdown(text: str) -> str:
    """Escape ``text`` so CommonMark renders it literally (line structure kept)."""
    lines = []
    for line in text.split("\n"):
        line = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line))
        if _BLOCK_START.match(line):
            ordered = _ORDERED.match(line)
            if ordered:
                line = ordered.group(1) + "\\" + line[ordered.end(1) :]
            else:
                stripped = line.lstrip()
                line = line[: len(line) - len(stripped)] + "\\" + stripped
        lines.append(line)
    return "\n".join(lines)


def _letter_parts(doc: Document) -> list[str]:
    """Greeting, paragraphs, then closing and signature as one block."""
    parts: list[str] = []
    if doc.greeting:
        parts.append(doc.greeting)
    parts.extend(doc.paragraphs)
    sign_off = [p for p in (doc.closing, doc.signature) if p]
    if sign_off:
        parts.append("\n".join(sign_off))
    return parts


def render_text(doc: Document) -> str:
    """The document as plain paragraphs separated by blank lines."""
    return "\n\n".join(part.strip() for part in _letter_parts(doc)) + "\n"


def render_markdown(doc: Document, profile: Profile) -> str:
    """A heading naming the kind and target (and the question answered), then the text."""
    blocks = [f"# {escape_markdown(document_title(doc.kind, profile))}"]
    asked = question(doc)
    if asked:
        blocks.append(f"*{escape_markdown(asked)}*")
    for part in _letter_parts(doc):
        # Hard line breaks ("\" at line end) keep a sign-off's lines apart.
        blocks.append("\\\n".join(escape_markdown(line) for line in part.strip().split("\n")))
    return "\n\n".join(blocks) + "\n"
