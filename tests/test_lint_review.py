"""`stepback-docs lint --llm`: an LLM second opinion counts only where it can be checked.

A scripted local server (tests/fakeserver.py) plays the model; tests/test_lint_review_
cassettes.py replays what the real small local model said.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakeserver import Recorded, Reply, completion, serve
from stepback_docs.backends.openai_backend import OpenAIBackend
from stepback_docs.cli import main
from stepback_docs.findings import LintConfig
from stepback_docs.lint import _engine, lint_text
from stepback_docs.lint.review import LLMReviewer, parse_answer

LETTER = (
    "I led the night shift at a 300-bed hospital for six years. "
    "Supervised the installation of bored piles for the new car park. "
    "Honestly the last two years there flattened me. "
    "I would bring the same care for patients to your ward."
)


def reviewer(url: str, **options: object) -> LLMReviewer:
    settings: dict[str, object] = {"model": "fake-model", "api_key": "sk-x", "cache_dir": None}
    settings.update(options)
    backend = OpenAIBackend(base_url=url, timeout=5, **settings)  # type: ignore[arg-type]
    return LLMReviewer(backend, _engine().categories)


def answer(
    findings: list[dict[str, object]], harmless: list[dict[str, object]] | None = None
) -> Reply:
    return completion(content=json.dumps({"findings": findings, "harmless": harmless or []}))


def test_a_quoted_finding_in_a_taxonomy_category_counts() -> None:
    reply = answer(
        [
            {
                "sentence": 3,
                "quote": "the last two years there flattened me",
                "category": "misery",
                "reason": "burnout",
            }
        ]
    )
    with serve(reply) as server:
        found = lint_text(LETTER, LintConfig(learned=False, reviewer=reviewer(server.base_url)))
    llm = [f for f in found if f.rule == "misery.llm"]
    assert len(llm) == 1 and llm[0].severity == "warning"
    assert LETTER[llm[0].start : llm[0].end] == "the last two years there flattened me"
    assert "LLM review: burnout" in llm[0].message and llm[0].suggestions


@pytest.mark.parametrize(
    "claim",
    [
        {"sentence": 3, "quote": "hated every minute", "category": "misery", "reason": "invented"},
        {
            "sentence": 3,
            "quote": "flattened me",
            "category": "laziness",
            "reason": "no such",
        },
        {
            "sentence": 9,
            "quote": "flattened me",
            "category": "misery",
            "reason": "no such line",
        },
        {
            "sentence": 1,
            "quote": "flattened me",
            "category": "misery",
            "reason": "wrong line",
        },
        {"sentence": 3, "quote": "", "category": "misery", "reason": "empty"},
    ],
)
def test_claims_that_cannot_be_checked_do_not_count(claim: dict[str, object]) -> None:
    with serve(answer([claim])) as server:
        check = reviewer(server.base_url)
        found = lint_text(LETTER, LintConfig(learned=False, reviewer=check))
    assert not [f for f in found if f.rule.endswith(".llm")]
    assert check.stats.rejected == 1 and check.stats.accepted == 0


def test_an_offline_finding_reviewed_harmless_is_kept_as_info_with_the_reason() -> None:
    text = "At my last job I was bored out of my mind by the paperwork."
    offline = lint_text(text, LintConfig(learned=False))
    assert offline and offline[0].severity in ("error", "warning")
    reply = answer([], [{"sentence": 1, "reason": "describes paperwork"}])
    with serve(reply) as server:
        check = reviewer(server.base_url)
        found = lint_text(text, LintConfig(learned=False, reviewer=check))
    assert [f.rule for f in found] == [offline[0].rule]
    assert found[0].severity == "info"
    assert "reviewed: harmless; LLM: describes paperwork" in found[0].message
    assert check.stats.harmless == 1


def test_harmless_verdicts_on_unflagged_sentences_change_nothing() -> None:
    with serve(answer([], [{"sentence": 1, "reason": "fine"}])) as server:
        check = reviewer(server.base_url)
        found = lint_text(LETTER, LintConfig(learned=False, reviewer=check))
    assert found == lint_text(LETTER, LintConfig(learned=False))
    assert check.stats.harmless == 0


def test_the_request_numbers_sentences_inside_the_data_block_and_asks_for_a_schema() -> None:
    with serve(answer([])) as server:
        lint_text(LETTER, LintConfig(learned=False, reviewer=reviewer(server.base_url)))
        (request,) = server.chat_requests
    body = request.json()
    prompt = body["messages"][-1]["content"]
    assert "<<<PROFILE_DATA\n1: I led the night shift" in prompt
    assert "4: I would bring the same care" in prompt
    assert body["response_format"]["type"] == "json_schema"
    assert body["temperature"] == 0.0


def test_private_notes_never_reach_the_reviewer() -> None:
    notes = "Confidential: Marisol was signed off sick for burnout in March."
    with serve(answer([])) as server:
        lint_text(
            LETTER,
            LintConfig(learned=False, private_notes=notes, reviewer=reviewer(server.base_url)),
        )
        (request,) = server.chat_requests
    assert b"Marisol" not in request.body and b"signed off" not in request.body


def test_plain_text_answers_from_servers_without_json_are_parsed() -> None:
    spans = [(0, 10), (11, 41)]
    text = "Short one. I was drained by the old place."
    claims, rejected = parse_answer(
        "2 | misery | drained by the old place | tired\n1 | harmless | fine\nchatter",
        False,
        text,
        spans,
    )
    assert rejected == 0
    assert [(c.category, text[c.start : c.end]) for c in claims] == [
        ("misery", "drained by the old place"),
        ("harmless", "Short one."),
    ]


def test_answers_are_cached_so_a_rerun_makes_no_request(tmp_path: Path) -> None:
    reply = answer([{"sentence": 3, "quote": "flattened me", "category": "misery", "reason": "x"}])
    with serve(reply) as server:
        first = reviewer(server.base_url, cache_dir=tmp_path)
        lint_text(LETTER, LintConfig(learned=False, reviewer=first))
        second = reviewer(server.base_url, cache_dir=tmp_path)
        found = lint_text(LETTER, LintConfig(learned=False, reviewer=second))
        assert len(server.chat_requests) == 1
    assert first.stats.requests == 1 and second.stats.requests == 0
    assert any(f.rule == "misery.llm" for f in found)


def test_cli_llm_reports_usage_and_fails_on_llm_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letter.txt").write_text("I would bring the same care for patients to your ward.\n")

    def handler(request: Recorded) -> Reply:
        return answer(
            [{"sentence": 1, "quote": "the same care", "category": "hedging", "reason": "weak"}]
        )

    with serve(handler=handler) as server:
        code = main(
            [
                "lint",
                "--no-config",
                "--llm",
                "--base-url",
                server.base_url,
                "--no-cache",
                "letter.txt",
            ]
        )
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "hedging.llm" in out
    assert "LLM review: 1 requests" in err and "1 findings added" in err


def test_cli_llm_flags_need_llm(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Fine text here.\n")
    code = main(["lint", "--model", "x", str(tmp_path / "a.txt")])
    assert code == 2
    assert "--model applies only to --llm" in capsys.readouterr().err


def test_an_unreachable_server_is_a_one_line_error_per_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("I led the night shift at a busy hospital.\n")
    code = main(
        [
            "lint",
            "--no-config",
            "--llm",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--timeout",
            "1",
            "--no-cache",
            str(tmp_path / "a.txt"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot connect to the LLM server" in err and "Traceback" not in err
