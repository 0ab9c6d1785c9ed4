"""parsing.py: paragraphs out of JSON or chatty prose, and refusals recognised."""

from __future__ import annotations

import pytest

from stepback_docs.backends.parsing import (
    ParseError,
    from_json,
    from_text,
    looks_like_refusal,
    parse,
)


def test_json_paragraphs_are_cleaned() -> None:
    content = '{"paragraphs": ["  I build\\n teams.  ", "", "I cut costs 18%."]}'
    assert from_json(content) == ["I build teams.", "I cut costs 18%."]


def test_json_in_a_fence_and_a_bare_list() -> None:
    assert from_json('```json\n{"paragraphs": ["One."]}\n```') == ["One."]
    assert from_json('["One.", "Two."]') == ["One.", "Two."]


def test_raw_newlines_inside_json_strings_are_accepted() -> None:
    assert from_json('{"paragraphs": ["Line one\nline two."]}') == ["Line one line two."]


def test_greeting_and_signature_paragraphs_are_dropped_from_json() -> None:
    content = '{"paragraphs": ["Dear Ms. Patel,", "I lead.", "Sincerely, Dana Whitfield"]}'
    assert from_json(content) == ["I lead."]


def test_a_closing_sentence_is_not_a_signature() -> None:
    content = '{"paragraphs": ["I lead.", "Thank you for your time.", "Best, Dana"]}'
    assert from_json(content) == ["I lead.", "Thank you for your time."]


def test_debris_from_a_json_grammar_is_not_a_paragraph() -> None:
    with pytest.raises(ParseError, match="no paragraph with words"):
        from_json('{"paragraphs": ["]", ",", "} }"]}')
    assert from_json('{"paragraphs": ["]", "Real text here."]}') == ["Real text here."]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"paragraphs": ["cut', "malformed JSON in the model's answer"),
        ('{"text": "hello"}', 'no "paragraphs" list of strings'),
        ('{"paragraphs": [1, 2]}', 'no "paragraphs" list of strings'),
    ],
)
def test_bad_json_is_a_parse_error(content: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        from_json(content)


def test_prose_without_preamble_fences_greeting_and_sign_off() -> None:
    content = (
        "Sure! Here's a cover letter tailored to the role:\n\n"
        "```\n# Cover Letter\n\nDear Hiring Manager,\n\nI run lean sites\nwith the team."
        "\n\nI cut costs 18%.\n\nBest regards,\nDana Whitfield\n```\n\n"
        "Let me know if you'd like any changes!"
    )
    assert from_text(content) == ["I run lean sites with the team.", "I cut costs 18%."]


def test_trailing_chatter_is_cut() -> None:
    content = "First.\n\nSecond.\n\nI hope this helps you land the role."
    assert from_text(content) == ["First.", "Second."]


def test_plain_paragraphs_are_kept_as_written() -> None:
    content = "Operations leader | Process redesign | Coaching supervisors"
    assert from_text(content) == [content]


def test_an_answer_with_only_chatter_is_an_error() -> None:
    with pytest.raises(ParseError, match="no text"):
        from_text("Here is the letter:\n\n")


def test_parse_prefers_json_when_asked_and_falls_back_to_prose() -> None:
    assert parse('{"paragraphs": ["One."]}', structured=True) == ["One."]
    assert parse("One.\n\nTwo.", structured=True) == ["One.", "Two."]  # format ignored
    assert parse('{"paragraphs": ["One."]}', structured=False) == ["One."]


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, but I can't help with that.",
        "I cannot write a cover letter that misrepresents the candidate.",
        "Sorry, I won't do that.",
    ],
)
def test_refusals(text: str) -> None:
    assert looks_like_refusal(from_text(text))


def test_a_letter_that_mentions_sorry_later_is_not_a_refusal() -> None:
    paragraphs = ["I am applying for the Director role.", "I'm sorry to miss the fair."]
    assert not looks_like_refusal(paragraphs)
    assert not looks_like_refusal(["I cannot wait to start building with your team."])
