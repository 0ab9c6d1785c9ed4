"""The command-line shell: help, version, exit codes, init, validate, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from repo_paths import EXAMPLES
from stepback_docs import __version__
from stepback_docs.cli import COMMANDS, generate_docs_main, main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepback_docs", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"stepback-docs {__version__}"


def test_generate_docs_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        generate_docs_main(["--version"])
    assert capsys.readouterr().out.strip() == f"generate-docs {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: stepback-docs {command}" in capsys.readouterr().out


def test_main_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "1  ran fine but found problems" in out
    assert "2  usage or input error" in out


def test_usage_error_exits_2_without_traceback() -> None:
    result = run("validate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "the following arguments are required: PROFILE" in result.stderr


def test_init_writes_a_profile_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "client.yaml"
    result = run("init", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert json.loads((tmp_path / "stepback-docs.schema.json").read_text())["title"]
    check = run("validate", str(target))
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"{target}: ok"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "client.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = run("init", str(target))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {target}: already exists (use --force to overwrite)"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_validate_reports_every_bad_file_and_exits_1(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    assert run("init", str(good)).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("move: lower-title", "move: step-down"),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = run("validate", str(good), str(bad), str(broken))
    assert result.returncode == 1
    assert f"{good}: ok" in result.stdout
    assert "1 of 3 profiles valid" in result.stdout
    assert f"{bad}:" in result.stderr
    assert "stepback.move: 'step-down' is not one of" in result.stderr
    assert f"{broken}:1:2: JSON syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_command_prints_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "stepback" in schema["properties"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_profiles_validate(path: Path) -> None:
    result = run("validate", str(path))
    assert result.returncode == 0, result.stderr
