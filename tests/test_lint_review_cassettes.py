"""`lint --llm` against a REAL small model (SmolLM2-135M via llama.cpp), replayed.

The request names the sentences the offline linter flagged, so retraining the learned
model or editing a rule that changes those means re-recording
(``python scripts/record_cassettes.py --only review``).

Recorded by ``scripts/record_cassettes.py --only review`` through the same path the CLI
takes (structured output first). What they show: llama.cpp refuses ``json_schema`` and
the reviewer falls back to its JSON mode; the tiny model copies the prompt's
placeholder instead of quoting the text and names sentences that do not exist, and
every such claim is rejected, so the offline linter's findings stand unchanged.
"""

from __future__ import annotations

import json
import sys

import pytest

from repo_paths import REPO
from stepback_docs.findings import LintConfig
from stepback_docs.lint import _engine, lint_text
from stepback_docs.lint.review import LLMReviewer, parse_answer

sys.path.insert(0, str(REPO / "scripts"))
import record_cassettes as recorder

pytestmark = pytest.mark.usefixtures("socket_disabled")


@pytest.mark.parametrize("name", sorted(recorder.REVIEW_TEXTS))
def test_the_small_models_unchecked_claims_never_become_findings(name: str) -> None:
    text = recorder.REVIEW_TEXTS[name]
    backend = recorder.make_backend(recorder.REPLAY_BASE_URL, structured=True)
    reviewer = LLMReviewer(backend, _engine().categories)
    with recorder.make_vcr("none").use_cassette(f"{name}.yaml") as cassette:
        reviewed = lint_text(text, LintConfig(reviewer=reviewer))
        bodies = [json.loads(r.body) for r in cassette.requests]
    assert cassette.all_played
    # llama.cpp rejects json_schema (500); the same review is asked for in JSON mode.
    assert [b["response_format"]["type"] for b in bodies] == ["json_schema", "json_object"]
    assert reviewer.stats.requests == 2 and reviewer.stats.rejected >= 1
    assert reviewer.stats.accepted == 0 and reviewer.stats.harmless == 0
    offline = lint_text(text)
    assert [(f.rule, f.severity, f.start) for f in reviewed] == [
        (f.rule, f.severity, f.start) for f in offline
    ]


def test_what_the_small_model_said_is_rejected_for_the_right_reasons() -> None:
    text = recorder.REVIEW_TEXTS["review-engineer-about"]
    with recorder.make_vcr("none").use_cassette("review-engineer-about.yaml") as cassette:
        backend = recorder.make_backend(recorder.REPLAY_BASE_URL, structured=True)
        lint_text(text, LintConfig(reviewer=LLMReviewer(backend, _engine().categories)))
        answer = json.loads(cassette.responses[-1]["body"]["string"])
    content = answer["choices"][0]["message"]["content"]
    claimed = json.loads(content)
    # The model copied the placeholder instead of the text's words ...
    assert any("<words copied" in f["quote"] for f in claimed["findings"])
    # ... and gave verdicts on sentences 4 to 6 of a three-sentence text.
    assert max(h["sentence"] for h in claimed["harmless"]) > 3
    from stepback_docs.lint.engine import sentence_spans

    claims, rejected = parse_answer(content, True, text, sentence_spans(text))
    assert rejected == len(claimed["findings"]) + sum(
        h["sentence"] > 3 for h in claimed["harmless"]
    )
    assert all(c.category == "harmless" for c in claims)
