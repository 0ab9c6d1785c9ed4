"""``stepback-docs lint`` end to end with the real engine and readers.

Findings come from phrases added through configuration (``extra-phrases``), so the
tests do not depend on the wording of the built-in rules, plus one check that the
built-in rules are wired in.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repo_paths import EXAMPLES, REPO
from stepback_docs.cli import main
from stepback_docs.findings import Block, Finding, LintConfig
from stepback_docs.lint import lint_file
from stepback_docs.lint.files import _locate

CONFIG = """\
severity = { misery = "error", coasting = "warning", hedging = "info" }
[extra-phrases]
misery = ["counted ceiling tiles"]
coasting = ["polish paperclips"]
hedging = ["perchance"]

"""

LETTER = """\
---
title: Letter
---
# Letter

Dear Ms. Okafor,

At my last firm I counted ceiling tiles, and now I want to polish paperclips.
I am perchance the right fit.

```
I counted ceiling tiles in this code block.
```

<!-- stepback-docs: disable-next=misery -->
Suppressed: I counted ceiling tiles.

Sincerely, Jordan
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".stepback-docs.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "letter.md").write_text(LETTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def load_yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def findings_of(out: str) -> list[dict[str, object]]:
    data = json.loads(out)
    findings: list[dict[str, object]] = data["findings"]
    return findings


def test_human_output_locations_exit_code_and_skipped_markdown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = lint(capsys, "letter.md")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("letter.md:8:19: error [misery/misery.custom] ")
    assert lines[1] == (
        "    At my last firm I counted ceiling tiles, and now I want to polish paperclips."
    )
    assert lines[2] == "                      " + "^" * len("counted ceiling tiles")
    assert lines[3].startswith("    suggestion: ")
    assert any(ln.startswith("letter.md:8:60: warning [coasting/") for ln in lines)
    assert any(ln.startswith("letter.md:9:6: info [hedging/") for ln in lines)
    # code block and the suppressed paragraph are not reported
    assert not any(ln.startswith(("letter.md:13:", "letter.md:17:")) for ln in lines)
    assert lines[-1] == "3 problems (1 error, 1 warning, 1 info) in 1 file"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], 1),
        (["--fail-on", "never"], 0),
        (["--fail-on", "error"], 1),
        (["--fail-on", "error", "--ignore", "misery"], 0),
        (["--fail-on", "info", "--select", "hedging"], 1),
        (["--fail-on", "warning", "--select", "hedging"], 0),
    ],
)
def test_fail_on_decides_exit_one(
    project: Path, capsys: pytest.CaptureFixture[str], flags: list[str], expected: int
) -> None:
    assert lint(capsys, *flags, "letter.md")[0] == expected


def test_fail_on_from_config_and_flag_wins(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".stepback-docs.toml").write_text('fail-on = "never"\n' + CONFIG)
    assert lint(capsys, "letter.md")[0] == 0
    assert lint(capsys, "--fail-on", "info", "letter.md")[0] == 1


def test_select_and_ignore_flags_filter_by_category_and_rule(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = lint(
        capsys,
        "-f",
        "json",
        "--select",
        "misery,coasting",
        "--ignore",
        "coasting.custom",
        "letter.md",
    )
    assert [f["category"] for f in findings_of(out)] == ["misery"]


def test_batch_with_unreadable_inputs_still_lints_the_rest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (project / "fake.docx").write_bytes(b"this is not a zip")
    code, out, err = lint(
        capsys, "-f", "json", "missing.md", "binary.txt", "fake.docx", "letter.md"
    )
    assert code == 2
    data = json.loads(out)
    assert [e["path"] for e in data["errors"]] == ["missing.md", "binary.txt", "fake.docx"]
    assert len(data["findings"]) == 3 and data["summary"]["unreadable"] == 3
    assert len(err.splitlines()) == 3
    assert all(line.startswith("error: ") for line in err.splitlines())
    assert "Traceback" not in err


def test_directories_are_searched_for_documents_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = project / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / ".hidden").mkdir()
    (docs / "sub" / "a.txt").write_text("I counted ceiling tiles.\n")
    (docs / "b.MD").write_text("Fine text.\n")
    (docs / "notes.py").write_text("# I counted ceiling tiles\n")
    (docs / ".hidden" / "c.md").write_text("I counted ceiling tiles.\n")
    code, out, _ = lint(capsys, "-f", "json", "docs")
    data = json.loads(out)
    assert data["summary"]["files"] == 2
    assert [f["path"] for f in data["findings"]] == [str(Path("docs/sub/a.txt"))]
    assert code == 1


def test_empty_directory_warns(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "empty").mkdir()
    code, out, err = lint(capsys, "empty")
    assert code == 0 and "no .txt, .md, .docx or .pdf files found" in err
    assert out == "no problems in 0 files\n"


def test_stdin_with_a_filename_for_format_and_config(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "`I counted ceiling tiles` in code.\n\nI counted ceiling tiles.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = lint(capsys, "-f", "json", "--stdin-filename", "cv.md", "-")
    (finding,) = findings_of(out)
    assert (finding["path"], finding["line"], finding["column"]) == ("cv.md", 3, 3)
    assert code == 1


def test_bad_flag_values_are_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = lint(capsys, "--select", "misry", "letter.md")
    assert code == 2 and out == ""
    assert err == (
        "error: --select: unknown category or rule 'misry' (did you mean "
        "'misery'?) (categories: misery, boredom, coasting, ambition-doubt, "
        "rank-on-sleeve, demotion-framing, bitterness, desperation, inadequacy, "
        "flight-risk, hedging, leak; rule ids look like misery.burnout)\n"
    )
    with pytest.raises(SystemExit) as info:
        main(["lint", "--fail-on", "sometimes", "letter.md"])
    assert info.value.code == 2


def test_bad_config_fails_its_files_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = project / "other"
    other.mkdir()
    (other / ".stepback-docs.toml").write_text('severity = { misery = "loud" }\n')
    (other / "cv.md").write_text("I counted ceiling tiles.\n")
    code, out, err = lint(capsys, "-f", "json", "other/cv.md", "letter.md")
    assert code == 2
    assert err.startswith(
        f"error: {other / '.stepback-docs.toml'}: severity.misery: unknown severity 'loud'"
    )
    assert len(findings_of(out)) == 3  # letter.md still linted with its own config


def test_config_flag_and_no_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "strict.toml").write_text('extra-phrases = { bitterness = ["last firm"] }\n')
    _, out, _ = lint(capsys, "-f", "json", "--config", "strict.toml", "letter.md")
    assert [f["category"] for f in findings_of(out)] == ["bitterness"]
    _, out, _ = lint(capsys, "-f", "json", "--no-config", "letter.md")
    assert not any(f["rule"].endswith(".custom") for f in findings_of(out))  # type: ignore[union-attr]
    code, _, err = lint(capsys, "--config", "absent.toml", "letter.md")
    assert code == 2 and "absent.toml: cannot read config" in err


def test_malformed_suppression_comment_is_an_error_for_that_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "bad.md").write_text("Hi.\n\n<!-- stepback-docs: disable=sadness -->\nx\n")
    code, _, err = lint(capsys, "bad.md")
    assert code == 2
    assert "bad.md:3: stepback-docs comment: unknown category or rule 'sadness'" in err


def test_suppression_syntax_shown_in_a_code_block_is_inert(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "howto.md").write_text(
        "```\n<!-- stepback-docs: disable-next=misery -->\n```\nI counted ceiling tiles.\n\n"
        "Use `<!-- stepback-docs: disable=misery -->` like this.\nI counted ceiling tiles.\n"
    )
    _, out, _ = lint(capsys, "-f", "json", "howto.md")
    assert [f["line"] for f in findings_of(out)] == [4, 7]


def test_json_and_sarif_output_validate(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = lint(capsys, "-f", "json", "letter.md")
    schema = json.loads((REPO / "docs" / "lint-output.schema.json").read_text())
    jsonschema.validate(json.loads(out), schema)
    _, out, _ = lint(capsys, "-f", "sarif", "letter.md")
    sarif = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validators.validator_for(sarif)(sarif).validate(json.loads(out))
    assert len(json.loads(out)["runs"][0]["results"]) == 3


def test_github_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = lint(capsys, "-f", "github", "letter.md")
    assert out.splitlines()[0].startswith(
        "::error file=letter.md,line=8,col=19,endLine=8,endColumn=39,"
    )


def test_output_file_and_colour_choice(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = lint(capsys, "-f", "json", "-o", "report/out.json", "letter.md")
    assert code == 1 and out == ""
    assert len(findings_of((project / "report" / "out.json").read_text())) == 3
    _, out, _ = lint(capsys, "letter.md")  # captured stdout is not a terminal
    assert "\033[" not in out
    _, out, _ = lint(capsys, "--color", "always", "letter.md")
    assert "\033[1;31merror\033[0m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = lint(capsys, "letter.md")
    assert "\033[" not in out


def test_quiet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = lint(capsys, "-q", "letter.md")
    assert len(out.splitlines()) == 3 and "suggestion" not in out


def test_profile_enables_the_leak_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = load_yaml((EXAMPLES / "vp-to-director.yaml").read_text())
    profile["stepback"]["private_notes"] = "My boss Dana Whitfield took credit for the work."
    (project / "me.json").write_text(json.dumps(profile))
    (project / "cv.txt").write_text("I learned a lot from Dana Whitfield.\n")
    code, out, _ = lint(
        capsys, "-f", "json", "--profile", "me.json", "--select", "misery", "cv.txt"
    )
    (finding,) = findings_of(out)
    assert (finding["category"], finding["severity"], finding["text"]) == (
        "leak",
        "error",
        "Dana Whitfield",
    )
    assert code == 1
    assert lint(capsys, "cv.txt")[0] == 0  # without --profile: no leak check


def test_bad_profile_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "me.yaml").write_text("basics: [\n")
    code, out, err = lint(capsys, "--profile", "me.yaml", "letter.md")
    assert code == 2 and out == "" and err.startswith("error: me.yaml")


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Operations leader.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("Honestly I ")
    table.cell(0, 0).paragraphs[0].add_run("counted").bold = True
    table.cell(0, 0).paragraphs[0].add_run(" ceiling tiles there.")
    document.save(str(path))


def test_docx_findings_have_story_and_paragraph(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_docx(project / "cv.docx")
    _, out, _ = lint(capsys, "-f", "json", "cv.docx")
    (finding,) = findings_of(out)
    assert finding["text"] == "counted ceiling tiles"
    assert finding["story"] == "table" and finding["paragraph"] == 1
    assert finding["column"] == 12


def test_annotate_writes_a_commented_copy_and_leaves_the_input(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_docx(project / "cv.docx")
    before = (project / "cv.docx").read_bytes()
    code, _, err = lint(capsys, "--annotate", "cv-reviewed.docx", "cv.docx")
    assert code == 1, err
    assert (project / "cv.docx").read_bytes() == before
    import zipfile

    with zipfile.ZipFile(project / "cv-reviewed.docx") as archive:
        comments = archive.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") == 1 and "misery: " in comments


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--annotate", "o.docx", "letter.md"], "needs exactly one .docx input"),
        (["--annotate", "o.docx", "cv.docx", "cv.docx"], "needs exactly one .docx input"),
        (["--annotate", "o.txt", "cv.docx"], "must be a .docx file"),
        (["--annotate", "cv.docx", "cv.docx"], "refusing to overwrite the input"),
    ],
)
def test_annotate_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    make_docx(project / "cv.docx")
    code, out, err = lint(capsys, *argv)
    assert code == 2 and out == "" and message in err


def test_locate_maps_block_offsets_to_file_lines_pages_and_stories() -> None:
    f = Finding("misery", "misery.x", "error", 7, 14, "dreaded", "s", "m", ["r"])
    g = Finding("misery", "misery.x", "error", 15, 22, "Mondays", "s", "m", ["r"])
    block = Block("Once\nI dreaded\nMondays.", line=5, column=3, page=2)
    _locate([f, g], block, "cv.pdf")
    assert (f.path, f.line, f.column, f.end_line, f.end_column, f.page) == (
        "cv.pdf",
        6,
        3,
        6,
        10,
        2,
    )
    assert (g.line, g.column, g.end_line, g.end_column) == (7, 1, 7, 8)


def test_lint_file_api_uses_the_nearest_config_unless_given_one(project: Path) -> None:
    assert {f.category for f in lint_file(project / "letter.md")} == {
        "misery",
        "coasting",
        "hedging",
    }
    assert not any(
        f.rule.endswith(".custom") for f in lint_file(project / "letter.md", LintConfig())
    )


def test_builtin_rules_are_wired_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cv.txt").write_text("I was miserable as VP, so I want an easier role.\n")
    code, out, _ = lint(capsys, "-f", "json", "--no-config", str(tmp_path / "cv.txt"))
    categories = {f["category"] for f in findings_of(out)}
    assert "misery" in categories
    assert code == 1


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lint", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out and "--fail-on" in out
    assert "2  bad usage, bad configuration, or an input that could not be read" in out


def test_installed_command_reads_stdin(tmp_path: Path) -> None:
    command = shutil.which("stepback-docs") or str(Path(sys.executable).parent / "stepback-docs")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    (tmp_path / ".stepback-docs.toml").write_text(CONFIG)
    done = subprocess.run(
        [command, "lint", "--stdin-filename", "x.txt", "-"],
        input="I counted ceiling tiles.\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("x.txt:1:3: error [misery/misery.custom]")


def test_pre_commit_hook_names_the_lint_command() -> None:
    hooks = load_yaml((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "stepback-docs-lint"]
    assert hook["language"] == "python"
    program, command = hook["entry"].split()[:2]
    scripts = (REPO / "pyproject.toml").read_text()
    assert f'{program} = "stepback_docs.cli:main"' in scripts
    from stepback_docs.cli import COMMANDS

    assert command in COMMANDS
    assert {"text", "markdown"} <= set(hook["types_or"])
    import re

    files = re.compile(hook["files"])
    for name in ("cv.md", "letter.txt", "resume.docx", "cv.pdf", "a/b/C.MD"):
        assert files.search(name), name
    assert not files.search("setup.py")


@pytest.mark.parametrize("fmt", ["human", "json"])
def test_text_path_imports_nothing_heavy(project: Path, fmt: str) -> None:
    """The start-up budget (80 ms) leaves no room for pydantic, docx, pdf, openai, rich."""
    heavy = (
        "pydantic",
        "docx",
        "pypdf",
        "openai",
        "httpx",
        "rich",
        "jinja2",
        "ruamel",
        "tenacity",
        "stepback_docs.model",
        "stepback_docs.loading",
    )
    code = (
        "import sys\n"
        "from stepback_docs.cli import main\n"
        f"rc = main(['lint', '-f', {fmt!r}, 'letter.md'])\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} "
        f"or m in {heavy!r})\n"
        "print(rc, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == "1 []"


def test_unwritable_report_file_is_a_one_line_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "taken").write_text("a file, not a directory")
    code = main(["lint", "-o", "taken/report.json", "letter.md"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: taken/report.json: cannot write the report")
    assert len(err.splitlines()) == 1


def test_failed_annotation_still_prints_the_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_docx(project / "cv.docx")
    (project / "taken").write_text("a file, not a directory")
    code, out, err = lint(capsys, "--annotate", "taken/out.docx", "cv.docx")
    assert code == 2
    assert "cv.docx:1:12: error [misery/misery.custom]" in out
    assert err.startswith("error: ") and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_directives_in_plain_text_are_not_linted_themselves(
    project: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    text = (
        "<!-- stepback-docs: disable-next=misery -->\nI counted ceiling tiles.\n\n"
        "I counted ceiling tiles.\n"
    )
    (project / "cv.txt").write_bytes(text.encode(encoding))
    (project / ".stepback-docs.toml").write_text(
        '[extra-phrases]\nmisery = ["counted ceiling tiles", "misery"]\n'
    )
    _, out, _ = lint(capsys, "-f", "json", "cv.txt")
    assert [(f["line"], f["text"]) for f in findings_of(out)] == [(4, "counted ceiling tiles")]


def test_docs_describe_every_lint_option() -> None:
    import argparse
    import re

    from stepback_docs.commands import lint as command

    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    doc = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    options = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    missing = [o for o in options if o != "--help" and not re.search(rf"[`,] ?{o}\b", doc)]
    assert missing == []
