"""Markdown blanking: same length and line breaks as the file, only prose left."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stepback_docs.readers import read_document
from stepback_docs.readers.markdown import blank_markdown


def words(text: str) -> list[str]:
    return blank_markdown(text).split()


def assert_same_shape(source: str, blanked: str) -> None:
    assert len(blanked) == len(source)
    for index, (before, after) in enumerate(zip(source, blanked, strict=True)):
        if before in "\r\n":
            assert after == before, index
        else:
            assert after in (before, " "), index


MARKDOWN_ALPHABET = st.sampled_from(
    [*"ab `~*_#>-+1.[]()<>!/:\\|=\n\r\t", "```", "~~~", "<!--", "-->", "http://", "    ", "www."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=60).map("".join))
def test_blanking_only_replaces_characters_by_spaces(source: str) -> None:
    assert_same_shape(source, blank_markdown(source))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_blanking_arbitrary_unicode_keeps_shape(source: str) -> None:
    assert_same_shape(source, blank_markdown(source))


def test_read_document_returns_one_block_with_offsets_of_the_file(tmp_path: Path) -> None:
    source = "---\ntitle: CV\n---\n# Summary\n\nI was **bored** at `work`.\n"
    path = tmp_path / "cv.md"
    path.write_text(source)
    [block] = read_document(path)
    assert_same_shape(source, block.text)
    start = source.index("bored")
    assert block.text[start : start + 5] == "bored"
    assert block.text.split() == ["Summary", "I", "was", "bored", "at", "."]


def test_front_matter_yaml_and_toml() -> None:
    assert words("---\nrole: VP misery\n...\nText") == ["Text"]
    assert words("+++\nrole = 'VP'\n+++\nText") == ["Text"]
    assert words("---\nnot closed so a rule\n") == ["not", "closed", "so", "a", "rule"]


def test_fenced_code_backticks_tildes_and_unclosed() -> None:
    assert words("Before\n```python\nhidden = 1\n```\nAfter") == ["Before", "After"]
    assert words("Before\n~~~~\nhidden\n~~~\nstill hidden\n~~~~\nAfter") == ["Before", "After"]
    assert words("Before\n```\nhidden to the end") == ["Before"]


def test_indented_code_but_not_nested_bullets() -> None:
    assert words("Intro.\n\n    code line\n\nAfter.") == ["Intro.", "After."]
    nested = "- Led a team\n    - nested bullet I was bored\n"
    assert words(nested) == ["Led", "a", "team", "nested", "bullet", "I", "was", "bored"]
    in_list = "1. First\n\n    continued paragraph of the item\n"
    assert "continued" in words(in_list)
    assert words("Paragraph\n    lazy continuation") == ["Paragraph", "lazy", "continuation"]


def test_inline_code_spans_same_length_runs_only() -> None:
    assert words("Use `grep` and ``a ` b`` daily") == ["Use", "and", "daily"]
    assert words("A lone ` backtick stays") == ["A", "lone", "`", "backtick", "stays"]
    assert words("`open\n\nnot closed` across a blank line") == [
        "`open",
        "not",
        "closed`",
        "across",
        "a",
        "blank",
        "line",
    ]


def test_links_keep_text_and_drop_destinations() -> None:
    source = 'See [my portfolio](https://x.io/a_(b) "Title") and ![a photo](me.png).'
    assert words(source) == ["See", "my", "portfolio", "and", "a", "photo", "."]
    assert words('Read [the post][1].\n\n[1]: https://blog.example/p "t"\n') == [
        "Read",
        "the",
        "post",
        ".",
    ]
    assert words("Text[^1].\n\n[^1]: Burnout.\n") == ["Text[^1].", "[^1]:", "Burnout."]
    assert words("Mail <me@example.com> or <https://me.dev>.") == ["Mail", "or", "."]
    assert words("Profile: https://linkedin.com/in/desperate-dev. Next") == [
        "Profile:",
        ".",
        "Next",
    ]
    assert words("Visit www.example.com, thanks") == ["Visit", ",", "thanks"]


def test_html_tags_and_comments_are_blanked_text_between_tags_stays() -> None:
    source = "<!-- stepback-docs: disable=misery -->\n<p>I was <b>miserable</b></p> 3 < 4"
    assert words(source) == ["I", "was", "miserable", "3", "<", "4"]
    multi = "<!--\nhidden\n-->shown"
    assert words(multi) == ["shown"]
    assert words("<!-- never closed\ntext") == ["<!--", "never", "closed", "text"]


def test_markers_are_blanked_so_sentences_read_through() -> None:
    assert words("I was **really** _very_ ~~not~~ bored") == [
        "I",
        "was",
        "really",
        "very",
        "not",
        "bored",
    ]
    assert words("# Heading #\n> quoted\n> > twice\n- [x] task\n1. one\n* two\n+ three") == [
        "Heading",
        "quoted",
        "twice",
        "task",
        "one",
        "two",
        "three",
    ]
    assert words("5 * 3 = 15 and snake_case stays") == [
        "5",
        "*",
        "3",
        "=",
        "15",
        "and",
        "snake_case",
        "stays",
    ]
    assert words("| a | b |\n|---|:-:|\n| c | d |") == [
        "|",
        "a",
        "|",
        "b",
        "|",
        "|",
        "c",
        "|",
        "d",
        "|",
    ]


def test_sentence_split_by_bold_across_lines_reads_as_one() -> None:
    source = "I am **not\nhappy** here"
    assert " ".join(words(source)) == "I am not happy here"


def test_crlf_files_keep_their_carriage_returns() -> None:
    source = "# Title\r\n\r\n```\r\ncode\r\n```\r\nText **bold**\r\n"
    blanked = blank_markdown(source)
    assert_same_shape(source, blanked)
    assert blanked.split() == ["Title", "Text", "bold"]
