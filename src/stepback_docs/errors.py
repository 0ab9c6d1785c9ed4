"""Errors a user can fix. Each renders as plain text naming the file, field or cause.

The CLI turns any ``StepbackError`` into its message on stderr and exit code 2, so no
traceback reaches a user for an input problem.
"""

from __future__ import annotations


class StepbackError(Exception):
    """A problem with the user's input or environment, with a one-line message."""

    exit_code = 2


class Problem:
    """One located problem in an input file (1-based line and column)."""

    __slots__ = ("column", "field", "file", "line", "message")

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}"


class ProfileError(StepbackError):
    """A profile that cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
