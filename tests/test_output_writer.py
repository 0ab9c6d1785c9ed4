"""write_document: format from the extension, atomic writes, clear errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from repo_paths import EXAMPLES
from stepback_docs.documents import Document
from stepback_docs.errors import StepbackError
from stepback_docs.loading import load_profile
from stepback_docs.output import FORMATS, output_path, write_document

PROFILE = load_profile(EXAMPLES / "manager-to-ic.yaml")
DOC = Document(
    kind="linkedin-headline", paragraphs=["Backend engineer | Python"], backend="templates"
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_follows_the_extension(tmp_path: Path, fmt: str) -> None:
    path = write_document(DOC, PROFILE, tmp_path / "deep" / f"headline.{fmt}")
    data = path.read_bytes()
    assert data
    if fmt == "json":
        assert json.loads(data)["kind"] == "linkedin-headline"
    elif fmt == "docx":
        assert data[:2] == b"PK"
    elif fmt == "md":
        assert data.startswith(b"# LinkedIn headline: ")
    else:
        assert data == b"Backend engineer | Python\n"
    assert os.listdir(path.parent) == [path.name]  # no temporary file left behind


def test_explicit_format_overrides_extension(tmp_path: Path) -> None:
    path = write_document(DOC, PROFILE, tmp_path / "headline.out", "json")
    assert json.loads(path.read_text())["backend"] == "templates"


def test_unknown_format_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(StepbackError, match=r"unknown output format 'pdf'"):
        write_document(DOC, PROFILE, tmp_path / "headline.pdf")
    assert not (tmp_path / "headline.pdf").exists()


def test_failed_render_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "headline.md"
    target.write_text("previous")
    with pytest.raises(StepbackError):
        write_document(DOC, PROFILE, target, "rtf")
    assert target.read_text() == "previous"


def test_output_path_layout(tmp_path: Path) -> None:
    assert output_path(tmp_path, "kenji", "cover-letter", "docx") == (
        tmp_path / "kenji" / "cover-letter.docx"
    )
