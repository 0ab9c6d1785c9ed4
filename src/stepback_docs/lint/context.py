"""The taxonomy's context rules: negation and contrast, whose feeling it is, quotes.

Applied to each raw match of a rule, on the lower-cased sentence. Word lists are sets
(not big regex alternations) because compiling regexes at start-up costs more than the
whole lint of a cover letter.
"""

from __future__ import annotations

import re

from ..findings import Severity
from .ruleset import RuleSpec

WINDOW = 90  # characters of context looked at before a match
WORDS = re.compile(r"[\w'\-]+")

NEGATION = re.compile(
    r"(?:\b(?:not|never|no|without|nor|hardly|rarely|nobody|nothing|none)|n't)"
    r"(?:[\s,]+[\w'\-]+){0,3}[\s,]*$"
)
CONTRAST = re.compile(
    r"(?:\b(?:not|never)|n't)\s+(?:[\w']+\s+){0,2}?"
    r"(?:because|out\s+of|due\s+to|from|that|about|over)\b|nothing\s+to\s+do\s+with"
)
# Double negatives that accept rather than deny: "I don't mind taking a lower position".
NOT_NEGATION = re.compile(
    r"(?:\b(?:not|never|no)|n't)\s+(?:mind|object|hesitate|averse|opposed|problem|issue|"
    r"doubt|question|objection|regrets?|wait|help|stop|resist|deny|forget)\b"
)
INNER_NEGATION = re.compile(r"\b(?:not|never|no|without|hardly)\b|n't")
UNTIL_SELF = re.compile(r"^[^.;]*?\b(?:until|till)\s+(?:we|i|our|my)\b")
QUOTE = re.compile(
    r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d|(?<![\w])'[^'\n]{1,300}'(?![\w])"
)

# People other than the candidate who may own a feeling ("customers were unhappy").
OTHERS = frozenset(
    """customer customers client clients user users patient patients student students
    staff employee employees associate associates policyholder policyholders member
    members families family resident residents caller callers shopper shoppers guest
    guests passenger passengers learner learners tenant tenants donor donors volunteer
    volunteers citizen citizens agent agents rep reps nurse nurses teacher teachers driver
    drivers worker workers people team teams crew crews partner partners stakeholder
    stakeholders buyer buyers subscriber subscribers investor investors homeowner
    homeowners parent parents children kids hire hires physician physicians doctor doctors
    colleagues coworkers co-workers peers others everyone they them their engineer
    engineers developer developers analyst analysts manager managers technician
    technicians operator operators clerk clerks faculty officers players athletes readers
    viewers audience audiences listeners communities farmers growers department
    departments teenagers youth adults seniors retirees applicants candidates trainees
    apprentices interns recruits veterans consumers visitors fans owners landlords lenders
    borrowers merchants vendors suppliers contractors dispatchers adjusters underwriters
    auditors attorneys lawyers paralegals accountants caregivers parishioners pupils
    graduates newcomers staffers""".split()  # noqa: SIM905
)
# The others are the subject of the feeling: "customers were unhappy", "staff who felt".
LINKS = frozenset(
    [
        "who",
        "that",
        "were",
        "was",
        "are",
        "is",
        "felt",
        "feel",
        "feels",
        "seemed",
        "seem",
        "became",
        "become",
        "got",
        "grew",
        "remained",
        "stayed",
        "been",
        "get",
        "gets",
        "had",
        "have",
    ]
)
# Words before an "others" noun that make it an object: "conflict between senior people".
OBJECT_CUES = frozenset(
    [
        "between",
        "with",
        "of",
        "for",
        "to",
        "among",
        "from",
        "by",
        "about",
        "on",
        "at",
        "in",
        "over",
        "under",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "dozen",
        "dozens",
    ]
)
NOT_ADJECTIVE_BRIDGE = frozenset(
    [
        "with",
        "every",
        "each",
        "all",
        "the",
        "a",
        "an",
        "our",
        "those",
        "these",
        "their",
        "his",
        "her",
        "of",
        "by",
        "for",
        "to",
        "at",
        "in",
        "about",
        "from",
        "among",
        "around",
        "toward",
        "towards",
        "and",
        "or",
        "as",
        "like",
        "than",
        "me",
        "my",
        "i",
    ]
)
FIRST_PERSON = frozenset("i me my i'm i've i'd i'll myself".split())  # noqa: SIM905
# A resume bullet opening with a remedy verb describes a problem solved for others.
REMEDY = frozenset(
    """helped help supported coached guided trained mentored won turned calmed reassured
    retained rescued found counseled counselled served resolved reduced cut lowered
    eliminated automated fixed prevented addressed tackled ended solved streamlined
    simplified redesigned replaced retired relieved eased rebuilt revived re-engaged
    reengaged designed built created launched ran led managed taught wrote developed
    established introduced implemented produced supervised maintained directed coordinated
    restored improved transformed overhauled cleaned set sharpened provided used organized
    organised arranged worked volunteered handled negotiated oversaw drove kept""".split()  # noqa: SIM905
)


# A turn in a bullet ("Led the team but grew bored") starts a clause the opening remedy
# verb no longer governs, unless another remedy verb (not "found": "but found it dull")
# opens that clause. Not a semicolon: bullets join two results with one ("Built a roster
# tool; burnout among drivers fell by a third").
TURN = re.compile(r"\b(?:but|though|although|yet|whereas)\b")


def _remedy_reaches(ns: str, a: int) -> bool:
    """Whether the opening remedy verb still governs the match at ``a``."""
    turns = list(TURN.finditer(ns, 0, a))
    if not turns:
        return True
    after = WORDS.findall(ns, turns[-1].end(), a)
    return bool(after) and after[0] in REMEDY and after[0] != "found"


def quoted_spans(ns: str) -> list[tuple[int, int]]:
    return [q.span() for q in QUOTE.finditer(ns)]


def _others_own_it(before: list[str]) -> bool:
    """An others-noun right before the match, as the subject of the feeling."""
    for k in range(len(before) - 1, max(-1, len(before) - 5), -1):
        if before[k] in OTHERS:
            between = before[k + 1 :]
            if FIRST_PERSON.intersection(between):
                return False
            prev = before[max(0, k - 2) : k]
            objecty = any(
                w in OBJECT_CUES or w.endswith(("ing", "ed")) or w[:1].isdigit() for w in prev
            )
            return not objecty and (not between or bool(LINKS.intersection(between)))
    return False


def _describes_others(after: list[str]) -> bool:
    """The match is an adjective for other people: "bored teenagers"."""
    if not after:
        return False
    if after[0] in OTHERS:
        return True
    return len(after) > 1 and after[0] not in NOT_ADJECTIVE_BRIDGE and after[1] in OTHERS


def context_severity(rule: RuleSpec, ns: str, a: int, b: int) -> Severity | None:
    """The severity after the context rules, or None to drop the match."""
    severity: Severity = rule.severity  # type: ignore[assignment]
    before = ns[max(0, a - WINDOW) : a]
    if rule.negation == "drop-any" and INNER_NEGATION.search(ns, a, b):
        return None  # "I've never once been bored": the negation sits inside the match
    if rule.negation in ("drop", "drop-any"):
        if CONTRAST.search(before):
            return "warning" if severity == "error" else severity
        negated = NEGATION.search(before)
        if negated is not None and not NOT_NEGATION.match(negated.group(0)):
            return None
    if rule.self_only:
        if _others_own_it(WORDS.findall(before)):
            return None
        if ns.count(" ", a, b) <= 1 and _describes_others(WORDS.findall(ns, b, b + 40)[:2]):
            return None
        head = WORDS.findall(ns, 0, a)
        # "...the job burned me out": the candidate named inside or right after the match.
        mine = bool(FIRST_PERSON.intersection(head)) or bool(
            FIRST_PERSON.intersection(WORDS.findall(ns, a, b + 12)[: ns.count(" ", a, b) + 3])
        )
        if not mine:
            opening = WORDS.match(ns)
            if opening is not None and opening.group(0) in REMEDY and _remedy_reaches(ns, a):
                return None
            if UNTIL_SELF.match(ns[b:]):
                return None
    return severity
