"""Issue 15: documents a coach would send, each in the client's own voice and structure.

Each test here failed on the form-letter templates: claims the client never made, public
text written to one employer, plugged-in data breaking the grammar, one skeleton for
every letter, an interview answer copied from the letter, options that changed nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from stepback_docs.backends import voice
from stepback_docs.backends.templates import TemplatesBackend, profile_view, salutation
from stepback_docs.documents import KINDS
from stepback_docs.errors import StepbackError
from stepback_docs.generator import generate
from stepback_docs.guards import Guards, repeated_phrases, writing_problems
from stepback_docs.model import Profile

BENCH = Path(__file__).resolve().parent.parent / "bench"
BACKEND = TemplatesBackend()


def profile(**stepback: Any) -> Profile:
    basics = stepback.pop("basics", {"name": "Maria Okafor"})
    work = stepback.pop(
        "work",
        [
            {
                "name": "Lakeshore Packaging",
                "position": "VP of Operations",
                "startDate": "2021-01",
                "highlights": ["Brought recordable injuries down 42% with safety walks."],
            }
        ],
    )
    block: dict[str, Any] = {
        "target": {
            "position": "Director of Operations",
            "organization": "Brightwater Foods",
            "industry": "food manufacturing",
        },
        "move": "lower-title",
        "motivations": [{"kind": "hands-on"}],
        "strengths": ["changeover reduction", "coaching shift supervisors"],
        "stories": [
            {
                "problem": "First-pass yield was stuck at 91%",
                "action": "Set up daily yield huddles run by line supervisors",
                "result": "Raised yield to 97%",
            }
        ],
    }
    block.update(stepback)
    return Profile.model_validate({"basics": basics, "work": work, "stepback": block})


def texts(p: Profile, length: str = "medium") -> dict[str, str]:
    return {k: "\n\n".join(BACKEND.draft(p, k, length=length).paragraphs) for k in KINDS}  # type: ignore[arg-type]


# ------------------------------------------------------- nothing the profile does not say


def test_a_motivation_with_only_a_kind_is_accepted_and_said_plainly() -> None:
    documents = generate(profile(motivations=[{"kind": "hands-on"}]))
    letter = next(d for d in documents if d.kind == "cover-letter").text
    assert all(d.ok for d in documents)
    assert "hands-on work" in letter or "with my own hands" in letter


def test_no_commitment_in_the_profile_means_no_promise_to_stay() -> None:
    for move in ("lower-title", "smaller-organization", "return-to-work"):
        for length in ("short", "medium", "long"):
            joined = " ".join(texts(profile(move=move), length).values())
            assert "next years" not in joined and "long term" not in joined, (move, length)
    committed = texts(profile(commitment="I want to build my next years at Brightwater."))
    assert "I want to build my next years at Brightwater." in committed["cover-letter"]


def test_no_invented_character_or_sector_claims() -> None:
    bare = profile(stories=[], strengths=[], work=[])
    joined = " ".join(texts(bare).values())
    for claim in (
        "leaving teams stronger",
        "I do my best work",  # a hook the client did not write
        "rather fix a problem with the team than read about it",
        "out with the team",
        "earn my place like everyone else",
    ):
        assert claim not in joined, claim


def test_the_writing_guard_catches_a_promise_without_a_commitment() -> None:
    problems = writing_problems(
        profile(), "cover-letter", "I plan to build my next years here.", " "
    )
    assert any("no commitment" in p for p in problems)


# ------------------------------------------------------------ public-document rules


def test_about_and_headline_are_public_documents() -> None:
    p = profile(
        motivations=[{"kind": "scope-fit"}, {"kind": "preferred-employer"}],
        why_employer="Brightwater's two plants are small enough to know every line.",
    )
    for move in ("lower-title", "smaller-organization", "individual-contributor"):
        moved = profile(
            move=move,
            motivations=[{"kind": "scope-fit"}, {"kind": "preferred-employer"}],
            why_employer="Brightwater's two plants are small enough to know every line.",
        )
        result = texts(moved)
        for kind in ("linkedin-about", "linkedin-headline"):
            text = result[kind]
            assert "Brightwater" not in text
            assert not re.search(r"(?i)\b(this|the) (role|position)\b", text)
            assert "Director of Operations" not in text  # no announcement of a smaller title
    about = texts(p)["linkedin-about"]
    # The job has no endDate: it is current, so it is in the present tense.
    assert re.search(r"I am a VP of Operations|Today I work as VP|I work at Lakeshore", about)
    assert not re.search(r"Most recently I was|I recently worked|Until recently", about)
    ended = profile(work=[{"name": "Lakeshore Packaging", "position": "VP of Operations",
                           "startDate": "2021-01", "endDate": "2025-03"}])  # fmt: skip
    assert not re.search(
        r"I am a VP of Operations|Today I work as VP", texts(ended)["linkedin-about"]
    )


def test_public_rules_are_a_guard_for_every_backend() -> None:
    guards = Guards(profile())
    bad = [
        "I do my best work on the plant floor. The scope of this role is where I do my best.",
        "Next: Director of Operations at Brightwater Foods. Most recently I was VP of Operations.",
    ]
    result = guards.check("linkedin-about", "medium", bad)
    problems = " ".join(next(r for r in result if r.name == "form").problems)
    assert "this role" in problems
    assert "Brightwater Foods" in problems
    assert "Director of Operations" in problems
    assert "present tense" in problems


def test_meta_talk_and_third_person_are_caught() -> None:
    for text in (
        "The candidate's profile has a few areas that could be tailored.",
        "<<<PROFILE_DATA I lead plants.",
        "Maria does her best work on the plant floor, and I want more of it.",
    ):
        assert writing_problems(profile(), "linkedin-about", text, " "), text


def test_repetition_inside_a_document_is_caught_outside_the_clients_words() -> None:
    text = "I expect to earn my place like everyone else. Later, I expect to earn my place too."
    assert repeated_phrases(text, " ") == ["i expect to earn my place"]  # one run, one phrase
    # The client's own phrase, quoted twice across two stories, is theirs to repeat.
    assert repeated_phrases(text, " i expect to earn my place ") == []
    # So is their employer's four-word name with one word of ours ("at ...") twice.
    employer = "A role at Tamsin & Rowe LLP. Is there someone at Tamsin & Rowe LLP you know?"
    assert repeated_phrases(employer, " organization tamsin and rowe llp ") == []
    assert repeated_phrases(employer, " ") == ["at tamsin and rowe llp"]


# --------------------------------------------------------- the client's facts, normalised


def test_result_starting_with_a_past_participle_is_its_own_sentence() -> None:
    story = {
        "problem": "Failed payments were costing $40k a month",
        "action": "Built a retry service with idempotency keys",
        "result": "Failed payments fell 30%",
    }
    joined = " ".join(texts(profile(stories=[story])).values())
    assert "That failed payments" not in joined and "and failed payments" not in joined
    assert "Failed payments fell 30%." in joined


def test_brand_at_the_start_of_a_problem_keeps_its_capital() -> None:
    story = {
        "problem": "Acme soap sales outgrew the two warehouses",
        "action": "Redesigned the network around two hubs",
        "result": "Cut costs 18%",
    }
    joined = " ".join(texts(profile(stories=[story])).values())
    assert "acme soap" not in joined


def test_company_abbreviations_keep_their_full_stop() -> None:
    target = {"position": "Project Manager", "organization": "Cedar & Stone Co."}
    letter = texts(profile(target=target))["cover-letter"]
    assert "Cedar & Stone Co." in letter and "Co.." not in letter
    assert not re.search(r"Cedar & Stone Co(?!\.)", letter)


def test_greeting_with_an_honorific_uses_the_surname() -> None:
    target = {"position": "Director of Operations", "hiring_manager": "Dr. Tom Lindqvist"}
    assert salutation(profile(target=target), "cover-letter")[0] == "Dear Dr. Lindqvist,"


def test_industry_in_odd_case_becomes_a_common_noun() -> None:
    target = {"position": "Director of Operations", "industry": "food Manufacturing"}
    joined = " ".join(texts(profile(target=target, move="new-industry")).values())
    assert "food Manufacturing" not in joined and "food manufacturing" in joined


def test_shorthand_is_spelled_out() -> None:
    story = {"problem": "Changeovers took 95 minutes", "action": "Ran SMED w/ operators",
             "result": "Cut changeovers to 40 minutes"}  # fmt: skip
    joined = " ".join(texts(profile(stories=[story])).values())
    assert "w/" not in joined and "with operators" in joined


@pytest.mark.parametrize(
    ("field", "stepback", "message"),
    [
        (
            "stepback.stories[0].problem",
            {
                "stories": [
                    {
                        "problem": "why was yield stuck at 91%?",
                        "action": "Ran huddles",
                        "result": "Raised yield to 97%",
                    }
                ]
            },
            "not a question",
        ),
        (
            "stepback.stories[0].action",
            {
                "stories": [
                    {
                        "problem": "Yield was stuck at 91%",
                        "action": "SMED project",
                        "result": "Raised yield to 97%",
                    }
                ]
            },
            "verb in the past tense",
        ),
        (
            "stepback.motivations[0].detail",
            {
                "motivations": [
                    {"kind": "hands-on", "detail": "Maria does her best work on the floor."}
                ]
            },
            "first person",
        ),
    ],
)
def test_what_cannot_be_repaired_is_refused_naming_the_field(
    field: str, stepback: dict[str, Any], message: str
) -> None:
    with pytest.raises(StepbackError) as caught:
        generate(profile(**stepback))
    assert str(caught.value).startswith(f"{field}: ") and message in str(caught.value)


def test_refusal_is_one_line_from_the_cli(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "p.yaml"
    path.write_text(
        "stepback:\n  target: {position: Analyst}\n  move: return-to-work\n"
        "  motivations: [{kind: learning}]\n"
        "  stories: [{problem: 'why was it late?', action: Fixed it, result: Cut it 10%}]\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stepback_docs",
            "generate",
            str(path),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "stepback.stories[0].problem" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------ structure and variety


def test_different_moves_get_different_letter_plans() -> None:
    plans = {}
    for move in ("lower-title", "new-industry", "return-to-work", "individual-contributor"):
        plans[move] = profile_view(profile(move=move, motivations=[{"kind": "mission"}]))["plan"]
    employer = profile(motivations=[{"kind": "preferred-employer"}])
    plans["employer"] = profile_view(employer)["plan"]
    assert len(set(plans.values())) == 5, plans
    first_sentences = {
        move: texts(profile(move=move, motivations=[{"kind": "mission"}]))["cover-letter"].split(
            ". "
        )[0]
        for move in ("lower-title", "new-industry", "return-to-work", "individual-contributor")
    }
    assert len(set(first_sentences.values())) == 4


def test_interview_answer_has_its_own_sentences() -> None:
    for move in ("lower-title", "new-industry", "individual-contributor"):
        result = texts(
            profile(
                move=move,
                motivations=[
                    {"kind": "hands-on", "detail": "I do my best work on the plant floor."}
                ],
            )
        )
        split = re.compile(r"(?<=[.!?])\s+")
        letter = set(split.split(result["cover-letter"].replace("\n\n", " ")))
        answer = split.split(result["interview-answer"].replace("\n\n", " "))
        copied = [s for s in answer if s in letter]
        assert len(copied) <= 1, copied


# ------------------------------------------------------------ tone, length and locale


def test_formal_tone_has_no_contractions_anywhere() -> None:
    for text in texts(profile(tone="formal")).values():
        assert not re.search(r"\b(?:I'm|I've|I'd|it's|It's|Here's|isn't|That's|don't)\b", text), (
            text
        )


def test_direct_tone_writes_shorter_sentences_than_warm() -> None:
    def mean_sentence(tone: str) -> float:
        text = " ".join(texts(profile(tone=tone)).values())
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        return sum(len(s.split()) for s in sentences) / len(sentences)

    assert mean_sentence("direct") < mean_sentence("warm")


def test_locale_fixes_spelling() -> None:
    story = {"problem": "Fulfilment costs were rising", "action": "Optimized the network",
             "result": "Cut fulfilment costs 18%"}  # fmt: skip
    gb = " ".join(texts(profile(stories=[story], locale="en-GB")).values())
    us = " ".join(texts(profile(stories=[story], locale="en-US")).values())
    assert "optimised" in gb and "fulfilment" in gb and "optimized" not in gb
    assert "optimized" in us and "fulfillment" in us and "fulfilment" not in us
    assert voice.respell("the organization's favor", "en-GB") == "the organisation's favour"
    assert voice.respell("World Health Organization", "en-GB") == "World Health Organization"


# ----------------------------------------------------------------- the networking ask


def test_networking_ask_follows_the_move() -> None:
    employer = texts(profile(motivations=[{"kind": "preferred-employer"}]))["networking-message"]
    assert "Brightwater Foods" in employer.split("\n\n")[-1]
    field = texts(profile(move="new-industry", motivations=[{"kind": "new-industry"}]))
    assert "food manufacturing" in field["networking-message"].split("\n\n")[-1]
    for note in (employer, field["networking-message"]):
        assert "Which companies" not in note and note.rstrip().endswith("?")


def test_networking_contact_is_greeted_and_remembered() -> None:
    p = profile(contact={"name": "Priya", "relationship": "worked together at Lakeshore Packaging"})
    assert salutation(p, "networking-message")[0] == "Hi Priya,"
    assert "we worked together at Lakeshore Packaging" in texts(p)["networking-message"]


# ----------------------------------------------------------------- the benchmark


def test_boilerplate_benchmark_meets_the_copy_and_repeat_targets() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import boilerplate
        from profiles import clients
    finally:
        sys.path.remove(str(BENCH))
    result = boilerplate.measure(clients(35))
    assert result["documents refused"] == 0
    assert result["repeated 5-word phrases (count)"] == 0
    assert result["interview sentences copied from the letter"] <= 0.10
    assert result["shared (all body kinds)"] < 0.60  # the form letters shared 0.86


# ------------------------------------------------------ across one client's documents


class _CopyingBackend:
    """An LLM stand-in whose interview answer is the cover letter, sentence for sentence."""

    name = "copying"

    def draft(self, profile: Any, kind: str, **options: Any) -> Any:
        from stepback_docs.documents import Draft

        letter = BACKEND.draft(profile, "cover-letter", length="medium").paragraphs
        if kind == "interview-answer":
            return Draft(paragraphs=letter, model="copy-1")
        return BACKEND.draft(profile, kind, length=options.get("length", "medium"))


def test_an_interview_answer_copied_from_the_letter_falls_back_to_its_own_sentences() -> None:
    p = profile(commitment="I want to build my next years at Brightwater.")
    letter, answer = generate(p, ["cover-letter", "interview-answer"], backend=_CopyingBackend())
    assert answer.backend == "templates"
    assert answer.fallback_reason and "repeats" in answer.fallback_reason
    from stepback_docs.guards import copied_sentences

    assert len(copied_sentences(answer.paragraphs, letter.paragraphs)) <= 1
    with pytest.raises(StepbackError, match="interview-answer: the interview answer repeats"):
        generate(p, ["cover-letter", "interview-answer"], backend=_CopyingBackend(), fallback=False)


def test_validate_names_a_field_the_documents_cannot_use(tmp_path: Path) -> None:
    """Every broken style in issue 15 passed `validate`; now validate refuses it too."""
    import subprocess

    path = tmp_path / "p.yaml"
    path.write_text(
        "stepback:\n  target: {position: Analyst}\n  move: return-to-work\n"
        "  motivations: [{kind: learning, detail: Maria wants to learn analytics.}]\n"
        "basics: {name: Maria Okafor}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "stepback_docs", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "stepback.motivations[0].detail: write it in the first person" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "headline",
    ["Leytra", "Basics", "How to write: a headline", '", ".join(', "The profile data: VP"],
)
def test_headline_debris_from_a_small_model_is_rejected(headline: str) -> None:
    results = Guards(profile()).check("linkedin-headline", "medium", [headline])
    assert not next(r for r in results if r.name == "form").passed, headline


def test_about_asking_the_reader_or_talking_about_itself_is_rejected() -> None:
    guards = Guards(profile())
    for about in (
        "I do my best work in changeover reduction. What should they do?",
        "I do my best work in changeover reduction. This is a piece I would like to keep "
        "for future reference.",
    ):
        form = next(
            r for r in guards.check("linkedin-about", "medium", [about]) if r.name == "form"
        )
        assert not form.passed, about
    good = "I do my best work in changeover reduction and coaching shift supervisors."
    assert all(r.passed for r in guards.check("linkedin-about", "medium", [good]))
