"""The leak check: distinctive words and phrases from private notes, not common words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stepback_docs.lint.leak import RULE, _stem, leak_findings

NOTES = (
    "The VP role was not what I was promised. My boss Dana Whitfield took credit for my "
    "work after the Acme merger. I was earning $240k and hated the reorganisation. "
    "Honestly I want fewer late nights."
)


def texts(text: str) -> list[str]:
    return [f.text for f in leak_findings(text, NOTES)]


def test_names_and_specific_nouns_are_flagged() -> None:
    assert texts("I worked closely with Dana on the rollout.") == ["Dana"]
    assert texts("After the Acme merger I led two finance teams.") == ["Acme merger"]
    assert texts("The reorganisation taught me to plan.") == ["reorganisation"]


def test_figures_from_the_notes_are_flagged() -> None:
    assert texts("My salary of $240k matters less than the work.") == ["240k"]


def test_phrases_match_other_word_forms() -> None:
    assert texts("She takes credit for everything.") == []  # 'took' is not 'takes'
    assert texts("I hate the reorganisations.") == ["hate the reorganisations"]
    assert texts("Dana took credit for the launch.") == ["Dana took credit"]


def test_common_and_career_words_alone_are_not_leaks() -> None:
    text = (
        "As VP of Operations I led a team of 60 people. I want this role because the work "
        "is close to the customer, and I was promised nothing but a chance to help."
    )
    assert texts(text) == []


def test_finding_shape() -> None:
    (f,) = leak_findings("Thanks to Dana, I learned to coach.\nNext line.", NOTES)
    assert (f.category, f.rule, f.severity) == ("leak", RULE, "error")
    assert f.text == "Dana" and f.start == 10 and f.end == 14
    assert f.sentence == "Thanks to Dana, I learned to coach."
    assert "private notes" in f.message and "“Dana”" in f.message
    assert f.suggestions and "moving toward" in f.suggestions[0]


def test_sentence_initial_capital_needs_a_capital_inside_the_text() -> None:
    notes = "Honestly the commute wore me down."  # 'Honestly' may just start a sentence
    assert leak_findings("Honestly, I enjoy the work.", notes) == []
    assert [f.text for f in leak_findings("I joined Honestly Foods in 2019.", notes)] == [
        "Honestly"
    ]


def test_adjacent_matches_merge_into_one_finding() -> None:
    found = leak_findings("My boss Dana Whitfield was a mentor.", NOTES)
    assert [f.text for f in found] == ["boss Dana Whitfield"]


def test_empty_or_stopword_notes_flag_nothing() -> None:
    assert leak_findings("Dana took credit.", "") == []
    assert leak_findings("I was not in it.", "I was not in it.") == []


def test_stemming_is_simple_and_consistent() -> None:
    assert _stem("promised") == _stem("promises") == _stem("promising")
    assert _stem("companies") == _stem("company")
    assert _stem("business") == "business"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=200))
def test_spans_always_lie_inside_the_text(text: str, notes: str) -> None:
    for f in leak_findings(text, notes):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text


def _public_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _public_strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "private_notes" for s in _public_strings(v)]
    return []


def test_example_profiles_public_text_does_not_leak_but_their_notes_do() -> None:
    from ruamel.yaml import YAML

    from repo_paths import EXAMPLES

    profiles = sorted(EXAMPLES.glob("*.yaml"))
    assert profiles
    for path in profiles:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        notes = data["stepback"]["private_notes"]
        public = "\n\n".join(_public_strings(data))
        assert leak_findings(public, notes) == [], path.name
        first_sentence = notes.split(". ")[0]
        assert leak_findings(f"To be frank: {first_sentence}.", notes), path.name


def test_leak_rates_on_ordinary_career_sentences_and_on_the_notes_themselves() -> None:
    """False leaks: the regression corpus's sentences (ordinary career text, doubt and
    trap sentences alike) checked against every example profile's notes. Recall: each
    notes sentence repeated verbatim."""
    import json

    from ruamel.yaml import YAML

    from repo_paths import EXAMPLES, REPO

    corpus = REPO / "tests" / "data" / "lint-regression.jsonl"
    sentences = [
        json.loads(line)["text"] for line in corpus.read_text().splitlines() if line.strip()
    ]
    checked = flagged = notes_total = notes_flagged = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        notes = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["stepback"]["private_notes"]
        for sentence in sentences:
            checked += 1
            flagged += bool(leak_findings(sentence, notes))
        for sentence in " ".join(notes.split()).split(". "):
            notes_total += 1
            notes_flagged += bool(leak_findings(sentence, notes))
    assert checked > 1000
    assert flagged / checked <= 0.005, f"{flagged} of {checked} ordinary sentences flagged"
    assert notes_flagged / notes_total >= 0.8, f"{notes_flagged} of {notes_total}"
