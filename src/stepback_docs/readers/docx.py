"""Word .docx: a Block per non-empty paragraph, with its story and paragraph number.

Stories: body, table (nested tables too), textbox, header, footer (every section, first
and even-page variants; a part used by several sections, or a copy with the same text,
is read once), footnote, endnote, comment (reviewer comments are visible to whoever
opens the file; comments written by our own annotator are skipped). The XML is read
from a size-checked zip (safezip) and walked by ooxml, not python-docx: python-docx
cannot see text boxes or notes, and reading raw parts keeps the limits in our hands.
"""

from __future__ import annotations

from typing import Any

from stepback_docs.findings import Block
from stepback_docs.readers.limits import fail
from stepback_docs.readers.ooxml import StoryWalker, W
from stepback_docs.readers.safezip import SafeZip

ANNOTATOR_AUTHOR = "stepback-docs"  # comments we add with --annotate; not linted back
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_DOCUMENT = _REL + "/officeDocument"
_NOTE_PARTS = (("footnotes", "footnote"), ("endnotes", "endnote"), ("comments", "comment"))
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def read_docx(data: bytes, display: str) -> list[Block]:
    """Read every story of a .docx into blocks (see the module docstring)."""
    package = SafeZip(data, display)
    main = _main_part(package)
    if main not in package:
        raise fail(display, f"a zip file but not a Word document (no {main})")
    root = package.xml(main)
    body = root.find(f"{{{W}}}body")
    if body is None and str(root.tag).startswith(f"{{{_STRICT}"):
        raise fail(display, "Strict Open XML .docx is not supported: save it as a Word Document")
    if body is None:
        raise fail(display, f"{main} has no w:body: not a Word document")
    walker = StoryWalker(keep=False)
    walker.walk(body, "body", "table")
    rels = package.relationships(main)
    _headers_and_footers(package, root, rels, walker)
    for rel_name, story in _NOTE_PARTS:
        for rel_type, part in rels.values():
            if rel_type == f"{_REL}/{rel_name}" and part in package:
                _notes(package.xml(part), story, walker)
    return [
        Block(
            found.paragraph.text,
            story=found.story,
            paragraph=found.number,
            row=found.row,
            cell=found.cell,
        )
        for found in walker.found
        if found.paragraph.text.strip()
    ]


def _main_part(package: SafeZip) -> str:
    """The main document part named by the package relationships (word/document.xml)."""
    for rel_type, part in package.relationships("").values():
        if rel_type == _OFFICE_DOCUMENT or rel_type.endswith("/officeDocument"):
            return part
    return "word/document.xml"


def _headers_and_footers(
    package: SafeZip, root: Any, rels: dict[str, tuple[str, str]], walker: StoryWalker
) -> None:
    seen_parts: set[str] = set()
    seen_texts: set[tuple[str, ...]] = set()
    rid = f"{{{_REL}}}id"
    for kind in ("header", "footer"):
        for reference in root.iter(f"{{{W}}}{kind}Reference"):
            target = rels.get(reference.get(rid) or "")
            if target is None or target[1] in seen_parts or target[1] not in package:
                continue
            seen_parts.add(target[1])
            part = package.xml(target[1])
            scratch = StoryWalker(keep=False)
            scratch.walk(part, kind)
            texts = tuple(found.paragraph.text for found in scratch.found)
            if texts in seen_texts:  # the same header copied into another section
                continue
            seen_texts.add(texts)
            walker.walk(part, kind)


def _notes(root: Any, story: str, walker: StoryWalker) -> None:
    type_attr = f"{{{W}}}type"
    author_attr = f"{{{W}}}author"
    for note in root:
        if note.get(type_attr) in _SEPARATORS:
            continue
        if story == "comment" and note.get(author_attr) == ANNOTATOR_AUTHOR:
            continue
        walker.walk(note, story)
