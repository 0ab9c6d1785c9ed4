"""Markdown: one Block with the file's exact length and line breaks, non-prose blanked.

Everything a reader of the rendered page does not read as prose is replaced by spaces,
so a finding's offset is still the offset in the file and maps to line and column:
front matter, fenced and indented code, inline code spans, HTML tags and comments
(suppression comments are parsed from the original text elsewhere), autolinks, bare
URLs, link and image destinations and reference definitions (link TEXT stays), and the
markers around prose: emphasis (``**``, ``_``, ``~~``), heading ``#``, blockquote ``>``,
list bullets and numbers, task boxes. Blanking markers to spaces keeps a sentence that
runs through ``**bold**`` one sentence; the linter treats runs of spaces as one space.

Everything here is linear in the input (no regex that can rescan the rest of the file
for every opening delimiter), because a hostile file must not make the linter hang.
"""

from __future__ import annotations

import functools
import re

from stepback_docs.findings import Block

_NOT_NEWLINE = re.compile(r"[^\r\n]")

_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_TOML_END = re.compile(r"^\+\+\+[ \t]*\r?$", re.M)
_FENCE_OPEN = re.compile(r"(`{3,})([^`]*)$|(~{3,})")
_LIST_ITEM = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = re.compile(r"\n(?: {4}|[ ]{0,3}\t)[ \t]*([^ \t\r\n][^\n]{0,11})")
_BACKTICKS = re.compile(r"``*")  # not "`+": sre only fast-scans a literal prefix
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")

_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>"
)
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]{0,2000}\"|'[^']{0,2000}'|[^\s\"'=<>`]+))?)*"
    r"\s*/?>"
)
# Patterns start with a literal character on purpose: the regex engine then skips
# ahead with a fast memchr instead of trying every position (5-10x faster here).
_REF_DEF = re.compile(
    r"\n[ \t]{0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]*\S+"  # not [^1]: footnotes (prose)
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?=\r?\n|$)"
)
_LINK_TEXT = r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*"
_LINK = re.compile(
    r"\[(?P<text>" + _LINK_TEXT + r")(?P<tail>\]\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)|\]\[[^\[\]\n]{0,999}\])"
)
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_URL_REST = re.compile(r"[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_~]")
_LINE_MARKERS = re.compile(
    r"\n(?=[ \t]*[-+*>=_|:0-9[])(?:"  # the lookahead rejects most lines at once
    r"[ \t]*(?:>[ \t]?)+"  # blockquote markers (nested too)
    r"|[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t])(?:[ \t]+\[[ xX]\](?=[ \t]))?"  # bullet, task box
    r"|[ \t]*\[[ xX]\](?=[ \t])"  # task box after a bullet already blanked
    # rules; "-[ \t]*-[ \t]*-[- \t]*" is "(?:-[ \t]*){3,}" without a repeated group, which
    # sre would remember once per character (a 5 MB rule cost 600 MB)
    r"|[ \t]{0,3}(?:-[ \t]*-[ \t]*-[- \t]*|\*[ \t]*\*[ \t]*\*[* \t]*|_[ \t]*_[ \t]*_[_ \t]*"
    r"|=+[ \t]*)(?=\r?\n|$)"
    r"|[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?(?=\r?\n|$)"  # table rule
    r")"
)
_COMMON_MARKERS = ("\n- ", "\n* ", "\n+ ", "\n> ", "\n  - ", "\n    - ")
_HEADING = re.compile(r"\n(?P<open>[ \t]*#{1,6})(?P<body>(?:[ \t][^\n]*)?)(?=\n|$)")
_HEADING_CLOSED = re.compile(r"#[ \t]*\r?\n|\n[ \t]+#")  # closing hashes or indented
_ATX_OPEN = re.compile(r"\n#{1,6}(?=[ \t]|\r?\n)")
_HEADING_CLOSE = re.compile(r"[ \t]#+[ \t]*\r?$")


# Emphasis runs, blanked by C-level substitutions with constant replacements (a Python
# callback per ``**`` costs more than all the other passes together). A run opens when
# the character before it is not a word character or backslash and the one after it is
# not a space; it closes when the one before is not a space and the one after is not
# a word character. ``5 * 3`` and ``snake_case`` stay.
def _emphasis_pattern(run: str) -> re.Pattern[str]:
    char = re.escape(run[0])
    literal = re.escape(run)
    exact = f"{literal}(?!{char})(?<!{char}{literal})"  # the literal first: fast scan
    opener = f"(?<![\\w\\\\]{literal})(?=\\S)"
    closer = f"(?<=[^\\s\\\\]{literal})(?!\\w)"
    return re.compile(f"{exact}(?:{opener}|{closer})")


_EMPHASIS_RUNS = {"*": (3, 2, 1), "_": (3, 2, 1), "~": (2,)}


@functools.cache
def _emphasis(char: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled on first use: these lookbehinds take milliseconds to compile."""
    return tuple((_emphasis_pattern(char * size), " " * size) for size in _EMPHASIS_RUNS[char])


def markdown_block(text: str) -> Block:
    """The whole file as one block, non-prose blanked (see the module docstring)."""
    return Block(blank_markdown(text))


def blank_markdown(text: str) -> str:
    """Replace everything that is not prose by spaces, keeping length and line breaks."""
    text = _apply(text, _block_ranges(text))
    if "`" in text:
        text = _apply(text, _code_span_ranges(text))
    if "<" in text:
        if "<!--" in text:
            text = _apply(text, _comment_ranges(text))
        text = _AUTOLINK.sub(_blank_match, text)
        text = _HTML_TAG.sub(_blank_match, text)
    # Line-anchored patterns look for "\n" first; a virtual newline covers line 1.
    text = "\n" + text
    if "[" in text:
        text = _REF_DEF.sub(_blank_line_match, text)
        text = _apply(text, _link_ranges(text))
    if "://" in text or "www." in text:
        text = _apply(text, _url_ranges(text))
    for literal in _COMMON_MARKERS:  # str.replace first: most markers, at C speed
        if literal in text:
            text = text.replace(literal, "\n" + " " * (len(literal) - 1))
    text = _LINE_MARKERS.sub(_blank_line_match, text)
    if "#" in text:
        if text.rstrip().endswith("#") or _HEADING_CLOSED.search(text):
            text = _HEADING.sub(_blank_heading, text)  # "## Title ##", "  # Indented"
        else:
            text = _ATX_OPEN.sub(_blank_line_match, text)  # the common "## Title"
    for char in _EMPHASIS_RUNS:
        if char in text:
            for pattern, spaces in _emphasis(char):
                text = pattern.sub(spaces, text)
    return text[1:]


def _blank(segment: str) -> str:
    if "\n" in segment or "\r" in segment:
        return _NOT_NEWLINE.sub(" ", segment)
    return " " * len(segment)


def _blank_match(match: re.Match[str]) -> str:
    return _blank(match.group(0))


def _keep_link_text(match: re.Match[str]) -> str:
    return " " * len(match.group("open")) + match.group("text") + _blank(match.group("tail"))


def _apply(text: str, ranges: list[tuple[int, int]]) -> str:
    """Blank the given (start, end) ranges; they may overlap and come in any order."""
    if not ranges:
        return text
    ranges.sort()
    pieces: list[str] = []
    done = 0
    for start, end in ranges:
        if start < done:
            start = done
        if end <= start:
            continue
        segment = text[start:end]
        pieces.append(text[done:start])
        if "\n" in segment or "\r" in segment:
            pieces.append(_NOT_NEWLINE.sub(" ", segment))
        else:
            pieces.append(" " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _front_matter_end(text: str) -> int:
    """Offset just past YAML (---) or TOML (+++) front matter at the top, else 0."""
    first = text.split("\n", 1)[0].rstrip("\r").rstrip(" \t")
    closer = {"---": _YAML_END, "+++": _TOML_END}.get(first)
    if closer is None:
        return 0
    match = closer.search(text, len(first) + 1)
    return match.end() if match else 0


def _block_ranges(text: str) -> list[tuple[int, int]]:
    """Front matter, fenced code (``` and ~~~) and indented code blocks.

    Indented lines inside a list are list content, not code (CommonMark), and resumes
    nest bullets with four spaces, so they stay prose.
    """
    ranges: list[tuple[int, int]] = []
    offset = _front_matter_end(text)
    if offset:
        ranges.append((0, offset))
    if not _may_have_code_block(text):
        return ranges
    fence_char = ""
    fence_len = 0
    fence_start = 0
    prev_blank = True
    in_code = False
    in_list = False
    for line in text[offset:].split("\n"):
        size = len(line)
        if fence_char:
            stripped = line.strip(" \t\r")
            if (
                _indent_width(line) < 4
                and stripped.startswith(fence_char * fence_len)
                and not stripped.strip(fence_char)
            ):
                ranges.append((fence_start, offset + size))
                fence_char = ""
            offset += size + 1
            continue
        if not line.strip(" \t\r"):
            prev_blank = True
            offset += size + 1
            continue
        indent = _indent_width(line) if line[0] in " \t" else 0
        stripped = line.lstrip(" \t")
        if indent >= 4 and (in_code or (prev_blank and not in_list)):
            ranges.append((offset, offset + size))
            in_code = True
        else:
            in_code = False
            if indent < 4 and _LIST_ITEM.match(stripped):
                in_list = True
            elif indent == 0 and prev_blank:
                in_list = False
            fence = _FENCE_OPEN.match(stripped.rstrip("\r")) if stripped[0] in "`~" else None
            if fence and indent < 4:
                fence_char = stripped[0]
                fence_len = len(fence.group(1) or fence.group(3))
                fence_start = offset
        prev_blank = False
        offset += size + 1
    if fence_char:  # an unclosed fence runs to the end of the document
        ranges.append((fence_start, len(text)))
    return ranges


def _may_have_code_block(text: str) -> bool:
    """Cheap test that skips the line-by-line scan for most prose documents.

    Code needs a fence, or an indented line that is not a (nested) list item; an
    indented bullet is treated as prose even in the rare place CommonMark would make
    it code, which at worst lints a little more text.
    """
    if "```" in text or "~~~" in text:
        return True
    return any(not _LIST_ITEM.match(m.group(1)) for m in _INDENTED.finditer("\n" + text))


def _code_span_ranges(text: str) -> list[tuple[int, int]]:
    """Inline code: a backtick run up to the next run of the same length, same paragraph.

    Done with a precomputed "next run of this length" table and a forward-only search
    for paragraph breaks instead of one regex, so that many unmatched backticks cannot
    make it quadratic.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    last_seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        following[index] = last_seen.get(end - start)
        last_seen[end - start] = index
    ranges: list[tuple[int, int]] = []
    blank = -1  # start of the first paragraph break at or after the current run
    index = 0
    while index < len(runs):
        closer = following[index]
        if closer is None:
            index += 1
            continue
        opened = runs[index][1]
        if blank < opened:
            found = _BLANK_LINE.search(text, opened)
            blank = found.start() if found else len(text)
        if runs[closer][0] > blank:  # the span would cross a paragraph break
            index += 1
            continue
        ranges.append((runs[index][0], runs[closer][1]))
        index = closer + 1
    return ranges


def _comment_ranges(text: str) -> list[tuple[int, int]]:
    """HTML comments; an unclosed one ends the search (nothing after it can close)."""
    ranges: list[tuple[int, int]] = []
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        ranges.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return ranges


def _blank_line_match(match: re.Match[str]) -> str:
    start, end = match.span()
    text = match.string
    if text.find("\n", start + 1, end) == -1 and text.find("\r", start + 1, end) == -1:
        return "\n" + " " * (end - start - 1)  # one line: no copy of a (huge) match
    return "\n" + _blank(match.group(0)[1:])


def _blank_heading(match: re.Match[str]) -> str:
    body = match.group("body")
    close = _HEADING_CLOSE.search(body)
    if close:
        body = body[: close.start()] + _blank(close.group(0))
    return "\n" + " " * len(match.group("open")) + body


def _link_ranges(text: str) -> list[tuple[int, int]]:
    """Blank ``[``/``![`` and the destination of inline and reference links; keep the text."""
    ranges: list[tuple[int, int]] = []
    for match in _LINK.finditer(text):
        start = match.start()
        if start and text[start - 1] == "!":
            start -= 1
        ranges.append((start, match.start() + 1))
        ranges.append(match.span("tail"))
    return ranges


def _url_ranges(text: str) -> list[tuple[int, int]]:
    """Bare URLs (``https://…``, ``www.…``), minus trailing sentence punctuation."""
    ranges: list[tuple[int, int]] = []
    for marker in ("://", "www."):
        position = text.find(marker)
        while position != -1:
            start = position
            if marker == "://":
                start = _scheme_start(text, position)
            rest = _URL_REST.match(text, position + len(marker))
            end = rest.end() if rest else position + len(marker)
            before = text[start - 1] if start else " "
            if marker == "://" or not (before.isalnum() or before in "/@."):
                ranges.append((start, end))
            position = text.find(marker, end)
    return ranges


def _scheme_start(text: str, colon: int) -> int:
    """Start of the URL scheme ending at ``colon`` ("https" in "https://"), at most 32 back.

    A short backward walk: a regex search over the window was the slowest step here.
    """
    start = colon
    floor = max(0, colon - 32)
    while start > floor and text[start - 1] in _SCHEME_CHARS:
        start -= 1
    while start < colon and not text[start].isalpha():  # a scheme starts with a letter
        start += 1
    return start
