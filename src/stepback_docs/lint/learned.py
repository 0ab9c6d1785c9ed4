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

import gzip
import json
import math
import re
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

from .engine import normalise

MODEL_FILE = Path(__file__).resolve().parent / "learned-model.json.gz"
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
DIGIT_ZERO = str.maketrans("123456789", "000000000")
START = "<s>"
STEM = 5  # words longer than this also give their first STEM letters as a feature


def prepare(text: str) -> str:
    """``text`` lower-cased with one apostrophe and every digit a "0", keeping every
    offset: the words of any stretch ``text[s:e]`` are ``TOKEN.findall(prepared, s, e)``."""
    return normalise(text).translate(DIGIT_ZERO)


def words(sentence: str) -> list[str]:
    """A sentence's words as the model sees them (see ``prepare``)."""
    return TOKEN.findall(prepare(sentence))


def features_of(found: list[str]) -> set[str]:
    """Words, adjacent word pairs (the first paired with a start mark) and word starts."""
    out = set(found)
    out.update(map(" ".join, pairwise([START, *found])))
    out.update([w[:STEM] + "~" for w in found if len(w) > STEM + 1])
    return out


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
    """Weights and operating points, as trained; ``score`` is the whole runtime."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = str(data["version"])
        self.thresholds: dict[str, float] = {k: float(v) for k, v in data["thresholds"].items()}
        self.categories: tuple[str, ...] = tuple(data["categories"])
        self.doubt_bias = float(data["doubt"]["bias"])
        self.doubt_w: dict[str, float] = data["doubt"]["weights"]
        self.hedging_bias = float(data["hedging"]["bias"])
        self.hedging_w: dict[str, float] = data["hedging"]["weights"]
        self.category_bias: list[float] = [float(b) for b in data["category"]["bias"]]
        self.category_w: dict[str, list[float]] = data["category"]["weights"]

    def doubt(self, feats: set[str]) -> float:
        """Probability that the sentence with these features is doubt (warning or worse)."""
        return _sigmoid(self.doubt_bias + sum(map(self.doubt_w.get, feats, repeat(0.0))))

    def hedging(self, feats: set[str]) -> float:
        """Probability that it is hedging."""
        return _sigmoid(self.hedging_bias + sum(map(self.hedging_w.get, feats, repeat(0.0))))

    def category_p(self, feats: set[str]) -> dict[str, float]:
        """Each doubt category's probability, given that the sentence is doubt."""
        totals = list(self.category_bias)
        for f in feats:
            row = self.category_w.get(f)
            if row is not None:
                for i, w in enumerate(row):
                    totals[i] += w
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        whole = sum(exps)
        return {c: x / whole for c, x in zip(self.categories, exps, strict=True)}

    def reasons(self, feats: set[str], head: str = "doubt") -> tuple[str, ...]:
        """The (at most three) words or word pairs that weigh most toward ``head``."""
        weights = self.hedging_w if head == "hedging" else self.doubt_w
        ranked = sorted(
            (f for f in feats if weights.get(f, 0.0) > 0 and not f.endswith("~")),
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
    """The shipped model (read once per process)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return DoubtModel(json.load(handle))
