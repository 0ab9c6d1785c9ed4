"""Every rule's own examples (proselint style): each `flag:` sentence gets a finding from
that rule, each `pass:` sentence gets none; and every rule is complete enough to ship."""

from __future__ import annotations

from typing import Any

import pytest

from stepback_docs.findings import CATEGORIES, LintConfig
from stepback_docs.lint import lint_text
from stepback_docs.lint.ruleset import read_rule_files, rule_files


def _rules() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path, data in read_rule_files(rule_files()):
        if path.name.startswith("_"):
            continue
        for rule in data["rules"]:
            out.append((path.name, rule))
    return out


RULES = _rules()
FLAG = [
    pytest.param(rule["id"], text, id=f"{rule['id']}:{n}")
    for _, rule in RULES
    for n, text in enumerate((rule.get("examples") or {}).get("flag") or [])
]
PASS = [
    pytest.param(rule["id"], text, id=f"{rule['id']}:{n}")
    for _, rule in RULES
    for n, text in enumerate((rule.get("examples") or {}).get("pass") or [])
]


@pytest.mark.parametrize(("rule_id", "text"), FLAG)
def test_flag_example_is_flagged_by_its_rule(rule_id: str, text: str) -> None:
    found = lint_text(text, LintConfig(select={rule_id}))
    assert any(f.rule == rule_id for f in found), f"{rule_id} misses: {text}"


@pytest.mark.parametrize(("rule_id", "text"), PASS)
def test_pass_example_is_not_flagged_by_its_rule(rule_id: str, text: str) -> None:
    found = lint_text(text, LintConfig(select={rule_id}))
    assert not found, f"{rule_id} wrongly flags {[f.text for f in found]} in: {text}"


@pytest.mark.parametrize(("file", "rule"), RULES, ids=[r["id"] for _, r in RULES])
def test_rule_has_examples_both_ways(file: str, rule: dict[str, Any]) -> None:
    examples = rule.get("examples") or {}
    assert examples.get("flag"), f"{file}: {rule['id']} has no flag: examples"
    assert examples.get("pass"), f"{file}: {rule['id']} has no pass: examples"


def test_every_category_but_leak_has_a_rule_file() -> None:
    categories = {r["id"].split(".")[0] for _, r in RULES}
    assert categories == set(CATEGORIES) - {"leak"}


def test_findings_carry_message_and_reframe() -> None:
    text = "I burned out as VP. I'm overqualified. I'll take any job for now."
    found = lint_text(text)
    assert {f.category for f in found} >= {"misery", "rank-on-sleeve", "desperation"}
    for f in found:
        assert f.message and f.suggestions and all(s.strip() for s in f.suggestions)
        assert f.rule.startswith(f.category + ".")


# ---------------------------------------------------------------- the rule format itself


def _matches(phrase: str, text: str) -> bool:
    import re

    from stepback_docs.lint.phrases import compile_phrase

    return re.search(compile_phrase(phrase, {"SELF": ["i", "me"]}).regex, text) is not None


@pytest.mark.parametrize(
    ("phrase", "text", "hit"),
    [
        ("bore~", "it bored me", True),
        ("bore~", "boring work", True),
        ("bore~", "a borehole", False),
        ("monoton*", "sheer monotony", True),
        ("burn out", "i was burned-out", False),
        ("{burn~|burnt} out", "i was burnt-out", True),
        ("[really] bored", "really bored", True),
        ("[really] bored", "bored", True),
        ("tired ... same", "tired of doing the same", True),
        ("tired ... same", "tired of one two three four five same", False),
        ("@SELF was bored", "me was bored", True),
        ("# months", "out of work for 9 months", True),
        ("i'm done", "i'm done", True),
    ],
)
def test_phrase_syntax(phrase: str, text: str, hit: bool) -> None:
    assert _matches(phrase, text) is hit


def test_a_bad_rule_file_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stepback_docs.errors import StepbackError
    from stepback_docs.lint.ruleset import load_rules

    (tmp_path / "misery.yaml").write_text(
        "category: misery\nrules:\n  - id: misery.x\n    phrases: ['{bored']\n"
        "    message: m\n    suggestions: [s]\n",
        encoding="utf-8",
    )
    with pytest.raises(StepbackError) as caught:
        load_rules(tmp_path)
    message = str(caught.value)
    assert "misery.yaml" in message and "misery.x" in message and "missing '}'" in message
    assert "\n" not in message


def test_an_unknown_category_or_key_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stepback_docs.errors import StepbackError
    from stepback_docs.lint.ruleset import load_rules

    (tmp_path / "gloom.yaml").write_text("category: gloom\nrules: []\n", encoding="utf-8")
    with pytest.raises(StepbackError, match=r"gloom\.yaml: category 'gloom' is not in"):
        load_rules(tmp_path)
    (tmp_path / "gloom.yaml").write_text(
        "category: misery\nrules:\n  - id: misery.y\n    phrase: [sad]\n", encoding="utf-8"
    )
    with pytest.raises(StepbackError, match=r"misery\.y: unknown key 'phrase'"):
        load_rules(tmp_path)
