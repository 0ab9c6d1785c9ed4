"""A coach's first hour (issue 13): files the tool writes, and what it reads."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from repo_paths import EXAMPLES

VP = EXAMPLES / "vp-to-director.yaml"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    """Letters, .docx copies, reports and the schema get 0666 less the umask, as files
    any other tool writes (mkstemp alone made every one 0600)."""
    script = (
        "import os, sys\n"
        f"os.umask({umask})\n"
        "from stepback_docs.cli import main, generate_docs_main\n"
        "out = sys.argv[1]\n"
        f"assert generate_docs_main([{str(VP)!r}, '--out', out, '--kinds', 'cover-letter',"
        " '--format', 'md,docx', '-q']) == 0\n"
        "assert main(['init', out + '/client.yaml']) == 0\n"
        "main(['lint', out + '/vp-to-director/cover-letter.md', '-o', out + '/report.txt'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    written = [
        tmp_path / "vp-to-director" / "cover-letter.md",
        tmp_path / "vp-to-director" / "cover-letter.docx",
        tmp_path / "client.yaml",
        tmp_path / "stepback-docs.schema.json",
        tmp_path / "report.txt",
    ]
    assert {p.name: oct(_mode(p)) for p in written} == {p.name: oct(expected) for p in written}


def test_a_replaced_file_keeps_its_mode_and_the_cache_stays_private(tmp_path: Path) -> None:
    from stepback_docs.backends.cache import DiskCache
    from stepback_docs.writing import write_text_atomic

    target = tmp_path / "letter.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and _mode(target) == 0o640

    cache = DiskCache(tmp_path / "cache")
    cache.put("k" * 64, {"paragraphs": ["x"]})
    (entry,) = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert _mode(entry) == 0o600


# ------------------------------------------------ a light install and a working hook


def test_the_openai_client_is_an_extra_that_the_tests_still_pull_in() -> None:
    import tomllib

    from repo_paths import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [d.split(">")[0].split("=")[0].strip().lower() for d in project["dependencies"]]
    assert "openai" not in names
    extras = project["optional-dependencies"]
    assert any(d.startswith("openai") for d in extras["openai"])
    assert any(d.startswith("openai") for d in extras["test"])  # '.[test]' runs every test


def test_linting_and_templates_work_without_the_openai_client(tmp_path: Path) -> None:
    """With the client missing, lint and generate work and --backend openai names the
    extra to install, in one line, exit 2."""
    script = (
        "import sys\n"
        "sys.modules['openai'] = None  # as if not installed: importing it fails\n"
        "from stepback_docs.cli import main, generate_docs_main\n"
        "out = sys.argv[1]\n"
        f"assert generate_docs_main([{str(VP)!r}, '--out', out, '--kinds', 'linkedin-headline',"
        " '-q']) == 0\n"
        "assert main(['lint', out + '/vp-to-director/linkedin-headline.md']) == 0\n"
        f"code = generate_docs_main([{str(VP)!r}, '--out', out + '/llm', '--backend', 'openai',"
        " '--base-url', 'http://127.0.0.1:9/v1', '-q'])\n"
        "assert code == 2, code\n"
        "assert 'openai' not in sys.modules or sys.modules['openai'] is None\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "pip install 'stepback-docs[openai]'" in line
    assert "Traceback" not in result.stderr


def _snippet(markdown: Path) -> dict[str, object]:
    import re

    import yaml

    text = markdown.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    (config,) = [yaml.safe_load(b) for b in blocks if "stepback-docs-lint" in b]
    assert isinstance(config, dict)
    return config


@pytest.mark.parametrize("where", ["README.md", "docs/lint.md"])
def test_the_documented_pre_commit_hook_runs_as_written(tmp_path: Path, where: str) -> None:
    """What pre-commit would do with the snippet: run ``entry`` on the staged files that
    match ``files`` (language: system uses the installed command)."""
    import re
    import shlex
    import shutil

    from repo_paths import REPO

    config = _snippet(REPO / where)
    (repo,) = config["repos"]  # type: ignore[index]
    assert repo["repo"] == "local" and "rev" not in repo
    (hook,) = repo["hooks"]
    assert hook["id"] == "stepback-docs-lint" and hook["language"] == "system"
    staged = {"cover.md": "I burned out as a VP.\n", "notes.py": "x = 1\n"}
    for name, text in staged.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    matched = [n for n in staged if re.search(hook["files"], n)]
    assert matched == ["cover.md"]
    command = shlex.split(hook["entry"])
    command[0] = shutil.which(command[0]) or str(Path(sys.executable).parent / command[0])
    result = subprocess.run(
        [*command, *matched], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr  # the hook blocks the commit
    assert "cover.md:1:" in result.stdout
    assert "rev: v0.1.0" not in (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------- legacy text encodings


@pytest.mark.parametrize(
    ("text", "encoding", "shown"),
    [
        (
            "I was so bored in my last job \u2013 my r\u00e9sum\u00e9 says \u201cmore\u201d.",
            "cp1252",
            "Windows-1252",
        ),
        (
            "I was so bored at the caf\u00e9 in M\u00fcnchen, na\u00efve as I was.",
            "latin-1",
            "Windows-1252",
        ),
    ],
)
def test_windows_1252_and_latin_1_text_is_read_and_the_encoding_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, encoding: str, shown: str
) -> None:
    from stepback_docs.cli import main

    path = tmp_path / "letter.txt"
    path.write_bytes((text + "\n").encode(encoding))
    assert main(["lint", "-f", "json", str(path)]) == 1
    captured = capsys.readouterr()
    findings = json.loads(captured.out)["findings"]
    assert [f["rule"] for f in findings][:1] == ["boredom.bored"]
    assert findings[0]["sentence"].startswith(text[:30])
    assert captured.err.strip() == (
        f"warning: {path}: not UTF-8; read as {shown} (detected); save it as UTF-8 to be sure"
    )


def test_damaged_utf8_is_still_refused_not_guessed(tmp_path: Path) -> None:
    from stepback_docs.errors import StepbackError
    from stepback_docs.readers import read_bytes

    with pytest.raises(StepbackError, match=r"cv.txt:1:7: invalid UTF-8 \(byte 0xff\)"):
        read_bytes("r\u00e9sum\u00e9".encode() + b"\xff", "cv.txt", ".txt")


# ---------------------------------------------------------------- walking a folder


def test_folder_lint_skips_tool_folders_and_what_git_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stepback_docs.cli import main

    bored = "I was bored in my last job.\n"
    files = {
        "letters/cover.md": bored,
        "letters/draft-old.md": bored,  # *-old.md is ignored by letters/.gitignore
        "letters/private.md": bored,  # ignored by the top .gitignore
        "build/out.md": bored,  # build/ by the top .gitignore
        "notes.txt": bored,
        ".venv/lib/site-packages/pkg/README.md": bored,
        "myenv/lib/README.md": bored,  # a virtual environment by any name
        "node_modules/x/readme.md": bored,
        "__pycache__/x.txt": bored,
        ".git/description.txt": bored,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n/letters/private.md\n", encoding="utf-8")
    (tmp_path / "letters" / ".gitignore").write_text("*-old.md\n", encoding="utf-8")

    monkeypatch.chdir(tmp_path)
    assert main(["lint", "-f", "json"]) == 1  # no path: the current folder
    paths = sorted({f["path"] for f in json.loads(capsys.readouterr().out)["findings"]})
    assert paths == ["letters/cover.md", "notes.txt"]

    assert main(["lint", "-f", "json", "letters"]) == 1  # a subfolder: parents' rules too
    paths = sorted({f["path"] for f in json.loads(capsys.readouterr().out)["findings"]})
    assert paths == ["letters/cover.md"]
    assert main(["lint", "-f", "json", "build/out.md"]) == 1  # named files are linted


# --------------------------------------------- colour, --verbose and --show-config


def test_force_color_colours_piped_lint_output_unless_no_color(tmp_path: Path) -> None:
    path = tmp_path / "cover.md"
    path.write_text("I was bored in my last job.\n", encoding="utf-8")
    command = [sys.executable, "-m", "stepback_docs", "lint", str(path)]
    base = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    plain = subprocess.run(command, capture_output=True, text=True, env=base, timeout=60)
    forced = subprocess.run(
        command, capture_output=True, text=True, env={**base, "FORCE_COLOR": "1"}, timeout=60
    )
    both = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**base, "FORCE_COLOR": "1", "NO_COLOR": "1"},
        timeout=60,
    )
    assert "\x1b[" not in plain.stdout and "\x1b[" not in both.stdout
    assert "\x1b[" in forced.stdout
    assert plain.returncode == forced.returncode == 1


def test_show_config_and_verbose_say_which_configuration_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stepback_docs.cli import main

    client = tmp_path / "client"
    client.mkdir()
    config = client / ".stepback-docs.toml"
    config.write_text(
        'allow = ["boredom on long night shifts"]\nignore = ["hedging"]\n', encoding="utf-8"
    )
    letter = client / "cover.md"
    letter.write_text("I was bored in my last job.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("Fine.\n", encoding="utf-8")

    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--show-config", "client", "other.md"]) == 0
    out = capsys.readouterr().out
    assert f"client: {config.resolve()}" in out
    assert "  allow = ['boredom on long night shifts']" in out and "  ignore = ['hedging']" in out
    assert "other.md: no configuration file: built-in defaults" in out

    assert main(["lint", "-v", "client/cover.md"]) == 1
    err = capsys.readouterr().err
    assert f"linting client/cover.md (configuration: {config.resolve()})" in err


# ------------------------------------------------------- .docx places in every format


def _docx_with_a_table(path: Path) -> None:
    from fixtures.docgen import para, raw_docx, run

    bored = "I was bored in my last job."
    table = (
        "<w:tbl>"
        f"<w:tr><w:tc>{para(run('Role'))}</w:tc><w:tc>{para(run('Why'))}</w:tc></w:tr>"
        f"<w:tr><w:tc>{para(run('Analyst'))}</w:tc>"
        f"<w:tc>{para(run('Fine.'))}{para(run(bored))}</w:tc></w:tr>"
        "</w:tbl>"
    )
    path.write_bytes(raw_docx(para(run("Dear team,")) + table))


def test_docx_findings_name_story_paragraph_row_and_cell_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stepback_docs.cli import main

    path = tmp_path / "resume.docx"
    _docx_with_a_table(path)
    outputs = {}
    for fmt in ("human", "json", "sarif", "github"):
        assert main(["lint", "-f", fmt, str(path)]) == 1
        outputs[fmt] = capsys.readouterr().out
    assert "(table, paragraph 5, row 2, cell 2)" in outputs["human"]
    assert "(table, paragraph 5, row 2, cell 2)" in outputs["github"]
    (finding,) = json.loads(outputs["json"])["findings"]
    assert {k: finding[k] for k in ("story", "paragraph", "row", "cell")} == {
        "story": "table",
        "paragraph": 5,
        "row": 2,
        "cell": 2,
    }
    (result,) = json.loads(outputs["sarif"])["runs"][0]["results"]
    (logical,) = result["locations"][0]["logicalLocations"]
    assert logical["fullyQualifiedName"] == "table/row[2]/cell[2]/paragraph[5]"
    assert result["properties"]["row"] == 2 and result["properties"]["cell"] == 2
