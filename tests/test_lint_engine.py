"""The lint_text contract and the taxonomy's context rules, on sentences written here."""

from __future__ import annotations

import pytest

from stepback_docs.findings import LintConfig
from stepback_docs.lint import _engine, lint_text
from stepback_docs.lint.engine import Engine

# ---------------------------------------------------------------- contract


def test_offsets_lines_and_sentence_are_relative_to_the_text() -> None:
    text = "# Summary\n\nI ship on time.\nHonestly, I burned out\nas a VP. I'm overqualified."
    found = lint_text(text)
    assert [f.category for f in found] == ["misery", "rank-on-sleeve"]
    for f in found:
        assert text[f.start : f.end] == f.text
        before = text[: f.start]
        assert f.line == before.count("\n") + 1
        assert f.column == f.start - (before.rfind("\n") + 1) + 1
        after = text[: f.end]
        assert (f.end_line, f.end_column) == (
            after.count("\n") + 1,
            f.end - (after.rfind("\n") + 1) + 1,
        )
    burned = found[0]
    assert burned.text == "burned out"
    assert (burned.line, burned.column, burned.end_line) == (4, 13, 4)
    # A hard-wrapped line that continues in lower case stays one sentence.
    assert burned.sentence == "Honestly, I burned out\nas a VP."
    assert found[1].sentence == "I'm overqualified."


def test_findings_sorted_by_start() -> None:
    text = "I'll take any job. I was bored stiff. My boss was a bully."
    starts = [f.start for f in lint_text(text)]
    assert starts == sorted(starts) and len(starts) == 3


def test_severity_defaults_follow_the_taxonomy() -> None:
    by_category = {
        f.category: f.severity
        for f in lint_text("I burned out. I'm overqualified. I just wanted to ask about the role.")
    }
    assert by_category == {"misery": "error", "rank-on-sleeve": "warning", "hedging": "info"}


def test_empty_and_clean_texts() -> None:
    assert lint_text("") == []
    assert lint_text("Cut claim cycle time from 30 days to 11 for a regional insurer.") == []


# ---------------------------------------------------------------- config


def test_select_and_ignore_by_category_or_rule() -> None:
    text = "I burned out. I'm overqualified for this."
    assert {f.category for f in lint_text(text, LintConfig(select={"misery"}))} == {"misery"}
    assert {f.category for f in lint_text(text, LintConfig(ignore={"misery"}))} == {
        "rank-on-sleeve"
    }
    only_rule = lint_text(text, LintConfig(select={"rank-on-sleeve.overqualified"}))
    assert [f.rule for f in only_rule] == ["rank-on-sleeve.overqualified"]


def test_severity_override_rule_beats_category() -> None:
    config = LintConfig(severity={"misery": "info", "misery.burnout": "warning"})
    found = lint_text("I burned out. I was miserable.", config)
    assert {f.rule: f.severity for f in found} == {
        "misery.burnout": "warning",
        "misery.unhappy": "info",
    }


def test_extra_phrases_from_a_coach() -> None:
    config = LintConfig(extra_phrases={"bitterness": ["golden handcuffs"]})
    found = lint_text("I escaped the Golden Handcuffs at last.", config)
    assert [(f.category, f.rule, f.text) for f in found] == [
        ("bitterness", "bitterness.custom", "Golden Handcuffs")
    ]
    assert found[0].message and found[0].suggestions
    assert lint_text("I escaped the golden handcuffs at last.") == []


def test_allow_phrases_silence_a_sentence() -> None:
    text = "I burned out in 2019. I was miserable."
    config = LintConfig(allow_phrases=["In 2019"])
    assert [f.text for f in lint_text(text, config)] == ["miserable"]


def test_private_notes_call_the_leak_check_when_present() -> None:
    pytest.importorskip("stepback_docs.lint.leak")
    text = "I led the Kestrel Harbour migration at Norwind."
    config = LintConfig(private_notes="Fired after the Kestrel Harbour migration failed.")
    assert any(f.category == "leak" for f in lint_text(text, config))
    assert not any(f.category == "leak" for f in lint_text(text))


# ---------------------------------------------------------------- context rules


@pytest.mark.parametrize(
    "text",
    [
        "I have never coasted on a project, big or small.",
        "I didn't get bored once in eleven years of dispatch.",
        "There's never a dull day on the repair floor.",
        "I have never once dreaded a Monday at the depot.",
    ],
)
def test_plain_negation_is_not_flagged(text: str) -> None:
    assert lint_text(text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm leaving the utility, but not because I was bored.", "boredom"),
        ("My move has nothing to do with burnout.", "misery"),
    ],
)
def test_contrast_still_names_the_feeling_as_a_warning(text: str, category: str) -> None:
    found = lint_text(text)
    assert [(f.category, f.severity) for f in found] == [(category, "warning")]


def test_double_negative_is_acceptance_not_negation() -> None:
    assert [f.category for f in lint_text("I don't mind taking a lower title.")] == [
        "demotion-framing"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Operated a horizontal boring mill for gearbox housings.",
        "Managed West Coast distribution for a snack brand.",
        "Served eight years in the Coast Guard.",
        "Led toxic-waste remediation at two refinery sites.",
        "Launched a burnout-prevention program for 300 nurses.",
        "Designed pressure vessels to ASME code.",
    ],
)
def test_word_senses_are_not_doubt(text: str) -> None:
    assert [f for f in lint_text(text) if f.severity != "info"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Our customers were unhappy until we rebuilt the returns process.",
        "Won back subscribers who were furious about the billing error.",
        "Helped overwhelmed new hires through their first quarter close.",
        "Engineers were bored by manual testing, so I automated it.",
    ],
)
def test_someone_elses_feeling_is_not_the_candidates(text: str) -> None:
    assert [f for f in lint_text(text) if f.severity != "info"] == []


def test_the_candidates_own_feeling_still_counts_next_to_others() -> None:
    found = lint_text("I was miserable, and my team knew it.")
    assert [f.category for f in found] == ["misery"]


def test_quoted_titles_are_not_the_candidates_words() -> None:
    assert lint_text("Hosted the podcast 'Burned Out and Bored' for two seasons.") == []
    assert lint_text('Wrote the column "Miserable at Work" for a trade weekly.') == []
    assert [f.category for f in lint_text("I was miserable at work.")] == ["misery"]


# ---------------------------------------------------------------- prefilter soundness


def _brute_force(engine: Engine, text: str) -> list[tuple[int, int, str]]:
    """Every phrase on every sentence: what the prefilter must never lose."""
    from stepback_docs.lint.engine import normalise, sentence_bounds

    norm = normalise(text)
    starts, ends = sentence_bounds(text)
    everything = list(range(len(engine.phrase_regex)))
    out = []
    for i in range(len(ends) + 1):
        s = ends[i - 1] if i > 0 else 0
        e = starts[i] if i < len(starts) else len(text)
        found = engine._sentence(text, norm, s, e, everything, [])
        out += [(f.start, f.end, f.rule) for f in found]
    return sorted(set(out))


SAMPLES = [
    "I burned out. Then I got bored.\n\nI'd take any job for now, honestly.",
    "- Led a team of 12\n- I'm overqualified, frankly\n- Willing to take a step down",
    "My last manager micromanaged everything; I couldn't handle the pressure.",
    "Seeking a calmer role with less responsibility as I approach retirement.",
    "I no longer want to climb the ladder. As a former VP I need little training.",
    "I just wanted to say: I think I might be a good fit, hopefully.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_prefilter_loses_nothing(text: str) -> None:
    engine = _engine()
    fast = sorted({(f.start, f.end, f.rule) for f in engine.lint(text, None, [])})
    assert fast == _brute_force(engine, text)
    assert fast  # the samples do contain doubt


def test_prefilter_loses_nothing_on_the_labeled_sentences() -> None:
    """Every labeled sentence we have (dev and regression sets, when present), joined."""
    from repo_paths import REPO, SHARED_DATA
    from stepback_docs.lint.evaluate import load_jsonl

    texts = []
    for path in (SHARED_DATA / "lint-dev-set.jsonl", REPO / "tests/data/lint-regression.jsonl"):
        if path.is_file():
            texts += [str(row["text"]) for row in load_jsonl(path)]
    if not texts:
        pytest.skip("no labeled sentence sets found")
    engine = _engine()
    text = "\n".join(texts[::2])
    fast = sorted({(f.start, f.end, f.rule) for f in engine.lint(text, None, [])})
    assert fast == _brute_force(engine, text)


def test_a_question_mark_inside_a_quoted_title_does_not_end_the_sentence() -> None:
    title = 'Hosted the webinar "Bored at Work? Redesign Your Role" for 300 HR leads.'
    assert lint_text(title) == []  # the feeling is quoted, and the quote is one sentence
    found = lint_text('He asked "Ready?" I was miserable there.')
    assert [(f.rule, f.sentence) for f in found] == [("misery.unhappy", "I was miserable there.")]
