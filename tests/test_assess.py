"""``stepback-docs assess`` / ``stepback_docs.assess``: the move's patterns and cautions,
the three doubts, the evidence, the network, the formats and the exit codes.

The profiles in ``tests/fixtures/assess/`` are written for one pattern or caution each.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repo_paths import EXAMPLES, REPO
from stepback_docs.assessment import assess, render
from stepback_docs.assessment.core import months_between
from stepback_docs.loading import load_profile
from stepback_docs.model import Profile

FIXTURES = REPO / "tests" / "fixtures" / "assess"
AS_OF = dt.date(2026, 12, 1)
SCHEMA = json.loads((REPO / "docs" / "assess-output.schema.json").read_text(encoding="utf-8"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepback_docs", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def fixture(name: str) -> Path:
    return FIXTURES / f"{name}.yaml"


def human(result: Any) -> str:
    """The human checklist with its line wrapping undone."""
    return " ".join(render("human", [result]).split())


def changed(name: str, **stepback: Any) -> Profile:
    """A fixture profile with some ``stepback`` fields replaced."""
    profile = load_profile(fixture(name))
    data = profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["stepback"].update(stepback)
    return Profile.model_validate(data)


# -------------------------------------------------------------------------- the move


@pytest.mark.parametrize(
    "pattern",
    [
        "preferred-employer",
        "new-sector",
        "foot-in-the-door",
        "learning",
        "growth-potential",
        "culture",
    ],
)
def test_each_pattern_is_found_in_the_profile_written_for_it(pattern: str) -> None:
    result = assess(fixture(pattern), as_of=AS_OF)
    assert [p.id for p in result.move.fits] == [pattern]
    assert result.cautions == []
    assert result.ok


def test_patterns_come_from_motivations_the_move_and_the_answers() -> None:
    new_sector = assess(fixture("new-sector"), as_of=AS_OF).move.fits[0]
    assert new_sector.evidence == ["move: new-industry"]
    foot = assess(fixture("foot-in-the-door"), as_of=AS_OF).move.fits[0]
    assert foot.evidence[0].startswith('answer to "Will it give you a foot in the door')
    learning = assess(fixture("learning"), as_of=AS_OF).move.fits[0]
    assert learning.evidence[0].startswith("motivation (learning): I want to learn")


def test_no_pattern_raises_a_caution_with_the_six_questions() -> None:
    result = assess(fixture("no-pattern"), as_of=AS_OF)
    assert [c.id for c in result.cautions] == ["no-pattern"]
    assert result.move.fits == []
    assert "Steelhead Forge" in result.cautions[0].message
    assert [q.id for q in result.questions] == [
        "foot_in_the_door",
        "learning",
        "connections",
        "culture",
        "future_opportunities",
        "how_it_serves",
    ]
    # The culture answer ("Not sure yet.") is recorded but is not a yes.
    assert [q.answer for q in result.questions if q.answer] == ["Not sure yet."]
    text = human(result)
    assert "[caution] The move fits none of the patterns" in text
    for number, question in enumerate(result.questions, 1):
        assert f"{number}. {question.question}" in text


@pytest.mark.parametrize("answer", ["No.", "not really", "Don't know yet", "TBD", "n/a", "?"])
def test_an_answer_that_is_not_a_yes_fits_no_pattern(answer: str) -> None:
    profile = changed("no-pattern", questions={"culture": answer})
    assert assess(profile, as_of=AS_OF).move.fits == []


def test_an_answer_that_is_a_yes_clears_the_no_pattern_caution() -> None:
    profile = changed("no-pattern", questions={"culture": "Yes: managers work on the floor."})
    result = assess(profile, as_of=AS_OF)
    assert [p.id for p in result.move.fits] == ["culture"]
    assert result.cautions == []


def test_a_low_paying_role_unrelated_to_the_client_raises_the_panic_caution() -> None:
    result = assess(fixture("panic-move"), as_of=AS_OF)
    assert [c.id for c in result.cautions] == ["panic-move"]
    assert result.move.search.status == "past-guide"
    assert result.move.search.months == 9
    message = result.cautions[0].message
    assert "Night Stocker" in message
    assert "The search has run 9 months, past the 6-month guide" in message


@pytest.mark.parametrize(
    "change",
    [
        {"move": "lower-title"},  # not a low-paying move
        {"motivations": [{"kind": "new-industry", "detail": "I want to work in grocery."}]},
        {"motivations": [{"kind": "preferred-employer", "detail": "Quickmart is my pick."}]},
        {"strengths": ["campaign budgeting"]},  # now the story shares words with the target
    ],
)
def test_the_panic_caution_needs_every_condition(change: dict[str, Any]) -> None:
    profile = changed("panic-move", **change)
    assert "panic-move" not in [c.id for c in assess(profile, as_of=AS_OF).cautions]


def test_doubt_raising_words_are_a_caution_with_the_same_findings_as_validate() -> None:
    from stepback_docs.guards import profile_text_problems

    profile = load_profile(fixture("doubt-words"))
    result = assess(profile, as_of=AS_OF)
    assert [c.id for c in result.cautions] == ["doubt-words"]
    story = result.evidence.stories[0]
    assert {f.category for f in story.findings} >= {"misery", "bitterness"}
    assert {f.field for f in story.findings} == {"stepback.stories[0].problem"}
    assert [f.category for f in result.evidence.other_findings] == ["flight-risk"]
    assert result.evidence.other_findings[0].field == "stepback.commitment"
    doubting = [f for f in result.evidence.findings if f.raises_doubt]
    assert len(doubting) == len(profile_text_problems(profile))  # the same configuration
    assert f"{len(doubting)} passage(s)" in result.cautions[0].message
    assert not story.complete
    text = human(result)
    assert '[misery] "burned out"' in text
    assert "try: " in text


def test_hedging_is_a_note_not_a_caution() -> None:
    profile = changed("culture", commitment="I think I might be a good fit for Cedar.")
    result = assess(profile, as_of=AS_OF)
    assert result.cautions == []
    (finding,) = result.evidence.other_findings
    assert finding.category == "hedging"
    assert not finding.raises_doubt
    assert "[note] stepback.commitment: [hedging]" in human(result)


# ------------------------------------------------------------------------ the doubts


def test_answered_doubts_show_their_evidence() -> None:
    result = assess(fixture("preferred-employer"), as_of=AS_OF)
    motivation, compensation, commitment = result.doubts
    assert [d.id for d in result.doubts] == ["motivation", "compensation", "commitment"]
    assert all(d.answered and not d.add for d in result.doubts)
    assert motivation.evidence[0].startswith("motivation (preferred-employer)")
    assert compensation.evidence == ["compensation: flexible"]
    assert commitment.evidence[1] == "1 story with a measurable result"


def test_unanswered_doubts_say_what_to_add_but_are_no_caution() -> None:
    result = assess(fixture("gaps"), as_of=AS_OF)
    assert result.cautions == []
    assert [d.answered for d in result.doubts] == [False, False, False]
    motivation, compensation, commitment = result.doubts
    assert "Tidewater Press or publishing" in motivation.add[0]
    assert "stepback.compensation" in compensation.add[0]
    assert "Senior Editor role" in compensation.add[0]
    assert len(commitment.add) == 2  # no commitment, and no story with a figure
    assert result.evidence.stories[0].score == 0
    assert result.to_add == 6  # three doubts, the story, the network, the search date
    assert "no cautions, 6 to add" in human(result)


def test_a_motivation_naming_the_employer_or_its_field_answers_the_first_doubt() -> None:
    names_employer = changed(
        "no-pattern",
        motivations=[{"kind": "hands-on", "detail": "Steelhead's crews run the floor I want."}],
    )
    names_field = changed(
        "no-pattern",
        motivations=[{"kind": "mission", "detail": "I want to grow metal fabrication jobs."}],
    )
    for profile in (names_employer, names_field):
        assert assess(profile, as_of=AS_OF).doubts[0].answered
    assert not assess(fixture("no-pattern"), as_of=AS_OF).doubts[0].answered


@pytest.mark.parametrize(
    ("organization", "detail", "answered"),
    [
        ("Steelhead Forge", "I admire how steelhead forge crews work.", True),  # full name
        ("Steelhead Forge", "I like steelhead fishing.", False),  # a word, not the name
        ("National Forge", "I want to sell to national chains.", False),  # a generic word
    ],
)
def test_the_employer_is_named_by_its_name_or_a_distinctive_first_word(
    organization: str, detail: str, answered: bool
) -> None:
    profile = changed(
        "no-pattern",
        target={"position": "Plant Manager", "organization": organization},
        motivations=[{"kind": "hands-on", "detail": detail}],
    )
    assert assess(profile, as_of=AS_OF).doubts[0].answered is answered


def test_several_profiles_end_with_a_count() -> None:
    result = run("assess", "--as-of", "2026-12-01", str(FIXTURES))
    assert result.returncode == 1
    count = len(list(FIXTURES.glob("*.yaml")))
    assert result.stdout.endswith(
        f"{count} profiles assessed: 3 with cautions, {count - 3} without\n"
    )


# ----------------------------------------------------------------------- the evidence


@pytest.mark.parametrize(
    ("result", "problem", "score", "kinds", "before_after"),
    [
        ("Saved $1.8M a year without dropping a service", "", 2, ["money"], False),
        ("Cut costs 18%", "", 2, ["money"], False),
        ("Closed the books in 5 days", "Month-end close took 12 days", 2, ["time"], True),
        ("Payouts landed before 6 a.m.", "", 2, ["time"], False),
        ("Migrated 2.3 billion rows", "", 1, ["volume"], False),
        ("Released with zero defects", "", 1, ["quality"], False),
        ("Raised first-pass yield to 97%", "", 1, ["quality"], False),
        ("Covered 98% of absences, up from 81%", "", 2, ["quality"], True),
        ("Cut variance from 7% to under 2%", "", 2, ["quality"], True),
        ("Doubled the repeat orders", "", 1, ["volume"], False),
        ("Authors were much happier with the turnaround", "", 0, [], False),
        ("Opened the plant in 2019", "", 0, [], False),  # a year is no result
    ],
)
def test_story_results_are_scored_for_their_figures(
    result: str, problem: str, score: int, kinds: list[str], before_after: bool
) -> None:
    from stepback_docs.assessment.figures import find_figures

    figures = find_figures(result, problem)
    assert (figures.score, figures.kinds, figures.before_after) == (score, kinds, before_after)


def test_story_relevance_comes_from_words_shared_with_the_target() -> None:
    high = assess(fixture("learning"), as_of=AS_OF).evidence.stories[0]
    assert high.relevance == "high"
    assert high.shared_words == ["claims", "data"]
    some = assess(fixture("gaps"), as_of=AS_OF).evidence.stories[0]
    assert (some.relevance, some.shared_words) == ("some", ["authors"])
    none = assess(fixture("panic-move"), as_of=AS_OF).evidence.stories[0]
    assert (none.relevance, none.shared_words) == ("none", [])
    assert "say how it carries over" in human(assess(fixture("panic-move")))


def test_no_stories_is_a_gap() -> None:
    profile = changed("culture", stories=[])
    result = assess(profile, as_of=AS_OF)
    assert "no success stories" in human(result)
    assert not result.doubts[2].answered


# ------------------------------------------------------------------------ the network


def test_network_from_a_route_in_an_answer_or_a_hiring_manager() -> None:
    volunteer = assess(fixture("network"), as_of=AS_OF).network
    assert (volunteer.status, volunteer.evidence, volunteer.add) == (
        "recorded",
        ["volunteer: Reef Trust"],
        None,
    )
    answer = assess(
        changed("culture", questions={"connections": "My cousin is a teller at Cedar."}),
        as_of=AS_OF,
    ).network
    assert answer.status == "recorded"
    assert answer.evidence[0].endswith("My cousin is a teller at Cedar.")
    named = changed("culture", target={"position": "Personal Banker", "hiring_manager": "Lee"})
    partial = assess(named, as_of=AS_OF).network
    assert (partial.status, partial.evidence) == ("partial", ["hiring manager: Lee"])
    assert partial.add is not None and "not yet a contact" in partial.add
    missing = assess(changed("culture", questions={"connections": "None yet."})).network
    assert missing.status == "missing"
    assert missing.add is not None and "Cedar Credit Union" in missing.add


# ------------------------------------------------------------------------- the search


@pytest.mark.parametrize(
    ("started", "status", "months"),
    [
        (None, "not-recorded", None),
        ("2026-09", "within-guide", 3),
        ("2026-06-01", "within-guide", 6),
        ("2026-05-31", "past-guide", 6),  # 6 months short of a day: not yet past
        ("2026-05", "past-guide", 7),
        ("2027-01", "not-started", None),
    ],
)
def test_the_search_is_measured_against_the_six_month_guide(
    started: str | None, status: str, months: int | None
) -> None:
    profile = changed("culture", **({"search_started": started} if started else {}))
    search = assess(profile, as_of=AS_OF).move.search
    if started == "2026-05-31":
        assert months_between(dt.date(2026, 5, 31), AS_OF) == 6
        assert search.status == "within-guide"
        return
    assert (search.status, search.months, search.guide_months) == (status, months, 6)


def test_a_bad_search_date_is_one_located_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = fixture("culture").read_text(encoding="utf-8")
    path.write_text(text + '  search_started: "2026-02-30"\n', encoding="utf-8")
    result = run("assess", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "stepback.search_started: expected a date as YYYY-MM or YYYY-MM-DD, got '2026-02-30'"
    )
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------- formats and exit codes


def test_cli_exit_codes_sort_a_batch(tmp_path: Path) -> None:
    assert run("assess", str(fixture("culture"))).returncode == 0
    assert run("assess", str(fixture("gaps"))).returncode == 0
    assert run("assess", str(fixture("no-pattern"))).returncode == 1
    missing = tmp_path / "missing.yaml"
    result = run("assess", str(fixture("culture")), str(missing))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {missing}: no such file"
    assert "Cedar Credit Union" in result.stdout  # the readable profile is still reported


def test_json_output_follows_the_documented_schema() -> None:
    result = run("assess", "-f", "json", "--as-of", "2026-12-01", str(FIXTURES), str(EXAMPLES))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    profiles = sorted(FIXTURES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    assert [a["profile"] for a in data["assessments"]] == [str(p) for p in profiles]
    assert data["summary"]["with_cautions"] == sum(1 for a in data["assessments"] if not a["ok"])
    panic = next(a for a in data["assessments"] if a["profile"].endswith("panic-move.yaml"))
    assert panic["move"]["search"] == {
        "started": "2026-03",
        "months": 9,
        "guide_months": 6,
        "status": "past-guide",
        "text": panic["move"]["search"]["text"],
    }


def test_json_reports_unreadable_profiles(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = run("assess", "-f", "json", str(broken))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["errors"] == [
        {
            "profile": str(broken),
            "message": f"{broken}:1:2: JSON syntax error: Expecting "
            "property name enclosed in double quotes",
        }
    ]


def test_markdown_output_is_a_checklist(tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    result = run("assess", "-f", "markdown", "-o", str(out), str(fixture("no-pattern")))
    assert result.returncode == 1
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Assessment: Gus Berg → Plant Manager at Steelhead Forge")
    assert "> **Caution: The move fits none of the patterns" in text
    assert "- [x] **Can you live with the pay and scope" in text
    assert "- [ ] **Do you really want this job" in text
    assert "> 4. Does the culture fit? *Answered:* Not sure yet." in text


def test_python_api_takes_a_profile_or_a_path() -> None:
    import stepback_docs
    import stepback_docs.assessment  # the subpackage must not shadow the function

    from_path = stepback_docs.assess(str(fixture("culture")), as_of=AS_OF)
    from_profile = stepback_docs.assess(load_profile(fixture("culture")), as_of=AS_OF)
    assert from_path.source == str(fixture("culture"))
    assert from_profile.source is None
    assert from_path.move.fits == from_profile.move.fits
    assert isinstance(from_path, stepback_docs.Assessment)


# --------------------------------------------------------------------------- wording


def _wording_copy(tmp_path: Path, old: str, new: str) -> Path:
    from stepback_docs.assessment.wording import WORDING_FILE

    text = WORDING_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "wording.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_coach_can_reword_a_caution_and_a_question(tmp_path: Path) -> None:
    path = _wording_copy(
        tmp_path,
        "title: The move fits none of the patterns that make a step back a step forward",
        "title: Talk this move through with {employer} in mind first",
    )
    bad = run("assess", "--wording", str(path), str(fixture("no-pattern")))
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        f"error: {path}: cautions.no-pattern.title: unknown placeholder {{employer}} "
        "(this text may use: none)"
    )
    path = _wording_copy(
        tmp_path, "  culture: Does the culture fit?", "  culture: Will you fit in?"
    )
    good = run("assess", "--wording", str(path), str(fixture("no-pattern")))
    assert good.returncode == 1
    assert "4. Will you fit in?" in good.stdout


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("  culture: Does the culture fit?\n", "", "questions.culture: required text is missing"),
        (
            "  culture: Does the culture fit?",
            "  culture: Does the culture fit?\n  cultur: x",
            "questions.cultur: unknown key",
        ),
        ("    label: Learning", "    label: ''", "patterns.learning.label: must not be empty"),
        ("      {count} passage(s)", "      {count passage(s)", "cautions.doubt-words.message:"),
        ("questions:\n", "questions: [\n", "YAML syntax error"),
    ],
)
def test_a_broken_wording_file_is_one_line_naming_the_key(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    path = _wording_copy(tmp_path, old, new)
    result = run("assess", "--wording", str(path), str(fixture("culture")))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}")
    assert error in lines[0]
    assert "Traceback" not in result.stderr


def test_the_packaged_wording_loads_and_names_the_six_questions() -> None:
    from stepback_docs.assessment import default_wording

    wording = default_wording()
    assert wording.questions.how_it_serves == "If you accept, how will it serve you?"
    assert wording.caution("panic-move").title


# ---------------------------------------------------------------- generate and the rest


def test_generate_docs_points_at_assess_and_still_writes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from stepback_docs.cli import generate_docs_main as m; "
            "sys.exit(m(sys.argv[1:]))",
            str(fixture("no-pattern")),
            str(fixture("culture")),
            "--kinds",
            "linkedin-headline",
            "--format",
            "md",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "no-pattern" / "linkedin-headline.md").is_file()
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        f"note: {fixture('no-pattern')}: 1 caution (The move fits none of the patterns that "
        "make a step back a step forward): run `stepback-docs assess "
        f"{fixture('no-pattern')}`"
    ]


def test_generate_docs_quiet_prints_no_pointer(tmp_path: Path) -> None:
    result = run(
        "generate",
        "-q",
        str(fixture("no-pattern")),
        "--kinds",
        "linkedin-headline",
        "--format",
        "md",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_the_pointer_never_stops_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from stepback_docs.assessment import core
    from stepback_docs.commands.assess import pointer
    from stepback_docs.errors import StepbackError

    profile = load_profile(fixture("no-pattern"))
    assert pointer(Path("p.yaml"), profile) is not None

    def broken() -> None:
        raise StepbackError("wording.yaml: questions.culture: required text is missing")

    monkeypatch.setattr(core, "default_wording", broken)
    assert pointer(Path("p.yaml"), profile) is None


def test_coach_fields_never_reach_the_prompt_or_the_wording() -> None:
    from stepback_docs.backends.prompting import public_data
    from stepback_docs.generator import generate

    plain = load_profile(EXAMPLES / "vp-to-director.yaml")
    data = plain.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["stepback"]["questions"] = {"how_it_serves": "I need the health insurance badly."}
    data["stepback"]["search_started"] = "2025-01"
    with_answers = Profile.model_validate(data)
    assert "questions" not in public_data(with_answers)["stepback"]
    assert "search_started" not in public_data(with_answers)["stepback"]
    (before,) = generate(plain, ["cover-letter"])
    (after,) = generate(with_answers, ["cover-letter"])
    assert after.text == before.text


def test_init_starter_profile_carries_the_new_fields(tmp_path: Path) -> None:
    target = tmp_path / "client.yaml"
    assert run("init", str(target)).returncode == 0
    profile = load_profile(target)
    assert profile.stepback.search_started is not None
    answers = profile.stepback.questions
    assert answers is not None
    assert all(answers.model_dump().values())
    result = assess(profile, as_of=AS_OF)
    assert result.network.status == "recorded"
    assert result.move.search.status != "not-recorded"


def test_assess_cost_grows_linearly_with_the_text() -> None:
    """A growth ratio, not a wall-clock limit: 4× the text may cost about 4×, never 16×."""
    import time

    from stepback_docs.assessment.core import _relevance
    from stepback_docs.assessment.figures import find_figures

    def cost(n: int) -> float:
        text = "from 1 to 2 before $3 " * n + "up from 4% " * n + "a " * n
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            find_figures(text, text)
            _relevance(text, {"from"}, {"before"})
            best = min(best, time.perf_counter() - started)
        return best

    small, large = cost(1_000), cost(4_000)
    assert large / small < 8, (small, large)


# ----------------------------------------------------------------------------- docs


def test_the_readme_shows_a_real_assessment() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ stepback-docs assess examples/profiles/vp-to-director.yaml --as-of 2026-12-01\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    result = run(
        "assess", "examples/profiles/vp-to-director.yaml", "--as-of", "2026-12-01", cwd=REPO
    )
    assert result.returncode == 1
    assert shown == result.stdout, "update the README's assess example"


def test_every_assess_option_is_in_docs_assess_md() -> None:
    import argparse
    import re

    from stepback_docs.cli import build_parser

    parser = build_parser("assess")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = {
        option
        for action in sub.choices["assess"]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }
    assert {"--format", "--as-of", "--wording"} <= options
    doc = (REPO / "docs" / "assess.md").read_text(encoding="utf-8")
    missing = [o for o in options if not re.search(r"`[^`\n]*" + re.escape(o) + r"(?![\w-])", doc)]
    assert missing == []


def test_the_pointer_leaves_doubt_words_to_generates_own_guard() -> None:
    from stepback_docs.commands.assess import pointer

    profile = load_profile(fixture("doubt-words"))
    assert [c.id for c in assess(profile).cautions] == ["doubt-words"]
    assert [c.id for c in assess(profile, check_words=False).cautions] == []
    assert assess(profile, check_words=False).evidence.findings == []
    assert pointer(Path("p.yaml"), profile) is None


def test_a_placeholder_with_no_value_in_its_text_is_refused(tmp_path: Path) -> None:
    path = _wording_copy(
        tmp_path, "    When did the search start?", "    After {months} months, when did it start?"
    )
    result = run("assess", "--wording", str(path), str(fixture("culture")))
    assert result.returncode == 2
    assert "search.not_recorded: unknown placeholder {months}" in result.stderr


def test_the_command_offers_the_formats_the_renderer_has() -> None:
    from stepback_docs.assessment import FORMATS
    from stepback_docs.commands import assess as command

    assert command.FORMATS == FORMATS


@pytest.mark.parametrize("fmt", ["human", "markdown", "json"])
def test_private_notes_never_reach_an_assessment(fmt: str) -> None:
    result = run("assess", "-f", fmt, str(EXAMPLES))
    for path in sorted(EXAMPLES.glob("*.yaml")):
        notes = load_profile(path).stepback.private_notes or ""
        for sentence in notes.split(". "):
            assert " ".join(sentence.split())[:30] not in " ".join(result.stdout.split())
