"""Walk WordprocessingML the way a reader sees it: paragraphs in stories, in order.

Shared by the .docx reader (raw XML from a size-checked zip) and the annotator (the
same XML as loaded by python-docx), so a finding's (story, paragraph) addresses the
same ``w:p`` in both. Works on any lxml element tree; knows nothing about zips.

What counts as text: ``w:t`` in runs, including inside hyperlinks, smart tags, content
controls, custom XML, inserted (tracked) text and field RESULTS; tabs and line breaks
become ``\\t`` and ``\\n``. Left out: deleted and moved-away text, field codes, the
alternate copy of a text box (``mc:Fallback``), and math. Text boxes anchored in a
paragraph are a story of their own ("textbox"), not part of that paragraph. Vertically
or horizontally merged table cells are read once (continuation cells are skipped).
Hidden (``w:vanish``) text is kept: an applicant tracking system reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
RPR = _w("rPr")
TXBX = _w("txbxContent")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
FLD_CHAR, FLD_CHAR_TYPE = _w("fldChar"), _w("fldCharType")
VAL = _w("val")
ALTERNATE, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"

_CHARS = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}
_SKIP = frozenset(
    _w(name)
    for name in (
        "pPr",
        "rPr",
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "delInstrText",
        "fldData",
        "commentReference",
        "footnoteReference",
        "endnoteReference",
        "sectPr",
        "tblPr",
        "tcPr",
        "trPr",
        "sdtPr",
        "sdtEndPr",
        "customXmlPr",
    )
) | frozenset(
    {
        "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
        "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara",
    }
)
# Containers whose children are block content (paragraphs, tables) like the body's.
_BLOCK_WRAPPERS = frozenset({SDT_CONTENT, CUSTOM_XML, _w("ins"), _w("moveTo")})


@dataclass(slots=True)
class Paragraph:
    """One ``w:p``: its text, which run each stretch of text came from, its text boxes."""

    element: Any
    text: str = ""
    pieces: list[tuple[int, int, Any]] = field(default_factory=list)  # (start, end, w:r)
    boxes: list[Any] = field(default_factory=list)  # w:txbxContent anchored here


@dataclass(slots=True)
class Located:
    story: str
    number: int  # 1-based within the story
    paragraph: Paragraph
    row: int | None = None  # in a table: 1-based row and cell of the innermost table
    cell: int | None = None


def read_paragraph(p: Any, keep: bool = True) -> Paragraph:
    """Join the runs of a paragraph into the string a reader sees.

    ``keep=False`` (the reader) keeps no reference to the XML: holding one element
    keeps its whole tree alive, and the reader wants each part's tree freed at once.
    """
    para = Paragraph(p if keep else None)
    parts: list[str] = []
    fields: list[str] = []  # complex field states: "code" until separate, then "result"
    position = 0

    def add(text: str, run: Any) -> None:
        nonlocal position
        if not text or "code" in fields:
            return
        parts.append(text)
        if keep:
            para.pieces.append((position, position + len(text), run))
        position += len(text)

    def visit(element: Any, run: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == R:
            run = element
        elif tag == T:
            add(element.text or "", run)
            return
        elif tag in _CHARS:
            add(_CHARS[tag], run)
            return
        elif tag == FLD_CHAR:
            kind = element.get(FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append("code")
            elif kind == "separate" and fields:
                fields[-1] = "result"
            elif kind == "end" and fields:
                fields.pop()
            return
        elif tag == TXBX:
            para.boxes.append(element)
            return
        elif tag == ALTERNATE:
            chosen = _choose(element)
            if chosen is not None:
                for child in chosen:
                    visit(child, run)
            return
        for child in element:
            visit(child, run)

    for child in p:
        visit(child, None)
    para.text = "".join(parts)
    return para


def _choose(alternate: Any) -> Any:
    """The one branch of mc:AlternateContent a reader sees (the first Choice)."""
    for child in alternate:
        if child.tag in (CHOICE, FALLBACK):
            return child
    return None


def _continued(tc: Any) -> bool:
    """A merged-cell continuation (its content, if any, is not shown as its own cell)."""
    props = tc.find(_w("tcPr"))
    if props is None:
        return False
    vmerge = props.find(_w("vMerge"))
    if vmerge is not None and vmerge.get(VAL) != "restart":
        return True
    hmerge = props.find(_w("hMerge"))
    return hmerge is not None and hmerge.get(VAL) != "restart"


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            yield from _children(child, tag)


class StoryWalker:
    """Numbers paragraphs per story across everything walked with the same walker."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep  # False: text only, no references into the XML (see read_paragraph)
        self.counts: dict[str, int] = {}
        self.found: list[Located] = []
        self.cell: tuple[int, int] | None = None  # (row, cell) being walked, if any

    def walk(self, container: Any, story: str, table_story: str | None = None) -> None:
        """Walk block content (body, cell, header, note, text box) in document order."""
        table_story = table_story or story
        for child in container:
            tag = child.tag
            if tag == P:
                self._paragraph(child, story)
            elif tag == TBL:
                self._table(child, table_story)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.walk(content, story, table_story)
            elif tag in _BLOCK_WRAPPERS:
                self.walk(child, story, table_story)
            elif tag == ALTERNATE:
                chosen = _choose(child)
                if chosen is not None:
                    self.walk(chosen, story, table_story)

    def _paragraph(self, p: Any, story: str) -> None:
        number = self.counts.get(story, 0) + 1
        self.counts[story] = number
        para = read_paragraph(p, self.keep)
        row, cell = self.cell if self.cell is not None else (None, None)
        self.found.append(Located(story, number, para, row, cell))
        box_story = "textbox" if story in ("body", "table", "textbox") else story
        boxes, para.boxes = para.boxes, para.boxes if self.keep else []
        for box in boxes:
            self.walk(box, box_story)

    def _table(self, tbl: Any, story: str) -> None:
        outer = self.cell
        for row, tr in enumerate(_children(tbl, TR), 1):
            for cell, tc in enumerate(_children(tr, TC), 1):
                if not _continued(tc):
                    self.cell = (row, cell)
                    self.walk(tc, story)
        self.cell = outer


def body_paragraphs(body: Any) -> list[Located]:
    """Every paragraph of the main document: body, tables, text boxes."""
    walker = StoryWalker()
    walker.walk(body, "body", "table")
    return walker.found
