"""Measure the linter on labeled sentences (the dev set, the regression corpus).

One definition of the quality bar, shared by ``scripts/eval_lint.py`` and the tests: a
sentence counts as flagged when it gets a finding of severity warning or error;
``hedging`` sentences are left out of the binary count (hedging is only ``info``); the
category of a flagged sentence is that of its first warning-or-error finding (what a
reader meets first, and the first line the CLI prints for the sentence).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import SEVERITY_RANK, Finding, LintConfig

NONE = "none"


@dataclass
class Outcome:
    id: str
    text: str
    label: str
    kind: str
    flagged: bool
    predicted: str  # category of the primary finding, or "none"
    findings: list[Finding]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _binary(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.label != "hedging"]

    @property
    def tp(self) -> int:
        return sum(1 for o in self._binary() if o.flagged and o.label != NONE)

    @property
    def fp(self) -> int:
        return sum(1 for o in self._binary() if o.flagged and o.label == NONE)

    @property
    def fn(self) -> int:
        return sum(1 for o in self._binary() if not o.flagged and o.label != NONE)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def category_accuracy(self) -> float:
        hits = [o for o in self._binary() if o.flagged and o.label != NONE]
        if not hits:
            return 1.0
        return sum(1 for o in hits if o.predicted == o.label) / len(hits)

    def confusion(self) -> Counter[tuple[str, str]]:
        """(label, predicted) counts; predicted is "none" for unflagged sentences."""
        return Counter((o.label, o.predicted if o.flagged else NONE) for o in self.outcomes)

    def per_category(self) -> dict[str, tuple[int, int, int]]:
        """category -> (sentences labeled, flagged with that category, flagged at all)."""
        out: dict[str, tuple[int, int, int]] = {}
        for label in sorted({o.label for o in self.outcomes}):
            rows = [o for o in self.outcomes if o.label == label]
            right = sum(1 for o in rows if o.flagged and o.predicted == label)
            out[label] = (len(rows), right, sum(1 for o in rows if o.flagged))
        return out


def primary(findings: list[Finding]) -> Finding | None:
    """The finding that names a sentence's category: the earliest."""
    if not findings:
        return None
    return min(findings, key=lambda f: (f.start, -SEVERITY_RANK[f.severity]))


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
    return rows


def evaluate(rows: list[dict[str, Any]], config: LintConfig | None = None) -> Report:
    from . import lint_text

    report = Report()
    for row in rows:
        findings = lint_text(str(row["text"]), config)
        strong = [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
        top = primary(strong) or primary(findings)
        report.outcomes.append(
            Outcome(
                id=str(row.get("id", "")),
                text=str(row["text"]),
                label=str(row.get("label", NONE)),
                kind=str(row.get("kind", "")),
                flagged=bool(strong),
                predicted=top.category if top else NONE,
                findings=findings,
            )
        )
    return report
