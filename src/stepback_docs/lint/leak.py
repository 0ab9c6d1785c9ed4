"""The ``leak`` check: text that repeats the candidate's private notes.

``private_notes`` holds the real reasons for the move, for the coach only. A document
that echoes them (a boss's name, "promised a budget", the old salary) hands the reader
exactly the doubt the rest of the linter removes. Common words are shared by every
document, so only *distinctive* material counts:

- phrases of 2-4 words whose ends are not stopwords, with at least two content words of
  which at least one is not an everyday career word ("promised a budget");
- single words that look like names or specifics: capitalised inside a sentence (Dana,
  Acme), carrying a digit (180k, 2019), or long and not everyday ("reorganisation").

Words are compared after simple stemming, so "promised" matches "promise". The word
lists are data (``leak_words.txt``) a coach can extend.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..findings import Finding

RULE = "leak.private-notes"
MESSAGE = (
    "This repeats the candidate's private notes ({quote}): those reasons were for the "
    "coach only, and they tell an employer why you are leaving rather than why you want "
    "this job."
)
SUGGESTIONS = [
    "Leave the private reason out and say what you are moving toward: the work you want "
    "more of and why this role fits now.",
    "Back the move with a success story (money or time saved, a problem solved) instead "
    "of the circumstances of leaving.",
]
LONG_WORD = 9  # a word this long that is not everyday is specific enough to count alone
MAX_NGRAM = 4

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The same words in ASCII text (nearly every text), found about a third faster: there
# ASCII letters and digits are the only [^\W_] characters (a set the engine tests with a
# table lookup, not a Unicode category), and ’ cannot occur.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")


def word_re(text: str) -> re.Pattern[str]:
    """The regex that finds ``_WORD``'s words in ``text``."""
    return _ASCII_WORD if text.isascii() else _WORD


_SENTENCE_END = re.compile(r"[.!?]+[\"')\]’”]*(?=\s)|\n\s*\n")


# A token: (stem, start, end, stopword, everyday, capital_inside), the last meaning
# capitalised and not the first word of its sentence. A plain tuple, read by unpacking:
# every client's notes and suspect sentences make hundreds, and a NamedTuple costs a
# second tuple per token to build and a descriptor call per field read.
_Token = tuple[str, int, int, bool, bool, bool]


@dataclass(frozen=True, slots=True)
class _Notes:
    phrases: frozenset[tuple[str, ...]]
    words: frozenset[str]  # stems distinctive on their own
    names: frozenset[str]  # stems capitalised in the notes but only sentence-initially
    starts: frozenset[str]  # the first stems of the phrases: no other token starts one


def leak_findings(text: str, private_notes: str) -> list[Finding]:
    """Findings (category ``leak``) for distinctive notes material that ``text`` repeats."""
    notes = _analyse_notes(private_notes)
    if not (notes.phrases or notes.words or notes.names):
        return []
    tokens = _tokens(text)
    spans: list[tuple[int, int]] = []
    stems = [t[0] for t in tokens]
    for i, (stem, start, end, _stop, _everyday, capital_inside) in enumerate(tokens):
        if stem in notes.starts:
            for n in range(MAX_NGRAM, 1, -1):
                if i + n <= len(tokens) and tuple(stems[i : i + n]) in notes.phrases:
                    spans.append((start, tokens[i + n - 1][2]))
                    break
        if stem in notes.words or (stem in notes.names and capital_inside):
            spans.append((start, end))
    merged = _merge(text, spans)
    return [
        _finding(text, start, end, sentence)
        for (start, end), sentence in zip(merged, _sentences(text, merged), strict=True)
    ]


def _finding(text: str, start: int, end: int, sentence: str) -> Finding:
    matched = text[start:end]
    quote = "“" + " ".join(matched.split()) + "”"
    return Finding(
        category="leak",
        rule=RULE,
        severity="error",
        start=start,
        end=end,
        text=matched,
        sentence=sentence,
        message=MESSAGE.format(quote=quote),
        suggestions=list(SUGGESTIONS),
    )


@lru_cache(maxsize=16)
def _analyse_notes(private_notes: str) -> _Notes:
    firsts: list[int] = []
    tokens = _tokens(private_notes, firsts)
    phrases: set[tuple[str, ...]] = set()
    words: set[str] = set()
    names: set[str] = set()
    for sentence in _split(tokens, firsts):
        # The tokens' fields as columns (one transpose at C speed, and a slice of the
        # stems is already the phrase's tuple).
        stems, starts, ends, stop, everyday, capital = zip(*sentence, strict=True)
        # rare[k]: how many of the first k tokens are not everyday words (stopwords
        # count as everyday), so each n-gram's test is O(1). A phrase starts and ends
        # with a content word, so it always has the two content words it needs.
        rare = list(itertools.accumulate(map(operator.not_, everyday), initial=0))
        size = len(stems)
        for i in range(size - 1):
            if stop[i]:
                continue
            before = rare[i]
            for end in range(i + 2, min(i + MAX_NGRAM, size) + 1):
                if rare[end] > before and not stop[end - 1]:
                    phrases.add(stems[i:end])
        for position in range(size):
            if stop[position] or everyday[position]:
                continue
            word = private_notes[starts[position] : ends[position]]
            if capital[position] or any(c.isdigit() for c in word) or len(word) >= LONG_WORD:
                words.add(stems[position])
            elif position == 0 and word[:1].isupper():
                names.add(stems[position])
    return _Notes(
        frozenset(phrases),
        frozenset(words),
        frozenset(names - words),
        frozenset(phrase[0] for phrase in phrases),
    )


def _split(tokens: list[_Token], firsts: list[int]) -> list[list[_Token]]:
    """Tokens grouped by sentence (phrases never cross a sentence end), at the indexes
    of the tokens that ``_tokens`` found first in their sentences."""
    bounds = [0, *firsts, len(tokens)]
    return [tokens[a:b] for a, b in itertools.pairwise(bounds) if a < b]


def _tokens(text: str, firsts: list[int] | None = None) -> list[_Token]:
    """The words of ``text``; ``firsts`` gets the index of each word that follows a
    sentence end (the first word of the text counts only when one precedes it)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    ends.append(len(text) + 1)  # a sentinel past every token
    tokens: list[_Token] = []
    append = tokens.append
    k = 0
    end = ends[0]
    inside = False  # past the first word of the sentence
    info = _WORD_INFO
    for m in word_re(text).finditer(text):
        start, stop = m.span()
        if start >= end:
            while start >= ends[k]:
                k += 1
            end = ends[k]
            inside = False
            if firsts is not None:
                firsts.append(len(tokens))
        stem, stopword, everyday, capital = info[m.group()]
        append((stem, start, stop, stopword, everyday, inside and capital))
        inside = True
    return tokens


class _WordInfo(dict[str, tuple[str, bool, bool, bool]]):
    """word as written -> (stem, stopword, everyday, capitalised and not "I"). Every
    document and every client's notes reuse the same few thousand words, so each is
    analysed once."""

    def __missing__(self, word: str) -> tuple[str, bool, bool, bool]:
        if len(self) > 100_000:
            self.clear()
        stopwords, everyday = _word_lists()
        lower = word.lower().replace("’", "'")
        stem = _stem(lower)
        capital = word[:1].isupper() and lower != "i"
        found = (stem, lower in stopwords, lower in everyday or stem in everyday, capital)
        self[word] = found
        return found


_WORD_INFO = _WordInfo()


def _stem(word: str) -> str:
    """Fold the usual English endings so word forms match (crude on purpose)."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            word = word[: -len(suffix)] + repl
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping spans and spans separated only by spaces or punctuation."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged:
            last_start, last_end = merged[-1]
            gap = text[last_end:start] if start > last_end else ""
            if start <= last_end or (len(gap) <= 2 and not gap.strip(" ,")):
                merged[-1] = (last_start, max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def _sentences(text: str, spans: list[tuple[int, int]]) -> Iterator[str]:
    """The sentence around each of the ordered, separate ``spans``: from the end of the
    last sentence end before it to the end of the first one after it. Two walks over
    the sentence ends, each forward only (a search from the top per span made a long
    text's leak check quadratic: 480 KB took minutes)."""
    befores = _SENTENCE_END.finditer(text)
    afters = _SENTENCE_END.finditer(text)
    begin = 0
    ahead = next(befores, None)
    after = next(afters, None)
    for start, end in spans:
        while ahead is not None and ahead.end() <= start:
            begin = ahead.end()
            ahead = next(befores, None)
        while after is not None and after.start() < end:
            after = next(afters, None)
        stop = after.end() if after is not None else len(text)
        yield text[begin:stop].strip()


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(stopwords, everyday words) from ``leak_words.txt``; stems of everyday words too."""
    sections: dict[str, set[str]] = {"stopwords": set(), "everyday": set()}
    current: set[str] | None = None
    source = Path(__file__).with_name("leak_words.txt")
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections[line[1:-1].strip()]
            continue
        if current is not None:
            current.update(w.lower() for w in line.split())
    everyday = sections["everyday"] | sections["stopwords"]
    everyday |= {_stem(w) for w in everyday}
    return frozenset(sections["stopwords"]), frozenset(everyday)
