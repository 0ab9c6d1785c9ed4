"""Inline suppression comments: next paragraph, regions, per-id ends, errors."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepback_docs.errors import StepbackError
from stepback_docs.findings import Finding
from stepback_docs.lint.suppress import filter_suppressed, parse_suppressions

DOC = """\
Intro paragraph that mentions burnout.

<!-- stepback-docs: disable-next=hedging -->
I just think this paragraph hedges.
Still the same paragraph, just so.

This paragraph hedges, just not suppressed.

<!-- stepback-docs: disable=misery, bitterness.custom -->
Region burnout one.

Region burnout two, toxic too, just so.
<!-- stepback-docs: enable -->

After the region: burnout and toxic again.
"""


def at(word: str, text: str = DOC, nth: int = 0) -> int:
    index = -1
    for _ in range(nth + 1):
        index = text.index(word, index + 1)
    return index


def finding(category: str, rule: str) -> Finding:
    return Finding(category, rule, "error", 0, 1, "x", "x", "m", ["s"])


def kept(text: str, items: list[tuple[str, str, int]]) -> list[int]:
    """Offsets of the findings that survive suppression."""
    findings = [finding(c, r) for c, r, _ in items]
    offsets = [o for _, _, o in items]
    survivors = filter_suppressed(findings, parse_suppressions(text, "doc.md"), offsets)
    by_id = {id(f): o for f, o in zip(findings, offsets, strict=True)}
    return [by_id[id(f)] for f in survivors]


def test_disable_next_covers_exactly_the_next_paragraph() -> None:
    hedges = [("hedging", "hedging.just", at("just", nth=n)) for n in range(4)]
    # 0, 1: suppressed paragraph; 2: unsuppressed paragraph; 3: in the region (misery only)
    assert kept(DOC, hedges) == [hedges[2][2], hedges[3][2]]


def test_region_runs_to_enable_and_names_categories_and_rules() -> None:
    items = [
        ("misery", "misery.burned-out", at("burnout")),  # before the region
        ("misery", "misery.burned-out", at("burnout", nth=1)),
        ("misery", "misery.burned-out", at("burnout", nth=2)),
        ("bitterness", "bitterness.custom", at("toxic too")),
        ("bitterness", "bitterness.other", at("toxic too")),  # another rule: not named
        ("misery", "misery.burned-out", at("burnout", nth=3)),  # after enable
        ("bitterness", "bitterness.custom", at("toxic again")),
    ]
    assert kept(DOC, items) == [items[0][2], items[4][2], items[5][2], items[6][2]]


def test_disable_without_enable_covers_only_the_next_paragraph() -> None:
    text = "<!-- stepback-docs: disable=hedging -->\nI just hedge.\n\nI just hedge again.\n"
    items = [
        ("hedging", "hedging.just", at("just", text)),
        ("hedging", "hedging.just", at("just", text, 1)),
    ]
    assert kept(text, items) == [items[1][2]]


def test_enable_for_one_id_ends_only_that_id() -> None:
    text = (
        "<!-- stepback-docs: disable=misery,hedging -->\n\nA burnout, just.\n\n"
        "<!-- stepback-docs: enable=misery -->\n\nB burnout, just.\n\n"
        "<!-- stepback-docs: enable=hedging -->\n\nC burnout, just.\n"
    )
    items = [
        (c, f"{c}.x", at(w, text, n))
        for n in range(3)
        for c, w in (("misery", "burnout"), ("hedging", "just"))
    ]
    assert kept(text, items) == [
        at("burnout", text, 1),
        at("burnout", text, 2),
        at("just", text, 2),
    ]


def test_bare_disable_means_all_and_only_a_bare_enable_ends_it() -> None:
    text = (
        "<!-- stepback-docs: disable -->\nOne burnout.\n\nTwo burnout.\n"
        "<!-- stepback-docs: enable=misery -->\nThree burnout.\n"
        "<!-- stepback-docs: enable -->\nFour burnout.\n"
    )
    items = [("misery", "misery.x", at("burnout", text, n)) for n in range(4)]
    assert kept(text, items) == [at("burnout", text, 3)]


def test_comment_can_sit_on_the_line_before_text_or_inline() -> None:
    text = "Lead-in. <!-- stepback-docs: disable-next=hedging --> I just hedge.\nNo blank.\n"
    items = [("hedging", "hedging.just", at("just", text))]
    assert kept(text, items) == []


def test_whitespace_and_case_of_the_ids_are_forgiving_but_ids_are_checked() -> None:
    (s,) = parse_suppressions("<!--stepback-docs:disable-next = misery ,  hedging-->\nx")
    assert s.ids == {"misery", "hedging"}
    with pytest.raises(
        StepbackError,
        match=r"doc.md:2: stepback-docs comment: unknown "
        r"category or rule 'hedgin' \(did you mean 'hedging'\?\)",
    ):
        parse_suppressions("ok\n<!-- stepback-docs: disable=hedgin -->\n", "doc.md")


@pytest.mark.parametrize("body", ["disabel=misery", "disable misery", "enable=", "ignore"])
def test_malformed_directive_is_an_error_with_line(body: str) -> None:
    with pytest.raises(StepbackError, match=r"^cv.txt:3: malformed stepback-docs comment"):
        parse_suppressions(f"a\n\n<!-- stepback-docs: {body} -->\n", "cv.txt")


def test_other_comments_are_ignored() -> None:
    assert parse_suppressions("<!-- a note --> <!-- stepback docs --> text") == []


def test_unclosed_comments_stay_linear() -> None:
    hostile = "<!-- stepback-docs: disable " * 200_000
    start = time.perf_counter()
    assert parse_suppressions(hostile) == []
    assert time.perf_counter() - start < 2.0  # generous: quadratic would take minutes


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<!-- stepback-docs: disable=misery -->",
                "<!-- stepback-docs: disable-next=hedging -->",
                "<!-- stepback-docs: enable -->",
                "<!-- stepback-docs: enable=misery -->",
                "\n\n",
                "\n",
                "text ",
                "<!--",
                "-->",
                " ",
            ]
        ),
        max_size=30,
    )
)
def test_any_mix_of_directives_gives_in_bounds_suppressions(parts: list[str]) -> None:
    text = "".join(parts)
    for s in parse_suppressions(text):
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start - 3 : s.start] == "-->"
