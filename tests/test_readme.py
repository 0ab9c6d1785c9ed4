"""Every command the README shows runs as written and prints what the README says.

The README's console blocks are a script: ``$ cat FILE`` lines define a file (the lines
after it are its content), every ``stepback-docs`` / ``generate-docs`` / ``ls`` command
runs in one scratch folder (with ``examples/`` linked in, so paths work as in a
checkout), and the output shown under a command must appear in what it prints, with
whitespace and timings normalised. The two set-up commands of the bash blocks are
checked by tests/test_docs.py and run by CI.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from repo_paths import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SETUP = {"pip install .", "pip install -e '.[test]'", "python -m pytest"}
PROGRAMS = {"stepback-docs", "generate-docs"}


def _blocks() -> list[tuple[str, str]]:
    """(language, body) of every fenced block, indented ones (in a list) included."""
    found = []
    for match in re.finditer(r"(?m)^( *)```(\w*)\n(.*?)^\1```", README, re.DOTALL):
        indent, language, body = match.groups()
        found.append((language, textwrap.dedent(body) if indent else body))
    return found


def _script() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) from the console blocks, in order."""
    steps: list[tuple[str, list[str]]] = []
    for language, body in _blocks():
        if language != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
    return steps


def _normal(text: str) -> str:
    text = re.sub(r"\bin \d+(?:\.\d+)? s\b", "in N s", text)
    return " ".join(text.split())


def test_the_bash_blocks_hold_only_the_set_up_commands() -> None:
    commands = [
        part.strip()
        for language, body in _blocks()
        if language == "bash"
        for line in body.splitlines()
        for part in line.split(" && ")
        if not part.strip().startswith("generate-docs ")
    ]
    assert commands and set(commands) <= SETUP | {"pip install '.[openai]'"}, commands


def test_every_readme_console_command_runs_as_written(tmp_path: Path) -> None:
    steps = _script()
    ran = [command for command, _ in steps if command.split()[0] in PROGRAMS]
    assert len(ran) >= 6, "the README lost its walkthrough"
    (tmp_path / "examples").symlink_to(REPO / "examples", target_is_directory=True)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("FORCE_COLOR", None)
    for command, shown in steps:
        words = shlex.split(command)
        if words[0] == "cat":  # the README shows a file: make it
            (tmp_path / words[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
            continue
        assert words[0] in PROGRAMS | {"ls"}, f"the README shows an untested command: {command}"
        result = subprocess.run(
            words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        last = " ".join(shown[-1:])
        expected = (
            1
            if (
                words[:2] == ["stepback-docs", "lint"]
                and "problem" in last
                and not last.startswith("no problems")
            )
            or (words[:2] == ["stepback-docs", "assess"] and re.search(r"\b[1-9]\d* caution", last))
            else 0
        )
        assert result.returncode == expected, f"{command}: {result.stderr}"
        printed = _normal(result.stdout + "\n" + result.stderr)
        assert _normal("\n".join(shown)) in printed, f"{command} printed:\n{result.stdout}"


@pytest.mark.parametrize("doc", sorted(p.name for p in (REPO / "docs").glob("*.md")))
def test_links_between_the_readme_and_docs_resolve(doc: str) -> None:
    for source in (REPO / "README.md", REPO / "docs" / doc, REPO / "CONTRIBUTING.md"):
        text = source.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (source.parent / target).exists(), f"{source.name}: broken link {target}"
