"""The quality bar of issue 3 on the shared dev set: precision >= 0.95, recall >= 0.85,
category accuracy >= 0.90 (counting in stepback_docs.lint.evaluate)."""

from __future__ import annotations

import pytest

from repo_paths import SHARED_DATA
from stepback_docs.lint.evaluate import evaluate, load_jsonl

DEV_SET = SHARED_DATA / "lint-dev-set.jsonl"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    if not DEV_SET.is_file():
        pytest.skip(f"dev set not found at {DEV_SET} (it lives in ../shared/data)")
    return evaluate(load_jsonl(DEV_SET))


def test_dev_set_precision(report) -> None:  # type: ignore[no-untyped-def]
    assert report.precision >= 0.95, report.precision


def test_dev_set_recall(report) -> None:  # type: ignore[no-untyped-def]
    assert report.recall >= 0.85, report.recall


def test_dev_set_category_accuracy(report) -> None:  # type: ignore[no-untyped-def]
    assert report.category_accuracy >= 0.90, report.category_accuracy


def test_hedging_is_only_ever_info(report) -> None:  # type: ignore[no-untyped-def]
    hedges = [f for o in report.outcomes for f in o.findings if f.category == "hedging"]
    assert hedges, "the dev set's hedging sentences should get hedging findings"
    assert {f.severity for f in hedges} == {"info"}


def test_counting_rules_on_a_tiny_set() -> None:
    rows = [
        {"text": "I burned out as VP.", "label": "misery"},
        {"text": "I was bored stiff.", "label": "misery"},  # flagged, wrong category
        {"text": "Cut costs by 12%.", "label": "none"},
        {"text": "I think I might be a fit.", "label": "hedging"},  # out of the count
        {"text": "Ran the coast-to-coast rollout.", "label": "coasting"},  # missed
    ]
    small = evaluate(rows)
    assert (small.tp, small.fp, small.fn) == (2, 0, 1)
    assert small.category_accuracy == 0.5
    assert small.confusion()[("misery", "boredom")] == 1
