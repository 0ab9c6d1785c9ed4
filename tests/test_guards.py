"""The four guards: each catches what it is for and passes grounded, clean text."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepback_docs.documents import GuardResult
from stepback_docs.guards import (
    Guards,
    NumberIndex,
    PrivateIndex,
    failures,
    form_problems,
    name_candidates,
    profile_text_problems,
    public_fields,
    public_text,
    run_guards,
)
from stepback_docs.model import Profile

NOTES = (
    "The VP job was not what Marguerite promised. I was miserable with the other VPs "
    "and my salary was $240k."
)


def make_profile(**stepback: Any) -> Profile:
    block: dict[str, Any] = {
        "target": {
            "position": "Director of Operations",
            "organization": "Northwind Foods",
            "hiring_manager": "Sam Patel",
        },
        "move": "lower-title",
        "motivations": [{"kind": "hands-on", "detail": "I do my best work close to the floor."}],
        "strengths": ["process redesign"],
        "stories": [
            {
                "problem": "Regional fulfilment costs were rising 9% a year",
                "action": "Redesigned the network around two cross-dock hubs",
                "result": "Cut costs 18% ($2.4M a year)",
            }
        ],
        "private_notes": NOTES,
    }
    block.update(stepback)
    return Profile.model_validate(
        {
            "basics": {"name": "Jordan Rivera"},
            "work": [{"name": "Harbor Distribution", "position": "VP of Operations"}],
            "stepback": block,
        }
    )


@pytest.fixture(scope="module")
def guards() -> Guards:
    return Guards(make_profile())


GOOD = (
    "As VP of Operations at Harbor Distribution I cut costs 18% ($2.4M a year) with two "
    "cross-dock hubs. I want to do that work as Director of Operations at Northwind Foods."
)


# ------------------------------------------------------------------- grounding


def test_grounded_text_passes(guards: Guards) -> None:
    result = guards.grounding(GOOD)
    assert result == GuardResult("grounding", True, [])


def test_invented_money_is_caught(guards: Guards) -> None:
    result = guards.grounding("I saved $3.1M in the first year.")
    assert not result.passed
    assert any("'$3.1M'" in p for p in result.problems)


def test_same_amount_written_differently_is_grounded(guards: Guards) -> None:
    assert guards.grounding("That saved $2.4 million and $2,400,000 is real.").passed


@pytest.mark.parametrize("figure", ["19%", "27 percent", "$18", "three", "2021"])
def test_invented_figures_are_caught(guards: Guards, figure: str) -> None:
    result = guards.grounding(f"I improved output by {figure} at the plant.")
    assert not result.passed, figure
    assert figure.split()[0] in result.problems[0]


def test_invented_organization_is_caught(guards: Guards) -> None:
    result = guards.grounding("Before that, I ran the network at Globex Corp for years.")
    assert not result.passed
    assert any("organization 'Globex Corp'" in p for p in result.problems)


def test_single_word_employer_after_at_is_caught(guards: Guards) -> None:
    result = guards.grounding("I ran the warehouse network at Initech.")
    assert [p for p in result.problems if "'Initech'" in p]


def test_invented_title_is_caught(guards: Guards) -> None:
    result = guards.grounding("I was promoted to Chief Revenue Officer last spring.")
    assert not result.passed
    assert any("job title 'Chief Revenue Officer'" in p for p in result.problems)


def test_title_spelled_out_matches_abbreviation(guards: Guards) -> None:
    assert guards.grounding("I served as Vice President of Operations.").passed


def test_sentence_starters_are_not_names(guards: Guards) -> None:
    text = "Thank you for reading. When I joined Harbor Distribution, I learned a lot."
    assert guards.grounding(text).passed


def test_private_notes_do_not_ground_figures_or_names() -> None:
    guards = Guards(make_profile())
    result = guards.grounding("My salary was $240k and Marguerite Dubois hired me.")
    assert not result.passed
    assert any("$240k" in p for p in result.problems)
    assert any("Marguerite Dubois" in p for p in result.problems)


def test_name_candidates_classify_kinds() -> None:
    found = {
        c.text: c.kind
        for c in name_candidates(
            "I met the Chief Revenue Officer of Initech and Ada Lovelace of Globex Corp."
        )
    }
    assert found == {
        "Chief Revenue Officer of Initech": "job title",
        "Ada Lovelace of Globex Corp": "organization",
    }
    found = {c.text: c.kind for c in name_candidates("Then Ada Lovelace joined Globex Corp.")}
    assert found == {"Ada Lovelace": "name", "Globex Corp": "organization"}
    found = {c.text: c.full for c in name_candidates("Since then I met Ada Lovelace twice.")}
    assert found == {"Ada Lovelace": None}


def test_compound_number_words_are_one_figure() -> None:
    index = NumberIndex.of("We opened twenty-five stores and hired 32 people")
    assert index.missing("25 stores and thirty-two people") == []
    assert index.missing("twenty-six stores") == ["twenty-six"]
    assert NumberIndex.of("21 sites").missing("twenty-one sites") == []


def test_text_without_words_has_no_figures(guards: Guards) -> None:
    # An LLM draft with a "---" separator paragraph raised ValueError from zip(strict=True).
    assert NumberIndex.of("---").missing("**") == []
    assert guards.grounding("I led the plant.\n\n---\n\nThanks.").passed


@pytest.mark.parametrize(
    "text",
    [
        "",
        'One. Two! Three? (Four) “Five” "Six" seven. eight',
        "A.\n\nB\n \nc\n\n\n. D.  \t E?\u00a0F",
        "end.\n\n, stray\n\n\n\nx!\n",
        "...!!??\n\n\n",
    ],
)
def test_fast_sentence_split_matches_the_regex(text: str) -> None:
    from stepback_docs.guards import _SENTENCE_SPLIT, _split_sentences

    assert _split_sentences(text) == _SENTENCE_SPLIT.split(text)


def test_number_index_keeps_kinds_apart() -> None:
    index = NumberIndex.of("Cut costs 18% ($2.4M a year) across 12 sites")
    assert index.missing("18% and $2.4M and 12 sites") == []
    assert index.missing("$18M") == ["$18M"]  # 18 is a percentage, not an amount
    assert index.missing("12%") == []  # a bare number may be restated


# --------------------------------------------------------------------- privacy


def test_privacy_catches_a_leaked_phrase(guards: Guards) -> None:
    result = guards.privacy("Honestly, I was miserable with the other VPs there.")
    assert not result.passed
    assert result.problems and all("private notes" in p for p in result.problems)


def test_privacy_catches_a_leaked_name(guards: Guards) -> None:
    assert not guards.privacy("I learned a lot from Marguerite about budgets.").passed


def test_privacy_passes_clean_text(guards: Guards) -> None:
    assert guards.privacy(GOOD).passed


def test_privacy_without_notes_always_passes() -> None:
    guards = Guards(make_profile(private_notes=None))
    assert guards.privacy("I was miserable with the other VPs.").passed


def test_local_leak_index_works_without_the_linter() -> None:
    profile = make_profile()
    index = PrivateIndex.of(NOTES, public_text(profile))
    assert "marguerite" in index.leaks("Marguerite was my boss.")
    assert any("miserable" in leak for leak in index.leaks("I was miserable there."))
    assert index.leaks(GOOD) == []


def test_public_text_excludes_private_notes() -> None:
    text = public_text(make_profile())
    assert "Northwind Foods" in text and "$2.4M" in text
    assert "Marguerite" not in text and "$240k" not in text


# ------------------------------------------------------------------------ form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I led the **turnaround** of the plant.", "markdown emphasis"),
        ("# Cover letter\n\nI led the plant.", "markdown heading"),
        ("I led the <b>plant</b> turnaround.", "HTML tag"),
        ('{"paragraphs": ["I led the plant."]}', "JSON"),
        ("Here is your cover letter: I led the plant.", "chat preamble"),
        ("Sure! I led the plant.", "chat preamble"),
        ("I would love to join [Company] soon.", "bracketed placeholder"),
        ("I would love to join {{ org }} soon.", "template braces"),
        ("TODO: add a story here.", "to-do marker"),
        ("I would love to join None soon.", "empty value"),
        ("I would love to join , soon.", "empty slot"),
        ("I would love to to join the team.", "doubled word"),
    ],
)
def test_form_catches_debris_and_placeholders(text: str, expected: str) -> None:
    problems = form_problems("networking-message", "medium", [text + " Who should I call?"])
    assert any(expected in p for p in problems), problems


def test_form_finds_debris_across_sentence_and_paragraph_breaks() -> None:
    # The form guard reads per-sentence facts; these cross the whitespace between two.
    problems = form_problems("networking-message", "medium", ["I led that", "that plant."])
    assert "remove a doubled word: 'that that'" in problems
    problems = form_problems("networking-message", "medium", ["I led the plant.", ", who?"])
    assert "remove an empty slot: ','" in problems
    problems = form_problems("networking-message", "medium", ["I led it.\tThen (a) grew. Who?"])
    assert not any("empty slot" in p for p in problems), problems
    problems = form_problems("networking-message", "medium", ["I led it ( ).\tThen. Who?"])
    assert "remove an empty slot: '( )'" in problems


def test_form_word_limits() -> None:
    long_letter = ["I can help. " * 60] * 4  # 480 words
    assert any(
        "cut it to at most 400" in p for p in form_problems("cover-letter", "medium", long_letter)
    )
    assert any(
        "write at least" in p
        for p in form_problems("cover-letter", "medium", ["I can help.", "Thanks.", "Bye now."])
    )


def test_form_linkedin_limits() -> None:
    assert any(
        "at most 220" in p
        for p in form_problems("linkedin-headline", "medium", ["Director of Operations | " * 12])
    )
    hook = "I " + "build teams " * 30
    problems = form_problems("linkedin-about", "medium", [hook, "More about me."])
    assert any("hook" in p for p in problems)
    assert any(
        "first person" in p
        for p in form_problems("linkedin-about", "medium", ["Operations leader.", "Builds teams."])
    )


def test_form_networking_message_needs_the_ask() -> None:
    problems = form_problems("networking-message", "medium", ["I am looking. " * 20])
    assert any("question" in p for p in problems)


def test_clean_document_passes_form() -> None:
    paragraphs = ["I want this role. " * 20, "Here is my proof. " * 20, "Thank you. " * 20]
    assert form_problems("cover-letter", "medium", paragraphs) == []


# ------------------------------------------------------------------------ lint


def test_lint_gate_blocks_doubt_phrasing(guards: Guards) -> None:
    pytest.importorskip("stepback_docs.lint")
    result = guards.lint("I was miserable as VP, so I am applying here.")
    assert not result.passed
    assert result.problems[0].startswith("[misery]")
    assert "try:" in result.problems[0]


def test_lint_gate_passes_a_reframe(guards: Guards) -> None:
    pytest.importorskip("stepback_docs.lint")
    assert guards.lint("I do my best work closest to the operation.").passed


def test_profile_text_problems_name_the_field() -> None:
    pytest.importorskip("stepback_docs.lint")
    profile = make_profile(
        motivations=[
            {"kind": "hands-on", "detail": "I do my best work close to the floor."},
            {"kind": "scope-fit", "detail": "I was miserable as VP and I want less stress."},
        ]
    )
    problems = profile_text_problems(profile)
    assert problems, "the linter should flag the second motivation"
    assert all(p.startswith("stepback.motivations[1].detail: [") for p in problems)
    assert any("[misery]" in p and "try:" in p for p in problems)


def test_profile_text_problems_empty_for_clean_profile() -> None:
    pytest.importorskip("stepback_docs.lint")
    assert profile_text_problems(make_profile()) == []


def test_public_fields_cover_everything_that_reaches_documents() -> None:
    paths = [path for path, _ in public_fields(make_profile(commitment="I plan to stay."))]
    assert "stepback.motivations[0].detail" in paths
    assert "stepback.stories[0].result" in paths
    assert "stepback.strengths[0]" in paths
    assert "stepback.commitment" in paths
    assert not any("private_notes" in p for p in paths)


# ------------------------------------------------------------------- together


def test_run_guards_returns_all_four_in_order() -> None:
    paragraphs = [
        GOOD,
        "You may remember the hubs: I redesigned the network around them.",
        "Which companies need process redesign, and who should I call?",
    ]
    results = run_guards(make_profile(), "networking-message", paragraphs)
    assert [r.name for r in results] == ["lint", "grounding", "privacy", "form"]
    assert all(r.passed for r in results), failures(results)


def test_failures_prefix_guard_names() -> None:
    results = [GuardResult("form", False, ["too long"]), GuardResult("lint", True, [])]
    assert failures(results) == ["form: too long"]


def test_leak_prefilter_never_hides_a_leak_the_linter_would_find() -> None:
    leak = pytest.importorskip("stepback_docs.lint.leak")
    from stepback_docs.guards import _LeakPrefilter

    notes = (
        "My manager Brigitte cancelled the studies budget twice; companies like Vortexa "
        "kept calling. I planned to leave after the reorganisation and I was miserable, "
        "stressed and promised a promotion that never came. Salary was $182k in 2023."
    )
    prefilter = _LeakPrefilter(leak, notes)
    assert prefilter.stems, "the prefilter should be active with the linter's leak module"
    words = notes.split()
    checked = 0
    for start in range(len(words)):
        for size in (1, 2, 3):
            text = "I led the plant well. " + " ".join(words[start : start + size]) + " indeed."
            if leak.leak_findings(text, notes):
                checked += 1
                assert prefilter.suspects(text), text
    assert checked > 20
    assert prefilter.suspects("I led the plant well and grew output.") == []


def test_a_template_word_is_not_public_in_an_llm_draft() -> None:
    # Issue 10: any word a template used passed the privacy guard, so once a template
    # said a word, a draft repeating it from the private notes went through.
    from repo_paths import EXAMPLES
    from stepback_docs.guards import Guards, public_text, template_vocabulary
    from stepback_docs.loading import load_profile

    profile = load_profile(EXAMPLES / "manager-to-ic.yaml")
    public = public_text(profile).lower()
    word = next(
        w for w in sorted(template_vocabulary()) if len(w) >= 10 and w.isalpha() and w not in public
    )
    profile.stepback.private_notes = f"Between us: the {word} over the layoffs is why I go."
    guards = Guards(profile)
    draft = [f"I am proud of the {word} my team reached on scheduling."]
    llm = guards.check("cover-letter", "medium", draft)
    assert [r.problems for r in llm if r.name == "privacy"] == [
        [f"{word!r} comes from the private notes: remove it"]
    ]
    ours = guards.check("cover-letter", "medium", draft, authored=True)
    assert [r.passed for r in ours if r.name == "privacy"] == [True]


def test_a_bullet_list_written_with_tabs_is_debris() -> None:
    # Issue 10: the check only ran when the text held "- ", "* " or "•".
    from stepback_docs.guards import form_problems

    text = "I led the plant.\n-\tcut costs\n-\tcut waste\n\nThat is why I apply."
    assert any("a bullet list" in p for p in form_problems("cover-letter", "medium", [text]))


def _every_pattern(text: str) -> list[str]:
    """The placeholder and debris checks run plainly: every pattern on the whole text."""
    from stepback_docs.guards import _DEBRIS, _PLACEHOLDERS

    found = []
    for pattern, what, _hints in _PLACEHOLDERS + _DEBRIS:
        match = pattern.search(text)
        if match:
            found.append(f"remove {what}: {match.group(0).strip()!r}")
    return found


PIECES = [*"-*•#`{}[]()<>,.;:\"' \t\n", "\n-\t", "word", "I", "TODO", "None", "Here is"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_gated_form_checks_find_what_every_pattern_finds(text: str) -> None:
    from stepback_docs.guards import form_problems

    found = [
        p
        for p in form_problems("cover-letter", "medium", [text])
        if p.startswith("remove ") and not p.startswith("remove a doubled word")
    ]
    assert found == _every_pattern(text)
