"""--annotate: a copy with a Word comment on each finding, anchored to its words."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from fixtures.docgen import para, raw_docx, run, textbox
from stepback_docs.annotate import annotate_docx, comment_text
from stepback_docs.errors import StepbackError
from stepback_docs.findings import Block, Finding
from stepback_docs.readers import read_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def finding(block: Block, phrase: str, category: str = "boredom") -> Finding:
    start = block.text.index(phrase)
    return Finding(
        category=category,
        rule=f"{category}.test",
        severity="warning",
        start=start,
        end=start + len(phrase),
        text=phrase,
        sentence=block.text,
        message=f"'{phrase}' makes a reader wonder why you are leaving.",
        suggestions=["Say what you want to build next.", "Name the problem you want to own."],
        story=block.story,
        paragraph=block.paragraph,
    )


def anchored_text(path: Path) -> dict[str, tuple[str, str]]:
    """comment id -> (text between its range marks, text of the paragraph holding it)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    active: set[str] = set()
    for element in root.iter():
        if element.tag == f"{W}commentRangeStart":
            cid = element.get(f"{W}id")
            active.add(cid)
            found[cid] = []
            paragraph = next(a for a in element.iterancestors() if a.tag == f"{W}p")
            where[cid] = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        elif element.tag == f"{W}commentRangeEnd":
            active.discard(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for cid in active:
                found[cid].append(element.text or "")
    return {cid: ("".join(parts), where[cid]) for cid, parts in found.items()}


def comments(path: Path) -> dict[str, tuple[str, str]]:
    document = docx.Document(str(path))
    return {str(c.comment_id): (c.author, c.text) for c in document.comments}


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Doe — just looking for anything"
    document.add_paragraph("Summary")
    paragraph = document.add_paragraph("After ten years I got ")
    paragraph.add_run("really bored").bold = True
    paragraph.add_run(" and want something easier.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 1).text = "Left because I was burned out"
    path = tmp_path / "resume.docx"
    document.save(str(path))
    return path


def test_comments_carry_category_message_and_suggestions_and_anchor_to_the_words(
    resume: Path, tmp_path: Path
) -> None:
    blocks = {(b.story, b.paragraph): b for b in read_document(resume)}
    body = blocks[("body", 2)]
    cell = next(b for b in blocks.values() if b.story == "table")
    findings = [
        finding(body, "got really bored"),  # crosses a formatting boundary
        finding(body, "something easier", "coasting"),
        finding(cell, "burned out", "misery"),
    ]
    source_hash = hashlib.sha256(resume.read_bytes()).hexdigest()
    out = tmp_path / "annotated.docx"

    assert annotate_docx(resume, out, findings) == 3

    assert hashlib.sha256(resume.read_bytes()).hexdigest() == source_hash
    made = comments(out)
    anchors = anchored_text(out)
    assert sorted(anchors.values()) == sorted(
        [
            ("got really bored", body.text),
            ("something easier", body.text),
            ("burned out", cell.text),
        ]
    )
    for cid, (anchored, _) in anchors.items():
        author, text = made[cid]
        expected = next(f for f in findings if f.text == anchored)
        assert author == "stepback-docs"
        assert text == comment_text(expected)
        assert text.startswith(f"{expected.category}: {expected.message}")
        assert "Try: Say what you want to build next." in text
    # The copy reads back to the same text: splitting runs changed nothing a reader sees,
    # and our own comments are not linted as document text.
    assert [(b.story, b.paragraph, b.text) for b in read_document(out)] == [
        (b.story, b.paragraph, b.text) for b in read_document(resume)
    ]


def test_header_findings_go_on_the_first_body_paragraph_saying_where(
    resume: Path, tmp_path: Path
) -> None:
    header = next(b for b in read_document(resume) if b.story == "header")
    out = tmp_path / "annotated.docx"
    assert (
        annotate_docx(resume, out, [finding(header, "just looking for anything", "desperation")])
        == 1
    )
    [(anchored, paragraph)] = anchored_text(out).values()
    assert (anchored, paragraph) == ("Summary", "Summary")
    [(_, text)] = comments(out).values()
    assert text.startswith('In the header, paragraph 1 ("just looking for anything"): desperation:')


def test_stale_offsets_fall_back_to_finding_the_text(resume: Path, tmp_path: Path) -> None:
    body = next(b for b in read_document(resume) if b.paragraph == 2)
    stale = finding(body, "something easier")
    stale.start, stale.end = 0, 3
    out = tmp_path / "annotated.docx"
    assert annotate_docx(resume, out, [stale]) == 1
    assert [a for a, _ in anchored_text(out).values()] == ["something easier"]


def test_runs_that_cannot_be_split_are_anchored_whole(tmp_path: Path) -> None:
    src = tmp_path / "cv.docx"
    tabbed = '<w:r><w:t xml:space="preserve">I was</w:t><w:tab/><w:t>stuck there</w:t></w:r>'
    src.write_bytes(raw_docx(para(run("Intro. "), tabbed) + para(textbox("Boxed and bored"))))
    blocks = read_document(src)
    body = blocks[0]
    box = next(b for b in blocks if b.story == "textbox")
    out = tmp_path / "out.docx"
    assert annotate_docx(src, out, [finding(body, "stuck"), finding(box, "bored")]) == 2
    # The tabbed run holds "I was\tstuck there" and cannot be cut safely: anchored whole.
    # The text box run is plain, so the comment covers exactly the word.
    assert sorted(anchored_text(out).values()) == [
        ("I wasstuck there", "Intro. I wasstuck there"),
        ("bored", "Boxed and bored"),
    ]


def test_refuses_to_overwrite_the_input_and_hostile_input(resume: Path, tmp_path: Path) -> None:
    with pytest.raises(StepbackError, match="must write a new file"):
        annotate_docx(resume, resume, [])
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(StepbackError, match=r"not a \.docx: not a zip file"):
        annotate_docx(bad, tmp_path / "out.docx", [])
    assert not (tmp_path / "out.docx").exists()


def test_no_findings_writes_an_identical_text_copy(resume: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.docx"
    assert annotate_docx(resume, out, []) == 0
    assert [b.text for b in read_document(out)] == [b.text for b in read_document(resume)]
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert "word/document.xml" in archive.namelist()


def test_unanchorable_findings_use_a_table_when_the_body_has_no_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "References available, desperately"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Only a table here"
    src = tmp_path / "cv.docx"
    document.save(str(src))
    footer = next(b for b in read_document(src) if b.story == "footer")
    out = tmp_path / "out.docx"
    assert annotate_docx(src, out, [finding(footer, "desperately", "desperation")]) == 1
    [(anchored, paragraph)] = anchored_text(out).values()
    assert (anchored, paragraph) == ("Only a table here", "Only a table here")


def test_comment_text_drops_characters_xml_cannot_hold() -> None:
    block = Block("I was bored")
    item = finding(block, "bored")
    item.message = "Bored\x00 means\x1b leaving."
    assert comment_text(item).splitlines()[0] == "boredom: Bored means leaving."
