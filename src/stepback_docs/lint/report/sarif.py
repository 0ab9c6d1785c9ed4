"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps).

Rules are described from the findings of this run (message, reframes, category); columns
count Unicode code points, which the run declares with ``columnKind``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ... import __version__
from ...findings import Finding
from . import CATEGORY_HELP, PLACE_KEYS, FileResult, Options, logical_name, where

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def uri(path: str | None) -> str:
    """A relative path as a URI reference with forward slashes; absolute as file://."""
    if not path or path == "-":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    from urllib.parse import quote

    return quote(p.as_posix())


def rule_descriptor(f: Finding) -> dict[str, Any]:
    help_text = "\n".join(f"- {s}" for s in f.suggestions) or f.message
    return {
        "id": f.rule,
        "name": f.rule,
        "shortDescription": {"text": CATEGORY_HELP.get(f.category, f.category)},
        "fullDescription": {"text": f.message},
        "help": {"text": "Reframe it as a move toward something:\n" + help_text},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
        "properties": {"category": f.category, "tags": ["stepback-docs", f.category]},
    }


def result(f: Finding, rule_index: int) -> dict[str, Any]:
    text = f.message
    if f.suggestions:
        text += f" Suggestion: {f.suggestions[0]}"
    region: dict[str, Any] = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "snippet": {"text": f.text},
    }
    item: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(f.path)},
                    "region": region,
                }
            }
        ],
        "properties": {
            "category": f.category,
            "severity": f.severity,
            "sentence": f.sentence,
            "suggestions": list(f.suggestions),
        },
    }
    located = where(f)
    if located:
        item["locations"][0]["logicalLocations"] = [
            {"name": located, "fullyQualifiedName": logical_name(f), "kind": "element"}
        ]
        for key in PLACE_KEYS:
            value = getattr(f, key)
            if value is not None:
                item["properties"][key] = value
    return item


def document(results: list[FileResult]) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    sarif_results: list[dict[str, Any]] = []
    for r in results:
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append(rule_descriptor(f))
            sarif_results.append(result(f, index[f.rule]))
    notifications = [
        {
            "level": "error",
            "message": {"text": r.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(r.path)}}}],
        }
        for r in results
        if r.error
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stepback-docs",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": sarif_results,
            }
        ],
    }


def render(results: list[FileResult], out: TextIO, options: Options) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
