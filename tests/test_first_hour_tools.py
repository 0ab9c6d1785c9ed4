"""A coach's first hour (issue 13): customising templates, seeing the rules, and rule
ids the docs cite."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from repo_paths import EXAMPLES, REPO
from stepback_docs.cli import generate_docs_main, main

VP = EXAMPLES / "vp-to-director.yaml"


def test_customize_copies_the_shipped_files_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    custom = tmp_path / "mine"
    assert main(["customize", str(custom)]) == 0
    assert "generate-docs PROFILE --custom-dir" in capsys.readouterr().out
    shipped = sorted(p.name for p in (REPO / "templates").glob("*.j2"))
    assert sorted(p.name for p in (custom / "templates").iterdir()) == shipped
    assert (custom / "prompts" / "system.j2").is_file()
    assert not (custom / "templates" / "starter-profile.yaml").exists()
    edited = custom / "templates" / "cover-letter.md.j2"
    edited.write_text("mine", encoding="utf-8")
    assert main(["customize", str(custom)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert edited.read_text(encoding="utf-8") == "mine"


def test_a_custom_template_overrides_one_file_and_the_guards_still_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    custom = tmp_path / "mine"
    (custom / "templates").mkdir(parents=True)
    headline = custom / "templates" / "linkedin-headline.txt.j2"
    headline.write_text("{{ position }} | Ready for the next chapter\n", encoding="utf-8")
    out = tmp_path / "out"
    args = [str(VP), "--out", str(out), "--format", "txt", "--kinds"]
    assert (
        generate_docs_main([*args, "linkedin-headline,cover-letter", "--custom-dir", str(custom)])
        == 0
    )
    capsys.readouterr()
    text = (out / "vp-to-director" / "linkedin-headline.txt").read_text(encoding="utf-8")
    assert "Ready for the next chapter" in text
    assert "Dear" in (out / "vp-to-director" / "cover-letter.txt").read_text(encoding="utf-8")

    # a folder named by the configuration, with a template the lint guard rejects
    # (another folder: templates are compiled once per process and folder)
    rejected = tmp_path / "rejected" / "templates" / "linkedin-headline.txt.j2"
    rejected.parent.mkdir(parents=True)
    rejected.write_text("{{ position }} | Desperate for any job at all\n", encoding="utf-8")
    (tmp_path / ".stepback-docs.toml").write_text('custom-dir = "rejected"\n', encoding="utf-8")
    profile = tmp_path / "vp.yaml"
    profile.write_text(VP.read_text(encoding="utf-8"), encoding="utf-8")
    code = generate_docs_main(
        [str(profile), "--out", str(out), "--kinds", "linkedin-headline", "-q"]
    )
    assert code == 1
    assert "desperation" in capsys.readouterr().err


def test_a_missing_custom_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = generate_docs_main(
        [str(VP), "--out", str(tmp_path), "--custom-dir", str(tmp_path / "nope")]
    )
    assert code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "stepback-docs customize" in line


def test_rules_lists_explains_and_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "misery (error):" in listing and "  misery.burnout" in listing

    assert main(["rules", "boredom"]) == 0
    category = capsys.readouterr().out
    assert "why it raises doubt:" in category and "reframe:" in category
    assert "boredom.bored" in category

    assert main(["rules", "misery.burnout"]) == 0
    rule = capsys.readouterr().out
    assert "flags, for example:" in rule and "does not flag:" in rule
    assert 'ignore = ["misery.burnout"]' in rule

    assert main(["rules", "-f", "json", "misery.burnout"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "misery.burnout" and data["flags"] and data["suggestions"]

    assert main(["rules", "misery.burned-out"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'misery.burnout'?" in err


def test_every_rule_id_the_docs_and_messages_cite_exists() -> None:
    from stepback_docs.findings import CATEGORIES
    from stepback_docs.lint.config import known_rules

    known = known_rules()
    id_re = re.compile(r"\b(" + "|".join(map(re.escape, CATEGORIES)) + r")\.([a-z][a-z-]*[a-z])\b")
    sources = [
        REPO / "README.md",
        *(REPO / "docs").glob("*.md"),
        REPO / "docs" / "lint-output.schema.json",
        REPO / "src" / "stepback_docs" / "lint" / "config.py",
        REPO / "src" / "stepback_docs" / "lint" / "rules" / "README.md",
    ]
    cited = {
        (path.name, m.group(0))
        for path in sources
        for m in id_re.finditer(path.read_text(encoding="utf-8"))
        if m.group(2) not in {"yaml", "custom", "slug", "md"}
    }
    assert cited, "the pattern found no rule ids at all"
    unknown = sorted((name, rule) for name, rule in cited if rule not in known)
    assert not unknown, f"rule ids that do not exist: {unknown}"
