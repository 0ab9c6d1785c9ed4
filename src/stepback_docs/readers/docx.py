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


def read_docx(data: bytes, display: str, depth: int = 0) -> list[Block]:
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
    blocks = [
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
    return blocks + _alt_chunks(package, body, rels, display, depth)


_ALT_CHUNK = "altchunk"
MAX_ALT_CHUNK_DEPTH = 2  # a chunk that is a .docx with chunks of its own, and no deeper


def _alt_chunks(
    package: SafeZip, body: Any, rels: dict[str, tuple[str, str]], display: str, depth: int
) -> list[Block]:
    """The text of ``w:altChunk`` parts (HTML, plain text, MHT or a whole .docx that
    Word shows in place when it opens the file) as story "altchunk", one block per
    paragraph. RTF chunks are not read."""
    rid = f"{{{_REL}}}id"
    paragraphs: list[str] = []
    for chunk in body.iter(f"{{{W}}}altChunk"):
        target = rels.get(chunk.get(rid) or "")
        if target is None or target[1] not in package:
            continue
        data = package.read(target[1])
        if data.startswith(b"PK"):
            if depth < MAX_ALT_CHUNK_DEPTH:
                paragraphs += [b.text for b in read_docx(data, display, depth + 1)]
            continue
        paragraphs += [p for p in _chunk_text(data, target[1]).split("\n") if p.strip()]
    return [
        Block(text, story=_ALT_CHUNK, paragraph=number)
        for number, text in enumerate(paragraphs, start=1)
    ]


def _chunk_text(data: bytes, part: str) -> str:
    name = part.lower()
    if name.endswith((".mht", ".mhtml")) or data[:200].lower().startswith(b"mime-version"):
        return _mht_text(data)
    head = data[:4096].lower()
    if name.endswith((".htm", ".html", ".xhtml")) or b"<html" in head or b"<body" in head:
        return html_text(data.decode("utf-8", "replace"))
    if name.endswith(".txt"):
        return data.decode("utf-8", "replace")
    return ""  # RTF and anything else


def _mht_text(data: bytes) -> str:
    import email
    from email.message import Message

    message: Message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() in ("text/html", "text/plain"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text = payload.decode(part.get_content_charset() or "utf-8", "replace")
                return html_text(text) if part.get_content_type() == "text/html" else text
    return ""


def html_text(html: str) -> str:
    """The text an HTML chunk shows: block elements on their own lines, no scripts."""
    from html.parser import HTMLParser

    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"}

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "head", "title"):
                self.hidden += 1
            elif tag in blocks:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head", "title"):
                self.hidden = max(0, self.hidden - 1)
            elif tag in blocks:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.out.append(data.replace("\n", " "))  # the spaces at its edges count

    parser = Text()
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(line.split()) for line in "".join(parser.out).split("\n"))


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
