"""generate(): guards on every document, redrafts with feedback, template fallback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepback_docs.documents import KINDS, Draft, Usage
from stepback_docs.errors import StepbackError
from stepback_docs.generator import DraftRejected, generate
from stepback_docs.guards import GuardError
from stepback_docs.model import Compensation, MotivationKind, Move, Profile, Tone

NOTES = "Krondike promised me the budget, then the board froze it. My salary was $260k."


def make_profile(**stepback: Any) -> Profile:
    block: dict[str, Any] = {
        "target": {
            "position": "Director of Operations",
            "organization": "Northwind Foods",
            "hiring_manager": "Sam Patel",
        },
        "move": "lower-title",
        "motivations": [
            {"kind": "hands-on", "detail": "I do my best work close to the floor, fixing problems."}
        ],
        "strengths": ["process redesign", "coaching supervisors"],
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


GOOD_NOTE = (
    "I hope you are well. I am looking for a Director of Operations role, because I do my "
    "best work close to the floor, fixing problems with the team.\n\n"
    "You may remember how I redesigned the network around two cross-dock hubs at Harbor "
    "Distribution and cut costs 18% ($2.4M a year). I want to bring that to Northwind "
    "Foods.\n\n"
    "Which companies do you know that need process redesign right now, and who there "
    "would be worth a conversation? Any name would help."
)
INVENTED = GOOD_NOTE.replace("Harbor Distribution", "Globex Corp").replace("$2.4M", "$3.1M")
LEAKY = GOOD_NOTE.replace("I hope you are well.", "Krondike promised me the budget.")


class ScriptedBackend:
    """A stand-in LLM: returns the scripted drafts in order and records the feedback."""

    name = "scripted"

    def __init__(self, *drafts: str) -> None:
        self.drafts = list(drafts)
        self.calls: list[tuple[str, list[str] | None]] = []

    def draft(
        self,
        profile: Any,
        kind: str,
        *,
        length: str = "medium",
        feedback: list[str] | None = None,
        attempt: int = 1,
    ) -> Draft:
        self.calls.append((kind, feedback))
        text = self.drafts[min(len(self.calls), len(self.drafts)) - 1]
        return Draft(
            paragraphs=text.split("\n\n"), usage=Usage(100, 40), model="tiny-1", requests=1
        )


# ------------------------------------------------------------------ templates


def test_templates_generate_every_kind_with_provenance() -> None:
    documents = generate(make_profile())
    assert [d.kind for d in documents] == list(KINDS)
    for document in documents:
        assert document.backend == "templates"
        assert document.ok, [g for g in document.guards if not g.passed]
        assert [g.name for g in document.guards] == ["lint", "grounding", "privacy", "form"]
        assert document.attempts == 1 and document.requests == 0
        assert document.usage.total_tokens == 0 and document.fallback_reason is None
        assert "Krondike" not in document.text and "$260k" not in document.text
    letter = documents[0]
    assert (letter.greeting, letter.closing, letter.signature) == (
        "Dear Sam Patel,",
        "Warm regards,",
        "Jordan Rivera",
    )
    assert 3 <= len(letter.paragraphs) <= 5


def test_kinds_and_length_are_respected() -> None:
    (short,) = generate(make_profile(), kinds=["cover-letter"], length="short")
    (long,) = generate(make_profile(), kinds=["cover-letter"], length="long")
    assert len(short.text.split()) < len(long.text.split())
    assert short.metadata["length"] == "short"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kinds": ["memo"]}, "unknown document kind 'memo'"),
        ({"length": "huge"}, "unknown length 'huge'"),
        ({"backend": "gpt"}, "unknown backend 'gpt'"),
    ],
)
def test_bad_arguments_are_user_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StepbackError, match=message):
        generate(make_profile(), **kwargs)


def test_profile_doubt_phrasing_names_the_field() -> None:
    pytest.importorskip("stepback_docs.lint")
    profile = make_profile(
        motivations=[
            {"kind": "hands-on", "detail": "I was miserable as VP and want to be on the floor."}
        ]
    )
    with pytest.raises(GuardError) as caught:
        generate(profile, kinds=["cover-letter"])
    message = str(caught.value)
    assert "stepback.motivations[0].detail: [misery]" in message
    assert "try:" in message
    assert caught.value.exit_code == 2
    assert all(p.startswith("stepback.motivations[0].detail") for p in caught.value.problems)


# ----------------------------------------------------------------- LLM drafts


def test_passing_llm_draft_is_used_as_is() -> None:
    backend = ScriptedBackend(GOOD_NOTE)
    (document,) = generate(make_profile(), kinds=["networking-message"], backend=backend)
    assert document.backend == "scripted" and document.model == "tiny-1"
    assert document.ok and document.attempts == 1 and document.requests == 1
    assert document.text == GOOD_NOTE
    assert backend.calls == [("networking-message", None)]


def test_failing_draft_is_redrafted_with_specific_feedback() -> None:
    backend = ScriptedBackend(INVENTED, GOOD_NOTE)
    (document,) = generate(make_profile(), kinds=["networking-message"], backend=backend)
    assert document.backend == "scripted" and document.fallback_reason is None
    assert document.attempts == 2 and document.requests == 2
    assert document.usage == Usage(200, 80)
    feedback = backend.calls[1][1]
    assert feedback is not None
    assert any("Globex Corp" in line and line.startswith("grounding:") for line in feedback)
    assert any("$3.1M" in line for line in feedback)


def test_draft_that_keeps_failing_falls_back_to_the_template() -> None:
    backend = ScriptedBackend(INVENTED)
    (document,) = generate(
        make_profile(), kinds=["networking-message"], backend=backend, max_redrafts=2
    )
    assert len(backend.calls) == 3
    assert document.backend == "templates" and document.ok
    assert document.fallback_reason is not None
    assert "scripted draft failed its guards after 3 attempt(s)" in document.fallback_reason
    assert "Globex Corp" in document.fallback_reason
    assert document.attempts == 3 and document.requests == 3
    assert document.usage.total_tokens == 420
    assert document.model is None and document.metadata["rejected_model"] == "tiny-1"
    assert document.metadata["rejected_guards"] == ["grounding"]
    assert "Globex" not in document.text


def test_fallback_reason_does_not_repeat_private_words() -> None:
    backend = ScriptedBackend(LEAKY)
    (document,) = generate(
        make_profile(), kinds=["networking-message"], backend=backend, max_redrafts=0
    )
    assert len(backend.calls) == 1
    assert document.fallback_reason and "privacy" in document.fallback_reason
    assert "Krondike" not in document.fallback_reason
    assert "Krondike" not in document.text


def test_no_fallback_raises_with_the_failures() -> None:
    backend = ScriptedBackend(INVENTED)
    with pytest.raises(DraftRejected) as caught:
        generate(
            make_profile(),
            kinds=["networking-message"],
            backend=backend,
            fallback=False,
            max_redrafts=1,
        )
    assert len(backend.calls) == 2
    assert "networking-message: scripted draft failed" in str(caught.value)
    assert any("Globex Corp" in p for p in caught.value.problems)


def test_debris_in_a_draft_is_caught_and_fed_back() -> None:
    backend = ScriptedBackend("Here is your networking message:\n\n**" + GOOD_NOTE, GOOD_NOTE)
    (document,) = generate(make_profile(), kinds=["networking-message"], backend=backend)
    assert document.attempts == 2 and document.ok
    assert any(line.startswith("form:") for line in backend.calls[1][1] or [])


def test_backend_errors_propagate() -> None:
    class Broken:
        name = "broken"

        def draft(self, *args: Any, **kwargs: Any) -> Draft:
            raise StepbackError("cannot reach the LLM server at http://127.0.0.1:9")

    with pytest.raises(StepbackError, match="cannot reach"):
        generate(make_profile(), kinds=["cover-letter"], backend=Broken())


def test_refused_or_garbled_answer_is_redrafted_then_falls_back() -> None:
    from stepback_docs.backends.llm_errors import LLMBadResponse, LLMRefusal

    class Refusing:
        name = "refusing"
        calls = 0

        def draft(self, *args: Any, **kwargs: Any) -> Draft:
            Refusing.calls += 1
            if Refusing.calls == 1:
                raise LLMBadResponse("the LLM server's answer was malformed JSON")
            raise LLMRefusal("the model refused to write the document")

    (document,) = generate(make_profile(), kinds=["networking-message"], backend=Refusing())
    assert Refusing.calls == 3
    assert document.backend == "templates" and document.ok
    assert document.fallback_reason is not None
    assert "response (the model refused" in document.fallback_reason


def test_one_garbled_answer_then_a_good_draft_is_used() -> None:
    from stepback_docs.backends.llm_errors import LLMBadResponse

    class Flaky(ScriptedBackend):
        def draft(
            self,
            profile: Any,
            kind: str,
            *,
            length: str = "medium",
            feedback: list[str] | None = None,
            attempt: int = 1,
        ) -> Draft:
            if not self.calls:
                self.calls.append((kind, feedback))
                raise LLMBadResponse("empty choice list")
            return super().draft(profile, kind, length=length, feedback=feedback)

    (document,) = generate(make_profile(), kinds=["networking-message"], backend=Flaky(GOOD_NOTE))
    assert document.backend == "scripted" and document.attempts == 2 and document.ok


# ------------------------------------------------------- any valid profile

POSITIONS = [
    "Director of Operations",
    "Operations Manager",
    "HR Coordinator",
    "Senior Software Engineer",
    "Store Manager",
    "Data Analyst",
    "VP of Sales",
    "Élan Project Lead",
]
ORGS = ["Northwind Foods", "Acme Logistics", "Sonoran Health Partners", "Fieldnote"]
INDUSTRIES = ["food manufacturing", "healthcare", "logistics", "retail"]
PEOPLE = ["Sam Patel", "Ana Ruiz", "Lee", "Morgan O'Neill"]
DETAILS = [
    "I do my best work close to the floor, fixing problems with the team.",
    "Working directly with customers is where I contribute most",
    "I want to go deeper in supply planning and forecasting.",
    "I care about getting fresh food to more families",
    "A smaller team lets me see the effect of my work every week.",
    "my strongest years were spent building things with my own hands",
    "Northwind's farm-to-shelf program is the kind of mission I want to serve",
    "I want to design and build the tools myself and ship them to customers and partners.",
]
STRENGTHS = [
    "process redesign",
    "coaching supervisors",
    "SQL",
    "vendor negotiation",
    "safety programs",
    "scheduling",
    "onboarding",
]
STORY_POOL = [
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
        "problem": "Month-end close took 12 days",
        "action": "Automated the reconciliations and trained the team",
        "result": "The close now takes 5 days",
    },
    {
        "problem": "Customers waited on hold for 9 minutes",
        "action": "Rebuilt the call routing and coached the leads",
        "result": "Hold times dropped to under 2 minutes",
    },
]
COMMITMENTS = ["I plan to build my next years here.", "I intend to stay and grow with the team"]
NOTES_POOL = [
    None,
    "I was miserable under Brandt and the Quillfeather reorg cost me my bonus of $40k.",
    "Burned out. The Zanzibar account nearly broke me, and I dreaded every Monday.",
]

optional = st.none().__or__


def _build(name: str | None, work: list[dict[str, str]], **stepback: Any) -> Profile:
    return Profile.model_validate(
        {
            "basics": {"name": name} if name else {},
            "work": work,
            "stepback": {k: v for k, v in stepback.items() if v is not None},
        }
    )


profiles = st.builds(
    _build,
    name=optional(st.sampled_from(["Jordan Rivera", "Ana", "Kenji Watanabe"])),
    work=st.lists(
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["Harbor Distribution", "Tallgrass Payments"]),
                "position": st.sampled_from(["VP of Operations", "Engineering Manager"]),
            },
            optional={
                "highlights": st.lists(
                    st.sampled_from(
                        [
                            "Opened two regional hubs on budget.",
                            "Grew the team from 4 to 11 engineers",
                        ]
                    ),
                    max_size=2,
                )
            },
        ),
        max_size=2,
    ),
    from_work=st.none() | st.integers(min_value=0, max_value=2),
    target=st.fixed_dictionaries(
        {"position": st.sampled_from(POSITIONS)},
        optional={
            "organization": st.sampled_from(ORGS),
            "industry": st.sampled_from(INDUSTRIES),
            "hiring_manager": st.sampled_from(PEOPLE),
        },
    ),
    move=st.sampled_from([m.value for m in Move]),
    motivations=st.lists(
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from([k.value for k in MotivationKind]),
                "detail": st.sampled_from(DETAILS),
            }
        ),
        min_size=1,
        max_size=4,
    ),
    strengths=st.lists(st.sampled_from(STRENGTHS), max_size=6, unique=True),
    stories=st.lists(st.sampled_from(STORY_POOL), max_size=4),
    commitment=optional(st.sampled_from(COMMITMENTS)),
    compensation=st.sampled_from([c.value for c in Compensation]),
    tone=st.sampled_from([t.value for t in Tone]),
    private_notes=st.sampled_from(NOTES_POOL),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, length=st.sampled_from(["short", "medium", "long"]))
def test_any_valid_profile_renders_and_passes_every_guard(profile: Profile, length: str) -> None:
    documents = generate(profile, length=length)  # type: ignore[arg-type]
    assert [d.kind for d in documents] == list(KINDS)
    secret = {"Brandt", "Quillfeather", "Zanzibar", "$40k", "miserable", "dreaded"}
    for document in documents:
        assert document.ok, [(g.name, g.problems) for g in document.guards if not g.passed]
        text = document.text
        assert not {w for w in secret if w in text}
        assert "{{" not in text and "None" not in text and "  " not in text
        assert not re.search(r"\s[,.]", text)
    letter = documents[0]
    manager = profile.stepback.target.hiring_manager
    assert letter.greeting == (f"Dear {manager}," if manager else "Dear Hiring Manager,")


def test_an_edited_profile_is_not_served_stale_text() -> None:
    profile = make_profile()
    (before,) = generate(profile, kinds=["cover-letter"])
    profile.stepback.target.organization = "Southwind Farms"
    (after,) = generate(profile, kinds=["cover-letter"])
    assert "Northwind Foods" in before.text
    assert "Southwind Farms" in after.text and "Northwind Foods" not in after.text


def test_package_level_generate_is_the_function_even_after_the_module_is_imported() -> None:
    import stepback_docs
    import stepback_docs.generator  # must not shadow the package-level export

    documents = stepback_docs.generate(make_profile(), kinds=["linkedin-headline"])
    assert documents[0].kind == "linkedin-headline"
    from stepback_docs import generate as imported

    assert imported(make_profile(), ["linkedin-headline"])[0].backend == "templates"


def test_what_the_profile_says_publicly_is_not_a_leak() -> None:
    # Notes often name the employer being left; the work history says it publicly too,
    # so documents may repeat it. Only what is ONLY in the notes is private.
    profile = make_profile(commitment="Krondike taught me to plan ahead, and I plan to stay.")
    (letter,) = generate(profile, kinds=["cover-letter"])
    assert "Krondike taught me" in letter.text and letter.ok
    backend = ScriptedBackend(GOOD_NOTE.replace("I hope you are well.", "Krondike says hi."))
    (note,) = generate(profile, kinds=["networking-message"], backend=backend)
    assert note.backend == "scripted" and note.ok


def test_text_too_long_for_any_letter_names_the_longest_field() -> None:
    essay = "I do my best work close to the floor with the team every single day " * 60
    with pytest.raises(GuardError) as caught:
        generate(
            make_profile(motivations=[{"kind": "hands-on", "detail": essay}]),
            kinds=["cover-letter"],
        )
    assert "shorten the longest fields (stepback.motivations[0].detail: 900 words" in str(
        caught.value
    )


@pytest.mark.parametrize("move", [m.value for m in Move])
@pytest.mark.parametrize(
    ("tone", "kinds"),
    [
        ("warm", ["hands-on", "mission"]),
        ("formal", ["scope-fit"]),
        ("direct", ["learning", "growth-potential", "culture-fit"]),
    ],
)
@pytest.mark.parametrize("drop", ["nothing", "organization", "stories", "everything"])
def test_every_move_passes_every_guard(move: str, tone: str, kinds: list[str], drop: str) -> None:
    overrides: dict[str, Any] = {
        "move": move,
        "tone": tone,
        "motivations": [{"kind": k, "detail": DETAILS[i]} for i, k in enumerate(kinds)],
    }
    if drop in ("organization", "everything"):
        overrides["target"] = {"position": "Operations Manager"}
    if drop in ("stories", "everything"):
        overrides["stories"] = []
    if drop == "everything":
        overrides.update(strengths=[], commitment=None, private_notes=None)
    for length in ("short", "medium", "long"):
        for document in generate(make_profile(**overrides), length=length):  # type: ignore[arg-type]
            assert document.ok, (length, [g for g in document.guards if not g.passed])
            assert "Krondike" not in document.text and "$260k" not in document.text


def test_a_single_kind_may_be_given_as_a_string() -> None:
    documents = generate(make_profile(), kinds="linkedin-headline")
    assert [d.kind for d in documents] == ["linkedin-headline"]
