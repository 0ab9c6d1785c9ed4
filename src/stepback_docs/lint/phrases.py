"""Phrase families -> regular expressions and anchor words.

Coaches write readable phrases (``{burn~|burnt} out``, ``[really] bored with``); this
module turns them into a regex matched on lower-cased text, and picks the *anchors*: word
starts that every match must contain, so the engine can skip sentences without one. The
syntax is documented in ``rules/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
    learned today years' his her them him""".split()  # noqa: SIM905
)
COMMON_ANCHORS = FREQUENT_ANCHORS


class PhraseError(ValueError):
    """A phrase that does not follow the syntax; the message names the problem."""


@dataclass(frozen=True, slots=True)
class Anchor:
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


@dataclass
class _Node:
    kind: str  # seq alt opt gap word forms prefix num
    text: str = ""
    items: list[_Node] | None = None


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


def _cost(anchors: frozenset[Anchor]) -> int:
    """How often an anchor set sends a harmless sentence to full analysis (lower wins)."""
    total = 0
    for a in anchors:
        if a.text in STOP_ANCHORS or len(a.text) <= 1 or (not a.whole and len(a.text) < 4):
            total += 1000
        elif a.text in FREQUENT_ANCHORS or len(a.text) <= 2:
            total += 25
        else:
            total += 1
    return total + max(0, 8 - min(len(a.text) for a in anchors))


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
        for item in node.items or []:
            sub = _anchors(item) if item.kind not in ("opt", "gap", "num") else None
            if sub is not None and (best is None or _cost(sub) < _cost(best)):
                best = sub
        return best
    return None


# ---------------------------------------------------------------- public


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
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
    if not required:
        raise PhraseError("phrase has no required word to anchor on")
    required.sort(key=_cost)
    return CompiledPhrase(r"(?<![\w'])" + _render(tree) + r"(?![\w])", tuple(required))


def literal_phrase(text: str) -> str:
    """A coach's plain phrase (config ``extra-phrases``) in phrase syntax, specials escaped."""
    words = re.findall(r"[\w'\u2019\-]+", text.lower())
    return " ".join(words)
