"""The learned layer: what it must and must not flag, how it is combined with the rules,
determinism, configuration, and loading from an installed wheel.

The sentences here were written for these tests; none is in training/ or in an
evaluation set (a test below checks the first part).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repo_paths import REPO
from stepback_docs.errors import StepbackError
from stepback_docs.findings import SEVERITY_RANK, Finding, LintConfig
from stepback_docs.lint import lint_text
from stepback_docs.lint.config import load_config
from stepback_docs.lint.engine import sentence_spans
from stepback_docs.lint.learned import MODEL_FILE, features, load_model, words
from stepback_docs.lint.learned import DoubtModel as LearnedModel

# Doubt said in ordinary words: the first list no rule catches (checked below); the
# linter as a whole must flag both.
MODEL_ONLY = [
    "I want a job where nobody expects much from me any more.",
    "I reckon I'd only stay until the pension vests.",
    "My old boss couldn't organise a bake sale.",
    "By the end I could barely drag myself through the door.",
]
MUST_FLAG = [
    *MODEL_ONLY,
    "Most evenings I get home and sit in the car for twenty minutes before I can face going in.",
    "To be blunt, the rent is due and I'll take whatever you have.",
    "Give me something routine and I'll happily run it until I retire.",
    "My last director took credit for every idea I had, which is why I left.",
]
# Professional vocabulary, other people's feelings and good framing.
MUST_NOT_FLAG = [
    "Reduced pressure injuries on the ward by 40% through two-hourly turning rounds.",
    "Supervised the installation of bored piles for a four-storey car park.",
    "Designed speed humps and chicanes to slow down traffic past the primary school.",
    "Ran exit interviews for 300 leavers and fed the themes back to the board.",
    "Calmed frustrated customers during a two-week system outage.",
    "I want to go deeper in clinical education, where I do my best work.",
    "Managed the step-down unit's staffing rota across three shifts.",
    "Cut stale inventory by a third with a weekly ageing report.",
]


def strong(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]


@pytest.mark.parametrize("sentence", MODEL_ONLY)
def test_the_model_hears_doubt_no_rule_lists(sentence: str) -> None:
    assert not strong(lint_text(sentence, LintConfig(learned=False))), "a rule already fires"
    found = strong(lint_text(sentence))
    assert found, sentence
    assert all(f.rule.endswith(".learned") for f in found)


@pytest.mark.parametrize("sentence", MUST_FLAG)
def test_doubt_in_ordinary_words_is_flagged(sentence: str) -> None:
    assert strong(lint_text(sentence)), sentence


@pytest.mark.parametrize("sentence", MUST_NOT_FLAG)
def test_professional_vocabulary_is_not_doubt(sentence: str) -> None:
    assert not strong(lint_text(sentence)), sentence


def test_test_sentences_are_not_training_data() -> None:
    written = {s.lower() for s in MUST_FLAG + MUST_NOT_FLAG}
    for path in (REPO / "training" / "corpus").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert json.loads(line)["text"].strip().lower() not in written, path


def test_a_model_finding_carries_category_reason_reframe_and_confidence() -> None:
    (finding,) = strong(lint_text(MODEL_ONLY[0]))
    model = load_model()
    assert finding.rule == f"{finding.category}.learned"
    assert finding.severity == "warning"
    assert "learned model" in finding.message and "confidence" in finding.message
    assert "words that weigh most" in finding.message
    assert finding.suggestions, "the category's reframes"
    assert finding.text == finding.sentence == MODEL_ONLY[0]
    assert model.score(MODEL_ONLY[0]).doubt >= model.thresholds["warn"]


def test_findings_cover_the_sentence_without_bullets() -> None:
    text = "- " + MODEL_ONLY[1] + "\n"
    (finding,) = strong(lint_text(text))
    assert text[finding.start : finding.end] == MODEL_ONLY[1]
    assert finding.line == 1 and finding.column == 3


def test_learned_can_be_turned_off_selected_and_ignored() -> None:
    sentence = MODEL_ONLY[0]
    category = strong(lint_text(sentence))[0].category
    assert not lint_text(sentence, LintConfig(learned=False))
    assert not strong(lint_text(sentence, LintConfig(ignore={f"{category}.learned"})))
    assert not strong(lint_text(sentence, LintConfig(ignore={category})))
    assert strong(lint_text(sentence, LintConfig(select={category})))
    assert not strong(lint_text(sentence, LintConfig(select={"hedging"})))
    config = LintConfig(severity={f"{category}.learned": "error"})
    assert [f.severity for f in lint_text(sentence, config)] == ["error"]


def test_allow_phrases_silence_the_model_too() -> None:
    assert not lint_text(MODEL_ONLY[1], LintConfig(allow_phrases=["pension vests"]))


def test_possible_findings_are_info_and_only_on_request() -> None:
    model = load_model()
    low, high = model.thresholds["possible"], model.thresholds["warn"]
    # Wording about hours and pace that the model is unsure of (between the two points).
    candidates = [
        "I am keen on a role with clear hours.",
        "Evenings free would be lovely.",
        "I miss having weekends.",
        "A steady routine appeals to me.",
        "Predictable hours matter to me.",
        "I would like regular hours for a while.",
        "Regular hours would suit me well.",
        "I am looking for a calmer team.",
        "The commute here would be shorter.",
        "I prefer a smaller team these days.",
    ]
    band = [
        s
        for s in candidates
        if low <= model.score(s).doubt < high and not lint_text(s, LintConfig(learned=False))
    ]
    assert band, "no candidate falls between the possible and warn points: add one"
    sentence = band[0]
    assert not lint_text(sentence)
    found = lint_text(sentence, LintConfig(possible=True))
    assert [(f.rule.endswith(".learned"), f.severity) for f in found] == [(True, "info")]
    assert "possibly" in found[0].message


def test_a_confident_harmless_reading_downgrades_a_rule_finding_to_info() -> None:
    model = load_model()
    veto = model.thresholds["veto"]
    if veto <= 0:
        pytest.skip("this model has no veto point")
    sentence = "The patients' boredom on long stays fell once we started the activity rota."
    rules = strong(lint_text(sentence, LintConfig(learned=False)))
    both = lint_text(sentence)
    if not rules:
        pytest.skip("the rules no longer fire here")
    if model.score(sentence).doubt >= veto:
        pytest.fail(f"model doubt {model.score(sentence).doubt:.3f} >= veto {veto}")
    assert not strong(both)
    assert all(
        "reviewed by the learned model" in f.message
        for f in both
        if f.rule in {r.rule for r in rules}
    )


def test_a_coach_phrase_is_never_arbitrated_away() -> None:
    config = LintConfig(
        extra_phrases={"misery": ["counted ceiling tiles"], "coasting": ["polish paperclips"]}
    )
    found = strong(
        lint_text(
            "At my last firm I counted ceiling tiles, and now I want to polish paperclips.", config
        )
    )
    assert {f.rule for f in found} >= {"misery.custom", "coasting.custom"}


def test_one_reading_per_sentence_when_rules_disagree() -> None:
    # A rule for the writer's misery and one for bitterness can both match a sentence
    # about a bad boss; the model decides what it is about.
    sentence = "My manager was a bully who made the whole team miserable."
    found = strong(lint_text(sentence))
    assert found and len({f.category for f in found}) == 1
    assert found[0].category == "bitterness"


def test_scores_are_deterministic_and_repeatable_across_processes() -> None:
    text = " ".join(MUST_FLAG + MUST_NOT_FLAG)
    here = [(f.rule, f.start, f.end, f.message) for f in lint_text(text)]
    assert here == [(f.rule, f.start, f.end, f.message) for f in lint_text(text)]
    code = (
        "import json, sys; from stepback_docs.lint import lint_text;"
        "found = lint_text(sys.stdin.read());"
        "print(json.dumps([(f.rule, f.start, f.end, f.message) for f in found]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [tuple(x) for x in json.loads(done.stdout)] == here


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc I'm not 12 .!?\n-•\"")), max_size=120))
def test_model_findings_are_whole_sentences_of_the_text(text: str) -> None:
    spans = set(sentence_spans(text))
    for f in lint_text(text):
        assert text[f.start : f.end] == f.text
        if f.rule.endswith(".learned"):
            assert (f.start, f.end) in spans


def test_features_ignore_case_curly_quotes_and_figures() -> None:
    assert features("I’M Done, 2024") == features("i'm done, 1999")
    assert "<s> i'm" in features("I'm done") and "done" in features("I'm done")


def test_bad_config_values_are_one_line_errors(tmp_path: Path) -> None:
    path = tmp_path / ".stepback-docs.toml"
    path.write_text('learned = "yes"\n')
    with pytest.raises(StepbackError, match=r"learned: expected true or false, got 'yes'"):
        load_config(path)
    path.write_text("learned = false\npossible = true\n")
    settings_ = load_config(path)
    assert settings_.lint.learned is False and settings_.lint.possible is True


def _json_model() -> LearnedModel:
    import gzip

    return LearnedModel(json.loads(gzip.decompress(MODEL_FILE.read_bytes())))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "i",
                "was",
                "so",
                "bored",
                "tired",
                "drained",
                "boss",
                "any",
                "job",
                "step",
                "down",
                "overqualified",
                "never",
                "not",
                "the",
                "team",
                "we",
                "led",
                "cut",
                "costs",
                "retire",
                "pension",
                "sorry",
                "maybe",
                "just",
                "think",
            ]
        ),
        max_size=25,
    )
)
def test_the_start_up_cache_scores_exactly_like_the_shipped_json(found: list[str]) -> None:
    import marshal

    plain = _json_model()
    cached = LearnedModel.from_state(marshal.loads(marshal.dumps(plain.state())))
    sentence = " ".join(found)
    assert cached.score(sentence).__repr__() == plain.score(sentence).__repr__()
    feats = features(sentence)
    assert cached.category_p(feats) == plain.category_p(feats)
    assert cached.doubt(feats) == plain.doubt(feats)
    assert cached.hedging(feats) == plain.hedging(feats)


def test_the_loaded_model_is_the_shipped_json() -> None:
    plain, loaded = _json_model(), load_model()
    assert loaded.version == plain.version and loaded.thresholds == plain.thresholds
    assert loaded.doubt_w == plain.doubt_w and loaded.category_w == plain.category_w


def test_allow_phrases_with_figures_and_curly_quotes_silence_the_model() -> None:
    sentence = "After 20 years I want a job where nobody expects much from me any more."
    assert strong(lint_text(sentence))
    assert not lint_text(sentence, LintConfig(allow_phrases=["after 20 years"]))
    assert not lint_text(sentence.replace("'", "\u2019"), LintConfig(allow_phrases=["20 years"]))


def test_a_coach_phrase_is_never_reviewed_down() -> None:
    sentence = "Supervised the installation of bored piles for a four-storey car park."
    config = LintConfig(extra_phrases={"boredom": ["bored piles"]})
    found = strong(lint_text(sentence, config))
    assert [f.rule for f in found] == ["boredom.custom"]


def test_someone_elses_quotation_is_one_word_to_the_model_scare_quotes_are_not() -> None:
    assert words('Never write "I just need a job" in a letter.') == [
        "never",
        "write",
        "<q>",
        "in",
        "a",
        "letter",
    ]
    assert words("\u201cI am done with management,\u201d she wrote.") == ["<q>", "she", "wrote"]
    assert "overqualified" in words("So what if I'm 'overqualified'?")
    assert words("It's the team's plan.") == ["it's", "the", "team's", "plan"]


def test_show_config_says_whether_the_model_judges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stepback_docs.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".stepback-docs.toml").write_text("learned = false\n")
    (tmp_path / "a.txt").write_text("Fine.\n")
    assert main(["lint", "--show-config", "a.txt"]) == 0
    out = capsys.readouterr().out
    assert "  learned = false" in out and "  possible = false" in out
    assert main(["lint", "--show-config", "--possible", "a.txt"]) == 0
    assert "  possible = true" in capsys.readouterr().out


def test_a_storys_problem_is_judged_by_the_rules_alone() -> None:
    from stepback_docs.guards import profile_text_problems
    from stepback_docs.loading import load_profile

    profile = load_profile(REPO / "examples" / "profiles" / "manager-to-ic.yaml")
    complaint = "The regional directors kept changing the targets every quarter."
    assert load_model().score(complaint).doubt >= load_model().thresholds["warn"]
    assert not lint_text(complaint, LintConfig(learned=False))
    profile.stepback.stories[0].problem = complaint
    assert profile_text_problems(profile) == []
    profile.stepback.stories[0].problem = "I was bored out of my mind by the reports"
    assert any("stories[0].problem" in p for p in profile_text_problems(profile))
    profile.stepback.stories[0].problem = "Fine."
    profile.stepback.commitment = complaint  # anywhere else, the model judges it
    assert any("commitment" in p for p in profile_text_problems(profile))
