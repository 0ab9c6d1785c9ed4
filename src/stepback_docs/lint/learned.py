"""The learned layer of the doubt linter: a linear model over a sentence's words.

The rules catch doubt said in the words they list; people say it in many others
("I come home and stare at the wall"). This model was trained on sentences written for
the package (``training/``, see ``scripts/train_lint_model.py``) and scores every
sentence on three heads that share one set of features:

- ``doubt``: is this sentence doubt of the warning-or-worse kind at all;
- ``hedging``: is it apologetic or unsure wording (info);
- ``category``: which taxonomy category a doubtful sentence is about.

The features (``features``) are the one definition training and linting share. The
weights ship inside the wheel as JSON; scoring is a sum of dictionary look-ups, so the
output is deterministic and needs no third-party package.
"""

from __future__ import annotations

import math
import re
from array import array
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

from .context import QUOTE
from .engine import normalise

MODEL_FILE = Path(__file__).resolve().parent / "learned-model.json.gz"
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
DIGIT_ZERO = str.maketrans("123456789", "000000000")
QUOTED = QUOTE  # quotations, as the rules' context rules read them
QUOTE_MARKS = ('"', "\u201c", "'")
QUOTATION = "<q>"
MIN_QUOTED_WORDS = 3
START = "<s>"
LENGTH_BANDS = (6, 11, 16, 21, 31)  # sentence lengths in words, as features


def prepare(text: str) -> str:
    """``text`` lower-cased with one apostrophe and every digit a "0", keeping every
    offset: the words of any stretch ``text[s:e]`` are ``TOKEN.findall(prepared, s, e)``."""
    return normalise(text).translate(DIGIT_ZERO)


def sentence_words(prepared: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of ``prepared[start:end]`` as the model reads them: a quotation of three
    words or more (someone else's words: "Never write 'I just need a job'") becomes the
    one word ``<q>``; shorter quotes stay, as scare quotes are the writer's own ("so what
    if I'm 'overqualified'")."""
    stop = len(prepared) if end is None else end
    if not any(prepared.find(mark, start, stop) != -1 for mark in QUOTE_MARKS):
        return TOKEN.findall(prepared, start, stop)
    out: list[str] = []
    pos = start
    for quote in QUOTED.finditer(prepared, start, stop):
        if len(TOKEN.findall(prepared, quote.start(), quote.end())) >= MIN_QUOTED_WORDS:
            out += TOKEN.findall(prepared, pos, quote.start())
            out.append(QUOTATION)
            pos = quote.end()
    out += TOKEN.findall(prepared, pos, stop)
    return out


def words(sentence: str) -> list[str]:
    """A sentence's words as the model sees them (see ``prepare``, ``sentence_words``)."""
    return sentence_words(prepare(sentence))


def features_of(found: list[str]) -> set[str]:
    """Words, adjacent word pairs (the first paired with a start mark) and the sentence's
    length band. Without the band, a long harmless sentence added up enough mildly
    doubt-leaning words ("want", "more", "years") to be flagged. Word starts (a cheap
    stem) were tried too: no better on held-out data, and a quarter of the time."""
    out = set(found)
    out.update(map(" ".join, pairwise([START, *found])))
    out.add(length_band(len(found)))
    return out


def length_band(count: int) -> str:
    """The sentence-length feature: "#len<6", "#len<11", ... "#len31+" (words)."""
    for limit in LENGTH_BANDS:
        if count < limit:
            return f"#len<{limit}"
    return f"#len{LENGTH_BANDS[-1]}+"


def features(sentence: str) -> set[str]:
    return features_of(words(sentence))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class Scores:
    """What the model says of one sentence."""

    __slots__ = ("category", "category_p", "doubt", "hedging", "reasons")

    def __init__(
        self,
        doubt: float,
        hedging: float,
        category: str,
        category_p: float,
        reasons: tuple[str, ...],
    ) -> None:
        self.doubt = doubt  # probability the sentence is doubt (warning or worse)
        self.hedging = hedging  # probability it is hedging
        self.category = category  # the most likely doubt category
        self.category_p = category_p  # its probability among the doubt categories
        self.reasons = reasons  # the words that weigh most toward doubt or hedging

    def __repr__(self) -> str:
        return (
            f"Scores(doubt={self.doubt:.3f}, hedging={self.hedging:.3f}, "
            f"category={self.category!r}, category_p={self.category_p:.3f})"
        )


class DoubtModel:
    """Weights and operating points, as trained; ``score`` is the whole runtime.

    The category head is kept as one flat array of floats (a row of one weight per
    category for each feature, found through ``category_index``): unmarshalling 22,000
    small lists cost more start-up time than the rest of the model together.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = str(data["version"])
        self.thresholds: dict[str, float] = {k: float(v) for k, v in data["thresholds"].items()}
        self.categories: tuple[str, ...] = tuple(data["categories"])
        self.doubt_bias = float(data["doubt"]["bias"])
        self.doubt_w: dict[str, float] = data["doubt"]["weights"]
        self.hedging_bias = float(data["hedging"]["bias"])
        self.hedging_w: dict[str, float] = data["hedging"]["weights"]
        self.category_bias: list[float] = [float(b) for b in data["category"]["bias"]]
        rows: dict[str, list[float]] = data["category"]["weights"]
        self.category_index: dict[str, int] = {f: i for i, f in enumerate(rows)}
        self.category_w = array("d", (w for row in rows.values() for w in row))

    def state(self) -> tuple[Any, ...]:
        """Plain data for the start-up cache (marshal)."""
        return (
            self.version,
            self.thresholds,
            self.categories,
            self.doubt_bias,
            self.doubt_w,
            self.hedging_bias,
            self.hedging_w,
            self.category_bias,
            self.category_index,
            self.category_w.tobytes(),
        )

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> DoubtModel:
        model = cls.__new__(cls)
        (
            model.version,
            model.thresholds,
            model.categories,
            model.doubt_bias,
            model.doubt_w,
            model.hedging_bias,
            model.hedging_w,
            model.category_bias,
            model.category_index,
            blob,
        ) = state
        model.category_w = array("d")
        model.category_w.frombytes(blob)
        return model

    def doubt(self, feats: set[str]) -> float:
        """Probability that the sentence with these features is doubt (warning or worse)."""
        return _sigmoid(self.doubt_bias + sum(map(self.doubt_w.get, feats, repeat(0.0))))

    def hedging(self, feats: set[str]) -> float:
        """Probability that it is hedging."""
        return _sigmoid(self.hedging_bias + sum(map(self.hedging_w.get, feats, repeat(0.0))))

    def category_p(self, feats: set[str]) -> dict[str, float]:
        """Each doubt category's probability, given that the sentence is doubt."""
        totals = list(self.category_bias)
        width = len(totals)
        weights = self.category_w
        for f in feats:
            row = self.category_index.get(f)
            if row is not None:
                start = row * width
                for i, w in enumerate(weights[start : start + width]):
                    totals[i] += w
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        whole = sum(exps)
        return {c: x / whole for c, x in zip(self.categories, exps, strict=True)}

    def reasons(self, feats: set[str], head: str = "doubt") -> tuple[str, ...]:
        """The (at most three) words or word pairs that weigh most toward ``head``."""
        weights = self.hedging_w if head == "hedging" else self.doubt_w
        ranked = sorted(
            (f for f in feats if weights.get(f, 0.0) > 0),
            key=lambda f: (-weights[f], f),
        )
        return tuple(ranked[:3])

    def score(self, sentence: str) -> Scores:
        """Everything the model says of one sentence (for ``--explain`` and tests)."""
        feats = features(sentence)
        doubt = self.doubt(feats)
        hedging = self.hedging(feats)
        ranks = self.category_p(feats)
        best = max(self.categories, key=ranks.__getitem__)
        head = "hedging" if hedging > doubt else "doubt"
        return Scores(doubt, hedging, best, ranks[best], self.reasons(feats, head))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> DoubtModel:
    """The shipped model, read once per process. Parsing 40,000 weights from JSON costs
    about 80 ms of the linter's start-up, so the parsed form is kept in the user's cache
    folder as marshal data (as the rules are), keyed by the weights file's checksum and
    the Python version; an unreadable or stale cache only costs that time again."""
    import marshal
    import sys
    import zlib

    from .ruleset import cache_file

    raw = path.read_bytes()
    version = "".join(map(str, sys.version_info[:2]))
    cache = cache_file(f"learned-{zlib.crc32(raw):08x}-py{version}.marshal")
    try:
        return DoubtModel.from_state(marshal.loads(cache.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    import gzip
    import json

    model = DoubtModel(json.loads(gzip.decompress(raw)))
    try:
        from ..writing import write_bytes_atomic

        write_bytes_atomic(cache, marshal.dumps(model.state()))
    except (OSError, ValueError):
        pass  # an unwritable cache only costs start-up time
    return model
