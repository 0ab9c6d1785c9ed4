"""One decision per sentence: the rules' findings and the learned model's scores.

The rules are precise and explain themselves; the model (``learned.py``) hears doubt
said in words no rule lists. For each sentence:

- a rule finding of warning or worse stands. Where rules of different categories
  compete for the same words ("a miserable, mean boss"), the reading the model rates
  highest is kept; where one rule misreads what a sentence is about and the model is
  sure, the finding takes the model's category. When the model is nearly sure the
  sentence is harmless (below ``veto``: "bored piles", a patient's boredom), the rule
  finding is kept as ``info`` with the model's review in its message, not dropped. A
  coach's own phrases (``*.custom``) are never re-read or reviewed down;
- with no rule finding, a model score at or above ``warn`` becomes a ``warning`` in the
  model's category, carrying that category's message and reframes, the confidence and
  the words that weighed most;
- a score between ``possible`` and ``warn`` becomes an ``info`` "possible" finding only
  when the configuration asks for them (``possible = true``);
- hedging (info) works the same way beside the rules' hedging findings.

The operating points come with the weights (chosen on held-out data by
``scripts/train_lint_model.py``) and are documented in docs/lint.md.
"""

from __future__ import annotations

from typing import Any

from ..findings import SEVERITY_RANK, Finding, LintConfig, Severity
from .engine import normalise, sentence_spans
from .learned import DoubtModel, features_of, prepare, sentence_words

LEARNED = "learned"  # the rule slug of the model's findings: "<category>.learned"
MIN_WORDS = 3  # a heading or a name is not judged by the model
# Longer "sentences" (a run of text with no sentence end: hostile or broken input) are
# not judged: their word lists cost memory in proportion (24 MB took 590 MB).
MAX_SENTENCE = 5_000
SECOND_READING = 0.2  # a rival reading stays if the model gives its category this much
RECATEGORISE_SURE = 0.9  # the model's category must be at least this likely ...
RECATEGORISE_BELOW = 0.02  # ... and the rule's below this, for the model to re-file it
NEAR = 3  # characters between two findings for them to compete for the same words


def _wanted(rule: str, category: str, config: LintConfig) -> bool:
    names = (rule, category)
    if config.select and "all" not in config.select and not any(n in config.select for n in names):
        return False
    return not (any(n in config.ignore for n in names) or "all" in config.ignore)


def _model_finding(
    text: str,
    span: tuple[int, int],
    category: str,
    confidence: float,
    reasons: tuple[str, ...],
    categories: dict[str, dict[str, Any]],
    severity: Severity,
    possible: bool = False,
) -> Finding:
    s, e = span
    defaults = categories.get(category, {})
    words = ", ".join(f"'{w}'" for w in reasons)
    because = f"; words that weigh most: {words}" if words else ""
    lead = "possibly " if possible else ""
    message = (
        f"{defaults.get('message', category)} (learned model: {lead}{category}, "
        f"confidence {confidence:.2f}{because})"
    )
    return Finding(
        category=category,
        rule=f"{category}.{LEARNED}",
        severity=severity,
        start=s,
        end=e,
        text=text[s:e],
        sentence=text[s:e],
        message=message,
        suggestions=list(defaults.get("suggestions", ())),
    )


def _by_sentence(
    spans: list[tuple[int, int]], findings: list[Finding]
) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """The findings that start in each sentence, and those that start in none."""
    inside: dict[int, list[Finding]] = {}
    outside: list[Finding] = []
    index = 0
    for f in sorted(findings, key=lambda f: f.start):
        while index < len(spans) and spans[index][1] <= f.start:
            index += 1
        if index < len(spans) and spans[index][0] <= f.start:
            inside.setdefault(index, []).append(f)
        else:
            outside.append(f)
    return inside, outside


def _one_reading(
    found: list[Finding], strong: list[Finding], ranks: dict[str, float]
) -> list[Finding]:
    """Where rule findings of different categories compete for the same words ("a
    miserable, mean boss": misery or bitterness?), keep the reading the model rates
    highest. A finding in another part of the sentence is a second thing said and
    stays, as does one the model also finds likely and a coach's own phrase."""
    order = sorted(strong, key=lambda f: (-ranks.get(f.category, 0.0), f.start))
    kept: list[Finding] = []
    for f in order:
        rival = any(
            k.category != f.category and max(k.start, f.start) - min(k.end, f.end) <= NEAR
            for k in kept
        )
        if not rival or f.rule.endswith(".custom") or ranks.get(f.category, 0.0) >= SECOND_READING:
            kept.append(f)
    return [f for f in found if f not in strong or f in kept]


def _recategorise(
    text: str,
    found: list[Finding],
    strong: list[Finding],
    ranks: dict[str, float],
    categories: dict[str, dict[str, Any]],
) -> list[Finding]:
    """A rule read the sentence as one category ("miserable" -> misery) where the
    model is sure it is about another ("a miserable, mean boss" -> bitterness): the
    finding keeps the rule's words and severity and takes the model's category."""
    category = strong[0].category
    best = max(ranks, key=ranks.__getitem__)
    if (
        best == category
        or ranks[best] < RECATEGORISE_SURE
        or ranks.get(category, 0.0) >= RECATEGORISE_BELOW
        or any(f.rule.endswith(".custom") for f in strong)
    ):
        return found
    out = [f for f in found if f not in strong]
    for f in strong:
        moved = _model_finding(
            text, (f.start, f.end), best, ranks[best], (), categories, f.severity
        )
        moved.sentence = f.sentence
        moved.message = moved.message.replace(
            "(learned model:",
            f"(learned model: the rule {f.rule} read '{f.text}' as {category}, but the "
            "sentence is about",
            1,
        )
        out.append(moved)
    return out


def judge(
    text: str,
    findings: list[Finding],
    model: DoubtModel,
    categories: dict[str, dict[str, Any]],
    config: LintConfig,
    allow: list[str],
) -> list[Finding]:
    """The findings for ``text`` after the per-sentence decision (see the module doc)."""
    spans = sentence_spans(text)
    warn = model.thresholds["warn"]
    possible = model.thresholds["possible"]
    hedge = model.thresholds["hedging"]
    veto = model.thresholds.get("veto", 0.0)
    inside, out = _by_sentence(spans, findings)
    prepared = prepare(text)  # once for the text: each sentence's words are a slice of it
    for i, span in enumerate(spans):
        found = inside.get(i, [])
        if span[1] - span[0] > MAX_SENTENCE:  # not a sentence: the rules' findings stand
            out.extend(found)
            continue
        words = sentence_words(prepared, *span)
        if len(words) < MIN_WORDS or (
            allow and any(a in normalise(text[span[0] : span[1]]) for a in allow)
        ):
            out.extend(found)
            continue
        feats = features_of(words)
        strong = [f for f in found if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
        doubt = model.doubt(feats)
        if len({f.category for f in strong}) > 1:
            found = _one_reading(found, strong, model.category_p(feats))
        elif strong and doubt >= warn:  # only a model sure of doubt re-files it
            found = _recategorise(text, found, strong, model.category_p(feats), categories)
        if strong and doubt < veto:
            for f in found:
                if (
                    f.category != "hedging"
                    and f.severity != "info"
                    and not f.rule.endswith(".custom")
                ):
                    f.severity = "info"
                    f.message += (
                        f" (reviewed by the learned model: likely harmless here, doubt {doubt:.2f})"
                    )
        out.extend(found)
        if strong:
            continue
        if doubt >= possible:
            ranks = model.category_p(feats)
            category = max(model.categories, key=ranks.__getitem__)
            sure = doubt >= warn
            if (sure or config.possible) and _wanted(f"{category}.{LEARNED}", category, config):
                out.append(
                    _model_finding(
                        text,
                        span,
                        category,
                        doubt,
                        model.reasons(feats),
                        categories,
                        "warning" if sure else "info",
                        possible=not sure,
                    )
                )
            continue
        if any(f.category == "hedging" for f in found):
            continue
        hedging = model.hedging(feats)
        if hedging >= hedge and _wanted(f"hedging.{LEARNED}", "hedging", config):
            reasons = model.reasons(feats, "hedging")
            out.append(_model_finding(text, span, "hedging", hedging, reasons, categories, "info"))
    return out
