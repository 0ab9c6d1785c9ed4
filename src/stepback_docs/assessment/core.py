"""``assess(profile)``: is this step back a step forward, and is the profile ready to say so?

Four parts, each read from the profile alone (no network, no model):

* the move: which of the advice's patterns it fits (preferred employer, new sector, foot in
  the door, learning, growth potential, culture), how long the search has run against the
  six-month guide, and a caution when it fits none;
* the three doubts a hiring manager has: does the profile give the material to answer
  each, and what to add when it does not;
* the evidence: each story's measurable result, its relevance to the target, and whether
  the profile's own words raise doubt (the linter, configured as ``validate`` and the
  generator's lint guard configure it, so ``assess`` and ``generate`` agree);
* the network: whether a contact or a route in is recorded.

Every text shown comes from ``wording.yaml`` (see ``wording.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Literal

from ..findings import SEVERITY_RANK, LintConfig
from ..model import MotivationKind, Move, Profile
from .figures import find_figures
from .wording import Wording, default_wording, fill

GUIDE_MONTHS: Final = 6
PATTERNS: Final = (
    "preferred-employer",
    "new-sector",
    "foot-in-the-door",
    "learning",
    "growth-potential",
    "culture",
)
QUESTIONS: Final = (
    "foot_in_the_door",
    "learning",
    "connections",
    "culture",
    "future_opportunities",
    "how_it_serves",
)
# pattern -> (motivation kinds that show it, the question whose answer shows it)
_PATTERN_SOURCES: Final[dict[str, tuple[tuple[MotivationKind, ...], str | None]]] = {
    "preferred-employer": ((MotivationKind.PREFERRED_EMPLOYER,), None),
    "new-sector": ((MotivationKind.NEW_INDUSTRY,), None),
    "foot-in-the-door": ((), "foot_in_the_door"),
    "learning": ((MotivationKind.LEARNING,), "learning"),
    "growth-potential": ((MotivationKind.GROWTH_POTENTIAL,), "future_opportunities"),
    "culture": ((MotivationKind.CULTURE_FIT,), "culture"),
}
_LOW_PAY_MOVES: Final = (Move.LOWER_PAY, Move.ENTRY_LEVEL)
# An answer that says no, or has not been thought through yet, supports no pattern.
_NOT_AN_ANSWER = re.compile(
    r"^\W*(?:no|not|none|nothing|never|unsure|unknown|don'?t know|do not know|"
    r"maybe|n/?a|tbd|todo|\?)(?:\W|$)",
    re.IGNORECASE,
)

SearchStatus = Literal["not-recorded", "within-guide", "past-guide", "not-started"]
NetworkStatus = Literal["recorded", "partial", "missing"]
Relevance = Literal["high", "some", "none"]
SCORE_LABELS: Final = {2: "strong", 1: "some", 0: "none"}


@dataclass(slots=True)
class PatternFit:
    id: str
    label: str
    why: str
    fits: bool
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Question:
    id: str
    question: str
    field: str
    answer: str | None


@dataclass(slots=True)
class Search:
    started: str | None
    months: int | None
    guide_months: int
    status: SearchStatus
    text: str


@dataclass(slots=True)
class MoveReport:
    kind: str
    patterns: list[PatternFit]
    search: Search

    @property
    def fits(self) -> list[PatternFit]:
        return [p for p in self.patterns if p.fits]


@dataclass(slots=True)
class DoubtReport:
    id: str
    question: str
    answered: bool
    evidence: list[str]
    add: list[str]


@dataclass(slots=True)
class WordFinding:
    """A finding of the linter in one of the profile's public fields."""

    field: str
    category: str
    rule: str
    severity: str
    text: str
    message: str
    suggestion: str | None

    @property
    def raises_doubt(self) -> bool:
        """Warning or error: what makes ``validate`` and the generator refuse the text."""
        return SEVERITY_RANK.get(self.severity, 0) >= SEVERITY_RANK["warning"]


@dataclass(slots=True)
class StoryReport:
    index: int
    problem: str
    result: str
    score: int
    figures: dict[str, list[str]]
    before_after: bool
    relevance: Relevance
    shared_words: list[str]
    findings: list[WordFinding]

    @property
    def score_label(self) -> str:
        return SCORE_LABELS[self.score]

    @property
    def complete(self) -> bool:
        """A figure, a word in common with the target, and no word that raises doubt."""
        return (
            self.score > 0
            and self.relevance != "none"
            and not any(f.raises_doubt for f in self.findings)
        )


@dataclass(slots=True)
class EvidenceReport:
    stories: list[StoryReport]
    other_findings: list[WordFinding]

    @property
    def findings(self) -> list[WordFinding]:
        return [f for s in self.stories for f in s.findings] + self.other_findings


@dataclass(slots=True)
class NetworkReport:
    status: NetworkStatus
    evidence: list[str]
    add: str | None


@dataclass(slots=True)
class Caution:
    id: str
    title: str
    message: str


@dataclass(slots=True)
class Assessment:
    """What ``assess`` found for one profile; ``ok`` when no caution was raised."""

    source: str | None
    name: str | None
    position: str
    employer: str | None
    industry: str | None
    as_of: dt.date
    move: MoveReport
    doubts: list[DoubtReport]
    evidence: EvidenceReport
    network: NetworkReport
    questions: list[Question]
    cautions: list[Caution]

    @property
    def ok(self) -> bool:
        return not self.cautions

    @property
    def to_add(self) -> int:
        """Gaps to fill, which are not cautions: unanswered doubts, stories without a
        figure or a tie to the target (or no story), no network, no search date."""
        stories = self.evidence.stories
        return (
            sum(1 for d in self.doubts if not d.answered)
            + sum(1 for s in stories if not s.complete)
            + (not stories)
            + (self.network.status != "recorded")
            + (self.move.search.status == "not-recorded")
        )


# ---------------------------------------------------------------------------- assess


def assess(
    profile: Profile | str | Path,
    *,
    as_of: dt.date | None = None,
    wording: Wording | None = None,
    check_words: bool = True,
) -> Assessment:
    """Assess a profile (or a profile file): the move, the three doubts, the evidence and
    the network, with cautions. ``as_of`` (default: today) dates the search's length.
    ``check_words=False`` skips the linter (and so the ``doubt-words`` caution): what
    generate-docs asks, since its own lint guard reports those words field by field."""
    source = None
    if not isinstance(profile, Profile):
        from ..loading import load_profile

        source = str(profile)
        profile = load_profile(profile)
    words = wording if wording is not None else default_wording()
    as_of = as_of or dt.date.today()
    sb = profile.stepback
    target = sb.target
    names = {
        "employer": target.organization or "this employer",
        "field": target.industry or "this field",
        "position": target.position,
    }
    answers = _answers(profile)
    questions = [
        Question(q, words.question(q), f"stepback.questions.{q}", answers.get(q)) for q in QUESTIONS
    ]
    patterns = _patterns(profile, answers, words)
    search = _search(sb.search_started, as_of, words)
    move = MoveReport(str(sb.move), patterns, search)
    evidence = _evidence(profile, check_words)
    doubts = _doubts(profile, evidence, words, names)
    network = _network(profile, answers, words, names)

    cautions = []
    if not move.fits:
        caution = words.caution("no-pattern")
        cautions.append(Caution("no-pattern", caution.title, fill(caution.message, **names)))
    fits = {p.id for p in move.fits}
    if (
        sb.move in _LOW_PAY_MOVES
        and not fits & {"preferred-employer", "new-sector"}
        and all(s.relevance == "none" for s in evidence.stories)
    ):
        caution = words.caution("panic-move")
        cautions.append(
            Caution("panic-move", caution.title, fill(caution.message, **names, search=search.text))
        )
    doubting = [f for f in evidence.findings if f.raises_doubt]
    if doubting:
        caution = words.caution("doubt-words")
        cautions.append(
            Caution("doubt-words", caution.title, fill(caution.message, count=len(doubting)))
        )
    return Assessment(
        source=source,
        name=profile.basics.name,
        position=target.position,
        employer=target.organization,
        industry=target.industry,
        as_of=as_of,
        move=move,
        doubts=doubts,
        evidence=evidence,
        network=network,
        questions=questions,
        cautions=cautions,
    )


# --------------------------------------------------------------------------- the move


def _answers(profile: Profile) -> dict[str, str]:
    given = profile.stepback.questions
    if given is None:
        return {}
    return {q: value for q in QUESTIONS if (value := getattr(given, q))}


def _is_answer(text: str) -> bool:
    return not _NOT_AN_ANSWER.match(text)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _patterns(profile: Profile, answers: dict[str, str], words: Wording) -> list[PatternFit]:
    sb = profile.stepback
    out = []
    for pattern_id in PATTERNS:
        kinds, question = _PATTERN_SOURCES[pattern_id]
        evidence = [
            f"motivation ({m.kind}): {_short(m.detail or '(kind only)')}"
            for m in sb.motivations
            if m.kind in kinds
        ]
        if pattern_id == "new-sector" and sb.move == Move.NEW_INDUSTRY:
            evidence.insert(0, "move: new-industry")
        if question and question in answers and _is_answer(answers[question]):
            evidence.append(f'answer to "{words.question(question)}": {_short(answers[question])}')
        text = words.pattern(pattern_id)
        out.append(PatternFit(pattern_id, text.label, text.why, bool(evidence), evidence))
    return out


def months_between(started: dt.date, as_of: dt.date) -> int:
    """Whole months from ``started`` to ``as_of`` (negative when it is later)."""
    months = (as_of.year - started.year) * 12 + as_of.month - started.month
    if as_of.day < started.day:
        months -= 1
    return months


def _search(started: str | None, as_of: dt.date, words: Wording) -> Search:
    values: dict[str, Any] = {
        "guide": GUIDE_MONTHS,
        "started": started,
        "as_of": as_of.isoformat(),
        "months": None,
    }
    if started is None:
        return Search(
            None, None, GUIDE_MONTHS, "not-recorded", fill(words.search.not_recorded, **values)
        )
    date = dt.date.fromisoformat(started if len(started) == 10 else started + "-01")
    if date > as_of:
        return Search(
            started, None, GUIDE_MONTHS, "not-started", fill(words.search.not_started, **values)
        )
    months = months_between(date, as_of)
    values["months"] = months
    if months > GUIDE_MONTHS:
        return Search(
            started, months, GUIDE_MONTHS, "past-guide", fill(words.search.past_guide, **values)
        )
    return Search(
        started, months, GUIDE_MONTHS, "within-guide", fill(words.search.within_guide, **values)
    )


# ------------------------------------------------------------------------ the doubts

_ORG_STOP: Final = frozenset({"the", "a", "an", "of", "and", "&"})
# First words too common to stand for an organization on their own ("National Grid").
_ORG_GENERIC_TEXT: Final = """
american national united first general global international city state county university
bank new north south east west central metro regional public royal community federal great
"""
_ORG_GENERIC: Final = frozenset(_ORG_GENERIC_TEXT.split())


_NAME_WORD = re.compile(r"[\w&]+(?:['’][\w]+)*")


class _Employer:
    """Finds the target organization in a text: its full name in any case, or with
    ``short`` its first distinctive word as a proper noun ("Ridgeline's" for Ridgeline
    Outfitters). Plain string checks: no regex is compiled per profile."""

    def __init__(self, organization: str, *, short: bool = True) -> None:
        self.name = organization.lower()
        first = next((w for w in organization.split() if w.lower() not in _ORG_STOP), "")
        usable = len(first) >= 3 and first[0].isupper() and first.lower() not in _ORG_GENERIC
        self.first = first if short and usable else None

    def named_in(self, text: str) -> bool:
        lowered = text.lower()
        start = lowered.find(self.name)
        while start != -1:
            end = start + len(self.name)
            if not _is_word_char(lowered, start - 1) and not _is_word_char(lowered, end):
                return True
            start = lowered.find(self.name, start + 1)
        if self.first is None or self.first not in text:
            return False
        return any(
            word == self.first or word.startswith((self.first + "'", self.first + "’"))
            for word in _NAME_WORD.findall(text)
        )


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _employer(organization: str | None, *, short: bool = True) -> _Employer | None:
    return _Employer(organization, short=short) if organization else None


def _names_target(text: str, employer: _Employer | None, field_stems: set[str]) -> bool:
    if employer is not None and employer.named_in(text):
        return True
    return bool(field_stems & set(_stems(text)))


def _doubts(
    profile: Profile, evidence: EvidenceReport, words: Wording, names: dict[str, str]
) -> list[DoubtReport]:
    sb = profile.stepback
    employer = _employer(sb.target.organization)
    field_stems = set(_stems(sb.target.industry or ""))
    toward = [
        m
        for m in sb.motivations
        if m.kind in (MotivationKind.PREFERRED_EMPLOYER, MotivationKind.NEW_INDUSTRY)
        or _names_target(m.detail or "", employer, field_stems)
    ]
    motivation = DoubtReport(
        "motivation",
        words.doubts.motivation.question,
        bool(toward),
        [f"motivation ({m.kind}): {_short(m.detail or '(kind only)')}" for m in toward],
        [] if toward else [fill(words.doubts.motivation.add, **names)],
    )

    stance = str(sb.compensation)
    compensation = DoubtReport(
        "compensation",
        words.doubts.compensation.question,
        stance != "unspecified",
        [f"compensation: {stance}"] if stance != "unspecified" else [],
        [fill(words.doubts.compensation.add, **names)] if stance == "unspecified" else [],
    )

    measured = [s for s in evidence.stories if s.score > 0]
    proof: list[str] = []
    add: list[str] = []
    if sb.commitment:
        proof.append(f"commitment: {_short(sb.commitment)}")
    else:
        add.append(fill(words.doubts.commitment.add_commitment, **names))
    if measured:
        count = len(measured)
        proof.append(f"{count} stor{'y' if count == 1 else 'ies'} with a measurable result")
    else:
        add.append(fill(words.doubts.commitment.add_stories, **names))
    commitment = DoubtReport("commitment", words.doubts.commitment.question, not add, proof, add)
    return [motivation, compensation, commitment]


# ----------------------------------------------------------------------- the evidence

# Words too common in career writing to show that a story is about the target.
_STOPWORD_TEXT: Final = """
    a about above after again all also am an and any are as at be been before being below
    best between both but by can could did do does doing down during each every few for
    from further had has have having he her here hers him his how i if in into is it its
    just me more most my no nor not now of off on once only or other our out over own per
    same she should so some such than that the their them then there these they this those
    through to too under until up upon very was we were what when where which while who
    whom why will with would you your yours want wants wanted way kind part whole make
    made new first one two three four five six seven eight nine ten year years month
    months week weeks day days time times role job work working next without like love
    help helped team teams led lead leading get got let across within around where
"""
_STOPWORDS: Final = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _stems(text: str) -> list[str]:
    """Content-word stems, in order ("supervisors" and "supervisor" share one)."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) >= 3]


def _relevance(story_text: str, direct: set[str], aims: set[str]) -> tuple[Relevance, list[str]]:
    shared: dict[str, str] = {}
    for word in _WORD.findall(story_text.lower()):
        if word in _STOPWORDS or len(word) < 3:
            continue
        stem = _stem(word)
        if (stem in direct or stem in aims) and stem not in shared:
            shared[stem] = word
    hits_direct = any(stem in direct for stem in shared)
    if hits_direct or len(shared) >= 3:
        level: Relevance = "high"
    elif shared:
        level = "some"
    else:
        level = "none"
    return level, list(shared.values())


def _findings(field_path: str, text: str, lint: Any) -> list[WordFinding]:
    out = []
    for f in lint.lint_text(text, LintConfig()):
        suggestion = f.suggestions[0] if f.suggestions else None
        out.append(
            WordFinding(
                field_path,
                f.category,
                f.rule,
                f.severity,
                " ".join(f.text.split()),
                f.message,
                suggestion,
            )
        )
    return out


def _evidence(profile: Profile, check_words: bool = True) -> EvidenceReport:
    import importlib

    from ..guards import public_fields

    lint = importlib.import_module("stepback_docs.lint")
    sb = profile.stepback
    target = sb.target
    direct = set(
        _stems(" ".join(filter(None, (target.position, target.industry, target.organization))))
    )
    aims = set(_stems(" ".join([m.detail or "" for m in sb.motivations] + list(sb.strengths))))
    by_story: dict[int, list[WordFinding]] = {i: [] for i in range(len(sb.stories))}
    others: list[WordFinding] = []
    for path, text in public_fields(profile) if check_words else ():
        found = _findings(path, text, lint)
        match = re.match(r"stepback\.stories\[(\d+)\]\.", path)
        if match:
            by_story[int(match.group(1))].extend(found)
        else:
            others.extend(found)
    stories = []
    for i, story in enumerate(sb.stories):
        figures = find_figures(story.result, story.problem)
        level, shared = _relevance(
            " ".join((story.problem, story.action, story.result)), direct, aims
        )
        stories.append(
            StoryReport(
                i,
                story.problem,
                story.result,
                figures.score,
                {kind: list(items) for kind, items in figures.found.items()},
                figures.before_after,
                level,
                shared,
                by_story[i],
            )
        )
    return EvidenceReport(stories, others)


# ------------------------------------------------------------------------ the network


def _network(
    profile: Profile, answers: dict[str, str], words: Wording, names: dict[str, str]
) -> NetworkReport:
    sb = profile.stepback
    evidence = []
    answer = answers.get("connections")
    if answer and _is_answer(answer):
        evidence.append(f'answer to "{words.question("connections")}": {_short(answer)}')
    employer = _employer(sb.target.organization, short=False)
    if employer is not None:
        ties = [
            *(f"work: {w.name}" for w in profile.work if w.name and employer.named_in(w.name)),
            *(
                f"volunteer: {v.organization}"
                for v in profile.volunteer
                if v.organization and employer.named_in(v.organization)
            ),
            *(
                f"reference: {r.name}"
                for r in profile.references
                if employer.named_in(" ".join(filter(None, (r.name, r.reference))))
            ),
        ]
        evidence += ties
    if evidence:
        return NetworkReport("recorded", evidence, None)
    if sb.target.hiring_manager:
        return NetworkReport(
            "partial",
            [f"hiring manager: {sb.target.hiring_manager}"],
            fill(words.network.hiring_manager_only, **names)
            + " "
            + fill(words.network.add, **names),
        )
    return NetworkReport("missing", [], fill(words.network.add, **names))
