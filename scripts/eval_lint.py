"""Print the doubt linter's quality on a labeled JSONL set (default: the shared dev set).

    python scripts/eval_lint.py [FILE.jsonl ...] [--rules-only] [--misses] [--slow]

Prints precision, recall and category accuracy under the quality-bar counting (see
``stepback_docs.lint.evaluate``), a per-category table, the confusion table and how
many hedging (info) and harmless sentences get a hedging finding; with
``--misses`` also every missed doubt sentence, false alarm and wrong category; with
``--slow`` the rules whose anchor words send the most harmless benchmark documents to
full analysis (fix those first when the throughput bench is slow); ``--rules-only``
turns the learned model off, for a comparison in the same run.

A file whose rows have ``doubt_sentences`` is a set of whole documents: each listed
doubt sentence counts as caught when a warning-or-error finding of its category (or
any category) lies inside it, each listed trap sentence as a false alarm when one does.
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

from stepback_docs.errors import StepbackError
from stepback_docs.findings import LintConfig
from stepback_docs.lint.evaluate import NONE, Outcome, Report, evaluate, load_jsonl

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO.parent / "shared" / "data" / "lint-dev-set.jsonl"


def _with_hedging(outcomes: list[Outcome]) -> int:
    return sum(any(f.category == "hedging" for f in o.findings) for o in outcomes)


def show(path: Path, report: Report, misses: bool) -> None:
    print(f"== {path}")
    print(
        f"sentences {len(report.outcomes)}  tp {report.tp}  fp {report.fp}  fn {report.fn}\n"
        f"precision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"category accuracy {report.category_accuracy:.3f}"
    )
    print(f"\n{'label':18} {'n':>4} {'right':>6} {'flagged':>8}")
    for label, (n, right, flagged) in report.per_category().items():
        print(f"{label:18} {n:>4} {right:>6} {flagged:>8}")
    confusion = report.confusion()
    labels = sorted({lab for lab, _ in confusion} | {pred for _, pred in confusion})
    short = [lab[:6] for lab in labels]
    print("\nconfusion (rows: label, columns: predicted)")
    print(" " * 18 + " ".join(f"{s:>6}" for s in short))
    for label in labels:
        cells = " ".join(f"{confusion.get((label, p), 0) or '.':>6}" for p in labels)
        print(f"{label:18}{cells}")
    # Hedging is info by default, so the counts above leave it out; show its own hit rate.
    hedging = [o for o in report.outcomes if o.label == "hedging"]
    harmless = [o for o in report.outcomes if o.label == NONE]
    print(
        f"\nhedging (info): {_with_hedging(hedging)}/{len(hedging)} hedging sentences get a "
        f"hedging finding, {_with_hedging(harmless)}/{len(harmless)} harmless ones do"
    )
    for kind in sorted({o.kind for o in harmless}):
        rows = [o for o in harmless if o.kind == kind]
        alarms = sum(o.flagged for o in rows)
        print(f"false alarms on harmless '{kind or '-'}' sentences: {alarms}/{len(rows)}")
    if misses:
        print("\nmisses / false alarms / wrong category:")
        for o in report.outcomes:
            if o.label == "hedging":
                continue
            wrong = o.flagged and o.label != NONE and o.predicted != o.label
            if o.flagged != (o.label != NONE) or wrong:
                rules = ",".join(f"{f.rule}:{f.text!r}" for f in o.findings) or "-"
                print(f"  [{o.label} -> {o.predicted if o.flagged else NONE}] {o.text}  {rules}")
    print()


def show_documents(path: Path, rows: list[dict[str, object]], config: LintConfig) -> None:
    from stepback_docs.findings import SEVERITY_RANK
    from stepback_docs.lint import lint_text

    caught = right = doubts = traps = alarms = 0
    missed: list[str] = []
    for row in rows:
        text = str(row["text"])
        strong = [
            f
            for f in lint_text(text, config)
            if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]
        ]

        def inside(sentence: str, text: str = text, strong: list[Any] = strong) -> list[str]:
            at = text.find(sentence)
            return [f.category for f in strong if at <= f.start < at + len(sentence)]

        for item in row.get("doubt_sentences") or []:  # type: ignore[attr-defined]
            if item["label"] == "hedging":
                continue
            doubts += 1
            found = inside(item["text"])
            caught += bool(found)
            right += item["label"] in found
            if not found:
                missed.append(f"  [{item['label']} missed] {item['text']}")
        for trap in row.get("trap_sentences") or []:  # type: ignore[attr-defined]
            traps += 1
            if inside(trap):
                alarms += 1
                missed.append(f"  [false alarm {inside(trap)}] {trap}")
    print(f"== {path} ({len(rows)} documents)")
    print(
        f"doubt sentences caught {caught}/{doubts} (right category {right}); "
        f"trap sentences flagged {alarms}/{traps}"
    )
    return None


def slow_rules(top: int = 20) -> None:
    """Which rules' rarest required words occur in ordinary career documents."""
    from collections import Counter

    sys.path.insert(0, str(REPO / "bench"))
    from corpus import generate

    from stepback_docs.lint import _engine
    from stepback_docs.lint.engine import normalise, tokens_of

    engine = _engine()
    docs = generate(0.3)
    hits: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        norm = normalise(doc)
        tokens = tokens_of(norm)
        for word in engine.first_words.intersection(tokens):
            for p in engine.first_word[word]:
                hits[(engine.rules[engine.phrase_rule[p]].id, word.decode())] += 1
        for pair in engine.first_pairs.intersection(pairwise(tokens)):
            for _key, p in engine.first_pair[pair]:
                hits[(engine.rules[engine.phrase_rule[p]].id, b" ".join(pair).decode())] += 1
    print(f"anchor hits per benchmark document: {sum(hits.values()) / len(docs):.1f}")
    print(f"rule / anchor word that triggers full analysis / documents (of {len(docs)}):")
    for (rule, word), count in hits.most_common(top):
        print(f"  {rule:40} {word!r:24} {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every error")
    parser.add_argument("--slow", action="store_true", help="rules that slow the linter")
    parser.add_argument(
        "--rules-only", action="store_true", help="turn the learned model off (a comparison)"
    )
    args = parser.parse_args(argv)
    config = LintConfig(learned=not args.rules_only)
    if args.slow:
        slow_rules()
        return 0
    files = args.files or [DEV_SET]
    for path in files:
        if not path.is_file():
            print(f"eval_lint: {path}: no such file", file=sys.stderr)
            return 2
        try:
            rows = load_jsonl(path)
            if rows and "doubt_sentences" in rows[0]:
                show_documents(path, rows, config)
                continue
            show(path, evaluate(rows, config), args.misses)
        except StepbackError as exc:  # a broken rule file: one line, not a traceback
            print(f"eval_lint: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
