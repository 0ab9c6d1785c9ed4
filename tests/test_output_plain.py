"""Markdown and text writers: the rendered page shows exactly the checked text."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from repo_paths import EXAMPLES
from stepback_docs.documents import Document
from stepback_docs.loading import load_profile
from stepback_docs.model import Profile
from stepback_docs.output.plain import escape_markdown, render_markdown, render_text

_MD = MarkdownIt("commonmark")


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(EXAMPLES / "vp-to-director.yaml")


def _letter() -> Document:
    return Document(
        kind="cover-letter",
        paragraphs=["I am applying for the Director of Operations role.", "Second paragraph."],
        backend="templates",
        greeting="Dear Tom Lindqvist,",
        closing="Sincerely,",
        signature="Maria Okafor",
    )


def _visible_text(markdown: str) -> str:
    """What a reader sees: rendered HTML without tags, entities decoded, spaces collapsed."""
    rendered = _MD.render(markdown)
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    return " ".join(text.split())


def test_text_is_greeting_paragraphs_and_sign_off(profile: Profile) -> None:
    assert render_text(_letter()) == (
        "Dear Tom Lindqvist,\n\n"
        "I am applying for the Director of Operations role.\n\n"
        "Second paragraph.\n\n"
        "Sincerely,\nMaria Okafor\n"
    )


def test_text_of_a_headline_is_just_the_text() -> None:
    doc = Document(
        kind="linkedin-headline", paragraphs=["Operations leader | Lean"], backend="templates"
    )
    assert render_text(doc) == "Operations leader | Lean\n"


def test_markdown_has_a_heading_naming_kind_and_target(profile: Profile) -> None:
    text = render_markdown(_letter(), profile)
    first = text.splitlines()[0]
    assert first == "# Cover letter: Director of Operations at Brightwater Foods"
    # The sign-off keeps its two lines: a hard break between closing and name.
    assert "Sincerely,\\\nMaria Okafor\n" in text
    tokens = [t.type for t in _MD.parse(text)]
    assert tokens.count("heading_open") == 1
    assert tokens.count("paragraph_open") == 4  # greeting, 2 paragraphs, sign-off


def test_markdown_interview_answer_names_its_question(profile: Profile) -> None:
    doc = Document(kind="interview-answer", paragraphs=["Answer."], backend="templates")
    lines = render_markdown(doc, profile).splitlines()
    assert lines[2] == "*Why would you take a role that looks like a step back?*"
    asked = Document(
        kind="interview-answer",
        paragraphs=["Answer."],
        backend="templates",
        metadata={"question": "Why *us*?"},
    )
    assert render_markdown(asked, profile).splitlines()[2] == "*Why \\*us\\*?*"
    assert "<em>Why *us*?</em>" in _MD.render(render_markdown(asked, profile))
    # Other kinds have no question line.
    headline = Document(kind="linkedin-headline", paragraphs=["X"], backend="templates")
    assert render_markdown(headline, profile).splitlines()[2] == "X"


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "2024) still text",
        "- dash start",
        "+ plus start",
        "> not a quote",
        "Cut costs *18%* and _more_",
        "[link](http://example.com) and ![img](x.png)",
        "<b>bold</b> & &amp; entities",
        "back\\slash and `code`",
        "~~struck~~",
    ],
)
def test_escaped_markdown_renders_literally(text: str) -> None:
    assert _visible_text(escape_markdown(text)) == " ".join(text.split())


def test_escaping_leaves_ordinary_prose_readable() -> None:
    prose = "Cut costs 18% ($2.4M a year) at FP&A, 3.5 days early."
    assert escape_markdown(prose) == prose


_LINE = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@settings(max_examples=300, deadline=None)
@given(_LINE)
def test_any_line_renders_literally(text: str) -> None:
    assert _visible_text(escape_markdown(text)) == " ".join(text.split())
