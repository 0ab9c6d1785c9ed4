"""For arbitrary Unicode text lint_text never raises, and every finding's span lies inside
the text and is exactly ``text[start:end]``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepback_docs.lint import lint_text

# Doubt phrases mixed into random text so the property also exercises real findings.
TRIGGERS = [
    "I burned out",
    "bored stiff",
    "take any job",
    "overqualified",
    "for now",
    "a step down",
    "my boss was a bully",
    "I couldn't cope",
    "I just wanted to",
    "slow down",
    "İ",
    "ß",
    "\u2019",
    "\u201c",
    "\u00a0",
    "\n\n",
    ". ",
    "- ",
    "'",
    '"',
]

texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(TRIGGERS)), max_size=12).map(
    "".join
)


def _check(text: str) -> None:
    for f in lint_text(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.text in f.sentence
        assert f.line >= 1 and f.column >= 1
        assert (f.end_line, f.end_column) >= (f.line, f.column)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_spans_are_exact_for_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _check(text)


def test_surrogates_and_unusual_case_mappings() -> None:
    text = "\ud800 I burned out \u0130\u0130 as VP. \ufb03 I'm overqualified."
    _check(text)
    assert {f.category for f in lint_text(text)} == {"misery", "rank-on-sleeve"}
