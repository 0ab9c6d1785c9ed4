"""The linter's quality bar on our own hand-written regression corpus.

The dev set measures the bar the issue states; this larger corpus (written for the
package, never copied from the dev set) guards against rule edits that quietly trade
one category's recall for another's precision. Counting is the dev set's: a sentence is
flagged when it gets a warning or error; `hedging` sentences (info by default) are left
out of the binary count.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "lint-regression.jsonl"
CATEGORIES = {
    "misery",
    "boredom",
    "coasting",
    "ambition-doubt",
    "rank-on-sleeve",
    "demotion-framing",
    "bitterness",
    "desperation",
    "inadequacy",
    "flight-risk",
    "hedging",
}


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    label: str
    kind: str


def _rows() -> list[Row]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        rows.append(Row(data["id"], data["text"], data["label"], data["kind"]))
    return rows


def test_corpus_is_well_formed_and_balanced() -> None:
    rows = _rows()
    assert len(rows) >= 700
    assert len({r.id for r in rows}) == len(rows)
    assert len({r.text for r in rows}) == len(rows)
    kinds = Counter(r.kind for r in rows)
    assert kinds["trap"] >= 140 and kinds["plain"] >= 90
    per_label = Counter(r.label for r in rows if r.kind == "positive")
    assert set(per_label) == CATEGORIES
    assert min(per_label.values()) >= 40
    for r in rows:
        assert (r.kind == "positive") == (r.label != "none"), r.id


def test_corpus_shares_no_sentence_with_the_dev_set() -> None:
    dev = Path("/work/shared/data/lint-dev-set.jsonl")
    if not dev.exists():
        pytest.skip("dev set not available on this machine")
    dev_texts = {json.loads(line)["text"].casefold() for line in dev.read_text().splitlines()}
    assert not dev_texts & {r.text.casefold() for r in _rows()}


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    category_accuracy: float
    misses: list[str]
    false_alarms: list[str]
    wrong_category: list[str]


def _score(rows: list[Row]) -> Score:
    lint = pytest.importorskip("stepback_docs.lint")
    if not hasattr(lint, "lint_text"):  # TEMPORARY until L1's engine lands; then removed
        pytest.skip("stepback_docs.lint.lint_text does not exist yet")
    tp = fp = fn = right = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    wrong: list[str] = []
    for row in rows:
        if row.label == "hedging":
            continue
        loud = [f for f in lint.lint_text(row.text) if f.severity in ("warning", "error")]
        if row.label == "none":
            if loud:
                fp += 1
                false_alarms.append(f"{row.id} {loud[0].category}: {row.text}")
            continue
        if not loud:
            fn += 1
            misses.append(f"{row.id} [{row.label}] {row.text}")
            continue
        tp += 1
        if row.label in {f.category for f in loud}:
            right += 1
        else:
            wrong.append(f"{row.id} [{row.label}->{loud[0].category}] {row.text}")
    return Score(
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / (tp + fn) if tp + fn else 0.0,
        category_accuracy=right / tp if tp else 0.0,
        misses=misses,
        false_alarms=false_alarms,
        wrong_category=wrong,
    )


def test_regression_corpus_meets_the_quality_bar() -> None:
    score = _score(_rows())
    detail = "\n".join(score.false_alarms + score.misses[:40] + score.wrong_category[:40])
    assert score.precision >= 0.95, f"precision {score.precision:.3f}\n{detail}"
    assert score.recall >= 0.80, f"recall {score.recall:.3f}\n{detail}"
    assert score.category_accuracy >= 0.85, f"category {score.category_accuracy:.3f}\n{detail}"
