"""``--format github``: GitHub Actions workflow commands (annotations on the diff).

Escaping follows the runner's rules: in the message ``%``, CR and LF are percent-encoded;
in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import TextIO

from ...findings import Finding
from . import FileResult, Options, where

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: str | int) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return (
        f"::{level} {fields}::{escape_data(message)}"
        if fields
        else f"::{level}::{escape_data(message)}"
    )


def annotation(f: Finding) -> str:
    message = f.message
    located = where(f)
    if located:
        message = f"({located}) {message}"
    if f.suggestions:
        message += f"\nSuggestion: {f.suggestions[0]}"
    return command(
        LEVEL[f.severity],
        message,
        file=f.path or "-",
        line=f.line,
        col=f.column,
        endLine=f.end_line,
        endColumn=max(f.column if f.end_line == f.line else 1, f.end_column - 1),  # inclusive
        title=f"stepback-docs {f.category} ({f.rule})",
    )


def render(results: list[FileResult], out: TextIO, options: Options) -> None:
    for result in results:
        if result.error:
            out.write(
                command(
                    "error", result.error, file=result.path, title="stepback-docs: unreadable input"
                )
                + "\n"
            )
        for f in result.findings:
            out.write(annotation(f) + "\n")
