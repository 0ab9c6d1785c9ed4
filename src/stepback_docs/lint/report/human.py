"""``--format human``: one line per finding, the sentence with the match marked, a reframe.

Colour is plain ANSI escapes (importing rich would cost more than the whole start-up
budget); the command decides whether to use it (TTY, NO_COLOR, --color).
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from ...errors import terminal_safe
from ...findings import Finding
from . import FileResult, Options, counts, where

RESET = "\033[0m"
BOLD = "\033[1m"
STYLE = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
MATCH = "\033[1;4;31m"
DIM = "\033[2m"
GREEN = "\033[32m"
CONTEXT = 60  # characters of the sentence shown either side of the match


def render(results: list[FileResult], out: TextIO, options: Options) -> None:
    for result in results:
        for f in result.findings:
            out.write(format_finding(f, options))
    if not options.quiet:
        out.write(summary(results, options.color) + "\n")


def format_finding(f: Finding, options: Options) -> str:
    color = options.color
    severity = _paint(f.severity, STYLE[f.severity], color)
    # A document's own text (its path, the sentence) may hold terminal escapes: shown
    # escaped, never sent to the terminal as they are.
    location = terminal_safe(f"{f.path or '-'}:{f.line}:{f.column}")
    located = terminal_safe(where(f))
    extra = f" ({located})" if located else ""
    lines = [
        f"{_paint(location, BOLD, color)}: {severity} [{f.category}/{f.rule}] {f.message}{extra}"
    ]
    if not options.quiet:
        lines.extend(marked_sentence(f, color))
        for suggestion in f.suggestions[:1]:
            lines.append(f"    {_paint('suggestion:', GREEN, color)} {terminal_safe(suggestion)}")
    return "\n".join(lines) + "\n"


def marked_sentence(f: Finding, color: bool) -> list[str]:
    """The sentence on one line with the match highlighted (colour) or underlined (^^^)."""
    sentence = f.sentence
    at = sentence.find(f.text) if f.text else -1
    if at < 0:
        return [f"    {_one_line(sentence)}"] if sentence.strip() else []
    before = _one_line(sentence[:at]).lstrip()
    match = _one_line(f.text)
    after = _one_line(sentence[at + len(f.text) :]).rstrip()
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    if color:
        return [f"    {before}{MATCH}{match}{RESET}{after}"]
    return [
        f"    {before}{match}{after}",
        "    " + " " * _width(before) + "^" * max(1, _width(match)),
    ]


def summary(results: list[FileResult], color: bool) -> str:
    c = counts(results)
    files = _plural(c["files"], "file")
    if c["findings"]:
        parts = [_plural(c[s], s) for s in ("error", "warning", "info") if c[s]]
        text = f"{_plural(c['findings'], 'problem')} ({', '.join(parts)}) in {files}"
    else:
        text = f"no problems in {files}"
    if c["unreadable"]:
        text += f"; {_plural(c['unreadable'], 'file')} could not be read"
    return _paint(text, BOLD, color)


def _plural(n: int, word: str) -> str:
    if n == 1 or word == "info":
        return f"{n} {word}"
    return f"{n} {word}s"


def _one_line(text: str) -> str:
    """Whitespace runs (line breaks, tabs) become one space so the caret line aligns;
    control characters are shown escaped."""
    if not text:
        return ""
    core = terminal_safe(" ".join(text.split()))
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and core else ""
    return f"{lead}{core}{trail}" if core else " "


def _width(text: str) -> int:
    """Terminal columns: wide East Asian characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color else text
