"""generate-docs: options, exit codes, summary output, and the openai path end to end."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fakeserver import Reply, completion, error, serve
from repo_paths import EXAMPLES
from stepback_docs.batch import DocResult
from stepback_docs.cli import generate_docs_main, main
from stepback_docs.commands.generate import FORMAT_NAMES, _Progress
from stepback_docs.output import FORMATS

VP = EXAMPLES / "vp-to-director.yaml"
HEADLINE = "Director of Operations | Food manufacturing | Changeover reduction"
KEY = "sk-test-DO-NOT-LEAK-0000"


def _files(root: Path) -> list[str]:
    """The documents under ``root`` (each profile folder's manifest left out)."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.name != ".stepback-docs-manifest.json"
    )


def test_defaults_write_md_and_docx_for_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = generate_docs_main([str(VP), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    kinds = (
        "cover-letter",
        "linkedin-headline",
        "linkedin-about",
        "networking-message",
        "interview-answer",
    )
    assert _files(tmp_path) == sorted(
        f"vp-to-director/{k}.{f}" for k in kinds for f in ("md", "docx")
    )
    rows = [line for line in out.splitlines() if line.startswith("vp-to-director")]
    assert len(rows) == 5
    assert all(
        "templates" in r and "4/4 passed" in r and r.rstrip().endswith("written") for r in rows
    )
    assert "5 written, 0 skipped, 0 failed" in out
    assert "tokens: 0 prompt + 0 completion = 0; 0 API requests" in out


def test_rerun_reports_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(VP), "--out", str(tmp_path), "--kinds", "linkedin-headline", "--format", "txt"]
    assert generate_docs_main(args) == 0
    capsys.readouterr()
    assert generate_docs_main(args) == 0
    out = capsys.readouterr().out
    assert "unchanged, skipped" in out and "0 written, 1 skipped, 0 failed" in out


def test_failed_profile_exits_1_with_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("basics: {}\n")  # no stepback block
    code = main(
        [
            "generate",
            str(broken),
            str(VP),
            "--out",
            str(tmp_path / "out"),
            "--kinds",
            "linkedin-headline",
            "--format",
            "md,json",
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""  # --quiet: failures only
    assert captured.err.splitlines() == [
        f"failed: {broken}:1:1: stepback: required field 'stepback' is missing from the profile"
    ]
    assert _files(tmp_path / "out") == [
        "vp-to-director/linkedin-headline.json",
        "vp-to-director/linkedin-headline.md",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kinds", "resume"], "unknown kind 'resume'"),
        (["--format", "pdf,md"], "unknown format 'pdf'"),
        (["--jobs", "0"], "must be 1 or more, got 0"),
        (["--length", "huge"], "invalid choice: 'huge'"),
        (["--backend", "claude"], "invalid choice: 'claude'"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        generate_docs_main([str(VP), "--out", str(tmp_path), *args])
    assert info.value.code == 2
    assert message in capsys.readouterr().err
    assert _files(tmp_path) == []


def test_llm_options_need_the_openai_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = generate_docs_main([str(VP), "--out", str(tmp_path), "--model", "gpt-x"])
    assert code == 2
    assert capsys.readouterr().err == ("error: --model applies only to --backend openai\n")


def test_empty_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "none").mkdir()
    assert generate_docs_main([str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 2
    assert "folder has no profiles" in capsys.readouterr().err


def test_a_folder_made_by_init_generates_its_profile_and_skips_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "clients"
    assert main(["init", str(folder / "client.yaml")]) == 0
    assert (folder / "stepback-docs.schema.json").is_file()  # what init writes beside it
    out = tmp_path / "o"
    code = generate_docs_main(
        [str(folder), "--out", str(out), "--kinds", "linkedin-headline", "--format", "md", "-q"]
    )
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["client"]
    assert (out / "client" / "linkedin-headline.md").read_text(encoding="utf-8").strip()


def test_all_keyword_and_folder_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(VP, folder / "maria.yaml")
    code = generate_docs_main(
        [
            str(folder),
            "--out",
            str(tmp_path / "o"),
            "--kinds",
            "linkedin-headline",
            "--format",
            "all",
            "--jobs",
            "2",
        ]
    )
    assert code == 0
    assert _files(tmp_path / "o") == [
        f"maria/linkedin-headline.{f}" for f in ("docx", "json", "md", "txt")
    ]


# ------------------------------------------------------------------ openai backend


def _openai_args(tmp_path: Path, url: str, *extra: str) -> list[str]:
    cache = [] if "--no-cache" in extra else ["--cache-dir", str(tmp_path / "cache")]
    return [
        str(VP),
        "--out",
        str(tmp_path / "out"),
        "--backend",
        "openai",
        "--base-url",
        url,
        "--model",
        "fake-model",
        "--kinds",
        "linkedin-headline",
        "--format",
        "json",
        *cache,
        *extra,
    ]


def test_openai_documents_report_tokens_and_cache_avoids_new_requests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with serve(completion([HEADLINE], prompt_tokens=300, completion_tokens=20)) as server:
        assert generate_docs_main(_openai_args(tmp_path, server.base_url)) == 0
        out = capsys.readouterr().out
        assert len(server.chat_requests) == 1
        data = json.loads((tmp_path / "out/vp-to-director/linkedin-headline.json").read_text())
        assert data["backend"] == "openai" and data["paragraphs"] == [HEADLINE]
        assert data["usage"]["total_tokens"] == 320
        assert "openai" in out and "320" in out
        assert "tokens: 300 prompt + 20 completion = 320; 1 API requests" in out

        assert generate_docs_main(_openai_args(tmp_path, server.base_url, "--force")) == 0
        out = capsys.readouterr().out
        assert len(server.chat_requests) == 1  # served from the cache
        assert "1 written" in out and "0 API requests" in out
    assert KEY not in (tmp_path / "out/vp-to-director/linkedin-headline.json").read_text()


def test_invented_numbers_fall_back_to_the_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    invented = "Director of Operations | Saved $9M at Acme Global"
    with serve(completion([invented])) as server:
        code = generate_docs_main(_openai_args(tmp_path, server.base_url, "--no-cache"))
    out = capsys.readouterr().out
    assert code == 0
    assert "templates (fallback)" in out
    data = json.loads((tmp_path / "out/vp-to-director/linkedin-headline.json").read_text())
    assert data["backend"] == "templates" and "$9M" not in data["text"]
    assert data["fallback_reason"].startswith("openai draft failed its guards")


def test_wrong_key_stops_with_exit_2_and_never_prints_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    reply = error(401, f"Incorrect API key provided: {KEY}", code="invalid_api_key")
    with serve(reply) as server:
        url = server.base_url
        code = generate_docs_main(_openai_args(tmp_path, url, "--no-cache"))
        requests = len(server.chat_requests)
    captured = capsys.readouterr()
    assert code == 2 and requests == 1  # 401 is never retried
    assert captured.err.splitlines() == [
        f"error: stopped: the LLM server at {url} rejected the API key (401): check OPENAI_API_KEY"
    ]
    assert KEY not in captured.err + captured.out
    assert _files(tmp_path / "out") == []


# ---------------------------------------------------------------------- terminal


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    piped = _Progress(io.StringIO(), enabled=True)
    piped.start(3)
    assert piped.bar is None
    tty_stream = _Tty()
    bar = _Progress(tty_stream, enabled=True)
    bar.start(3)
    assert bar.bar is not None
    bar.close()
    assert bar.bar is None
    bar.start(4)
    bar.advance(DocResult(Path("a.yaml"), "a", None, "failed", error="bad", documents=2))
    bar.advance(DocResult(Path("b.yaml"), "b", "cover-letter", "written"))
    assert bar.bar.tasks[0].completed == 3
    bar.close()
    assert "failed: a.yaml: bad" in tty_stream.getvalue()
    quiet = _Progress(_Tty(), enabled=False)
    quiet.start(3)
    assert quiet.bar is None


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from stepback_docs.cli import generate_docs_main;"
            "sys.exit(generate_docs_main())",
            str(tmp_path / "nope.yaml"),
            "--out",
            str(tmp_path / "o"),
            "--format",
            "txt",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nope.yaml: no such file" in result.stderr
    assert "0 written, 0 skipped, 1 failed" in result.stdout


def test_timeout_option_bounds_each_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    slow = Reply(200, completion([HEADLINE]).body, delay=3.0)
    with serve(slow, completion([HEADLINE])) as server:
        args = _openai_args(tmp_path, server.base_url, "--no-cache", "--timeout", "0.3")
        assert generate_docs_main(args) == 0, capsys.readouterr().err
        assert len(server.chat_requests) == 2  # the slow answer was abandoned and retried
    for bad in ("0", "-1", "soon"):
        with pytest.raises(SystemExit) as exit_info:
            generate_docs_main(_openai_args(tmp_path, "http://127.0.0.1:9/v1", "--timeout", bad))
        assert exit_info.value.code == 2
        assert "is not a positive number of seconds" in capsys.readouterr().err
    assert generate_docs_main([str(VP), "--out", str(tmp_path), "--timeout", "5"]) == 2
    assert "--timeout applies only to --backend openai" in capsys.readouterr().err


def test_contradicting_cache_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = generate_docs_main(
        [
            str(VP),
            "--out",
            str(tmp_path),
            "--backend",
            "openai",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--no-cache",
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    assert code == 2
    assert "--no-cache and --cache-dir contradict each other" in capsys.readouterr().err


def test_format_choices_match_the_writers() -> None:
    assert FORMAT_NAMES == FORMATS


def test_environment_configures_the_openai_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with serve(completion([HEADLINE])) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        code = generate_docs_main(
            [
                str(VP),
                "--out",
                str(tmp_path / "out"),
                "--backend",
                "openai",
                "--kinds",
                "linkedin-headline",
                "--format",
                "txt",
                "--cache-dir",
                str(tmp_path / "cache"),
            ]
        )
        sent = server.chat_requests
    assert code == 0 and len(sent) == 1
    assert sent[0].headers["authorization"] == f"Bearer {KEY}"
    assert (tmp_path / "out/vp-to-director/linkedin-headline.txt").read_text() == HEADLINE + "\n"
    cached = " ".join(
        p.read_text(errors="replace") for p in (tmp_path / "cache").rglob("*") if p.is_file()
    )
    assert cached and KEY not in cached
    assert KEY not in capsys.readouterr().out
