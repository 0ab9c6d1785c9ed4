"""``stepback-docs rules [CATEGORY|RULE]``: what each rule catches, like ``ruff rule``.

Reads the rule files themselves (``stepback_docs/lint/rules/*.yaml``), so what it shows
is what the linter uses: per category, why the phrasing raises doubt and the reframes;
per rule, its severity, example sentences it flags and passes, and sample phrases.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import StepbackError

SAMPLE_PHRASES = 6


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "rules",
        help="explain the linter's rules: what each catches and the reframe",
        description="Without an argument, list every category and its rules. With a "
        "category (misery) or a rule id (misery.burnout), explain it: why the phrasing "
        "makes an employer doubt the candidate, examples it flags and passes, and the "
        "suggested reframes.",
    )
    parser.add_argument("name", nargs="?", metavar="CATEGORY|RULE", help="what to explain")
    parser.add_argument(
        "-f", "--format", choices=("text", "json"), default="text", help="output format"
    )
    parser.set_defaults(func=run)


def catalogue() -> dict[str, dict[str, Any]]:
    """category -> {severity, message, suggestions, rules: [rule dicts]} from the files."""
    from ..lint.ruleset import read_rule_files, rule_files

    found: dict[str, dict[str, Any]] = {}
    for _path, data in read_rule_files(rule_files()):
        category = data.get("category")
        if not isinstance(category, str):
            continue  # the shared vocabulary file
        entry = found.setdefault(
            category,
            {
                "severity": data.get("severity", "warning"),
                "message": " ".join(str(data.get("message", "")).split()),
                "suggestions": list(data.get("suggestions") or []),
                "rules": [],
            },
        )
        for rule in data.get("rules") or []:
            examples = rule.get("examples") or {}
            entry["rules"].append(
                {
                    "id": rule.get("id"),
                    "severity": rule.get("severity", entry["severity"]),
                    "message": " ".join(str(rule.get("message") or entry["message"]).split()),
                    "suggestions": list(rule.get("suggestions") or entry["suggestions"]),
                    "flags": list(examples.get("flag") or []),
                    "passes": list(examples.get("pass") or []),
                    "phrases": list(rule.get("phrases") or [])[:SAMPLE_PHRASES],
                }
            )
    return found


def run(args: argparse.Namespace) -> int:
    from ..findings import CATEGORIES

    rules = catalogue()
    name = args.name
    if name is None:
        chosen = {c: rules[c] for c in CATEGORIES if c in rules}
        if args.format == "json":
            json.dump(chosen, sys.stdout, indent=2)
            print()
            return 0
        for category, entry in chosen.items():
            print(f"{category} ({entry['severity']}): {entry['message']}")
            for rule in entry["rules"]:
                print(f"  {rule['id']}")
        print(
            "leak (error): with `lint --profile`, text that repeats the profile's "
            "private_notes\n  leak.private-notes"
        )
        print("\nexplain one: stepback-docs rules CATEGORY or stepback-docs rules RULE")
        return 0
    if name in rules:
        entry = rules[name]
        if args.format == "json":
            json.dump({name: entry}, sys.stdout, indent=2)
            print()
            return 0
        print(f"{name} ({entry['severity']})\n")
        print(f"why it raises doubt: {entry['message']}\n")
        _reframes(entry["suggestions"])
        print("rules:")
        for rule in entry["rules"]:
            example = f"  e.g. {rule['flags'][0]!r}" if rule["flags"] else ""
            print(f"  {rule['id']} ({rule['severity']}){example}")
        print(f"\nexplain one: stepback-docs rules {entry['rules'][0]['id']}")
        return 0
    for entry in rules.values():
        for rule in entry["rules"]:
            if rule["id"] == name:
                if args.format == "json":
                    json.dump(rule, sys.stdout, indent=2)
                    print()
                    return 0
                _explain(rule)
                return 0
    raise StepbackError(f"unknown category or rule {name!r}{_suggest(name, rules)}")


def _explain(rule: dict[str, Any]) -> None:
    print(f"{rule['id']} ({rule['severity']})\n")
    print(f"why it raises doubt: {rule['message']}\n")
    if rule["flags"]:
        print("flags, for example:")
        for text in rule["flags"]:
            print(f"  - {text}")
        print()
    if rule["passes"]:
        print("does not flag:")
        for text in rule["passes"]:
            print(f"  - {text}")
        print()
    if rule["phrases"]:
        print("some of its phrases ({a|b} one of, [x] optional, @NAME a word list, ~ forms):")
        for phrase in rule["phrases"]:
            print(f"  - {phrase}")
        print()
    _reframes(rule["suggestions"])
    print(
        'configure: ignore = ["RULE"] or severity = { "RULE" = "info" } in '
        '.stepback-docs.toml; allow = ["phrase"] keeps one phrase'.replace("RULE", rule["id"])
    )


def _reframes(suggestions: list[str]) -> None:
    if suggestions:
        print("reframe:")
        for text in suggestions:
            print(f"  - {text}")
        print()


def _suggest(name: str, rules: dict[str, dict[str, Any]]) -> str:
    import difflib

    ids = [*rules, *(r["id"] for e in rules.values() for r in e["rules"])]
    close = difflib.get_close_matches(name, ids, n=1, cutoff=0.5)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return "; `stepback-docs rules` lists them"
