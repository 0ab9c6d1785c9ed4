"""Configuration files: discovery, keys, validation errors, flags on top, applying it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepback_docs.errors import StepbackError
from stepback_docs.findings import Finding, LintConfig
from stepback_docs.lint.config import (
    Overrides,
    Resolver,
    Settings,
    apply_config,
    check_ids,
    fails,
    find_config,
    load_config,
)

FULL = """\
select = ["misery", "coasting", "hedging.custom"]
ignore = ["coasting.custom"]
severity = { misery = "warning", "hedging.custom" = "error" }
extra-phrases = { desperation = ["any job at all"] }
allow = ["burnout prevention"]
fail-on = "error"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_of_a_stepback_docs_toml(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path / ".stepback-docs.toml", FULL))
    lint = settings.lint
    assert lint.select == {"misery", "coasting", "hedging.custom"}
    assert lint.ignore == {"coasting.custom"}
    assert lint.severity == {"misery": "warning", "hedging.custom": "error"}
    assert lint.extra_phrases == {"desperation": ["any job at all"]}
    assert lint.allow_phrases == ["burnout prevention"]
    assert settings.fail_on == "error"
    assert settings.source == tmp_path / ".stepback-docs.toml"


def test_pyproject_table(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.stepback-docs]\n' + FULL
    settings = load_config(write(tmp_path / "pyproject.toml", text))
    assert settings.lint.select == {"misery", "coasting", "hedging.custom"}


def test_nearest_config_wins_and_unrelated_pyproject_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".stepback-docs.toml", 'ignore = ["hedging"]\n')
    write(
        tmp_path / "team" / "pyproject.toml",
        '[project]\nname = "x"\ndependencies = ["stepback-docs"]\n',
    )
    write(tmp_path / "team" / "me" / "pyproject.toml", '[tool.stepback-docs]\nfail-on = "info"\n')
    assert find_config(tmp_path / "team") == tmp_path / ".stepback-docs.toml"
    assert find_config(tmp_path / "team" / "me") == tmp_path / "team" / "me" / "pyproject.toml"
    resolver = Resolver()
    assert resolver.for_path(tmp_path / "team" / "cv.md").lint.ignore == {"hedging"}
    assert resolver.for_path(tmp_path / "team" / "me" / "cv.md").fail_on == "info"


def test_dot_file_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.stepback-docs]\nfail-on = "info"\n')
    write(tmp_path / ".stepback-docs.toml", 'fail-on = "never"\n')
    assert Resolver().for_path(tmp_path / "a.md").fail_on == "never"


def test_no_config_anywhere_gives_defaults(tmp_path: Path) -> None:
    settings = Resolver(use_files=False).for_path(tmp_path / "a.md")
    assert settings.fail_on == "warning" and settings.lint == LintConfig()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("select = [", "invalid TOML"),
        ('selct = ["misery"]', "unknown key 'selct' (did you mean 'select'?)"),
        ('select = ["misry"]', "select: unknown category or rule 'misry' (did you mean 'misery'?)"),
        ('ignore = ["nonsense.rule"]', "ignore: unknown category or rule 'nonsense.rule'"),
        ('select = "misery"', "select: expected a list of non-empty strings"),
        ('severity = { misery = "high" }', "severity.misery: unknown severity 'high'"),
        ('severity = { tone = "info" }', "severity: unknown category or rule 'tone'"),
        ('severity = "info"', "severity: expected a table"),
        ('extra-phrases = { sadness = ["x"] }', "extra-phrases.sadness: unknown category"),
        ("extra-phrases = { misery = [1] }", "extra-phrases.misery: expected a list"),
        ('fail-on = "sometimes"', "fail-on: unknown value 'sometimes'"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path / ".stepback-docs.toml", text + "\n")
    with pytest.raises(StepbackError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_bad_pyproject_table_names_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.stepback-docs]\nfail_on = "error"\n')
    with pytest.raises(StepbackError, match=r"\[tool.stepback-docs\] unknown key 'fail_on'"):
        Resolver().for_path(tmp_path / "cv.md")


def test_flags_override_file_settings(tmp_path: Path) -> None:
    write(tmp_path / ".stepback-docs.toml", FULL)
    flags = Overrides(select={"bitterness"}, ignore={"hedging"}, fail_on="never")
    settings = Resolver(flags).for_path(tmp_path / "cv.md")
    assert settings.lint.select == {"bitterness"}  # replaced
    assert settings.lint.ignore == {"coasting.custom", "hedging"}  # added to
    assert settings.fail_on == "never"
    assert settings.lint.severity == {"misery": "warning", "hedging.custom": "error"}  # kept


def test_profile_keeps_leak_selected(tmp_path: Path) -> None:
    flags = Overrides(select={"misery"}, private_notes="Dana")
    settings = flags.apply(Settings())
    assert settings.lint.select == {"misery", "leak"}
    assert settings.lint.private_notes == "Dana"


def test_explicit_config_file_is_used_for_every_document(tmp_path: Path) -> None:
    config = write(tmp_path / "shared.toml", 'fail-on = "info"\n')
    write(tmp_path / "deep" / ".stepback-docs.toml", 'fail-on = "never"\n')
    resolver = Resolver(config=config)
    assert resolver.for_path(tmp_path / "deep" / "cv.md").fail_on == "info"


def test_check_ids_accepts_categories_rules_and_all() -> None:
    assert check_ids(["misery", "bitterness.custom", "all"], "x") == {
        "misery",
        "bitterness.custom",
        "all",
    }
    with pytest.raises(StepbackError, match="--select: unknown category or rule 'happy'"):
        check_ids(["happy"], "--select")


def make(category: str, rule: str, severity: str = "error") -> Finding:
    return Finding(category, rule, severity, 0, 1, "x", "x", "m", ["s"])  # type: ignore[arg-type]


def test_apply_config_selects_ignores_and_rule_severity_beats_category() -> None:
    findings = [
        make("misery", "misery.a"),
        make("misery", "misery.b"),
        make("hedging", "hedging.custom", "info"),
        make("coasting", "coasting.x"),
    ]
    config = LintConfig(
        select={"misery", "hedging.custom"},
        ignore={"misery.b"},
        severity={"misery": "info", "misery.a": "warning", "hedging": "error"},
    )
    kept = apply_config(findings, config)
    assert [(f.rule, f.severity) for f in kept] == [
        ("misery.a", "warning"),
        ("hedging.custom", "error"),
    ]
    assert [(f.rule, f.severity) for f in apply_config(kept, config)] == [
        ("misery.a", "warning"),
        ("hedging.custom", "error"),
    ]  # idempotent


def test_fails_thresholds() -> None:
    warning = [make("misery", "misery.a", "warning")]
    assert fails(warning, "warning") and fails(warning, "info")
    assert not fails(warning, "error") and not fails(warning, "never")
    assert not fails([], "info")


def test_unknown_rule_id_in_a_known_category_is_rejected_with_the_choices() -> None:
    with pytest.raises(StepbackError) as info:
        check_ids(["misery.no-such-rule"], "ignore")
    message = str(info.value)
    assert message.startswith("ignore: unknown rule 'misery.no-such-rule'")
    assert "misery.custom" in message  # lists the category's real rules
    assert check_ids(["leak.private-notes"], "ignore") == {"leak.private-notes"}


def test_the_documented_example_config_is_valid(tmp_path: Path) -> None:
    from repo_paths import REPO

    doc = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = load_config(write(tmp_path / "pyproject.toml", example))
    assert settings.fail_on == "error" and "misery.burnout" in settings.lint.severity


def test_select_all_means_every_rule() -> None:
    settings = Overrides(select={"all"}).apply(Settings())
    assert settings.lint.select == set()
    from stepback_docs.lint import lint_text

    found = lint_text(
        "I counted ceiling tiles.",
        LintConfig(
            select=settings.lint.select, extra_phrases={"misery": ["counted ceiling tiles"]}
        ),
    )
    assert [f.rule for f in found] == ["misery.custom"]
