"""Checks every generated document must pass before it is written, from any backend.

1. lint: no warning or error from the linter (``stepback_docs.lint.lint_text``);
2. grounding: every number, amount, percentage, organization and job title appears in
   the profile's public text (never in ``private_notes``), so no invented metrics,
   employers or titles;
3. privacy: nothing distinctive from ``private_notes`` appears;
4. form: length limits, no unfilled placeholders, no markup debris.

Each guard returns a ``GuardResult`` whose problems are specific enough to send back to
an LLM as feedback ("remove the amount "$3.1M": it is not in the profile") and to show a
coach. The linter is imported lazily: the guards work (minus the lint gate, and with a
local leak check) before it is installed.

``profile_text_problems`` lints the profile's own public fields, because a template can
only repeat what the coach wrote: a motivation written as "I want less stress" must be
fixed in the profile, and the error names the field.
"""

from __future__ import annotations

import importlib
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .documents import GuardResult
from .errors import StepbackError
from .findings import SEVERITY_RANK, LintConfig
from .model import Profile
from .resources import data_dir


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


GUARD_NAMES: tuple[str, ...] = ("lint", "grounding", "privacy", "form")


class GuardError(StepbackError):
    """A document that cannot pass its guards; ``problems`` are one line each."""

    def __init__(self, message: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join([message, *problems]) if problems else message)


# ------------------------------------------------------------------ text helpers


_POSSESSIVE_RE = re.compile(r"'s\b")
_VP_RE = re.compile(r"\bvice president\b")
# Every byte but a-z and 0-9 as a space (non-ASCII characters are encoded as "?" first).
_ALNUM_ONLY = bytes(c if 0x30 <= c <= 0x39 or 0x61 <= c <= 0x7A else 0x20 for c in range(256))


def _normalize(text: str) -> str:
    """Lower case, "&" as "and", "vice president" as "vp", punctuation as spaces."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    if "'s" in text:
        text = _POSSESSIVE_RE.sub("", text)
    # Runs of anything but [a-z0-9] as one space, at C speed (the regex substitution
    # took most of the time of building a profile's guards).
    text = " ".join(text.encode("ascii", "replace").translate(_ALNUM_ONLY).decode().split())
    if "vice president" in text:
        text = _VP_RE.sub("vp", text)
    return text


def _strings(value: Any, into: list[str]) -> list[str]:
    """Every string (and number, as text) in ``value``, depth first, appended to ``into``."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict | list | tuple):
        for item in value.values() if isinstance(value, dict) else value:
            if type(item) is str:  # most items: no call
                into.append(item)
            elif item is not None:
                _strings(item, into)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        into.append(str(value))
    return into


def public_text(profile: Profile) -> str:
    """Every public string of the profile (everything except ``private_notes``)."""
    # The six questions' answers and the search's start date are coach material for
    # `assess`: documents never draw on them, so they are no source for a fact either.
    data = profile.model_dump(
        mode="json", exclude={"stepback": {"private_notes", "questions", "search_started"}}
    )
    return "\n".join(_strings(data, []))


# ------------------------------------------------------------------- numbers

_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_NUM = r"\d[\d,]*(?:\.\d+)?|\.\d+"
_SUFFIX = r"(?:\s?(?:k|mm|m|bn|b|thousand|million|billion)\b)?"
# A figure: money ("$2.4M"), a percentage ("18%", "9 per cent") or a number ("12",
# "3 million", but not the "2" of "Q2"). Written as
#   (?=[$£€.\d])(?:(?P<money>[$£€]\s?(?:NUM)SUFFIX)
#                |(?P<pct>(?:NUM)\s?(?:%|percent\b|per cent\b))
#                |(?P<num>(?<![\w.])(?:NUM)SUFFIX))
# with the first character taken before the alternatives (each then checks it with a
# lookbehind), which lets the regex engine skip to candidates at C speed; same matches.
_NUM_REST = r"(?:(?<=\d)[\d,]*(?:\.\d+)?|(?<=\.)\d+)"  # a NUM after its first character
_NUMBER_PATTERN = (
    rf"[$£€.\d](?:(?P<money>(?<=[$£€])\s?(?:{_NUM}){_SUFFIX})"
    rf"|(?P<pct>{_NUM_REST}\s?(?:%|percent\b|per cent\b))"
    rf"|(?P<num>(?<![\w.].){_NUM_REST}{_SUFFIX}))"
)
_NUMBER_RE = re.compile(_NUMBER_PATTERN, re.IGNORECASE)
# The same matches in ASCII text (nearly every text), found about a third faster: the
# engine tests \d and \w at every character it skips, and their ASCII forms are plain
# table lookups. In ASCII text they match the same characters; \s is written out as the
# characters it matches there (str.isspace's, which include \x1c-\x1f), and "k" etc. fold
# case alike.
_ASCII_NUMBER_RE = re.compile(
    _NUMBER_PATTERN.replace(r"\s", r"[\t-\r\x1c- ]"), re.IGNORECASE | re.ASCII
)


def public_corpus(profile: Profile) -> str:
    """The profile's public text, normalized for ``in_public_text``."""
    return f" {_normalize(public_text(profile))} "


def in_public_text(phrase: str, corpus: str) -> bool:
    """Whether ``phrase`` occurs in the profile's public text (``public_corpus``): the
    candidate's own name or employer repeated in the private notes is not a leak."""
    norm = _normalize(phrase)
    return bool(norm) and f" {norm} " in corpus


def _number_matches(text: str) -> Iterator[re.Match[str]]:
    """``_NUMBER_RE.finditer(text)``."""
    return (_ASCII_NUMBER_RE if text.isascii() else _NUMBER_RE).finditer(text)


_TENS = frozenset(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))
_UNITS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))
_NUM_RE = re.compile(_NUM)
_SCALE_RE = re.compile(r"(k|mm|m|bn|b|thousand|million|billion)$")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def _by_first_letter(words: Iterable[str]) -> str:
    r"""``(?<!\w)(?:WORDS)``, written with each word's first letter before the lookbehind
    (which then looks back past it), so the regex engine skips to candidates at C speed
    instead of trying the lookbehind at every character; same matches."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{c}(?<!\\w.)(?:{_alternatives(rests[c])})" for c in sorted(rests))


# Number words are whole words ("two", not "network"); a tens word and a unit word that
# follow each other ("twenty-five", "thirty two") are one figure, the unit not another.
_NUMBER_WORD_RE = re.compile(rf"(?:{_by_first_letter(_NUMBER_WORDS)})(?!\w)")
_UNIT_AFTER_RE = re.compile(rf"\W+({_alternatives(_UNITS)})(?!\w)")


def _figures(text: str) -> Iterator[tuple[str, str, float, float]]:
    """(kind, token, scaled value, bare number) for every figure in ``text``."""
    for match in _number_matches(text):
        kind = match.lastgroup or "num"
        token = match.group(0)
        yield (kind, token, *_value(token))
    for token, value in _number_words(text):
        yield ("num", token, value, value)


def _number_words(text: str) -> Iterator[tuple[str, float]]:
    """(token, value) for every number written as words: "twenty-five", "dozen"."""
    lowered = text.lower()
    end = 0  # where the last compound ended: its unit is not another figure
    for match in _NUMBER_WORD_RE.finditer(lowered):
        if match.start() < end:
            continue
        word = match.group()
        if word in _TENS:
            unit = _UNIT_AFTER_RE.match(lowered, match.end())
            if unit is not None:
                end = unit.end()
                value = _NUMBER_WORDS[word] + _NUMBER_WORDS.get(unit.group(1), 1)
                yield f"{word}-{unit.group(1)}", float(value)
                continue
        yield word, float(_NUMBER_WORDS[word])


def _value(token: str) -> tuple[float, float]:
    """(scaled value, bare number): "$2.4M" -> (2400000.0, 2.4)."""
    if token.isdecimal():  # most figures: digits only, no separator, point or scale
        number = float(token)
        return number, number
    lowered = token.lower().strip()
    if lowered in _NUMBER_WORDS:
        number = float(_NUMBER_WORDS[lowered])
        return number, number
    match = _NUM_RE.search(lowered)
    number = float(match.group(0).replace(",", "")) if match else 0.0
    suffix = _SCALE_RE.search(lowered)
    scale = _SCALE[suffix.group(1)] if suffix else 1.0
    return round(number * scale, 6), round(number, 6)


@dataclass(frozen=True, slots=True)
class NumberIndex:
    """The figures a profile states, by kind, so a document can only repeat them."""

    money: frozenset[float]
    percent: frozenset[float]
    any: frozenset[float]

    @classmethod
    def of(cls, text: str) -> NumberIndex:
        money: set[float] = set()
        percent: set[float] = set()
        everything: set[float] = set()
        for match in _number_matches(text):
            scaled, bare = _value(match.group(0))
            everything.add(scaled)
            everything.add(bare)
            kind = match.lastgroup
            if kind == "money" or scaled != bare:
                money.add(scaled)
            if kind == "pct":
                percent.add(bare)
        everything.update(value for _token, value in _number_words(text))  # kind "num"
        return cls(frozenset(money), frozenset(percent), frozenset(everything))

    def missing(self, text: str) -> list[str]:
        """Figures in ``text`` that the profile does not state."""
        return self.missing_from(_figures(text))

    def missing_from(self, figures: Iterable[tuple[str, str, float, float]]) -> list[str]:
        missing = []
        for kind, token, scaled, bare in figures:
            if kind == "money":
                ok = scaled in self.money
            elif kind == "pct":
                ok = bare in self.percent or bare in self.any
            else:
                ok = scaled in self.any or bare in self.any
            if not ok:
                missing.append(token.strip())
        return missing


# ------------------------------------------------------ organizations and titles

TITLE_WORDS = _wordset(
    "ceo cfo coo cto cio cmo cro chro cpo ciso vp svp evp avp president director manager "
    "head chief officer lead supervisor coordinator specialist analyst engineer "
    "administrator partner principal founder superintendent foreman consultant "
    "associate executive controller treasurer"
)
ORG_SUFFIXES = _wordset(
    "inc inc. llc llp ltd ltd. corp corp. corporation co co. company group foods "
    "holdings partners bank labs systems technologies logistics industries solutions "
    "consulting ventures capital university college hospital institute foundation "
    "gmbh ag plc sa"
)
# Capitalized words that start sentences or greetings, never names on their own.
_COMMON_CAPS = _wordset(
    "a an the at in on as when while with for from to my our your this that these those "
    "we it here there what which who how why after before during since thank thanks dear "
    "hi hello so and but or if most working doing moving starting leading being by over "
    "every each one some many my me let let's yes no please best kind warm sincerely "
    "regards whether where today tomorrow"
)
_AFTER = _wordset("at with for from join joined joining by")
_CAP_WORD = r"(?<![\w'’-])(?!I\b|I['’])[A-Z][\w'’&-]*"
# The run's first word is _CAP_WORD with its capital taken first (the lookarounds then
# look back at it), so the regex engine skips to capitals at C speed; same matches.
_FIRST_CAP_WORD = r"[A-Z](?<![\w'’-].)(?!(?<=I)\b)[\w'’&-]*"
_RUN_RE = re.compile(rf"{_FIRST_CAP_WORD}(?:[ \t]+(?:(?:of|for|&)[ \t]+)?{_CAP_WORD})*")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z']+)[ \t]+$")


@dataclass(frozen=True, slots=True)
class NameCandidate:
    text: str
    kind: str  # "job title", "organization" or "name"
    full: str | None = None  # with the sentence's first word, which may belong to it


_SENTENCE_END_RE = re.compile(r"(?:[.!?:]\s|\n)[\s\"'“‘(]*$")


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 6) : start]
    return not text[:start].strip() or _SENTENCE_END_RE.search(before) is not None


def name_candidates(text: str) -> list[NameCandidate]:
    """Capitalized multiword names, titles and org names, minus sentence starters.

    A sentence's first word is capitalized anyway, so "Then Ada Lovelace" is checked as
    "Ada Lovelace" (and as the whole run, in case the name starts the sentence).
    """
    found = []
    for match in _RUN_RE.finditer(text):
        words = match.group(0).split()
        full = None
        if len(words) > 1 and _at_sentence_start(text, match.start()):
            full = " ".join(words)
            words = words[1:]
        while words and words[0].lower().strip(".,") in _COMMON_CAPS:
            words.pop(0)
        while words and words[-1].lower() in ("of", "for", "&"):
            words.pop()
        if not words:
            continue
        lowered = [w.lower().strip(".,'’") for w in words]
        is_title = any(w in TITLE_WORDS or w.rstrip("s") in TITLE_WORDS for w in lowered)
        is_org = lowered[-1] in ORG_SUFFIXES
        if len(words) == 1 and not (is_title or is_org):
            start = match.start() + match.group(0).index(words[0])
            before = _WORD_BEFORE_RE.search(text[:start][-20:])
            if not before or before.group(1).lower() not in _AFTER:
                continue
        kind = "job title" if is_title else "organization" if is_org else "name"
        found.append(NameCandidate(" ".join(words), kind, full))
    return found


@dataclass(frozen=True, slots=True)
class _PhraseKeys:
    """A phrase's normalized forms, each as the " word word " a corpus must contain."""

    whole: str | None  # None: nothing left after normalizing (always grounded)
    parts: tuple[str, ...]  # "director of operations" -> " director ", " operations "
    singular: str | None  # " supervisor " for "supervisors"


_PHRASE_KEYS: dict[str, _PhraseKeys] = {}
_PART_SPLIT = re.compile(r"\b(?:of|for|and)\b")


def _phrase_keys(phrase: str) -> _PhraseKeys:
    keys = _PHRASE_KEYS.get(phrase)
    if keys is None:
        norm = _normalize(phrase)
        parts = [p for p in _PART_SPLIT.split(norm) if p.strip()]
        keys = _PhraseKeys(
            f" {norm} " if norm else None,
            tuple(f" {p.strip()} " for p in parts) if len(parts) > 1 else (),
            f" {norm[:-1]} " if norm.endswith("s") else None,
        )
        if len(_PHRASE_KEYS) >= 20_000:
            _PHRASE_KEYS.clear()
        _PHRASE_KEYS[phrase] = keys
    return keys


def _grounded(phrase: str, corpus: str) -> bool:
    keys = _phrase_keys(phrase)
    if keys.whole is None or keys.whole in corpus:
        return True
    # "Director of Operations at Northwind" style runs: every part must be grounded.
    if keys.parts and all(part in corpus for part in keys.parts):
        return True
    # Plurals of a grounded title ("Supervisors" when the profile says "supervisor").
    return keys.singular is not None and keys.singular in corpus


# --------------------------------------------------------------------- privacy

_STOPWORDS = _wordset(
    "a an the and or but if of to in on at by for with from as is was were be been being "
    "am are i me my mine we us our you your he she they them their it its this that these "
    "those not no so than then too very can could would should will just have has had do "
    "did does about into over under again more most some such only own same what which "
    "who whom when where why how all any both each few other there here also because "
    "while after before up down out off"
)
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace("’", "'"))


def _stem(word: str) -> str:
    for suffix in ("ingly", "ings", "ing", "edly", "ed", "able", "ness", "ly", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@cache
def template_vocabulary() -> frozenset[str]:
    """Every word the templates themselves use: never a leak when a document repeats it."""
    words: set[str] = set()
    for path in data_dir("templates").glob("*.j2"):
        words.update(_words(path.read_text(encoding="utf-8")))
    return frozenset(words)


@cache
def _template_stems() -> frozenset[str]:
    return frozenset(_stem(w) for w in template_vocabulary() | _STOPWORDS)


@dataclass(frozen=True, slots=True)
class PrivateIndex:
    """What is distinctive in ``private_notes``: words and 3-word phrases not public."""

    words: frozenset[str]  # stems
    phrases: frozenset[str]  # normalized 3-word phrases

    @classmethod
    def of(cls, notes: str | None, public: str) -> PrivateIndex:
        if not notes:
            return cls(frozenset(), frozenset())
        public_words = set(_words(public))
        common = public_words | template_vocabulary() | _STOPWORDS
        common_stems = {_stem(w) for w in public_words} | _template_stems()
        note_words = _words(notes)
        words = {
            _stem(w)
            for w in note_words
            if w not in common and _stem(w) not in common_stems and (len(w) >= 5 or w.isdigit())
        }
        public_norm = f" {_normalize(public)} "
        phrases = set()
        for i in range(len(note_words) - 2):
            trio = note_words[i : i + 3]
            if all(w in _STOPWORDS for w in trio):
                continue
            phrase = _normalize(" ".join(trio))
            if phrase and f" {phrase} " not in public_norm:
                phrases.add(phrase)
        return cls(frozenset(words), frozenset(phrases))

    def leaks(self, text: str) -> list[str]:
        leaks = []
        for word in dict.fromkeys(_words(text)):
            if _stem(word) in self.words:
                leaks.append(word)
        norm = f" {_normalize(text)} "
        leaks += [p for p in sorted(self.phrases) if f" {p} " in norm and p not in leaks]
        return leaks


# ------------------------------------------------------------------------ form

# Words (or characters) per kind and length. The upper bounds are hard; the lower bounds
# catch truncated drafts, and leave room for sparse profiles (no filler sentences).
WORD_LIMITS: dict[tuple[str, str], tuple[int, int]] = {
    ("cover-letter", "short"): (60, 220),
    ("cover-letter", "medium"): (100, 400),
    ("cover-letter", "long"): (120, 480),
    ("interview-answer", "short"): (70, 220),
    ("interview-answer", "medium"): (80, 220),
    ("interview-answer", "long"): (80, 220),
    ("networking-message", "short"): (40, 260),
    ("networking-message", "medium"): (50, 260),
    ("networking-message", "long"): (50, 260),
}
CHAR_LIMITS: dict[str, int] = {"linkedin-headline": 220, "linkedin-about": 2600}
HOOK_CHARS = 270

# (pattern, what it is, hints): the pattern only runs when one of the literal hints is in
# the text (the lowered text for hints written in lower case), which keeps the form
# guard cheap on the clean documents that make up almost every batch.
_Check = tuple[re.Pattern[str], str, tuple[str, ...]]
_EMPTY_SLOT_RE = re.compile(r"[ \t\n][,.;:](?!\d)|,,|\.\.(?!\.)|\(\s*\)")
# Its hints but "(": without any of them only the last alternative, "( )", can match.
_EMPTY_SLOT_HINTS = (" ,", " .", " ;", " :", "\t", "\n,", "\n.", "\n;", "\n:", ",,", "..")
_EMPTY_PARENS_RE = re.compile(r"\(\s*\)")
_PLACEHOLDERS: tuple[_Check, ...] = (
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template braces", ("{{", "}}", "{%", "%}")),
    (re.compile(r"\[[A-Z][A-Za-z ]{1,30}\]"), "a bracketed placeholder", ("[",)),
    (
        re.compile(r"\b(?:TODO|TBD|FIXME|XXX|Lorem ipsum)\b", re.IGNORECASE),
        "a to-do marker",
        ("todo", "tbd", "fixme", "xxx", "lorem ipsum"),
    ),
    (re.compile(r"<[^<>\n]{1,40}>"), "an angle-bracket placeholder or HTML tag", ("<",)),
    (
        re.compile(r"\b(?:None|null|undefined|NaN)\b"),
        "an empty value",
        ("None", "null", "undefined", "NaN"),
    ),
    (_EMPTY_SLOT_RE, "an empty slot", (*_EMPTY_SLOT_HINTS, "(")),
)
_DEBRIS: tuple[_Check, ...] = (
    (re.compile(r"\*\*|__|```|`"), "markdown emphasis or code marks", ("**", "__", "`")),
    (re.compile(r"(?m)^\s*#{1,6}\s"), "a markdown heading", ("#",)),
    # Hints must be necessary: a bullet written with a tab ("-\t") has no "- ".
    (re.compile(r"(?m)^\s*[-*•]\s"), "a bullet list", ("-", "*", "•")),
    (re.compile(r"[{}]|\"\w+\"\s*:"), "JSON braces or keys", ("{", "}", '":', '" :')),
    (
        re.compile(
            r"(?i)^\s*(?:(?:here is|here's|below is)\s+(?:your|the|a|an|my)\b[^.:\n]{0,40}?"
            r"(?:letter|headline|about|section|message|answer|draft)\b"
            r"|sure[,!]|certainly[,!]|of course[,!]|as an ai\b|as a language model\b)"
        ),
        "a chat preamble",
        ("here", "below", "sure", "certainly", "of course", "as a"),
    ),
    (
        re.compile(r"(?i)\b(?:cover letter|linkedin about section|interview answer):"),
        "a label",
        ("cover letter:", "about section:", "interview answer:"),
    ),
)


# (pattern, what, hints matched as written, hints matched against the lowered text)
_CHECKS = tuple(
    (
        pattern,
        what,
        tuple(h for h in hints if not h.islower()),
        tuple(h for h in hints if h.islower()),
    )
    for pattern, what, hints in _PLACEHOLDERS + _DEBRIS
)


def _doubled_word(words: list[str]) -> str | None:
    """The first word (of the lowered text's words) written twice in a row."""
    if True not in map(operator.eq, words, words[1:]):  # no repeat at all (C speed)
        return None
    for first, second in itertools.pairwise(words):
        if first == second and first.isalpha() and len(first) > 1:
            return f"{first} {second}"
    return None


_FIRST_PERSON_RE = re.compile(r"\b(?:I|my|I'm|I've)\b")


_BOUNDARY_NEXT = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ"“(')


def _crosses_sentences(hint: str) -> bool:
    """Whether ``hint`` can occur in a text but in none of its sentences (``_sentences``).

    The text between two sentences is whitespace: a run after [.!?] and before
    [A-Z"“(], or a newline, any whitespace, and a newline. So a hint without whitespace
    always lies inside one sentence, and so does one whose spaces cannot be such a run
    (" ," cannot: the mark after the space starts no sentence; "of course" cannot).
    """
    if not any(c.isspace() for c in hint):
        return False
    if any(c.isspace() and c != " " for c in hint) or "  " in hint:
        return True
    for i, c in enumerate(hint):
        if c == " ":
            before = hint[i - 1] if i else "."
            after = hint[i + 1] if i + 1 < len(hint) else "A"
            if before in ".!?" and (after in _BOUNDARY_NEXT or after.upper() in _BOUNDARY_NEXT):
                return True
    return False


def _form_gates() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Per gate bit, the hints to look for in a sentence and in its lowered text: one bit
    per check, its hints that never cross sentences; the empty slot's "(" has a bit of
    its own (the last), so a story's parenthesis alone needs only the "( )" search."""
    gates = []
    for pattern, _what, exact, lower in _CHECKS:
        exact = tuple(
            h
            for h in exact
            if not _crosses_sentences(h) and not (pattern is _EMPTY_SLOT_RE and h == "(")
        )
        gates.append((exact, tuple(h for h in lower if not _crosses_sentences(h))))
    gates.append((("(",), ()))
    return tuple(gates)


_FORM_GATES = _form_gates()
_PARENS_BIT = 1 << len(_CHECKS)
# (bit, hint, lowered) for the hints looked for in the whole text instead.
_CROSSING_HINTS = tuple(
    (1 << i, h, h.islower())
    for i, (_pattern, _what, exact, lower) in enumerate(_CHECKS)
    for h in (*exact, *lower)
    if _crosses_sentences(h)
)
_SLOT_BIT = 1 << next(i for i, check in enumerate(_CHECKS) if check[0] is _EMPTY_SLOT_RE)


def _form_facts(text: str) -> tuple[int, int, str | None, str | None, str | None]:
    """(gate bits, word count, first and last lowered word, first doubled word) of one
    sentence, for ``form_problems``."""
    lowered = text.lower()
    gates = 0
    for bit, (exact, lower) in enumerate(_FORM_GATES):
        for hint in exact:
            if hint in text:
                gates |= 1 << bit
                break
        else:
            for hint in lower:
                if hint in lowered:
                    gates |= 1 << bit
                    break
    words = lowered.split()
    if not words:
        return gates, 0, None, None, None
    return gates, len(words), words[0], words[-1], _doubled_word(words)


def form_problems(kind: str, length: str, paragraphs: list[str]) -> list[str]:
    """Length limits, placeholders and debris, as actionable one-liners."""
    text = "\n\n".join(paragraphs)
    return _form_problems(kind, length, paragraphs, text, _sentences(text))


def _form_problems(
    kind: str,
    length: str,
    paragraphs: list[str],
    text: str,
    sentences: list[_Sentence],
    minimum: bool = True,
) -> list[str]:
    """``form_problems`` of ``text``, the paragraphs joined, whose sentences these are.

    Word counts, doubled words and the hints that gate each debris pattern come from
    the sentences' memoized facts (a word pair across two sentences is checked here),
    so a document costs one pass over its sentences instead of a dozen over its text.
    """
    problems = []
    if not text.strip():
        return ["the document is empty"]
    if kind in CHAR_LIMITS:
        limit = CHAR_LIMITS[kind]
        if len(text) > limit:
            problems.append(f"{len(text)} characters: cut it to at most {limit}")
    if kind == "linkedin-headline" and len(paragraphs) != 1:
        problems.append("a headline is one line: remove the line breaks")
    if kind == "linkedin-about":
        if len(paragraphs[0]) > HOOK_CHARS:
            problems.append(
                f"the first paragraph (the hook shown before 'see more') has "
                f"{len(paragraphs[0])} characters: keep it under {HOOK_CHARS}"
            )
        if not _FIRST_PERSON_RE.search(text[:HOOK_CHARS]):
            problems.append("write in the first person ('I', 'my') from the first sentence")
    # The text's lowered words are its sentences' lowered words, in order: the text
    # between sentences is whitespace (and lower() keeps whitespace as it is).
    gates = count = 0
    doubled = last = None
    for sentence in sentences:
        facts = sentence.formed
        if facts is None:
            facts = sentence.formed = _form_facts(sentence.text)
        gates |= facts[0]
        if facts[1]:
            count += facts[1]
            if doubled is None:
                first = facts[2]
                if last == first and last is not None and last.isalpha() and len(last) > 1:
                    doubled = f"{last} {first}"
                else:
                    doubled = facts[4]
            last = facts[3]
    if (kind, length) in WORD_LIMITS:
        low, high = WORD_LIMITS[(kind, length)]
        if count > high:
            problems.append(f"{count} words: cut it to at most {high}")
        elif count < low and minimum:
            problems.append(f"{count} words: write at least {low}")
    if kind == "cover-letter" and len(paragraphs) < 3:
        problems.append("a cover letter needs separate paragraphs (opening, proof, closing)")
    if kind == "networking-message" and "?" not in text:
        problems.append("end with a question: which companies, and whom should I talk to?")
    if doubled:
        problems.append(f"remove a doubled word: {doubled!r}")
    lowered = None
    line_starts = None  # the first character of every line but the first
    for bit, hint, in_lowered in _CROSSING_HINTS:
        if not gates & bit:
            if in_lowered:
                lowered = text.lower() if lowered is None else lowered
                if hint in lowered:
                    gates |= bit
            elif len(hint) == 2 and hint[0] == "\n":
                # A line break and a mark ("\n,"): one split for all of them instead of
                # a scan of the whole text for each.
                if line_starts is None:
                    line_starts = {line[:1] for line in text.split("\n")[1:]}
                if hint[1] in line_starts:
                    gates |= bit
            elif hint in text:
                gates |= bit
    for i, (pattern, what, _exact, _lower) in enumerate(_CHECKS):
        bit = 1 << i
        if pattern is _EMPTY_SLOT_RE:
            if gates & bit:
                match = pattern.search(text)
            elif gates & _PARENS_BIT:  # a story's "($2.4M a year)": look for "( )" alone
                match = _EMPTY_PARENS_RE.search(text)
            else:
                continue
        elif gates & bit:
            match = pattern.search(text)
        else:
            continue
        if match:
            problems.append(f"remove {what}: {match.group(0).strip()!r}")
    return problems


# ----------------------------------------------------------------- writing
# Documents judged as documents (issue 15): a phrase said twice, a public profile written
# to one employer, a document that talks about its candidate in the third person or
# about itself, a promise the client never made.

PUBLIC_KINDS = ("linkedin-about", "linkedin-headline")
_REPEAT_WORDS = 5
_THIS_ROLE_RE = re.compile(r"(?i)\b(?:this|the) (?:role|position|opening|vacancy)\b")
_META_RE = re.compile(
    r"(?i)\b(?:the candidate(?:'s)?|the profile(?: data)?|this (?:piece|text|draft|document)"
    r"|the user|as an ai|profile_data|how to write:|here (?:is|are) the key points"
    r"|for future reference)\b|<<<|>>>|\.join\(|\{\{|\}\}"
)
_PAST_ROLE_RE = (
    r"(?i)\b(?:most recently I (?:worked as|was)|I (?:worked|served) as|I was)\s+(?:an? |the )?"
)
_COMMITMENT_CLAIM_RE = re.compile(
    r"(?i)\b(?:my next (?:years|chapter)|next years here|for the long (?:term|haul)"
    r"|build my career (?:here|at)|plan to stay)\b"
)
_CHARACTER_CLAIM_RE = re.compile(r"(?i)\bleaving teams stronger|\bteams stronger than I found them")


_CLAUSE_BREAK_RE = re.compile(r"(?<=[.!?;:])\s+|\n")


def _word_list(text: str) -> list[str]:
    return _normalize(text).split()


def repeated_phrases(text: str, corpus: str, n: int = _REPEAT_WORDS) -> list[str]:
    """The phrases of ``n`` or more words said again in ``text`` (each run of overlapping
    repeated ``n``-word phrases as one phrase) that are not the client's own words
    (``corpus``: the profile's public text, normalised and space-padded)."""
    from .backends.voice import respell  # the document may respell the client's words

    def own(phrase: str) -> bool:
        return any(f" {respell(phrase, loc)} " in corpus for loc in ("en-US", "en-GB"))

    seen: set[tuple[str, ...]] = set()
    phrases: dict[str, None] = {}
    for part in _CLAUSE_BREAK_RE.split(text):  # a phrase never runs across sentences
        words = _word_list(part)
        run: list[int] = []  # start indexes of consecutive repeated phrases
        for i in range(len(words) - n + 1):
            gram = tuple(words[i : i + n])
            # "at Tamsin & Rowe LLP" said twice is the client's employer with one word of
            # ours: a phrase counts as the client's when all but its first or last word are.
            repeated = gram in seen and not any(
                own(" ".join(part)) for part in (gram, gram[1:], gram[:-1])
            )
            seen.add(gram)
            if repeated and run and run[-1] == i - 1:
                run.append(i)
            elif repeated:
                if run:
                    phrases[" ".join(words[run[0] : run[-1] + n])] = None
                run = [i]
        if run:
            phrases[" ".join(words[run[0] : run[-1] + n])] = None
    return list(phrases)


_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def sentences_of(paragraphs: list[str]) -> list[str]:
    """The sentences of a document, for comparing documents sentence by sentence."""
    return [s.strip() for p in paragraphs for s in _SENTENCE_RE.split(p) if s.strip()]


def copied_sentences(paragraphs: list[str], other: list[str]) -> list[str]:
    """The sentences of ``paragraphs`` that are sentences of ``other`` too (compared
    without case, spacing or punctuation)."""

    def key(sentence: str) -> str:
        return " ".join(_word_list(sentence))

    theirs = {key(s) for s in sentences_of(other)}
    return [s for s in sentences_of(paragraphs) if key(s) and key(s) in theirs]


def writing_problems(profile: Profile, kind: str, text: str, corpus: str) -> list[str]:
    """Problems of a document as writing, whichever backend wrote it."""
    repeated = repeated_phrases(text, corpus)
    problems = [f"the phrase {phrase!r} appears twice: say it once" for phrase in repeated[:3]]
    if len(repeated) > 3:
        problems.append(f"{len(repeated) - 3} more phrases appear twice: say each thing once")
    sb = profile.stepback
    meta = _META_RE.search(text)
    if meta:
        problems.append(
            f"remove talk about the text or the candidate ({meta.group(0)!r}): write as the "
            f"candidate, about their work"
        )
    name = (profile.basics.name or "").split()
    if (
        name
        and kind != "linkedin-headline"
        and re.search(
            rf"\b{re.escape(name[0])}\s+(?:is|was|has|does|did|will|wants|brings|led|\w+s)\b", text
        )
    ):
        problems.append(
            f"write in the first person: the document talks about {name[0]!r} in the third person"
        )
    if not sb.commitment and _COMMITMENT_CLAIM_RE.search(text):
        claim = _COMMITMENT_CLAIM_RE.search(text)
        problems.append(
            f"the profile makes no commitment, so the document may not promise one "
            f"({claim.group(0) if claim else ''!r}); add stepback.commitment or remove it"
        )
    character = _CHARACTER_CLAIM_RE.search(text)
    if character and not in_public_text(character.group(0), corpus):
        problems.append(f"remove a claim the profile does not make: {character.group(0)!r}")
    if kind in PUBLIC_KINDS:
        problems += _public_problems(profile, kind, text)
        problems += _coverage_problems(profile, kind, text)
    return problems


_WORD4_RE = re.compile(r"[a-z][a-z'-]{3,}")
_GENERIC = frozenset(
    {"with", "from", "that", "this", "have", "work", "role", "team", "years", "year"}
    | {"their", "about", "into", "more", "best", "manager", "director", "senior", "lead"}
)


def _coverage_problems(profile: Profile, kind: str, text: str) -> list[str]:
    """A public profile says who the person is and what they bring, in words from the
    profile (a headline of "Leytra" or "Basics" says nothing), and asks the reader no
    question."""
    sb = profile.stepback
    sources = [*sb.strengths, profile.basics.label or ""]
    if str(sb.move) in ("new-industry", "entry-level"):
        sources.append(sb.target.industry or "")  # the field being entered
    sources += [w.position or "" for w in profile.work]
    if kind == "linkedin-about":
        sources += [s.result for s in sb.stories]
    for skill in profile.skills:
        sources += [skill.name or "", *skill.keywords]
    words = {w for t in sources for w in _WORD4_RE.findall(t.lower())} - _GENERIC
    problems = []
    if words and not words & set(_WORD4_RE.findall(text.lower())):
        problems.append(
            "say who the person is and what they bring, in the profile's words: name their "
            "field, a strength or a result"
        )
    if "?" in text:
        problems.append("a public profile asks the reader no questions: state it instead")
    return problems


def _public_problems(profile: Profile, kind: str, text: str) -> list[str]:
    """A LinkedIn profile is read by every employer, the current one included."""
    sb = profile.stepback
    problems = []
    org = sb.target.organization
    if org:
        name = re.sub(r"[\s,]+(?:Co|Inc|Ltd|LLC|Corp|plc)\.?$", "", org.strip())
        held = any(w.name and name.lower() in w.name.lower() for w in profile.work)
        if not held and re.search(rf"(?i)\b{re.escape(name)}\b", text):
            problems.append(
                f"public text names the employer you are applying to ({name!r}): remove it"
            )
    this_role = _THIS_ROLE_RE.search(text)
    if this_role and kind == "linkedin-about":
        problems.append(
            f"public text is not written to one employer: remove {this_role.group(0)!r}"
        )
    position = sb.target.position
    titles = {(w.position or "").lower() for w in profile.work}
    titles.add((profile.basics.label or "").lower())
    # The client's own label ("HR coordinator (SHRM-CP) with …") may name it.
    if not any(position.lower() in t for t in titles) and re.search(
        rf"(?i)\b{re.escape(position)}\b", text
    ):
        problems.append(
            f"public text names the title you are applying for ({position!r}), which you do "
            f"not hold: describe who you are and what you bring"
        )
    role = profile.from_role()
    current = role is not None and not (role.endDate or "").strip()
    if (
        current
        and role is not None
        and role.position
        and re.search(_PAST_ROLE_RE + re.escape(role.position), text)
    ):
        problems.append(
            f"{role.position} is a current job (no endDate): write it in the present tense"
        )
    return problems


# ------------------------------------------------------------------- the guards


def _lint_module() -> Any | None:
    try:
        return importlib.import_module("stepback_docs.lint")
    except ImportError:
        return None


def _leak_module() -> Any | None:
    try:
        module = importlib.import_module("stepback_docs.lint.leak")
    except ImportError:
        return None
    return module if hasattr(module, "leak_findings") else None


RULES_ONLY = LintConfig(learned=False)


def _blocking(findings: Iterable[Any]) -> list[Any]:
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK["warning"]]


def _finding_line(finding: Any) -> str:
    reframe = f"; try: {finding.suggestions[0]}" if finding.suggestions else ""
    message = finding.message.rstrip(". ")
    return f'[{finding.category}] "{" ".join(finding.text.split())}" — {message}{reframe}'


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n\s*\n")
# The same breaks, matched from the mark or newline before them: a pattern that starts
# with a character class lets the regex engine skip to the next candidate at C speed.
# The group is the mark (kept at the end of its sentence) or the break's first newline.
_SENTENCE_BREAK = re.compile(r"([.!?\n])(?:(?<=[.!?])\s+(?=[A-Z\"“(])|(?<=\n)\s*\n)")


def _split_sentences(text: str) -> list[str]:
    """``_SENTENCE_SPLIT.split(text)``, about twice as fast."""
    parts = _SENTENCE_BREAK.split(text)
    pieces = [parts[0]]
    for i in range(1, len(parts), 2):
        if parts[i] != "\n":
            pieces[-1] += parts[i]
        pieces.append(parts[i + 1])
    return pieces


_Figure = tuple[str, str, float, float]


class _Sentence:
    """What the guards need to know about one sentence of a document, whoever's it is.

    Nothing here depends on a profile, and most sentences of template documents recur
    across documents and profiles (and a profile's own sentences across its documents),
    so each text is analysed once (``_sentences``) and every guard reads the same split:
    its blocking lint lines, the figures and names it states, and the leak stems of its
    words. Each part is computed on first use; a race between threads at worst computes
    one twice.
    """

    __slots__ = ("claimed", "formed", "linted", "ruled", "stemmed", "stemmer", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # None until computed; the guards read these first and call the methods on a miss.
        self.linted: tuple[str, ...] | None = None
        self.ruled: tuple[str, ...] | None = None  # the same by the rules alone
        self.claimed: tuple[tuple[_Figure, ...], tuple[NameCandidate, ...]] | None = None
        self.stemmed: tuple[str, ...] = ()
        self.stemmer: Any = None  # the stemmer ``stemmed`` was made with
        self.formed: tuple[int, int, str | None, str | None, str | None] | None = None

    def lint(self, lint: Any) -> tuple[str, ...]:
        """Blocking findings, one line each. The linter's context rules (negation,
        contrast, whose feeling) work within a sentence."""
        found = self.linted
        if found is None:
            if self.text.strip():
                # No config: the default one, by the linter's fast path for clean text.
                findings = _blocking(lint.lint_text(self.text))
                found = tuple(_finding_line(f) for f in findings)
            else:
                found = ()
            self.linted = found
        return found

    def lint_rules(self, lint: Any) -> tuple[str, ...]:
        """``lint`` by the phrase rules alone (the package's own template wording)."""
        found = self.ruled
        if found is None:
            findings = _blocking(lint.lint_text(self.text, RULES_ONLY)) if self.text.strip() else []
            found = self.ruled = tuple(_finding_line(f) for f in findings)
        return found

    def claims(self) -> tuple[tuple[_Figure, ...], tuple[NameCandidate, ...]]:
        """The figures and the names (organizations, titles, people) the sentence states."""
        found = self.claimed
        if found is None:
            found = self.claimed = (tuple(_figures(self.text)), tuple(name_candidates(self.text)))
        return found

    def stems(self, word_re: Callable[[str], re.Pattern[str]], stem: Any) -> tuple[str, ...]:
        """The stems of its words, by the leak module's tokenizer (``word_re``: the regex
        for a given text's words) and stemmer."""
        if self.stemmer is not stem:
            memo = _STEM_MEMOS.get(stem)
            if memo is None:
                memo = _STEM_MEMOS[stem] = _StemMemo(stem)
            lowered = self.text.lower().replace("’", "'")
            words = set(word_re(lowered).findall(lowered))
            self.stemmed = tuple(map(memo.__getitem__, words))
            self.stemmer = stem  # after ``stemmed``: another thread may read it at once
        return self.stemmed


class _StemMemo(dict[str, str]):
    """word -> stem, by one stemmer; a word seen before costs a lookup at C speed."""

    def __init__(self, stem: Any) -> None:
        super().__init__()
        self.stem = stem

    def __missing__(self, word: str) -> str:
        if len(self) > 100_000:
            self.clear()
        found: str = self.stem(word)
        self[word] = found
        return found


_STEM_MEMOS: dict[Any, _StemMemo] = {}


_SENTENCES: dict[str, _Sentence] = {}
_SENTENCES_SIZE = 20_000


def _sentences(text: str) -> list[_Sentence]:
    """``text`` split into sentences (as the lint gate splits it), each analysed once."""
    memo = _SENTENCES
    found = []
    for piece in _split_sentences(text):
        sentence = memo.get(piece)
        if sentence is None:
            if len(memo) >= _SENTENCES_SIZE:
                memo.clear()
            sentence = memo[piece] = _Sentence(piece)
        found.append(sentence)
    return found


def lint_sentences(lint: Any, text: str) -> list[str]:
    """Blocking findings of ``text``, linted sentence by sentence with a memo.

    The linter's context rules (negation, contrast, whose feeling) work within a
    sentence, and most sentences of template documents recur across documents and
    profiles, so memoizing by sentence keeps the gate cheap for large batches.
    """
    return [line for sentence in _sentences(text) for line in sentence.lint(lint)]


class _LeakPrefilter:
    """Stems a document must contain before the linter's leak check can find anything.

    ``leak_findings`` tokenizes the whole document, which dominates the guards' cost;
    every finding it can make needs a token whose stem is one of the notes' distinctive
    stems (a word, a name, or the non-everyday word of a phrase), so a document without
    any of them is skipped. Uses the leak module's own tokenizer and stemmer; if those
    change shape, the prefilter switches itself off and every document is checked.
    """

    def __init__(self, module: Any, notes: str) -> None:
        self.stems: frozenset[str] | None = None
        try:
            analysed = module._analyse_notes(notes)
            everyday = module._word_lists()[1]
            self._word_re: Callable[[str], re.Pattern[str]] = module.word_re
            self._stem = module._stem
            stems = set(analysed.words) | set(analysed.names)
            for phrase in analysed.phrases:
                stems.update(s for s in phrase if s not in everyday)
            self.stems = frozenset(stems)
        except (AttributeError, TypeError, IndexError):
            self.stems = None
        self._regex: re.Pattern[str] | None = None

    @property
    def _any_stem(self) -> re.Pattern[str] | None:
        """The prefix regex, built when first needed: compiling it costs more than the
        rest of a profile's guards, and most profiles never need it (``_prefix_at_hit``)."""
        if self._regex is None and self.stems:
            # Every stem is a prefix of the words it comes from (the stemmer only trims
            # endings, turning "ies" into "y"), so one regex scan rules most documents out.
            prefixes = sorted(
                {s[:-1] if s.endswith("y") else s for s in self.stems}, key=len, reverse=True
            )
            self._regex = re.compile(
                r"\b(?:" + "|".join(map(re.escape, prefixes)) + ")", re.IGNORECASE
            )
        return self._regex

    def _prefix_at_hit(self, sentence: _Sentence) -> bool:
        """Whether the prefix regex matches in this suspect sentence, shown without it: an
        ASCII sentence (lower() keeps positions; case-insensitive is lower-case equal)
        with a word that has a distinctive stem, at a word boundary, starting with that
        stem's prefix. False means not shown (the regex then decides)."""
        text = sentence.text
        if not text.isascii():
            return False
        assert self.stems is not None
        memo = _STEM_MEMOS.get(self._stem)
        if memo is None:
            memo = _STEM_MEMOS[self._stem] = _StemMemo(self._stem)
        lowered = text.lower()
        for match in self._word_re(lowered).finditer(lowered):
            stem = memo[match.group()]
            if stem in self.stems:
                start = match.start()
                before = text[start - 1] if start else " "
                prefix = stem[:-1] if stem.endswith("y") else stem
                if not (before.isalnum() or before == "_") and lowered.startswith(prefix, start):
                    return True
        return False

    def suspects(self, text: str) -> list[str] | None:
        """The sentences of ``text`` that contain a distinctive stem (none: no leak is
        possible), or None when the prefilter is off and the whole text must be checked."""
        return self.suspects_in(_sentences(text))

    def suspects_in(self, sentences: list[_Sentence]) -> list[str] | None:
        """``suspects`` of the text these are the sentences of.

        A sentence is a suspect when one of its words has a distinctive stem. The
        prefix regex must also match somewhere in the text (it can miss a word the
        tokenizer finds, and then nothing is a suspect); its matches never contain
        whitespace, and the sentences are the text minus whitespace, so it is run on
        the sentences, starting with the suspects, where it almost always matches.
        """
        stems = self.stems
        if stems is None:
            return None
        if not stems:  # no prefix, no regex: nothing is a suspect
            return []
        word_re, stem = self._word_re, self._stem
        hit = [
            s
            for s in sentences
            if not stems.isdisjoint(s.stemmed if s.stemmer is stem else s.stems(word_re, stem))
        ]
        if not hit:
            return []
        if not any(self._prefix_at_hit(s) for s in hit):
            regex = self._any_stem
            assert regex is not None  # stems, so prefixes
            search = regex.search
            if not any(search(s.text) for s in hit) and not any(search(s.text) for s in sentences):
                return []
        return [s.text.strip() for s in hit]


_PREFILTERS: dict[str, _LeakPrefilter] = {}
_LEAKS: dict[tuple[str, str], tuple[str, ...]] = {}


def _prefilter_for(module: Any, notes: str) -> _LeakPrefilter:
    """One prefilter per distinct notes text (building one analyses the notes)."""
    prefilter = _PREFILTERS.get(notes)
    if prefilter is None:
        if len(_PREFILTERS) >= 256:
            _PREFILTERS.clear()
        prefilter = _PREFILTERS[notes] = _LeakPrefilter(module, notes)
    return prefilter


class Guards:
    """The four guards for one profile; build once per profile, run on every document.

    ``lint_config`` is the coach's linter configuration (select, ignore, severity, allow,
    extra phrases), the same one ``stepback-docs lint`` would use; None: the defaults.
    """

    def __init__(self, profile: Profile, lint_config: LintConfig | None = None) -> None:
        self.profile = profile
        self.lint_config = None if lint_config is None or is_default(lint_config) else lint_config
        self._linted: dict[str, tuple[str, ...]] = {}  # sentence -> lines, with lint_config
        self.key: str | None = None  # the profile's JSON, when a cache knows it
        self.public = public_text(profile)
        self.corpus = f" {_normalize(self.public)} "
        self._numbers: NumberIndex | None = None
        self.notes = (profile.stepback.private_notes or "").strip() or None
        self._lint = _lint_module()
        self._leak = _leak_module() if self.notes else None
        self._prefilter = (
            _prefilter_for(self._leak, self.notes) if self._leak and self.notes else None
        )
        self._private: PrivateIndex | None = None
        self._grounded: dict[str, bool] = {}  # phrase -> in the profile (names recur)
        self._field_problems: list[str] | None = None  # the public fields, fully linted

    @property
    def numbers(self) -> NumberIndex:
        """The figures the profile states (built when a document states one)."""
        if self._numbers is None:
            self._numbers = NumberIndex.of(self.public)
        return self._numbers

    @property
    def private(self) -> PrivateIndex:
        """The local leak index (used when the linter's leak check is not installed)."""
        if self._private is None:
            self._private = PrivateIndex.of(self.notes, self.public)
        return self._private

    # -- one guard each (on a text, or on its sentences when ``check`` runs them all)

    def lint(self, text: str) -> GuardResult:
        return self._lint_of(_sentences(text))

    def _authored_lint_of(self, sentences: list[_Sentence]) -> GuardResult:
        """The lint guard for a template document: its wording is the package's own,
        vetted by the rules (and by tests over every move, tone and length), so the
        rules judge the document; the client's own words in it are judged by the whole
        linter, learned model included, field by field (``profile_text_problems``)."""
        lint = self._lint
        if lint is None:
            return GuardResult("lint", True, [])
        if self._field_problems is None:
            self._field_problems = profile_text_problems(self.profile, self.lint_config)
        problems = list(self._field_problems)
        if self.lint_config is None:
            for sentence in sentences:
                problems += sentence.lint_rules(lint)
        else:
            rules_only = LintConfig(**{**self.lint_config.as_dict(), "learned": False})
            for sentence in sentences:
                found = _blocking(lint.lint_text(sentence.text, rules_only))
                problems += [_finding_line(f) for f in found]
        return GuardResult("lint", not problems, problems)

    def _lint_of(self, sentences: list[_Sentence]) -> GuardResult:
        lint = self._lint
        if lint is None:
            return GuardResult("lint", True, [])
        problems: list[str] = []
        if self.lint_config is not None:  # the shared per-sentence memo is for the defaults
            for sentence in sentences:
                found = self._linted.get(sentence.text)
                if found is None:
                    found = self._linted[sentence.text] = (
                        tuple(
                            _finding_line(f)
                            for f in _blocking(lint.lint_text(sentence.text, self.lint_config))
                        )
                        if sentence.text.strip()
                        else ()
                    )
                problems += found
            return GuardResult("lint", not problems, problems)
        for sentence in sentences:
            found = sentence.linted
            if found is None:
                found = sentence.lint(lint)
            if found:
                problems += found
        return GuardResult("lint", not problems, problems)

    def grounding(self, text: str) -> GuardResult:
        return self._grounding_of(_sentences(text))

    def _grounding_of(self, sentences: list[_Sentence]) -> GuardResult:
        figures: list[_Figure] = []
        candidates: list[NameCandidate] = []
        for sentence in sentences:
            found = sentence.claimed
            if found is None:
                found = sentence.claims()
            if found[0]:
                figures += found[0]
            if found[1]:
                candidates += found[1]
        problems = [
            f"the figure {figure!r} is not in the profile: remove it or use a figure from "
            f"the profile's stories"
            for figure in dict.fromkeys(self.numbers.missing_from(figures) if figures else ())
        ]
        seen: set[str] = set()
        for candidate in candidates:
            if candidate.text in seen or self._is_grounded(candidate.text):
                continue
            if candidate.full and self._is_grounded(candidate.full):
                continue
            seen.add(candidate.text)
            problems.append(
                f"the {candidate.kind} {candidate.text!r} is not in the profile: remove it "
                f"or use one the profile names"
            )
        return GuardResult("grounding", not problems, problems)

    def _is_grounded(self, phrase: str) -> bool:
        grounded = self._grounded.get(phrase)
        if grounded is None:
            grounded = self._grounded[phrase] = _grounded(phrase, self.corpus)
        return grounded

    def privacy(self, text: str) -> GuardResult:
        return self._privacy_of(text, None)

    def _privacy_of(
        self, text: str, sentences: list[_Sentence] | None, authored: bool = False
    ) -> GuardResult:
        if not self.notes:
            return GuardResult("privacy", True, [])
        if self._leak is not None:
            suspects = (
                self._prefilter.suspects_in(_sentences(text) if sentences is None else sentences)
                if self._prefilter
                else None
            )
            found = (
                [f.text for f in self._leak.leak_findings(text, self.notes)]
                if suspects is None
                else [leak for sentence in suspects for leak in self._sentence_leaks(sentence)]
            )
            leaks = [leak for leak in found if not self._public_or_ours(leak, authored)]
        else:
            leaks = self.private.leaks(text)
        problems = [f"{leak!r} comes from the private notes: remove it" for leak in leaks]
        return GuardResult("privacy", not problems, problems)

    def _sentence_leaks(self, sentence: str) -> tuple[str, ...]:
        """The linter's leak findings for one sentence, memoized: the sentences that
        carry a profile's stories and motivations recur in all its documents."""
        assert self._leak is not None and self.notes is not None
        key = (self.notes, sentence)
        found = _LEAKS.get(key)
        if found is None:
            found = tuple(f.text for f in self._leak.leak_findings(sentence, self.notes))
            if len(_LEAKS) >= 20_000:
                _LEAKS.clear()
            _LEAKS[key] = found
        return found

    def _public_or_ours(self, phrase: str, authored: bool) -> bool:
        """Words the profile's public text uses are not leaks; nor, in a template
        document (``authored``), words of the templates' own wording. An LLM draft gets
        no such pass: a template saying "reorganisation" does not make the word public
        when a draft repeats it from the private notes."""
        if in_public_text(phrase, self.corpus):
            return True
        if not authored:
            return False
        words = _words(phrase)
        return bool(words) and all(w in template_vocabulary() for w in words)

    def form(self, kind: str, length: str, paragraphs: list[str]) -> GuardResult:
        problems = form_problems(kind, length, paragraphs)
        return GuardResult("form", not problems, problems)

    def _form_of(
        self,
        kind: str,
        length: str,
        paragraphs: list[str],
        text: str,
        sentences: list[_Sentence],
        minimum: bool = True,
    ) -> GuardResult:
        problems = _form_problems(kind, length, paragraphs, text, sentences, minimum)
        problems += writing_problems(self.profile, kind, text, self.corpus)
        return GuardResult("form", not problems, problems)

    # -- all of them

    def check(
        self, kind: str, length: str, paragraphs: list[str], *, authored: bool = False
    ) -> list[GuardResult]:
        """Every guard on one document; ``authored``: the document is the templates'
        own wording with the profile's fields in it (see ``_authored_lint_of``)."""
        text = "\n\n".join(paragraphs)
        sentences = _sentences(text)  # one split and one analysis for three guards
        return [
            self._authored_lint_of(sentences) if authored else self._lint_of(sentences),
            self._grounding_of(sentences),
            self._privacy_of(text, sentences, authored),
            # A template document is as long as the client's material: no minimum.
            self._form_of(kind, length, paragraphs, text, sentences, minimum=not authored),
        ]


def run_guards(
    profile: Profile, kind: str, paragraphs: list[str], length: str = "medium"
) -> list[GuardResult]:
    """All four guards on one document (builds the profile's indexes; see ``Guards``)."""
    return Guards(profile).check(kind, length, paragraphs)


def failures(results: Iterable[GuardResult]) -> list[str]:
    """Failed guards' problems as "guard: problem" lines (feedback for a redraft)."""
    return [f"{r.name}: {p}" for r in results if not r.passed for p in r.problems]


# ------------------------------------------------------- the profile's own text


def public_fields(profile: Profile) -> Iterator[tuple[str, str]]:
    """(field path, text) for every public field whose words reach a document."""
    sb = profile.stepback
    if profile.basics.summary:
        yield "basics.summary", profile.basics.summary
    for i, motivation in enumerate(sb.motivations):
        if motivation.detail:
            yield f"stepback.motivations[{i}].detail", motivation.detail
    for i, strength in enumerate(sb.strengths):
        yield f"stepback.strengths[{i}]", strength
    for i, story in enumerate(sb.stories):
        for part in ("problem", "action", "result"):
            yield f"stepback.stories[{i}].{part}", getattr(story, part)
    if sb.commitment:
        yield "stepback.commitment", sb.commitment
    if sb.why_employer:
        yield "stepback.why_employer", sb.why_employer
    for i, requirement in enumerate(sb.requirements):
        yield f"stepback.requirements[{i}]", requirement
    if sb.gap:
        yield "stepback.gap", sb.gap
    if sb.contact and sb.contact.relationship:
        yield "stepback.contact.relationship", sb.contact.relationship
    role = profile.from_role()
    if role is not None:
        index = profile.work.index(role)
        for j, highlight in enumerate(role.highlights):
            yield f"work[{index}].highlights[{j}]", highlight


INJECTION_RE = re.compile(  # text addressed to a model, not about the candidate
    r"(?i)\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?"
    r"(?:previous|prior|above|earlier|preceding|your)\s+(?:instructions?|prompts?|rules)\b"
    r"|\bsystem prompt\b|\byou are (?:now )?(?:an? )?(?:ai|assistant|chatgpt|language model)\b"
    r"|<\s*/?\s*(?:system|assistant|user|instructions?)\s*>|PROFILE_DATA"
)


def injection_problems(profile: Profile) -> list[str]:
    """Public fields that address an AI model ("ignore previous instructions", a
    ``<system>`` tag) instead of describing the candidate, one line each."""
    return [
        f"{path}: {match.group(0)!r} reads as instructions to an AI model (a prompt "
        "injection), not as words about the candidate: remove it"
        for path, text in public_fields(profile)
        for match in [INJECTION_RE.search(text)]
        if match
    ]


ALLOW_HINT = (
    'to keep a phrase on purpose, add it to allow = ["..."] in .stepback-docs.toml '
    "(or [tool.stepback-docs] in pyproject.toml) beside the profile"
)


def is_default(config: LintConfig) -> bool:
    """Whether ``config`` changes nothing the linter does by default."""
    return config == LintConfig()


def config_key(config: LintConfig | None) -> str:
    """A stable text for ``config`` (sets sorted), for caches and output manifests."""
    if config is None or is_default(config):
        return ""
    return repr(
        (
            sorted(config.select),
            sorted(config.ignore),
            sorted(config.severity.items()),
            sorted((k, sorted(v)) for k, v in config.extra_phrases.items()),
            sorted(config.allow_phrases),
            config.private_notes,
        )
    )


def profile_text_problems(profile: Profile, config: LintConfig | None = None) -> list[str]:
    """Doubt phrasing in the profile's public fields, one line per finding.

    ``stepback.motivations[0].detail: [misery] "less stress" — <message>; try: <reframe>``.
    ``config``: the coach's linter configuration (None: the defaults). Empty when the
    linter is not installed.
    """
    lint = _lint_module()
    if lint is None:
        return []
    problems = []
    config = config if config is not None else LintConfig()
    # A story's problem is there to say what was wrong ("the reports were stale by the
    # time they reached the board"): the rules judge it, the learned model (which reads
    # an unresolved complaint as bitterness) does not.
    rules_only = LintConfig(**{**config.as_dict(), "learned": False})
    for path, text in public_fields(profile):
        judged_by = rules_only if path.endswith(".problem") else config
        for finding in _blocking(lint.lint_text(text, judged_by)):
            problems.append(f"{path}: {_finding_line(finding)}")
    return problems
