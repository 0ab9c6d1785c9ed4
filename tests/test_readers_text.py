"""Plain-text reading: one block, offsets equal to characters in the file."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest

from stepback_docs.errors import StepbackError
from stepback_docs.readers import read_bytes, read_document


def read(tmp_path: Path, data: bytes, name: str = "letter.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    blocks = read_document(path)
    assert len(blocks) == 1
    assert (blocks[0].line, blocks[0].column, blocks[0].page, blocks[0].story) == (1, 1, None, None)
    return blocks[0].text


def test_text_is_returned_whole(tmp_path: Path) -> None:
    text = "Dear team,\n\nI led a platform group of 40 engineers.\n"
    assert read(tmp_path, text.encode()) == text


def test_bom_is_dropped_so_column_one_is_the_first_letter(tmp_path: Path) -> None:
    assert read(tmp_path, codecs.BOM_UTF8 + "Héllo".encode()) == "Héllo"


def test_crlf_is_kept_so_offsets_match_the_file(tmp_path: Path) -> None:
    assert read(tmp_path, b"one\r\ntwo\r\n") == "one\r\ntwo\r\n"


def test_utf16_with_bom_is_accepted(tmp_path: Path) -> None:
    assert read(tmp_path, "Notepad “Unicode”\n".encode("utf-16")) == "Notepad “Unicode”\n"


def test_whitespace_only_file_is_one_block_not_an_error(tmp_path: Path) -> None:
    assert read(tmp_path, b"  \n\n") == "  \n\n"


def test_unknown_suffix_that_is_text_is_read(tmp_path: Path) -> None:
    assert read(tmp_path, b"Summary\n", name="resume.rst") == "Summary\n"
    assert read(tmp_path, b"Summary\n", name="README") == "Summary\n"


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert read(tmp_path, b"`x` hi", name="A.MD") == "    hi"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"ok\n\xc3\xa9 bad \xc3\x28 here", "cv.txt:2:7: invalid UTF-8 (byte 0xc3)"),
        ("ééé".encode() + b"\xff", "cv.txt:1:4: invalid UTF-8 (byte 0xff)"),
        (b"%PDF-1.7 ...", "cv.txt: binary file (a PDF), not text"),
        (b"PK\x03\x04rest", "cv.txt: binary file (a zip archive, maybe a .docx), not text"),
        (b"a\x00b", "cv.txt: binary file (contains NUL bytes), not text"),
        (b"", "cv.txt: empty file: nothing to lint"),
    ],
)
def test_errors_name_file_line_and_cause(data: bytes, expected: str) -> None:
    with pytest.raises(StepbackError) as caught:
        read_bytes(data, "cv.txt", ".txt")
    assert str(caught.value).startswith(expected)


def test_legacy_doc_with_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "cv.doc"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100)
    with pytest.raises(StepbackError, match=r"cv\.doc: encrypted or legacy Word \.doc file"):
        read_document(path)


def test_text_path_imports_nothing_heavy(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "letter.md"
    path.write_text("# Hi\n\nI am **ready**.\n")
    code = (
        "import sys; from stepback_docs.readers import read_document; "
        f"read_document({str(path)!r}); "
        "print(sorted(m for m in ('lxml', 'docx', 'pypdf', 'pydantic', 'openai', 'jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
