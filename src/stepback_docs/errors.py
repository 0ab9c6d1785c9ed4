"""Errors a user can fix. Each renders as plain text naming the file, field or cause.

The CLI turns any ``StepbackError`` into its message on stderr and exit code 2, so no
traceback reaches a user for an input problem.
"""

from __future__ import annotations

# C0 and C1 control characters, DEL, and the bidirectional overrides that can reorder
# what a terminal shows: a document or profile could otherwise retitle or clear the
# user's terminal, or disguise a line, through an error or a report.
_UNSAFE = {
    **{c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    **{c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), for a terminal.
    Tabs and line breaks are escaped too: callers print one line at a time."""
    return text.translate(_UNSAFE)


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
