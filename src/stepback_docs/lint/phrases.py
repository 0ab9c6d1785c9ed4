"""Phrase families -> regular expressions and anchor words.

Coaches write readable phrases (``{burn~|burnt} out``, ``[really] bored with``); this
module turns them into a regex matched on lower-cased text, and picks the *anchors*: word
starts that every match must contain, so the engine can skip sentences without one. The
syntax is documented in ``rules/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any, NamedTuple

SEP = r"[\s\-\u2013\u2014]+"
GAP_WORDS = 4
NUMBER = (
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|sixty|several|a few|many)"
)

# Anchor costs approximate how often a word occurs in career documents: an anchor that
# occurs everywhere sends almost every sentence to full analysis.
STOP_ANCHORS = frozenset(  # the most frequent English words: never a good anchor
    """a an the i me my we our you your he she they his her their it its this that to of in
    on at by for with from as and or but so if be is am are was were been have has had do
    did will would can who which what""".split()  # noqa: SIM905
)
FREQUENT_ANCHORS = frozenset(  # frequent in career documents: not distinctive enough
    """these those not no n't should may might must just than then there here when where
    how all any some more most very out up down over into about after before again also
    only now does being could get got make made one two three four five six seven eight
    nine ten first last next new time times year years day days week weeks month months
    hour hours role roles job jobs work worked working works position positions team teams
    company companies manager managers management lead leads led leading leader leaders
    leadership experience experienced career business people help helped helping managed
    managing built build building small big large great good well under without end field
    skills skill support supported planning plan plans planned schedule budget budgets
    person passed shift cutting reduced reduce cut per part full long high low back off
    side way like take took taking give gave go going come came want wanted looking look
    need needed needs know knew see think thought feel felt keep kept find found run ran
    running use used using set put bring brought able across through during within while
    because since until both each every other such same own much many few less least
    director directors senior junior staff client clients customer customers service
    services program programs project projects process processes system systems data
    sales operations operation office department organization organisation role's
    opportunity opportunities chance place close open eye level levels title titles
    growth grow grew results result value values quality cost costs revenue million
    annual delivery performance training trained develop developed development design
    designed create created launch launched improve improved increase increased lower
    higher best better most major key strong success successful responsible
    responsibility including include includes provide provided ensure ensured lead's
    myself yourself yes thank thanks please dear sincerely regards hiring apply applying
    application interview interested excited happy glad love enjoy learn learning
    learned today years' his her them him passed error errors head place contract
    larger close closed shift loyalty where can also showed write writing hope expect
    expected own owned call called calls step steps room reach track play care level
    return returned move moved stay stayed left leave offer offered hand hands line
    meet met ready free hard easy fast quick view point points face show chance ahead
    behind front top bottom next under available review control something problems
    problem everyone pressure decision decisions handle pace contribute consider""".split()  # noqa: SIM905
)
COMMON_ANCHORS = FREQUENT_ANCHORS
COMMON_WORDS = STOP_ANCHORS | FREQUENT_ANCHORS


class PhraseError(ValueError):
    """A phrase that does not follow the syntax; the message names the problem."""


class Anchor(NamedTuple):
    text: str
    whole: bool  # True: the whole word must equal text; False: a word starting with it


# ---------------------------------------------------------------- word forms


def word_forms(base: str) -> list[str]:
    """Inflected forms of an English word; over-generating is harmless in a regex."""
    forms = {base, base + "s", base + "es", base + "ed", base + "ing", base + "er"}
    if base.endswith("e"):
        stem = base[:-1]
        forms |= {base + "d", base + "s", stem + "ing", base + "r", base + "rs"}
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        stem = base[:-1]
        forms |= {stem + "ies", stem + "ied", stem + "ier", stem + "iest"}
    if (
        len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
    ):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing", base + base[-1] + "er"}
    return sorted(forms, key=lambda f: (-len(f), f))


def _word_regex(word: str) -> str:
    """A literal word; an inner hyphen also matches a space (burn-out = burn out)."""
    parts = [re.escape(p) for p in word.replace("\u2019", "'").split("-")]
    return r"[\-\s]".join(parts)


def _anchor_of(word: str, prefix: bool) -> Anchor | None:
    """The best \\w part of a word (c-suite -> suite, don't -> don); only the last part
    of a prefix word (monoton*) is a prefix."""
    parts = re.findall(r"\w+", word)
    if not parts:
        return None
    options = [Anchor(p, whole=not (prefix and i == len(parts) - 1)) for i, p in enumerate(parts)]
    return min(options, key=lambda a: _cost(frozenset([a])))


# ---------------------------------------------------------------- parsing

_TOKEN = re.compile(r"\s*(\.\.\.|[{}\[\]|]|@[A-Z][A-Z0-9_]*|#|[^\s{}\[\]|]+)")


class _Node:
    __slots__ = ("items", "kind", "text")

    def __init__(self, kind: str, text: str = "", items: list[_Node] | None = None) -> None:
        self.kind = kind  # seq alt opt gap word forms prefix num
        self.text = text
        self.items = items


def _tokenize(phrase: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    phrase = phrase.strip()
    while pos < len(phrase):
        m = _TOKEN.match(phrase, pos)
        if m is None:  # pragma: no cover - the token regex accepts any non-space
            raise PhraseError(f"cannot read {phrase[pos:]!r}")
        tokens.append(m.group(1))
        pos = m.end()
        while pos < len(phrase) and phrase[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    def __init__(self, phrase: str, vocab: Callable[[str], _Node]) -> None:
        self.phrase = phrase
        self.tokens = _tokenize(phrase)
        self.pos = 0
        self.vocab = vocab

    def parse(self) -> _Node:
        node = self._seq(stop=())
        if self.pos != len(self.tokens):
            raise PhraseError(f"unexpected {self.tokens[self.pos]!r}")
        if not node.items:
            raise PhraseError("empty phrase")
        return node

    def _seq(self, stop: tuple[str, ...]) -> _Node:
        items: list[_Node] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos] not in stop:
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok == "{":
                options = [self._seq(stop=("|", "}"))]
                while self._take("|"):
                    options.append(self._seq(stop=("|", "}")))
                self._expect("}")
                items.append(_Node("alt", items=options))
            elif tok == "[":
                options = [self._seq(stop=("|", "]"))]
                while self._take("|"):
                    options.append(self._seq(stop=("|", "]")))
                self._expect("]")
                inner = options[0] if len(options) == 1 else _Node("alt", items=options)
                items.append(_Node("opt", items=[inner]))
            elif tok == "...":
                items.append(_Node("gap"))
            elif tok == "#":
                items.append(_Node("num"))
            elif tok.startswith("@"):
                items.append(self.vocab(tok[1:]))
            elif tok in ("}", "]", "|"):
                raise PhraseError(f"unbalanced {tok!r}")
            elif tok.endswith("~") and len(tok) > 1:
                items.append(_Node("forms", text=tok[:-1].lower()))
            elif tok.endswith("*") and len(tok) > 1:
                items.append(_Node("prefix", text=tok[:-1].lower()))
            else:
                if not re.search(r"\w", tok):
                    raise PhraseError(f"{tok!r} is not a word")
                if tok[0] == "-" or tok[-1] == "-":
                    raise PhraseError(
                        f"{tok!r}: a word cannot start or end with a hyphen; write "
                        f"'slower paced', not 'slower-{{...}}' (a space also matches a hyphen)"
                    )
                items.append(_Node("word", text=tok.lower()))
        return _Node("seq", items=items)

    def _take(self, tok: str) -> bool:
        if self.pos < len(self.tokens) and self.tokens[self.pos] == tok:
            self.pos += 1
            return True
        return False

    def _expect(self, tok: str) -> None:
        if not self._take(tok):
            raise PhraseError(f"missing {tok!r}")


# ---------------------------------------------------------------- rendering


def _render(node: _Node) -> str:
    kind = node.kind
    if kind == "word":
        return _word_regex(node.text)
    if kind == "forms":
        return "(?:" + "|".join(_word_regex(f) for f in word_forms(node.text)) + r")(?!\w)"
    if kind == "prefix":
        return _word_regex(node.text) + r"[\w']*"
    if kind == "num":
        return NUMBER
    if kind == "alt":
        assert node.items is not None
        return "(?:" + "|".join(_render(o) for o in node.items) + ")"
    if kind == "seq":
        return _render_seq(node.items or [])
    raise PhraseError(f"{kind} cannot stand alone")  # pragma: no cover


def _render_seq(items: list[_Node]) -> str:
    out = ""
    first = True
    for item in items:
        if item.kind == "opt":
            assert item.items is not None
            inner = _render(item.items[0])
            out += f"(?:{inner}{SEP})?" if first else f"(?:{SEP}{inner})?"
        elif item.kind == "gap":
            out += rf"(?:[\s,\-]+[\w']+){{0,{GAP_WORDS}}}?"
            first = False
        else:
            out += ("" if first else SEP) + _render(item)
            first = False
    return out


# ---------------------------------------------------------------- anchors


def _word_cost(a: Anchor) -> int:
    if " " in a.text:  # a word pair: rare unless both words are everywhere
        costs = [_word_cost(Anchor(w, True)) for w in a.text.split(" ")]
        if min(costs) == 1:
            return 1
        return {2000: 1000, 1100: 30, 200: 10}.get(sum(costs), 30)
    if a.text in STOP_ANCHORS or len(a.text) <= 1 or (not a.whole and len(a.text) < 4):
        return 1000
    if not a.whole and any(w.startswith(a.text) for w in COMMON_WORDS):
        return 100  # care* also matches every "career"
    if a.text in FREQUENT_ANCHORS or len(a.text) <= 2:
        return 100
    return 1


def _cost(anchors: frozenset[Anchor]) -> int:
    """How often an anchor set sends a harmless sentence to full analysis (lower wins)."""
    total = sum(_word_cost(a) for a in anchors)
    return total + max(0, 8 - min(len(a.text) for a in anchors))


anchor_cost = _cost

MAX_SEQS = 400  # beyond this many spellings an element is not used for word pairs
MAX_PAIRS = 60  # larger pair groups cost start-up (the index is loaded every run)


def _tokens(word: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", word))


def _seqs(node: _Node) -> set[tuple[str, ...]] | None:
    """Every token sequence an element can match, if few and finite (else None)."""
    kind = node.kind
    if kind == "word":
        return {_tokens(node.text)} if _tokens(node.text) else None
    if kind == "forms":
        return {_tokens(f) for f in word_forms(node.text)}
    if kind == "alt":
        out: set[tuple[str, ...]] = set()
        for option in node.items or []:
            sub = _seqs(option)
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= MAX_SEQS else None
    if kind == "seq":
        acc: set[tuple[str, ...]] = {()}
        for item in node.items or []:
            if item.kind in ("opt", "gap", "num", "prefix"):
                return None
            sub = _seqs(item)
            if sub is None:
                return None
            acc = {a + b for a in acc for b in sub}
            if len(acc) > MAX_SEQS:
                return None
        return acc
    return None


def _pair_groups(items: list[_Node]) -> list[frozenset[Anchor]]:
    """Word pairs every match must contain: between neighbouring required elements and
    inside elements whose every spelling has two or more words."""
    groups = []
    seqs = [None if i.kind in ("opt", "gap", "num") else _seqs(i) for i in items]
    for here in seqs:
        if here and len(here) <= MAX_PAIRS and all(len(t) >= 2 for t in here):
            groups.append(frozenset(Anchor(f"{t[0]} {t[1]}", True) for t in here))
    for left, right in pairwise(seqs):
        if left and right and all(left) and all(right):
            pairs = {f"{a[-1]} {b[0]}" for a in left for b in right}
            if len(pairs) <= MAX_PAIRS:
                groups.append(frozenset(Anchor(p, True) for p in pairs))
    return groups


def _anchors(node: _Node) -> frozenset[Anchor] | None:
    kind = node.kind
    if kind == "forms":
        found_forms = {_anchor_of(form, prefix=False) for form in word_forms(node.text)}
        return None if None in found_forms else frozenset(a for a in found_forms if a)
    if kind in ("word", "prefix"):
        anchor = _anchor_of(node.text, prefix=kind == "prefix")
        return frozenset([anchor]) if anchor else None
    if kind == "alt":
        found: set[Anchor] = set()
        for option in node.items or []:
            sub = _anchors(option)
            if sub is None:
                return None
            found |= sub
        return frozenset(found)
    if kind == "seq":
        best: frozenset[Anchor] | None = None
        items = node.items or []
        options = [_anchors(i) if i.kind not in ("opt", "gap", "num") else None for i in items]
        for sub in [*options, *_pair_groups(items)]:
            if sub is not None and (best is None or _cost(sub) < _cost(best)):
                best = sub
        return best
    return None


# ---------------------------------------------------------------- public


class CompiledPhrase(NamedTuple):
    """``required``: one anchor set per required part of the phrase, best (rarest) first;
    a match contains a word from every set."""

    regex: str
    required: tuple[frozenset[Anchor], ...]

    @property
    def anchors(self) -> frozenset[Anchor]:
        return self.required[0]


def compile_phrase(phrase: str, vocab: dict[str, list[str]]) -> CompiledPhrase:
    """Regex source and anchors for one phrase; ``vocab`` resolves ``@NAME``."""
    seen: list[str] = []

    def lookup(name: str) -> _Node:
        if name not in vocab:
            raise PhraseError(f"unknown vocabulary @{name}")
        if name in seen:
            raise PhraseError(f"@{name} refers to itself")
        seen.append(name)
        try:
            options = [_Parser(p, lookup).parse() for p in vocab[name]]
        finally:
            seen.pop()
        return _Node("alt", items=options)

    tree = _Parser(phrase, lookup).parse()
    required = []
    for item in tree.items or []:
        if item.kind not in ("opt", "gap", "num"):
            found = _anchors(item)
            if found:
                required.append(found)
    required.extend(_pair_groups(tree.items or []))
    if not required:
        raise PhraseError("phrase has no required word to anchor on")
    required.sort(key=_cost)
    return CompiledPhrase(r"(?<![\w'])" + _render(tree) + r"(?![\w])", tuple(required))


def _sre() -> tuple[Any, Any]:
    """The regex parser's constants and parser (private modules: read-only use)."""
    import importlib

    return importlib.import_module("re._constants"), importlib.import_module("re._parser")


def _non_word_item(item: tuple[Any, Any]) -> bool:
    """Does this regex item only ever match non-word characters (a word boundary)?"""
    c = _sre()[0]
    op, arg = item
    if op is c.AT:
        return True
    if op is c.LITERAL:
        return not chr(int(arg)).isalnum() and chr(int(arg)) != "_"
    if op is c.IN:
        return all(
            (o is c.LITERAL and not chr(a).isalnum() and chr(a) != "_")
            or (o is c.CATEGORY and a in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD))
            for o, a in arg
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _high, body = arg
        return low >= 1 and all(_non_word_item(i) for i in body)
    return False


def pattern_groups(pattern: str) -> list[frozenset[Anchor]]:
    """Words (and word pairs) a raw regex certainly matches, read from its top-level
    literal text: ``\\bany (?:shifts?|roles?)`` always contains the word "any"."""
    c, sre_parse = _sre()
    try:
        items = list(sre_parse.parse(pattern).data)
    except Exception:
        return []
    groups: list[frozenset[Anchor]] = []
    i = 0
    while i < len(items):
        if items[i][0] is not c.LITERAL:
            i += 1
            continue
        start = i
        while i < len(items) and items[i][0] is c.LITERAL:
            i += 1
        run = "".join(chr(int(a)) for _, a in items[start:i]).lower()
        before = start > 0 and _non_word_item(items[start - 1])
        after = i < len(items) and _non_word_item(items[i])
        parts = re.split(r"(\W+)", run)
        words: list[tuple[str, bool, bool]] = []  # word, bounded before, bounded after
        for k in range(0, len(parts), 2):
            word = parts[k]
            if not word:
                continue
            left = before if k == 0 else True
            right = after if k == len(parts) - 1 else True
            words.append((word, left, right))
        for word, left, right in words:
            if left and right:
                groups.append(frozenset([Anchor(word, True)]))
            elif left and len(word) >= 3:
                groups.append(frozenset([Anchor(word, False)]))
        for (w1, l1, r1), (w2, l2, r2) in pairwise(words):
            if l1 and r1 and l2 and r2 and f"{w1} {w2}" in run:
                groups.append(frozenset([Anchor(f"{w1} {w2}", True)]))
    return groups


def literal_phrase(text: str) -> str:
    """A coach's plain phrase (config ``extra-phrases``) in phrase syntax, specials escaped."""
    words = re.findall(r"[\w'\u2019\-]+", text.lower())
    return " ".join(words)
