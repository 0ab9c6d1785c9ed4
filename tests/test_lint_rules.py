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
