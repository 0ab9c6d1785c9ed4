"""The templates backend: grammatical, varied, deterministic text from any valid profile."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from repo_paths import EXAMPLES
from stepback_docs.backends import get_backend
from stepback_docs.backends.templates import (
    TemplatesBackend,
    a_an,
    join_and,
    profile_view,
    salutation,
    sentence,
)
from stepback_docs.documents import KINDS
from stepback_docs.errors import StepbackError
from stepback_docs.loading import load_profile
from stepback_docs.model import Motivation, MotivationKind, Move, Profile, Tone

BACKEND = TemplatesBackend()
STORIES = [
    {
        "problem": "Regional fulfilment costs were rising 9% a year",
        "action": "Redesigned the network around two cross-dock hubs",
        "result": "Cut costs 18% ($2.4M a year)",
    },
    {
        "problem": "Night-shift injuries had doubled",
        "action": "I rebuilt the safety walk with the crew leads",
        "result": "Recordable injuries fell 40% in a year",
    },
    {
        "problem": "Customer onboarding took six weeks",
        "action": "Mapped the handoffs and removed four approvals",
        "result": "Onboarding now takes eight days",
    },
]
DETAILS = {
    "hands-on": "I do my best work close to the floor, fixing problems with the team.",
    "scope-fit": "I want a scope where I know every line and every shift lead.",
    "preferred-employer": "I have admired how this company treats its growers.",
    "learning": "I want to learn modern supply planning from people who do it well.",
    "new-industry": "I want my process skills to serve food production.",
    "culture-fit": "I work best where people say what they think and fix things together.",
    "mission": "I want my work to help get fresh food to more families.",
    "growth-potential": "I want to grow deep expertise in plant operations.",
}
PRIVATE = "Zorblatt promised me a budget and then the quarrelsome Vexmoor board cut it."


def profile(**stepback: Any) -> Profile:
    basics = stepback.pop("basics", {"name": "Jordan Rivera"})
    work = stepback.pop(
        "work",
        [
            {
                "name": "Harbor Distribution",
                "position": "VP of Operations",
                "highlights": ["Opened two regional hubs on budget."],
            }
        ],
    )
    block: dict[str, Any] = {
        "target": {
            "position": "Director of Operations",
            "organization": "Northwind Foods",
            "industry": "food manufacturing",
            "hiring_manager": "Sam Patel",
        },
        "move": "lower-title",
        "motivations": [{"kind": "hands-on", "detail": DETAILS["hands-on"]}],
        "strengths": ["process redesign", "coaching supervisors"],
        "stories": STORIES[:1],
        "commitment": "I plan to build my next years at Northwind.",
        "compensation": "aligned",
        "tone": "warm",
        "private_notes": PRIVATE,
    }
    block.update(stepback)
    return Profile.model_validate({"basics": basics, "work": work, "stepback": block})


def render_all(p: Profile, length: str = "medium") -> dict[str, str]:
    return {k: "\n\n".join(BACKEND.draft(p, k, length=length).paragraphs) for k in KINDS}  # type: ignore[arg-type]


def assert_clean(text: str) -> None:
    """No empty slots, template debris or private words."""
    assert text.strip()
    for bad in ("{{", "}}", "{%", "None", "  ", " ,", " .", "..", ",,", "()", "¶"):
        assert bad not in text, (bad, text)
    assert not re.search(r"\b(a|an) (a|an|the)\b", text), text
    for word in ("Zorblatt", "quarrelsome", "Vexmoor"):
        assert word not in text


# --------------------------------------------------------------------- helpers


def test_sentence_and_clause_helpers() -> None:
    assert sentence("cut costs 18%") == "Cut costs 18%."
    assert sentence("Already done.") == "Already done."
    assert sentence("Really?") == "Really?"
    assert join_and(["a"]) == "a"
    assert join_and(["a", "b."]) == "a and b"
    assert join_and(["a", "b", "c"]) == "a, b and c"
    assert a_an("Operations Manager") == "an Operations Manager"
    assert a_an("Director") == "a Director"
    assert a_an("HR Coordinator") == "an HR Coordinator"
    assert a_an("VP role") == "a VP role"


def test_get_backend_by_name_and_instance() -> None:
    assert get_backend("templates").name == "templates"
    assert get_backend(BACKEND) is BACKEND
    with pytest.raises(StepbackError, match="unknown backend 'gpt'"):
        get_backend("gpt")


def test_unknown_kind_is_a_user_error() -> None:
    with pytest.raises(StepbackError, match="unknown document kind 'memo'"):
        BACKEND.draft(profile(), "memo")


def test_view_never_carries_private_notes() -> None:
    view = profile_view(profile())
    assert "private_notes" not in view
    assert PRIVATE not in repr(view)


# ------------------------------------------------------------------ every move


@pytest.mark.parametrize("move", [m.value for m in Move])
@pytest.mark.parametrize("tone", [t.value for t in Tone])
def test_every_move_and_tone_renders_cleanly(move: str, tone: str) -> None:
    texts = render_all(profile(move=move, tone=tone))
    for kind, text in texts.items():
        assert_clean(text)
        if kind in ("cover-letter", "networking-message"):
            assert "Director of Operations" in text
    # Public text never claims the title applied for; it says who the person is.
    for kind in ("linkedin-headline", "linkedin-about"):
        assert "Director of Operations" not in texts[kind]
    assert texts["linkedin-headline"].startswith("VP of Operations")
    assert len(texts["linkedin-headline"]) <= 220
    assert "\n" not in texts["linkedin-headline"]


@pytest.mark.parametrize("kind", [k.value for k in MotivationKind])
def test_every_motivation_kind_uses_the_candidates_words(kind: str) -> None:
    motivations = [{"kind": kind, "detail": DETAILS[kind]}]
    texts = render_all(profile(motivations=motivations))
    assert DETAILS[kind] in texts["cover-letter"]
    assert DETAILS[kind] in texts["interview-answer"]
    for text in texts.values():
        assert_clean(text)


def test_the_three_hiring_manager_questions_are_answered() -> None:
    letter = render_all(profile())["cover-letter"]
    assert "Northwind" in letter  # really wants THIS job
    assert "compensation" in letter or "pay" in letter  # can live with the pay and scope
    assert re.search(r"earn|prove|results", letter)  # will prove themselves


@pytest.mark.parametrize(
    ("compensation", "expected"),
    [("aligned", r"pay|compensation"), ("flexible", r"open"), ("unspecified", r"")],
)
def test_compensation_wording(compensation: str, expected: str) -> None:
    letter = render_all(profile(compensation=compensation))["cover-letter"]
    assert re.search(expected, letter)
    if compensation == "unspecified":  # no stance in the profile: none in the letter
        assert "pay" not in letter and "compensation" not in letter


# ---------------------------------------------------- optional fields missing


def test_bare_minimum_profile() -> None:
    bare = Profile.model_validate(
        {
            "stepback": {
                "target": {"position": "Operations Analyst"},
                "move": "return-to-work",
                "motivations": [{"kind": "learning", "detail": "building expertise in analytics"}],
            }
        }
    )
    texts = render_all(bare)
    for text in texts.values():
        assert_clean(text)
    assert "Operations Analyst role" in texts["cover-letter"]  # no organization: no empty slot
    # A fragment is said by the candidate, never printed as a sentence of its own.
    assert "What I want next is building expertise in analytics." in texts["cover-letter"]
    assert "Building expertise in analytics." not in texts["cover-letter"]
    # No title held, none claimed: the headline never names the title applied for.
    assert texts["linkedin-headline"] == "Open to work"
    assert salutation(bare, "cover-letter") == ("Dear Hiring Manager,", "Warm regards,", None)
    assert salutation(bare, "networking-message") == ("Hi,", "Thank you,", None)


def test_greeting_uses_hiring_manager_when_known() -> None:
    assert salutation(profile(), "cover-letter")[0] == "Dear Sam Patel,"
    assert salutation(profile(), "cover-letter")[2] == "Jordan Rivera"
    assert salutation(profile(), "networking-message")[2] == "Jordan"
    assert salutation(profile(), "linkedin-about") == (None, None, None)


@pytest.mark.parametrize(
    "absent",
    [
        "organization",
        "industry",
        "hiring_manager",
        "stories",
        "strengths",
        "commitment",
        "work",
        "name",
    ],
)
def test_each_optional_field_can_be_missing(absent: str) -> None:
    overrides: dict[str, Any] = {}
    target = {
        "position": "Director of Operations",
        "organization": "Northwind Foods",
        "industry": "food manufacturing",
        "hiring_manager": "Sam Patel",
    }
    if absent in target:
        del target[absent]
        overrides["target"] = target
    elif absent in ("stories", "strengths"):
        overrides[absent] = []
    elif absent == "commitment":
        overrides["commitment"] = None
    elif absent == "work":
        overrides["work"] = []
    else:
        overrides["basics"] = {}
    texts = render_all(profile(**overrides))
    for text in texts.values():
        assert_clean(text)
    if absent == "organization":
        assert "Northwind Foods" not in texts["cover-letter"]
    if absent == "work":
        assert "Harbor Distribution" not in texts["cover-letter"]


def test_singular_and_plural_strengths_agree() -> None:
    one = render_all(profile(strengths=["process redesign"]))
    many = render_all(profile(strengths=["process redesign", "coaching supervisors"]))
    joined = " ".join(one.values()) + " ".join(many.values())
    assert "strengths I would bring from day one is" not in joined
    assert "strength I would bring from day one are" not in joined
    assert "process redesign come in" not in " ".join(one.values())


def test_without_stories_highlights_are_the_proof() -> None:
    letter = render_all(profile(stories=[]))["cover-letter"]
    assert "I opened two regional hubs on budget." in letter  # a résumé line, said as "I"


def test_story_clauses_are_joined_grammatically() -> None:
    texts = " ".join(render_all(profile(stories=STORIES), "long").values())
    assert "I redesigned the network around two cross-dock hubs" in texts
    assert "I I " not in texts and "I i " not in texts
    assert "recordable injuries fell 40% in a year" in texts.lower()


# ----------------------------------------------------------- length and limits


def test_lengths_are_ordered_and_within_limits() -> None:
    rich = profile(
        stories=STORIES,
        motivations=[
            {"kind": k, "detail": DETAILS[k]} for k in ("hands-on", "scope-fit", "mission")
        ],
    )
    counts = {}
    for length in ("short", "medium", "long"):
        letter = render_all(rich, length)["cover-letter"]
        counts[length] = len(letter.split())
    assert counts["short"] < counts["medium"] < counts["long"]
    assert 60 <= counts["short"] <= 220
    assert 150 <= counts["medium"] <= 400
    assert 180 <= counts["long"] <= 480


def test_very_long_profile_text_is_trimmed_to_the_limits() -> None:
    wordy = "I want to keep solving hard operational problems with the people on the floor " * 4
    long_stories = [dict(s, action=s["action"] + " " + "with the crews " * 20) for s in STORIES]
    p = profile(
        motivations=[{"kind": "hands-on", "detail": wordy}, {"kind": "mission", "detail": wordy}],
        stories=long_stories,
        strengths=[f"strength number {w}" for w in "abcdefghij"],
    )
    texts = render_all(p)
    assert len(texts["cover-letter"].split()) <= 400
    assert len(texts["linkedin-headline"]) <= 220
    assert len(texts["linkedin-about"]) <= 2600
    assert len(texts["linkedin-about"].split("\n\n")[0]) <= 270


def test_length_changes_every_prose_kind() -> None:
    rich = profile(
        stories=STORIES,
        motivations=[{"kind": k, "detail": DETAILS[k]} for k in ("hands-on", "mission")],
    )
    for kind in ("cover-letter", "linkedin-about", "networking-message", "interview-answer"):
        words = [len(render_all(rich, n)[kind].split()) for n in ("short", "medium", "long")]
        assert words[0] < words[1] < words[2], (kind, words)


def test_interview_answer_is_spoken_length() -> None:
    for move in Move:
        words = len(render_all(profile(move=move.value))["interview-answer"].split())
        assert 100 <= words <= 220, (move, words)


def test_linkedin_about_is_first_person_with_a_hook() -> None:
    about = render_all(profile())["linkedin-about"]
    hook = about.split("\n\n")[0]
    assert len(hook) <= 270 and re.search(r"\bI\b", hook)
    assert "Northwind" not in about  # public text never names the employer applied to


def test_networking_message_asks_which_companies_and_whom() -> None:
    note = render_all(profile())["networking-message"]
    assert note.rstrip().endswith("?")  # one concrete thing the reader can do
    assert "companies" not in note  # the reader's world may be hospitals or co-ops
    assert "18%" in note  # refreshes a success story


# ------------------------------------------------------- deterministic variety


def test_same_profile_same_text() -> None:
    assert render_all(profile()) == render_all(profile())
    assert render_all(profile()) == {
        k: "\n\n".join(TemplatesBackend().draft(profile(), k).paragraphs) for k in KINDS
    }


def test_different_profiles_get_different_openings() -> None:
    openings = set()
    names, orgs = ["Ana", "Ben", "Cleo", "Dev"], ["Acme", "Globex", "Initech"]
    for name, org in itertools.product(names, orgs):
        p = profile(
            basics={"name": name},
            target={"position": "Director of Operations", "organization": org},
        )
        first = render_all(p)["cover-letter"].split(".")[0]
        openings.add(first.replace(org, "ORG"))
    assert len(openings) >= 2


def test_sentence_openings_vary_within_a_letter() -> None:
    letter = render_all(profile(stories=STORIES))["cover-letter"]
    starts = [s.split()[0] for s in re.split(r"(?<=[.!?])\s+", letter) if s.strip()]
    most_common = max(starts.count(w) for w in set(starts))
    assert most_common <= len(starts) // 2, starts


def test_motivation_order_is_respected() -> None:
    motivations = [
        Motivation(kind=MotivationKind.MISSION, detail=DETAILS["mission"]),
        Motivation(kind=MotivationKind.LEARNING, detail=DETAILS["learning"]),
    ]
    letter = render_all(profile(motivations=[m.model_dump() for m in motivations]))["cover-letter"]
    assert letter.index(DETAILS["mission"]) < letter.index(DETAILS["learning"])


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_example_profiles_render_cleanly(path: Any) -> None:
    example = load_profile(path)
    notes_words = {w for w in re.findall(r"[A-Z][a-z]{3,}", example.stepback.private_notes or "")}
    public = example.model_dump_json(exclude={"stepback": {"private_notes"}})
    for text in render_all(example).values():
        assert_clean(text)
        for word in notes_words - set(re.findall(r"[A-Z][a-z]{3,}", public)):
            assert word not in text, word


def test_motivation_naming_the_employer_is_not_repeated_or_made_public() -> None:
    named = "I have followed Northwind's farm-to-shelf program since it started."
    p = profile(
        motivations=[
            {"kind": "preferred-employer", "detail": named},
            {"kind": "culture-fit", "detail": DETAILS["culture-fit"]},
        ]
    )
    texts = render_all(p)
    assert named in texts["cover-letter"]
    assert texts["cover-letter"].count("Northwind Foods is an employer") == 0
    assert "Working at Northwind Foods is a goal" not in texts["cover-letter"]
    about = texts["linkedin-about"]
    assert "Northwind" not in about and "your organization" not in about
    assert about.startswith(DETAILS["culture-fit"])  # the hook skips the named motivation


def test_result_and_action_with_and_are_not_chained_with_another_and() -> None:
    story = {
        "problem": "The forecast missed by 7%",
        "action": "Rebuilt the model",
        "result": "Brought variance under 2% and cut the cycle to 3 days",
    }
    texts = " ".join(render_all(profile(stories=[story])).values())
    assert "model and brought" not in texts
    assert "I brought variance under 2% and cut the cycle to 3 days." in texts


def test_story_clauses_ending_in_a_bracket_or_quote_keep_it() -> None:
    """A clause that ends with ')' or a quote used to lose that character (its final
    stop was cut blindly), leaving an unbalanced bracket in the letter."""
    story = {
        "problem": "Returns were eating the margin (12% of orders)",
        "action": "Rebuilt the returns desk",
        "result": 'Returns fell to 4% (the "Zero Bounce" program)',
    }
    for length in ("short", "medium", "long"):
        for kind, text in render_all(profile(stories=[story]), length).items():
            assert text.count("(") == text.count(")"), (kind, length, text)
            assert text.count('"') % 2 == 0, (kind, length, text)
    texts = " ".join(render_all(profile(stories=[story]), "long").values())
    assert "(12% of orders)" in texts or '"Zero Bounce" program)' in texts


def test_story_clause_ending_in_a_question_mark_is_not_doubled() -> None:
    story = {
        "problem": "Why were night orders shipping late?",
        "action": "Moved the pick wave to 6 pm",
        "result": "Late shipments fell by half",
    }
    # A question cannot be made into the statement a story needs: refused, naming the
    # field and showing how to write it.
    with pytest.raises(StepbackError, match=r"stepback\.stories\[0\]\.problem: write it as a"):
        render_all(profile(stories=[story]), "long")


def test_macro_shortcut_gives_what_jinjas_own_call_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut past Macro.__call__ reads Jinja internals; without them (another Jinja
    version) Jinja's own call runs, and both paths write the same documents."""
    from stepback_docs.backends import templates

    assert templates._plain_function(object(), 0, False) is None  # no internals: no shortcut
    profiles = [load_profile(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    fast = [TemplatesBackend().draft(p, kind).paragraphs for p in profiles for kind in KINDS]
    called: list[int] = []

    def jinjas_call(macro: Any, given: int, autoescape: bool) -> None:
        called.append(given)
        return None

    monkeypatch.setattr(templates, "_plain_function", jinjas_call)
    slow = [TemplatesBackend().draft(p, kind).paragraphs for p in profiles for kind in KINDS]
    assert called  # the macros really went through the patched check
    assert slow == fast
