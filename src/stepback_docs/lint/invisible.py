"""Characters a reader does not see: zero-width and format characters, soft hyphens and
combining marks. Inside a word they hide it from the rules ("mis\u200berable" reads as
"miserable"), so the linter matches on the text without them and maps every finding
back to the text as written (its offsets, matched words and sentence).

Only the stretches removed are remembered, as runs, so a text with invisible
characters costs a few bytes per run on top of its cleaned copy.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from ..findings import Finding

INVISIBLE = re.compile(
    "["
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"  # soft hyphen, fillers
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f"  # zero-width, bidi
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks
    "]+"
)
MAX_RUNS = 200_000  # past this, the text is linted as written (memory stays bounded)


class Cleaned:
    """``text`` without its invisible characters, and the way back to ``text``."""

    def __init__(self, original: str, text: str, at: array[int], removed: array[int]) -> None:
        self.original = original
        self.text = text
        # After each run of removed characters: where the next kept character is in the
        # cleaned text, and how many characters were removed up to there.
        self.at = at
        self.removed = removed

    def original_offset(self, offset: int) -> int:
        """Where the cleaned text's character ``offset`` (or its end) is in the original."""
        if offset >= len(self.text):
            return len(self.original)
        i = bisect_right(self.at, offset) - 1
        return offset + (self.removed[i] if i >= 0 else 0)

    def restore(self, findings: list[Finding]) -> list[Finding]:
        """Findings on the cleaned text, with offsets, text and sentence as written
        (a match keeps the invisible characters inside and right after it)."""
        for f in findings:
            start, end = f.start, f.end
            length = len(f.sentence)
            at = self.text.find(f.sentence, max(0, end - length), start + length)
            f.start = self.original_offset(start)
            f.end = self.original_offset(end)
            f.text = self.original[f.start : f.end]
            if at >= 0 and length:
                first, last = self.original_offset(at), self.original_offset(at + length)
                f.sentence = self.original[first:last]
        return findings


def clean(text: str) -> Cleaned | None:
    """``Cleaned`` for a text with invisible characters; None for one without (or with
    so many separate runs of them that remembering them would cost too much)."""
    if INVISIBLE.search(text) is None:
        return None
    pieces: list[str] = []
    at = array("q")
    removed = array("q")
    done = count = 0
    for found in INVISIBLE.finditer(text):
        start, end = found.span()
        pieces.append(text[done:start])
        count += end - start
        at.append(end - count)
        removed.append(count)
        done = end
        if len(at) > MAX_RUNS:
            return None
    pieces.append(text[done:])
    return Cleaned(text, "".join(pieces), at, removed)
