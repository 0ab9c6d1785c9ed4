"""The README and docs/lint.md document the options the commands really have, and CI runs
the README's test command."""

from __future__ import annotations

import argparse
import re

import pytest

from repo_paths import REPO
from stepback_docs.cli import build_parser, generate_docs_main

README = (REPO / "README.md").read_text(encoding="utf-8")
LINT_DOC = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")


def _long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in {"--help", "--version"}
    }


def _documented(option: str, text: str) -> bool:
    """Named inside a code span or block (``--quiet`` in `-q, --quiet` counts)."""
    return re.search(r"`[^`\n]*" + re.escape(option) + r"(?![\w-])", text) is not None


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser(name)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = sub.choices[name]
    return found


def _generate_docs_parser(monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    captured: list[argparse.ArgumentParser] = []
    real_parse = argparse.ArgumentParser.parse_args

    def grab(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> object:
        captured.append(self)
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", grab)
    with pytest.raises(SystemExit):
        generate_docs_main([])
    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", real_parse)
    return captured[0]


def test_every_generate_docs_option_is_in_the_readme(monkeypatch: pytest.MonkeyPatch) -> None:
    options = _long_options(_generate_docs_parser(monkeypatch))
    assert {"--out", "--backend", "--timeout"} <= options  # the parser was really read
    missing = sorted(o for o in options if not _documented(o, README))
    assert not missing, f"README does not document: {missing}"


def test_every_lint_option_is_in_docs_lint_md() -> None:
    options = _long_options(_subparser("lint"))
    assert {"--format", "--fail-on", "--profile"} <= options
    missing = sorted(o for o in options if not _documented(o, LINT_DOC))
    assert not missing, f"docs/lint.md does not document: {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```bash\n(.+?)\n```", README)
    assert commands[:2] == [
        "pip install . && generate-docs examples/profiles/vp-to-director.yaml --out out/",
        "pip install -e '.[test]' && python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for part in commands[1].split(" && "):
        assert part in ci, f".ci/run does not run {part!r} as a command of its own"
