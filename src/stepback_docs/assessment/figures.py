"""Is a story's result measurable? Find its figures: money, time, volume, quality, and a
before and after.

Regular expressions over one short field each, run once: linear in the text. The point is
to tell a coach whether a result *has* a figure an employer can weigh, not to parse it.
"""

from __future__ import annotations

import re
from typing import Final, Literal

FigureKind = Literal["money", "time", "volume", "quality"]
KINDS: Final[tuple[FigureKind, ...]] = ("money", "time", "volume", "quality")

_WORD_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|a hundred|a dozen|dozen|a few|several|half an?|a half"
)
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|\.\d+|(?:{_WORD_NUMBERS}))"
_SCALE = r"(?:\s?(?:k|K|m|M|bn|B|million|billion|thousand|hundred thousand))?"
_CURRENCY_WORDS = r"(?:dollars?|euros?|pounds?|yen|rupees?|USD|EUR|GBP|CAD|AUD)"

_MONEY = re.compile(
    rf"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?{_SCALE})"
    rf"|(?:\b\d[\d,]*(?:\.\d+)?{_SCALE}\s?{_CURRENCY_WORDS}\b)",
)
_TIME_UNITS = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|quarters?)"
_TIME = re.compile(
    rf"\b{_NUMBER}[\s-]{_TIME_UNITS}\b"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b|points?\b|pp\b)", re.IGNORECASE)
_QUALITY_WORDS = re.compile(
    r"\b(?:zero|no)\s+(?:downtime|defects?|errors?|incidents?|injuries|injury|breaks?|"
    r"complaints?|outages?|findings?|recalls?|lost[- ]time)\b",
    re.IGNORECASE,
)
_MULTIPLE = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|by half|in half|\d+(?:\.\d+)?\s?(?:x|×|times)\b)",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(rf"\b{_NUMBER}{_SCALE}\b", re.IGNORECASE)
_BEFORE_AFTER = re.compile(
    r"\bfrom\s+[$€£¥]?\d[^,;.]{0,40}?\bto\s+(?:under\s+|below\s+|over\s+|about\s+)?[$€£¥]?\d"
    r"|\b(?:up|down|rising|falling)\s+from\s+[$€£¥]?\d"
    r"|\d[^,;]{0,20}?(?:→|->)\s*[$€£¥]?\d"
    r"|\bbefore\b.{1,60}\bafter\b",
    re.IGNORECASE,
)
_MONEY_CONTEXT = re.compile(
    r"\b(?:costs?|spend(?:ing)?|sales|revenue|savings?|saved|budget|margins?|prices?|"
    r"pricing|profits?|write-offs?|chargebacks?|fees?|payroll|cash)\b",
    re.IGNORECASE,
)
_CLAUSE_REACH = 60
_CLAUSE_BREAK = re.compile(r"[,;:]|\band\b|\bwith\b")
_YEARISH = re.compile(r"^(?:19|20)\d\d$")


class Figures:
    """The figures found in a result, by kind, and whether it shows a before and after."""

    __slots__ = ("before_after", "found")

    def __init__(self, found: dict[FigureKind, list[str]], before_after: bool) -> None:
        self.found = found
        self.before_after = before_after

    @property
    def kinds(self) -> list[FigureKind]:
        return [kind for kind in KINDS if self.found.get(kind)]

    @property
    def score(self) -> int:
        """2: money or time, or a before and after; 1: a volume or quality figure; 0: none."""
        if self.before_after or self.found.get("money") or self.found.get("time"):
            return 2
        return 1 if self.kinds else 0


def _free(taken: bytearray, start: int, end: int) -> bool:
    """No character of ``start:end`` is taken yet; if so, take them all."""
    if any(taken[start:end]):
        return False
    taken[start:end] = b"\x01" * (end - start)
    return True


def _take(pattern: re.Pattern[str], text: str, taken: bytearray) -> list[str]:
    """Matches of ``pattern`` that overlap no earlier figure (each character is checked
    once per match that covers it, so the cost stays linear in the text)."""
    return [
        " ".join(match.group().split())
        for match in pattern.finditer(text)
        if _free(taken, *match.span())
    ]


def find_figures(result: str, before: str = "") -> Figures:
    """The figures of a story's ``result``; ``before`` (the problem) can supply the
    "before" of a before and after: the same kind of figure on both sides."""
    found = _classify(result)
    before_after = bool(_BEFORE_AFTER.search(result))
    if not before_after and before:
        earlier = _classify(before)
        before_after = any(found.get(kind) and earlier.get(kind) for kind in KINDS)
    return Figures(found, before_after)


def _classify(text: str) -> dict[FigureKind, list[str]]:
    taken = bytearray(len(text))
    found: dict[FigureKind, list[str]] = {}
    money = _take(_MONEY, text, taken)
    time = _take(_TIME, text, taken)
    quality: list[str] = []
    for match in _PERCENT.finditer(text):
        start, end = match.span()
        if not _free(taken, start, end):
            continue
        # The words just before the figure, back to the clause's start: bounded, so
        # a long text with many percentages stays linear.
        clause = _CLAUSE_BREAK.split(text[max(0, start - _CLAUSE_REACH) : start])[-1]
        # "cut costs 18%": a change in money; "raised yield to 97%": a quality measure
        (money if _MONEY_CONTEXT.search(clause) else quality).append(match.group())
    quality += _take(_QUALITY_WORDS, text, taken)
    volume = _take(_MULTIPLE, text, taken)
    volume += [
        n for n in _take(_PLAIN_NUMBER, text, taken) if not _YEARISH.match(n) and n[0].isdigit()
    ]
    for kind, items in (("money", money), ("time", time), ("volume", volume), ("quality", quality)):
        if items:
            found[kind] = items  # type: ignore[index]
    return found
