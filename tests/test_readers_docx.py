"""The .docx reader sees what a reader of the document sees, once, in order."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.docgen import para, part_xml, raw_docx, run, textbox
from stepback_docs.findings import Block
from stepback_docs.readers import read_bytes, read_document


def read_raw(
    tmp_path: Path, body: str, parts: dict[str, tuple[str, str]] | None = None
) -> list[Block]:
    path = tmp_path / "cv.docx"
    path.write_bytes(raw_docx(body, parts))
    return read_document(path)


def located(blocks: list[Block]) -> list[tuple[str | None, int | None, str]]:
    return [(b.story, b.paragraph, b.text) for b in blocks]


def test_runs_with_different_formatting_are_one_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("I was ")
    paragraph.add_run("really").bold = True
    italic = paragraph.add_run(" tired")
    italic.italic = True
    paragraph.add_run(" of it.")
    document.add_paragraph("")  # empty: counted, not returned
    document.add_paragraph("Second\tline")
    path = tmp_path / "cv.docx"
    document.save(str(path))
    assert located(read_document(path)) == [
        ("body", 1, "I was really tired of it."),
        ("body", 3, "Second\tline"),
    ]


def test_tables_nested_and_merged_cells_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide cell"  # horizontal merge
    table.cell(0, 2).text = "top right"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "tall cell"  # vertical merge
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "nested one"
    inner.cell(0, 1).text = "nested two"
    path = tmp_path / "cv.docx"
    document.save(str(path))
    texts = [b.text for b in read_document(path)]
    assert texts == ["wide cell", "top right", "tall cell", "nested one", "nested two"]
    assert {b.story for b in read_document(path)} == {"table"}


def test_headers_and_footers_all_sections_variants_deduplicated(tmp_path: Path) -> None:
    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    first = document.sections[0]
    first.header.paragraphs[0].text = "Jane Doe, Director candidate"
    first.even_page_header.paragraphs[0].text = "Even page header"
    first.footer.paragraphs[0].text = "Page footer"
    document.add_paragraph("Body text")
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.different_first_page_header_footer = True
    second.first_page_header.paragraphs[0].text = "First page of section two"
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Jane Doe, Director candidate"  # a copy: read once
    path = tmp_path / "cv.docx"
    document.save(str(path))
    blocks = read_document(path)
    headers = [b.text for b in blocks if b.story == "header"]
    footers = [b.text for b in blocks if b.story == "footer"]
    assert sorted(headers) == [
        "Even page header",
        "First page of section two",
        "Jane Doe, Director candidate",
    ]
    assert footers == ["Page footer"]
    assert [b.paragraph for b in blocks if b.story == "header"] == [1, 2, 3]


def test_text_boxes_once_despite_fallback_copy(tmp_path: Path) -> None:
    body = para(run("Anchor paragraph "), textbox("Boxed: I just need a job")) + para(run("Next"))
    assert located(read_raw(tmp_path, body)) == [
        ("body", 1, "Anchor paragraph "),
        ("textbox", 1, "Boxed: I just need a job"),
        ("body", 2, "Next"),
    ]


def test_hyperlinks_fields_tracked_changes_and_content_controls(tmp_path: Path) -> None:
    body = (
        para(
            run("See "),
            '<w:hyperlink r:id="rId99">' + run("my portfolio") + "</w:hyperlink>",
            run(" now."),
        )
        + para(
            run("Page "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run("7"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            '<w:fldSimple w:instr="NUMPAGES">' + run("9") + "</w:fldSimple>",
        )
        + para(
            run("I was "),
            '<w:del w:id="1" w:author="x"><w:r><w:delText>miserable and </w:delText></w:r></w:del>',
            '<w:ins w:id="2" w:author="x">' + run("ready") + "</w:ins>",
            "<w:r><w:br/></w:r>",
            run("to lead"),
        )
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + para(run("In a content control"))
        + "</w:sdtContent></w:sdt>"
    )
    assert [b.text for b in read_raw(tmp_path, body)] == [
        "See my portfolio now.",
        "Page 79",
        "I was ready\nto lead",
        "In a content control",
    ]


def test_footnotes_endnotes_and_comments(tmp_path: Path) -> None:
    footnotes = part_xml(
        "footnotes",
        '<w:footnote w:type="separator" w:id="-1">'
        + para("<w:r><w:separator/></w:r>")
        + "</w:footnote>"
        '<w:footnote w:id="1">' + para(run("Left after the merger, sadly.")) + "</w:footnote>",
    )
    endnotes = part_xml(
        "endnotes", '<w:endnote w:id="1">' + para(run("An endnote.")) + "</w:endnote>"
    )
    comments = part_xml(
        "comments",
        '<w:comment w:id="0" w:author="Friend">'
        + para(run("Drop the desperate tone"))
        + "</w:comment>"
        '<w:comment w:id="1" w:author="stepback-docs">'
        + para(run("our own note"))
        + "</w:comment>",
    )
    body = para(run("Body"), '<w:r><w:footnoteReference w:id="1"/></w:r>')
    blocks = read_raw(
        tmp_path,
        body,
        {
            "rId7": ("footnotes", footnotes),
            "rId8": ("endnotes", endnotes),
            "rId9": ("comments", comments),
        },
    )
    assert located(blocks) == [
        ("body", 1, "Body"),
        ("footnote", 1, "Left after the merger, sadly."),
        ("endnote", 1, "An endnote."),
        ("comment", 1, "Drop the desperate tone"),
    ]


def test_main_part_found_through_package_relationships(tmp_path: Path) -> None:
    import io
    import zipfile

    from fixtures.docgen import zip_bytes

    original = raw_docx(para(run("Moved main part")))
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members: dict[str, bytes | str] = {n: archive.read(n) for n in archive.namelist()}
    members["word/main.xml"] = members.pop("word/document.xml")
    members["word/_rels/main.xml.rels"] = members.pop("word/_rels/document.xml.rels")
    members["_rels/.rels"] = bytes(members["_rels/.rels"]).replace(
        b"word/document.xml", b"word/main.xml"
    )
    path = tmp_path / "cv.docx"
    path.write_bytes(zip_bytes(members))
    assert [b.text for b in read_document(path)] == ["Moved main part"]


XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(XML_TEXT, st.booleans(), st.booleans()), min_size=1, max_size=6))
def test_any_split_into_formatted_runs_reads_back_as_one_string(
    pieces: list[tuple[str, bool, bool]],
) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, bold, italic in pieces:
        added = paragraph.add_run(text)
        added.bold, added.italic = bold, italic
    buffer = io.BytesIO()
    document.save(buffer)
    expected = "".join(text for text, _, _ in pieces)
    blocks = read_bytes(buffer.getvalue(), "cv.docx", ".docx")
    if expected.strip():
        assert [(b.story, b.paragraph, b.text) for b in blocks] == [("body", 1, expected)]
    else:
        assert blocks == []
