"""``--format json``: a versioned object (schema: docs/lint-output.schema.json)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ... import __version__
from ...findings import Finding
from . import PLACE_KEYS, SCHEMA_VERSION, FileResult, Options, counts


def finding_dict(f: Finding) -> dict[str, Any]:
    item: dict[str, Any] = {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "category": f.category,
        "rule": f.rule,
        "severity": f.severity,
        "text": f.text,
        "sentence": f.sentence,
        "message": f.message,
        "suggestions": list(f.suggestions),
    }
    for key in PLACE_KEYS:
        value = getattr(f, key)
        if value is not None:
            item[key] = value
    return item


def document(results: list[FileResult]) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "stepback-docs", "version": __version__},
        "findings": [finding_dict(f) for r in results for f in r.findings],
        "errors": [{"path": r.path, "message": r.error} for r in results if r.error],
        "summary": counts(results),
    }


def render(results: list[FileResult], out: TextIO, options: Options) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
