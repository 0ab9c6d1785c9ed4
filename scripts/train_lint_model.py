"""Train the doubt linter's learned layer and write its weights into the package.

    pip install -e '.[train]'
    python scripts/train_lint_model.py            # train, pick operating points, export
    python scripts/train_lint_model.py --report   # also score the frozen test split

Data (all written for this package; ``../shared/data`` is an evaluation set and is
never read here):

- ``training/corpus/*.jsonl``: sentences in every register a candidate writes, labeled
  with a taxonomy category or ``none`` (see training/README.md);
- ``tests/data/lint-regression.jsonl``: the rule rounds' hand-written rows;
- each rule's ``examples.flag`` / ``examples.pass`` in the YAML rule files;
- harmless sentences of our own generators: every template document of the example
  profiles (all kinds and lengths) and the lint benchmark's corpus with its planted doubt
  removed. The generator's lint gate runs on these, so a false alarm there would block a
  client's documents.

Every row lands in one split by a hash of its text, so a row never changes split as the
corpus grows: 80% train, 10% dev (operating points are chosen here), 10% test (frozen:
scored only with ``--report``, never used to choose anything).

Model: three logistic regressions over ``stepback_docs.lint.learned.features`` (binary
presence): doubt (any of the ten warning categories) vs not, hedging vs not, and the
category among doubt rows. Weights under ``PRUNE`` are dropped; the rest are rounded.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from stepback_docs.findings import CATEGORIES as ALL_CATEGORIES  # noqa: E402
from stepback_docs.lint.learned import MODEL_FILE, features, words  # noqa: E402

CATEGORIES = tuple(c for c in ALL_CATEGORIES if c not in ("hedging", "leak"))  # warnings
LABELS = (*CATEGORIES, "hedging", "none")
PRUNE = 0.02
MIN_COUNT = 2  # a feature must occur in this many training sentences
TARGET_PRECISION = 0.97  # of the combined linter on the dev split
MAX_ALARM = 0.025  # share of harmless dev sentences the combined linter may flag
GENERATED_WEIGHT = 0.3  # each benchmark-corpus sentence counts this much
# A rule finding is reviewed down to info only where the model is nearly sure the
# sentence is harmless. The corpus's doubt rows avoid the obvious trigger words on
# purpose, so the model gives some explicit phrases little weight ("I burned out."
# scores 0.14): above 0.05 such plain statements would be reviewed away.
VETOES = (0.02, 0.05)
TEMPLATE_CLIENTS = 400  # example profiles re-targeted, for the templates' own sentences
# Jobs, employers and sectors the re-targeted clients apply to (written for this script).
POSITIONS = [
    "Charge Nurse",
    "Clinical Educator",
    "Site Engineer",
    "Operations Manager",
    "Finance Business Partner",
    "Store Manager",
    "Senior Analyst",
    "Program Coordinator",
    "Head of Year",
    "Warehouse Supervisor",
    "Data Engineer",
    "Paralegal",
    "Account Manager",
    "Quality Lead",
    "Project Manager",
    "Team Lead",
    "Production Planner",
    "HR Business Partner",
    "Customer Success Manager",
    "Buyer",
    "Lab Manager",
    "Fleet Coordinator",
    "Case Manager",
    "Policy Officer",
    "Facilities Manager",
    "Product Owner",
    "Sous Chef",
    "Branch Manager",
    "Grants Officer",
    "Maintenance Planner",
]
EMPLOYERS = [
    "Harbourside Health",
    "Calder Rail",
    "Brightwater Co-op",
    "Ostrander Foods",
    "Kestrel Software",
    "Millbrook Council",
    "Ridgeway Logistics",
    "Saltmarsh Hospice",
    "Tamsin & Rowe LLP",
    "Northgate Academy",
    "Vantor Energy",
    "Pike Street Bakery",
]
SECTORS = [
    "healthcare",
    "rail transport",
    "retail",
    "food manufacturing",
    "software",
    "local government",
    "logistics",
    "law",
    "education",
    "energy",
    "hospitality",
    "non-profit",
]


def split_of(text: str) -> str:
    bucket = int(hashlib.sha256(text.strip().lower().encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 80 else "dev" if bucket < 90 else "test"


def corpus_rows() -> list[dict[str, Any]]:
    rows = []
    for path in sorted((REPO / "training" / "corpus").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                print(f"{path.name}:{number}: not JSON, skipped", file=sys.stderr)
                continue
            if row.get("label") in LABELS and isinstance(row.get("text"), str):
                rows.append({"text": row["text"], "label": row["label"], "source": path.stem})
    return rows


def regression_rows() -> list[dict[str, Any]]:
    path = REPO / "tests" / "data" / "lint-regression.jsonl"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append({"text": row["text"], "label": row["label"], "source": "regression"})
    return rows


def rule_example_rows() -> list[dict[str, Any]]:
    import yaml

    rows = []
    for path in sorted((REPO / "src" / "stepback_docs" / "lint" / "rules").glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        category = doc.get("category")
        for rule in doc.get("rules") or []:
            examples = rule.get("examples") or {}
            for text in examples.get("flag") or []:
                rows.append({"text": text, "label": category, "source": "rule-examples"})
            for text in examples.get("pass") or []:
                rows.append({"text": text, "label": "none", "source": "rule-examples"})
    return rows


def sentences_of(text: str) -> list[str]:
    from stepback_docs.lint.engine import sentence_spans

    return [text[s:e] for s, e in sentence_spans(text)]


def generated_rows() -> list[dict[str, Any]]:
    """Distinct sentences of our template documents and of the benchmark corpus."""
    sys.path.insert(0, str(REPO / "bench"))
    import corpus

    from stepback_docs.documents import KINDS
    from stepback_docs.errors import StepbackError
    from stepback_docs.generator import generate
    from stepback_docs.loading import load_profile

    seen: set[str] = set()
    rows = []
    # The raw template text: the generator's lint gate must not judge it with the model
    # being trained (or with none at all, the first time).
    from stepback_docs.lint import learned

    silent = learned.DoubtModel(
        {
            "version": "silent",
            "thresholds": {"warn": 2.0, "possible": 2.0, "hedging": 2.0},
            "categories": list(CATEGORIES),
            "doubt": {"bias": -20.0, "weights": {}},
            "hedging": {"bias": -20.0, "weights": {}},
            "category": {"bias": [0.0] * len(CATEGORIES), "weights": {}},
        }
    )
    learned.load_model = lambda path=MODEL_FILE: silent  # type: ignore[assignment]

    def add(text: str, source: str) -> None:
        for sentence in sentences_of(text):
            if len(sentence.split()) >= 3 and sentence not in seen:
                seen.add(sentence)
                rows.append({"text": sentence, "label": "none", "source": source})

    from stepback_docs.model import MotivationKind, Move, Tone

    kinds = [k.value for k in MotivationKind]
    moves, tones = list(Move), list(Tone)
    bases = [
        load_profile(path)
        for path in [
            *sorted((REPO / "examples" / "profiles").glob("*.yaml")),
            REPO / "templates" / "starter-profile.yaml",
        ]
    ]
    rng = random.Random(20261208)
    for number in range(TEMPLATE_CLIENTS):
        # Each client is an example profile moved to another job, sector and move, so the
        # templates' sentences are seen with many titles and employers in their slots.
        profile = bases[number % len(bases)].model_copy(deep=True)
        sb = profile.stepback
        sb.move = moves[number % len(moves)]
        sb.tone = tones[(number // len(moves)) % len(tones)]
        if number >= len(bases) * len(moves):
            sb.target.position = rng.choice(POSITIONS)
            sb.target.organization = rng.choice([*EMPLOYERS, None])
            sb.target.industry = rng.choice([*SECTORS, None])
        for i, motivation in enumerate(sb.motivations):
            motivation.kind = MotivationKind(kinds[(number + i) % len(kinds)])
        if number % 5 == 4:
            sb.stories = []
        for length in ("short", "medium", "long"):
            for kind in KINDS:
                try:
                    (d,) = generate(profile, kinds=[kind], length=length)
                except StepbackError:  # a client the guards refuse adds no sentences
                    continue
                parts = [d.greeting, *d.paragraphs, d.closing]
                add("\n\n".join(p for p in parts if p), "templates")
    from stepback_docs.output.labels import QUESTIONS

    for question in QUESTIONS.values():  # the interviewer's question heads an answer
        add(question, "templates")
    for doc in corpus.generate(0.5, seed=7):
        for planted in corpus.DOUBT:
            doc = doc.replace(planted, "")
        add(doc, "bench-corpus")
    return rows


def dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per text (the first source wins), so no text sits in two splits."""
    seen: set[str] = set()
    out = []
    for row in rows:
        key = row["text"].strip().lower()
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


class Vectoriser:
    def __init__(self, texts: list[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(features(text))
        self.vocab = {
            f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))
        }
        self.names = sorted(self.vocab, key=self.vocab.__getitem__)

    def matrix(self, texts: list[str]) -> csr_matrix:
        indptr, indices = [0], []
        for text in texts:
            cols = sorted(self.vocab[f] for f in features(text) if f in self.vocab)
            indices.extend(cols)
            indptr.append(len(indices))
        data = np.ones(len(indices))
        return csr_matrix((data, indices, indptr), shape=(len(texts), len(self.vocab)))


def fit(x: csr_matrix, y: np.ndarray, weight: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(
        C=c, max_iter=3000, solver="liblinear" if len(set(y)) == 2 else "lbfgs"
    )
    model.fit(x, y, sample_weight=weight)
    return model


class Judged:
    """Per dev/test row, what the judge needs: each sentence's rule verdict (a finding
    of warning or worse; a hedging finding) and the model's probabilities. Replays
    ``lint.judge`` for any operating point without linting again."""

    def __init__(self, rows: list[dict[str, Any]], model: Any) -> None:
        from stepback_docs.findings import SEVERITY_RANK, LintConfig
        from stepback_docs.lint import lint_text
        from stepback_docs.lint.engine import sentence_spans
        from stepback_docs.lint.judge import MIN_WORDS

        config = LintConfig(learned=False)
        self.labels = [r["label"] for r in rows]
        self.sentences: list[list[tuple[bool, bool, float, float, str]]] = []
        for row in rows:
            text = row["text"]
            found = lint_text(text, config)
            parts = []
            for s, e in sentence_spans(text):
                inside = [f for f in found if s <= f.start < e]
                strong = any(SEVERITY_RANK[f.severity] >= 1 for f in inside)
                hedged = any(f.category == "hedging" for f in inside)
                if len(words(text[s:e])) < MIN_WORDS:  # not judged: the rules alone
                    parts.append((strong, hedged, -1.0, -1.0, "none"))
                    continue
                feats = features(text[s:e])
                ranks = model.category_p(feats)
                rule_cat = next((f.category for f in inside if SEVERITY_RANK[f.severity] >= 1), "")
                best = max(ranks, key=ranks.__getitem__)
                parts.append(
                    (strong, hedged, model.doubt(feats), model.hedging(feats), rule_cat or best)
                )
            self.sentences.append(parts)

    def flagged(self, t: dict[str, float]) -> list[tuple[bool, str, bool]]:
        """Per row: flagged (warning or worse), the category, and hedging found."""
        out = []
        for parts in self.sentences:
            flag, category, hedge = False, "none", False
            for strong, hedged, p, ph, cat in parts:
                judged = p >= 0
                hit = (strong and (not judged or p >= t["veto"])) or (not strong and p >= t["warn"])
                if hit and not flag:
                    flag, category = True, cat
                if hedged or (not strong and p < t["possible"] and ph >= t["hedging"]):
                    hedge = True
            out.append((flag, category, hedge))
        return out

    def metrics(self, t: dict[str, float]) -> dict[str, float]:
        got = self.flagged(t)
        doubt = [lab in CATEGORIES for lab in self.labels]
        harmless = [lab == "none" for lab in self.labels]
        tp = sum(f and d for (f, _, _), d in zip(got, doubt, strict=True))
        fp = sum(f and h for (f, _, _), h in zip(got, harmless, strict=True))
        fn = sum(not f and d for (f, _, _), d in zip(got, doubt, strict=True))
        right = sum(
            f and c == lab
            for (f, c, _), lab in zip(got, self.labels, strict=True)
            if lab in CATEGORIES
        )
        hedging = [lab == "hedging" for lab in self.labels]
        return {
            "precision": tp / max(tp + fp, 1),
            "recall": tp / max(tp + fn, 1),
            "alarm": fp / max(sum(harmless), 1),
            "category": right / max(tp, 1),
            "hedging": sum(h and g for (_, _, h), g in zip(got, hedging, strict=True))
            / max(sum(hedging), 1),
            "hedging_alarm": sum(h and g for (_, _, h), g in zip(got, harmless, strict=True))
            / max(sum(harmless), 1),
        }


def choose(judged: Judged) -> dict[str, float]:
    """The operating point with the best recall at TARGET_PRECISION and at most MAX_ALARM
    false alarms on harmless dev sentences; hedging at most 1% of harmless ones."""
    best: tuple[float, dict[str, float]] | None = None
    for veto in VETOES:
        for warn in [x / 100 for x in range(50, 100)]:
            t = {"warn": warn, "possible": 2.0, "hedging": 2.0, "veto": veto}
            m = judged.metrics(t)
            if m["precision"] >= TARGET_PRECISION and m["alarm"] <= MAX_ALARM:
                key = m["recall"]
                if best is None or key > best[0] + 1e-9:
                    best = (key, t)
                break  # higher warn only lowers recall
    chosen = best[1] if best else {"warn": 0.99, "possible": 2.0, "hedging": 2.0, "veto": 0.0}
    chosen["possible"] = round(max(0.3, chosen["warn"] - 0.25), 2)
    for hedge in [x / 100 for x in range(40, 100, 5)]:
        chosen["hedging"] = hedge
        if judged.metrics(chosen)["hedging_alarm"] <= 0.01:
            break
    return chosen


def show(name: str, judged: Judged, t: dict[str, float]) -> None:
    off = {"warn": 2.0, "possible": 2.0, "hedging": 2.0, "veto": 0.0}
    for title, point in (("rules alone", off), ("combined", t)):
        m = judged.metrics(point)
        print(
            f"  {name:5} {title:12} P {m['precision']:.3f}  R {m['recall']:.3f}  "
            f"alarm {m['alarm']:.4f}  category {m['category']:.3f}  "
            f"hedging {m['hedging']:.3f} (on harmless {m['hedging_alarm']:.4f})"
        )


def model_data(
    vec: Vectoriser,
    doubt: LogisticRegression,
    hedge: LogisticRegression,
    cat: LogisticRegression,
    thresholds: dict[str, float],
    stats: dict[str, Any],
) -> dict[str, Any]:
    """The weights as ``stepback_docs.lint.learned.DoubtModel`` reads them, pruned."""
    names = vec.names
    cw = cat.coef_

    def head(model: LogisticRegression) -> dict[str, Any]:
        pairs = zip(names, model.coef_[0], strict=True)
        return {
            "bias": round(float(model.intercept_[0]), 4),
            "weights": {n: round(float(w), 3) for n, w in pairs if abs(w) >= PRUNE},
        }

    return {
        "version": stats["version"],
        "thresholds": thresholds,
        "categories": [str(c) for c in cat.classes_],
        "doubt": head(doubt),
        "hedging": head(hedge),
        "category": {
            "bias": [round(float(b), 4) for b in cat.intercept_],
            "weights": {
                n: [round(float(w), 3) for w in cw[:, i]]
                for i, n in enumerate(names)
                if np.max(np.abs(cw[:, i])) >= PRUNE
            },
        },
        "training": stats,
    }


def write_model(data: dict[str, Any]) -> None:
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    with open(MODEL_FILE, "wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as gz:
        gz.write(raw)
    print(f"wrote {MODEL_FILE.relative_to(REPO)}: {MODEL_FILE.stat().st_size:,} bytes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="also score the frozen test split")
    parser.add_argument("--c", type=float, default=3.0, help="inverse regularisation strength")
    parser.add_argument("--no-export", action="store_true", help="train and report only")
    args = parser.parse_args(argv)

    rows = dedupe([*corpus_rows(), *regression_rows(), *rule_example_rows(), *generated_rows()])
    for row in rows:
        # The generator's own sentences are not evaluation material: they must simply
        # never be flagged (its lint gate would block a client's documents), so all train.
        row["split"] = "train" if row["source"] == "templates" else split_of(row["text"])
    by_split = {s: [r for r in rows if r["split"] == s] for s in ("train", "dev", "test")}
    print("rows:", {s: len(v) for s, v in by_split.items()})
    print("sources:", dict(Counter(r["source"].split("-")[0] for r in rows)))
    print("labels (train):", dict(Counter(r["label"] for r in by_split["train"])))
    train = by_split["train"]
    texts = [r["text"] for r in train]
    vec = Vectoriser(texts)
    x = vec.matrix(texts)
    weight = np.array([GENERATED_WEIGHT if r["source"] == "bench-corpus" else 1.0 for r in train])
    y_doubt = np.array([r["label"] in CATEGORIES for r in train], dtype=int)
    y_hedge = np.array([r["label"] == "hedging" for r in train], dtype=int)
    doubt = fit(x, y_doubt, weight, args.c)
    hedge = fit(x, y_hedge, weight, args.c)
    mask = y_doubt == 1
    cat = fit(
        x[mask], np.array([r["label"] for r in train])[mask], np.ones(int(mask.sum())), args.c
    )
    print(f"features: {len(vec.vocab):,}")

    from stepback_docs.lint.learned import DoubtModel

    model = DoubtModel(model_data(vec, doubt, hedge, cat, {}, {"version": "candidate"}))
    judged = Judged(by_split["dev"], model)
    thresholds = choose(judged)
    print("thresholds:", thresholds)
    show("dev", judged, thresholds)
    if args.report:
        show("test", Judged(by_split["test"], model), thresholds)
    if not args.no_export:
        digest = hashlib.sha256("".join(sorted(r["text"] for r in train)).encode()).hexdigest()[:12]
        stats = {
            "version": f"1-{digest}",
            "train_rows": len(train),
            "dev_rows": len(by_split["dev"]),
            "test_rows": len(by_split["test"]),
            "features": len(vec.vocab),
            "c": args.c,
        }
        write_model(model_data(vec, doubt, hedge, cat, thresholds, stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
