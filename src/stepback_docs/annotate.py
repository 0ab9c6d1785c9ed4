"""``--annotate``: a copy of a .docx with a Word comment on every finding.

Coaches review a client's resume in Word, so each finding becomes a comment (category,
why it raises doubt, the suggested reframe) anchored to the matched words: runs are
split at the match boundaries when that is safe, otherwise the comment covers the
whole runs that hold the match. Paragraphs are found by the same walk the reader uses
(``readers.ooxml``), so (story, paragraph) means the same ``w:p`` here and there.
Word cannot anchor comments in headers, footers or notes; findings there (and any
whose text is no longer in its paragraph) are attached to the first body paragraph,
saying where they are. The source file is never written; the copy is written atomically.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from stepback_docs.errors import StepbackError
from stepback_docs.findings import Finding
from stepback_docs.readers.docx import ANNOTATOR_AUTHOR
from stepback_docs.readers.limits import fail, read_capped
from stepback_docs.readers.ooxml import RPR, Located, Paragraph, T, body_paragraphs, read_paragraph
from stepback_docs.readers.safezip import SafeZip, parse_xml
from stepback_docs.writing import write_bytes_atomic

ANCHORABLE = frozenset({"body", "table", "textbox"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # lxml refuses these
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def comment_text(finding: Finding) -> str:
    """What the reviewer reads in the margin: category and why, then the reframes."""
    lines = [f"{finding.category}: {finding.message}"]
    lines += [f"Try: {suggestion}" for suggestion in finding.suggestions]
    return _NOT_XML.sub("", "\n".join(lines))


def annotate_docx(src: str | Path, dest: str | Path, findings: Iterable[Finding]) -> int:
    """Write ``dest``: a copy of ``src`` with a comment per finding. Returns the count."""
    src, dest = Path(src), Path(dest)
    if dest.exists() and src.exists() and dest.resolve() == src.resolve():
        raise StepbackError(f"{dest}: --annotate must write a new file, not the input")
    data = read_capped(src, str(src))
    _check_package(data, str(src))
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise fail(str(src), f"cannot open as .docx ({type(exc).__name__}: {exc})") from None
    located = body_paragraphs(document.element.body)
    by_address = {(found.story, found.number): found for found in located}
    with_text = [found for found in located if found.paragraph.pieces]
    # Where findings Word cannot anchor go: the first body paragraph, else any with text.
    fallback = next((found for found in with_text if found.story == "body"), None) or next(
        iter(with_text), None
    )
    placed: list[tuple[list[Any], str]] = []
    for finding in sorted(findings, key=lambda f: (f.story or "", f.paragraph or 0, f.start)):
        target = by_address.get((finding.story or "", finding.paragraph or 0))
        text = comment_text(finding)
        runs = _anchor(target, finding) if target and finding.story in ANCHORABLE else []
        if not runs and fallback is not None:
            where = f"{finding.story or 'document'}, paragraph {finding.paragraph or '?'}"
            text = f'In the {where} ("{finding.text}"): {text}'
            runs = [piece[2] for piece in read_paragraph(fallback.paragraph.element).pieces[:1]]
        if runs:
            placed.append((runs, text))
    _add_comments(document, placed)
    out = io.BytesIO()
    document.save(out)
    write_bytes_atomic(dest, out.getvalue())
    return len(placed)


def _add_comments(document: Any, placed: list[tuple[list[Any], str]]) -> None:
    """One comment per ``(runs, text)``. python-docx's ``add_comment`` looks through every
    comment for a free id, so 4,000 comments took 20 s: the first comment is added that
    way (it creates the comments part and gives the first free id), the rest are built
    as one piece of XML with the ids that follow and appended to the part at once."""
    if not placed:
        return
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.text.run import Run

    (first_runs, first_text), rest = placed[0], placed[1:]
    first = document.add_comment(
        [Run(r, None) for r in first_runs],  # type: ignore[arg-type]
        text=first_text,
        author=ANNOTATOR_AUTHOR,
        initials="SD",
    )
    if not rest:
        return
    comments = document.part.part_related_by(RELATIONSHIP_TYPE.COMMENTS).element
    date = first.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ") if first.timestamp else ""
    xml = [f'<w:comments xmlns:w="{_W}">']
    for number, (_, text) in enumerate(rest, start=first.comment_id + 1):
        xml.append(_comment_xml(number, text, date))
    xml.append("</w:comments>")
    for element in list(parse_xml("".join(xml))):
        comments.append(element)
    for number, (runs, _) in enumerate(rest, start=first.comment_id + 1):
        Run(runs[0], None).mark_comment_range(Run(runs[-1], None), number)  # type: ignore[arg-type]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _comment_xml(number: int, text: str, date: str) -> str:
    """A ``w:comment`` as python-docx's ``add_comment`` writes it."""
    author = quoteattr(ANNOTATOR_AUTHOR)
    paragraphs = []
    for i, line in enumerate(text.split("\n")):
        mark = (
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            if i == 0
            else ""
        )
        paragraphs.append(
            '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
            f'{mark}<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        )
    dated = f' w:date="{date}"' if date else ""
    return (
        f'<w:comment w:id="{number}" w:author={author} w:initials="SD"{dated}>'
        + "".join(paragraphs)
        + "</w:comment>"
    )


def _check_package(data: bytes, display: str) -> None:
    """The reader's zip limits and DOCTYPE refusal, on every XML part python-docx will parse."""
    package = SafeZip(data, display)
    for name in package.infos:
        if name.endswith((".xml", ".rels")):
            parse_xml(package.read(name), display, name)


def _anchor(target: Located, finding: Finding) -> list[Any]:
    """The w:r elements covering the finding's words, split at its edges when safe."""
    p = target.paragraph.element
    para = read_paragraph(p)
    span = _span(para.text, finding)
    if span is None:
        return _runs_between(para, 0, len(para.text))
    start, end = span
    if _split_at(para, start):
        para = read_paragraph(p)
    if _split_at(para, end):
        para = read_paragraph(p)
    return _runs_between(para, start, end)


def _span(text: str, finding: Finding) -> tuple[int, int] | None:
    """Where the finding's text is in the paragraph (offsets first, then a search)."""
    start, end, wanted = finding.start, finding.end, finding.text
    if 0 <= start < end <= len(text) and (not wanted or text[start:end] == wanted):
        return start, end
    if not wanted:
        return None
    hits = []
    position = text.find(wanted)
    while position != -1:
        hits.append(position)
        position = text.find(wanted, position + 1)
    if not hits:
        return None
    best = min(hits, key=lambda hit: abs(hit - start))
    return best, best + len(wanted)


def _runs_between(para: Paragraph, start: int, end: int) -> list[Any]:
    runs: list[Any] = []
    for piece_start, piece_end, run in para.pieces:
        if (
            run is not None
            and piece_start < end
            and piece_end > start
            and (not runs or runs[-1] is not run)
        ):
            runs.append(run)
    return runs


def _split_at(para: Paragraph, offset: int) -> bool:
    """Split the run holding ``offset`` in two if it is one plain w:t; True if split."""
    for piece_start, piece_end, run in para.pieces:
        if not piece_start < offset < piece_end or run is None:
            continue
        content = [child for child in run if child.tag != RPR]
        if len(content) != 1 or content[0].tag != T:
            return False
        head = content[0]
        text = head.text or ""
        cut = offset - piece_start
        clone = copy.deepcopy(run)
        tail = next(child for child in clone if child.tag == T)
        head.text, tail.text = text[:cut], text[cut:]
        for element in (head, tail):
            element.set(_XML_SPACE, "preserve")
        run.addnext(clone)
        return True
    return False
