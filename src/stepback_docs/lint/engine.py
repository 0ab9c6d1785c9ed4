"""The doubt-linter engine: anchor prefilter, sentence analysis, context rules.

Speed comes from doing as little Python per byte as possible: one compiled regex (a
trie of anchor word starts) scans the whole text in C; only sentences containing an
anchor are analysed, and only with the rules that anchor belongs to. A rule matches on
the lower-cased sentence; the engine then applies the taxonomy's context rules
(negation and contrast, whose feeling, quotes) and the rule's own exceptions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from typing import Any

from ..findings import SEVERITY_RANK, Finding, LintConfig
from .context import context_severity, quoted_spans
from .phrases import FREQUENT_ANCHORS, STOP_ANCHORS
from .ruleset import RuleSpec

# A sentence ends after . ! ? (plus closing quotes) and space not followed by a lower-case
# word, at a blank line, at a line break unless the next line continues in lower case
# (hard-wrapped paragraphs), and at bullets and table bars.
BOUNDARY = re.compile(r"(?P<p>[.!?]+[\"')\]\u201d\u2019]*)\s+(?![a-z])|\n(?![ \t]*[a-z])|[\u2022|]")
DOUBLE_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d")
LEAD = re.compile(r"[\s#>*+\-\u2013\u2014\u2022|]*(?:\d{1,2}[.)]\s+)?[\s*_]*")
WORD = re.compile(r"\w+")


# Bytes that can never be part of a \w word, mapped to spaces so that bytes.split() yields
# the text's words at C speed (non-ASCII words are re-split exactly with WORD).
_KEEP = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
SPLIT_TABLE = bytes(c if (c in _KEEP or c >= 128) else 32 for c in range(256))
# Non-ASCII punctuation common in documents, blanked before splitting into words.
COMMON_MARKS = tuple(
    c.encode() for c in "\u2013\u2014\u00b7\u2022\u2026\u201c\u201d\u00a0\u00ab\u00bb\u2012\u2015"
)
MARKS = re.compile(b"|".join(re.escape(m) for m in COMMON_MARKS))  # one pass, not twelve
PREFIX_KEY = 3  # prefix anchors are first looked up by their first three letters
MAX_REMEMBERED_WORDS = 200_000  # words known to start (or not) a prefix phrase


def tokens_of(norm: str) -> list[bytes]:
    """The \\w+ words of ``norm`` in order, as UTF-8 bytes (the prefilter's input)."""
    data = norm.encode("utf-8", "surrogatepass").translate(SPLIT_TABLE)
    if not data.isascii():
        data = MARKS.sub(b" ", data)
    tokens = data.split()
    if data.isascii():
        return tokens
    out: list[bytes] = []
    for token in tokens:
        if token.isascii():
            out.append(token)
        else:
            text = token.decode("utf-8", "surrogatepass")
            out.extend(w.encode("utf-8", "surrogatepass") for w in WORD.findall(text))
    return out


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence ends (``starts``: end of its punctuation) and the next may
    begin (``ends``), in order; a quoted title's '?' does not end a sentence."""
    bounds = [(b.end("p") if b.group("p") else b.start(), b.end()) for b in BOUNDARY.finditer(text)]
    if '"' in text or "\u201c" in text:
        spans = [q.span() for q in DOUBLE_QUOTED.finditer(text)]
        bounds = [(s, e) for s, e in bounds if not any(qa < s < qb for qa, qb in spans)]
    return [s for s, _ in bounds], [e for _, e in bounds]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence's ``(start, end)`` without leading bullets or numbering and
    trailing space: the stretch the rules and the learned model judge. Empty ones
    are left out."""
    starts, ends = sentence_bounds(text)
    out: list[tuple[int, int]] = []
    begin = 0
    for i in range(len(starts) + 1):
        s = ends[i - 1] if i > 0 else 0
        e = starts[i] if i < len(starts) else len(text)
        s = max(s, begin)
        lead = LEAD.match(text, s, e)
        if lead is not None:
            s = lead.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        begin = e
    return out


def normalise(text: str) -> str:
    """Lower-case with one apostrophe, keeping every offset (same length as ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # e.g. 'İ' lower-cases to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


PairMap = dict[bytes, list[bytes]]  # rarer word -> b" w1 w2 " pairs holding it
# Adjacent words as a tuple: hashing a tuple reuses its words' cached hashes, so a text's
# set of pairs costs half of joining each pair into one bytes object.
Bigram = tuple[bytes, bytes]


def _bigram(pair: bytes) -> Bigram:
    first, second = pair.split()
    return first, second


class Group:
    """One required part of a phrase: whole words, word pairs, word starts."""

    __slots__ = ("pair_set", "pairs", "starts", "words")

    def __init__(self, anchors: tuple[tuple[str, bool], ...]) -> None:
        self.words = frozenset(_bytes(t) for t, whole in anchors if whole and " " not in t)
        self.pairs: PairMap = {}
        for t, whole in anchors:
            if whole and " " in t:
                self.pairs.setdefault(_pair_key(t), []).append(_bytes(f" {t} "))
        self.pair_set = self._pair_set()
        self.starts = tuple(t for t, whole in anchors if not whole)

    def pack(self) -> tuple[bytes, bytes, tuple[str, ...]]:
        """Two flat byte strings: unmarshalling them is a copy, not thousands of objects."""
        pairs = b"\n".join(key + b"\t" + b"\t".join(ps) for key, ps in self.pairs.items())
        return b" ".join(sorted(self.words)), pairs, self.starts

    @classmethod
    def restore(cls, words: bytes, pairs: bytes, starts: tuple[str, ...]) -> Group:
        group = cls.__new__(cls)
        group.words = frozenset(words.split(b" ")) if words else frozenset()
        group.pairs = {}
        for line in pairs.split(b"\n") if pairs else ():
            key, *found = line.split(b"\t")
            group.pairs[key] = found
        group.starts = starts
        group.pair_set = group._pair_set()
        return group

    def _pair_set(self) -> frozenset[Bigram]:
        """The pairs as ``(w1, w2)``, the form of a text's adjacent-word pairs."""
        return frozenset(_bigram(p) for ps in self.pairs.values() for p in ps)

    def present(self, words: set[bytes], bigrams: set[Bigram], keys: set[bytes] | None) -> bool:
        """Whether the text (its set of words and of adjacent word pairs) has this part."""
        if not words.isdisjoint(self.words) or not bigrams.isdisjoint(self.pair_set):
            return True
        if self.starts and keys is not None:
            return any(st[:PREFIX_KEY].encode() in keys for st in self.starts)
        return bool(self.starts)


_SHARED: dict[str, bytes] = {}


def _bytes(text: str) -> bytes:
    """One bytes object per distinct word, so the marshal cache stores each once."""
    got = _SHARED.get(text)
    if got is None:
        got = _SHARED[text] = text.encode()
    return got


def _pair_key(pair: str) -> bytes:
    """The rarer word of a pair (the longer one when neither is a stop word)."""
    a, b = pair.split(" ", 1)
    rank = {w: (w in STOP_ANCHORS) * 2 + (w in FREQUENT_ANCHORS) for w in (a, b)}
    best = min((a, b), key=lambda w: (rank[w], -len(w)))
    return _bytes(best)


class Engine:
    """Rules prepared for scanning; regexes compile on first use (start-up is tight).

    Every phrase needs one word (or word pair) from each of its required groups. For a
    text the engine builds the set of its words and of its adjacent word pairs (C
    speed), looks up the phrases whose rarest group occurs, keeps those whose other
    groups occur too, and runs only their regexes, only on the sentences holding the
    rare word.
    """

    def __init__(
        self, rules: list[RuleSpec], categories: dict[str, dict[str, Any]] | None = None
    ) -> None:
        self.categories = categories or {}
        self.rules = [rule._replace(phrases=()) for rule in rules]
        self.phrase_rule: list[int] = []
        self.phrase_regex: list[str] = []
        self.phrase_rest: list[tuple[int, ...]] = []
        group_ids: dict[tuple[tuple[str, bool], ...], int] = {}
        self.groups: list[Group | tuple[Any, ...]] = []
        self.first_word: dict[bytes, list[int]] = {}
        self.first_pair: dict[Bigram, list[tuple[bytes, int]]] = {}  # (w1, w2) -> (key, p)
        self.first_prefix: dict[str, list[int]] = {}
        for r_index, rule in enumerate(rules):
            for phrase in rule.phrases:
                gids = []
                for anchors in phrase.required:
                    gid = group_ids.get(anchors)
                    if gid is None:
                        gid = group_ids[anchors] = len(self.groups)
                        self.groups.append(Group(anchors))
                    gids.append(gid)
                index = len(self.phrase_rule)
                self.phrase_rule.append(r_index)
                self.phrase_regex.append(phrase.regex)
                self.phrase_rest.append(tuple(gids[1:]))
                first = self._group(gids[0])
                for w in first.words:
                    self.first_word.setdefault(w, []).append(index)
                for key, pairs in first.pairs.items():
                    for pair in pairs:
                        self.first_pair.setdefault(_bigram(pair), []).append((key, index))
                for start in first.starts:
                    self.first_prefix.setdefault(start, []).append(index)
        self._finish()

    def state(self) -> tuple[Any, ...]:
        """Plain data for the start-up cache (marshal): building the index is slow."""
        rules = [tuple(r) for r in self.rules]
        groups = [g if isinstance(g, tuple) else g.pack() for g in self.groups]
        return (
            self.categories,
            rules,
            self.phrase_rule,
            self.phrase_regex,
            self.phrase_rest,
            groups,
            self.first_word,
            self.first_pair,
            self.first_prefix,
        )

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> Engine:
        engine = cls.__new__(cls)
        (
            engine.categories,
            rules,
            engine.phrase_rule,
            engine.phrase_regex,
            engine.phrase_rest,
            groups,
            engine.first_word,
            engine.first_pair,
            engine.first_prefix,
        ) = state
        engine.rules = [RuleSpec(*r) for r in rules]
        engine.groups = groups  # raw tuples, made into Groups on first use (start-up)
        engine._finish()
        return engine

    def _finish(self) -> None:
        # Rules whose matches span a gap (``negation: drop-any``): see resolve_overlaps.
        self.broad_rules = frozenset(r.id for r in self.rules if r.negation == "drop-any")
        self.first_words = frozenset(self.first_word)
        self.first_pairs = frozenset(self.first_pair)
        self.first_prefix_keys = frozenset(s[:PREFIX_KEY].encode() for s in self.first_prefix)
        self._prefix_seen: set[bytes] = set()
        self._prefix_words: dict[bytes, list[int]] = {}
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._exceptions: dict[int, re.Pattern[str] | None] = {}

    def _group(self, gid: int) -> Group:
        group = self.groups[gid]
        if isinstance(group, tuple):
            group = self.groups[gid] = Group.restore(*group)
        return group

    def _learn_prefixes(self, words: set[bytes]) -> set[bytes]:
        """Remember which words start a prefix phrase: a text's words are then looked up
        at C speed, and only words never seen before are tested (memory is capped)."""
        new = words.difference(self._prefix_seen)
        if not new:
            return words
        if len(self._prefix_seen) > MAX_REMEMBERED_WORDS:
            self._prefix_seen.clear()
            self._prefix_words.clear()
            new = words
        for w in new:
            if w[:PREFIX_KEY] in self.first_prefix_keys:
                text = w.decode("utf-8", "surrogatepass")
                found = [
                    p
                    for start, phrases in self.first_prefix.items()
                    if text.startswith(start)
                    for p in phrases
                ]
                if found:
                    self._prefix_words[w] = found
        self._prefix_seen.update(new)
        return words

    def compile_all(self) -> None:
        """Compile every regex now (benchmarks: keep one-off cost out of throughput)."""
        for phrase in range(len(self.phrase_regex)):
            self._pattern(phrase)
        for index in range(len(self.rules)):
            self._exception(index)

    def _pattern(self, phrase: int) -> re.Pattern[str]:
        got = self._compiled.get(phrase)
        if got is None:
            got = self._compiled[phrase] = re.compile(self.phrase_regex[phrase])
        return got

    def _exception(self, rule_index: int) -> re.Pattern[str] | None:
        if rule_index not in self._exceptions:
            source = self.rules[rule_index].exceptions
            self._exceptions[rule_index] = re.compile(source) if source else None
        return self._exceptions[rule_index]

    def _candidates(self, norm: str, tokens: list[bytes]) -> dict[str, list[int]]:
        """Phrases that may match, keyed by the word whose sentences they must check."""
        hits: dict[int, set[bytes]] = {}
        words = set(tokens)
        bigrams = set(pairwise(tokens))  # adjacent word pairs, at C speed
        for w in self.first_words.intersection(words):
            for p in self.first_word[w]:
                hits.setdefault(p, set()).add(w)
        for pair in self.first_pairs.intersection(bigrams):
            for key, p in self.first_pair[pair]:
                hits.setdefault(p, set()).add(key)
        if self.first_prefix:  # the (few) phrases whose rarest part is a word start
            for w in self._prefix_words.keys() & self._learn_prefixes(words):
                for p in self._prefix_words[w]:
                    hits.setdefault(p, set()).add(w)
        keys: set[bytes] | None = None
        out: dict[str, list[int]] = {}
        if not hits:
            return out
        present: dict[int, bool] = {}
        groups = self.groups
        rest = self.phrase_rest
        for p, found in hits.items():
            ok = True
            for gid in rest[p]:
                known = present.get(gid)
                if known is None:
                    group = groups[gid]
                    if isinstance(group, tuple):
                        group = self._group(gid)
                    # Inlined Group.present for the common cases: this loop is hot.
                    if not words.isdisjoint(group.words) or not bigrams.isdisjoint(group.pair_set):
                        known = True
                    else:
                        if keys is None and group.starts:
                            keys = {w[:PREFIX_KEY] for w in words}
                        known = group.present(words, bigrams, keys)
                    present[gid] = known
                if not known:
                    ok = False
                    break
            if ok:
                for w in found:
                    out.setdefault(w.decode("utf-8", "surrogatepass"), []).append(p)
        return out

    @staticmethod
    def _positions(norm: str, word: str) -> list[int]:
        """Start offsets of ``word`` as a whole \\w word in ``norm``."""
        out = []
        pos = norm.find(word)
        size = len(word)
        while pos != -1:
            before = norm[pos - 1] if pos else " "
            after = norm[pos + size] if pos + size < len(norm) else " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                out.append(pos)
            pos = norm.find(word, pos + size)
        return out

    def lint(self, text: str, active: frozenset[int] | None, allow: list[str]) -> list[Finding]:
        """Findings (without line/column) for ``text``; ``active`` limits the rules."""
        if not text:
            return []
        norm = normalise(text)
        candidates = self._candidates(norm, tokens_of(norm))
        if not candidates:
            return []
        hits: dict[int, set[int]] = {}  # sentence index -> phrase indexes
        starts, ends = sentence_bounds(text)
        for word, found in candidates.items():
            if active is not None:
                found = [p for p in found if self.phrase_rule[p] in active]
                if not found:
                    continue
            for pos in self._positions(norm, word):
                hits.setdefault(bisect_right(ends, pos), set()).update(found)
        findings: list[Finding] = []
        for i, phrases in hits.items():
            s = ends[i - 1] if i > 0 else 0
            e = starts[i] if i < len(starts) else len(text)
            findings.extend(self._sentence(text, norm, s, e, sorted(phrases), allow))
        return findings

    def _sentence(
        self, text: str, norm: str, s: int, e: int, phrases: list[int], allow: list[str]
    ) -> list[Finding]:
        lead = LEAD.match(norm, s, e)
        if lead is not None:
            s = lead.end()
        while e > s and norm[e - 1].isspace():
            e -= 1
        ns = norm[s:e]
        if not ns or any(a in ns for a in allow):
            return []
        quotes: list[tuple[int, int]] | None = None
        out: list[Finding] = []
        for phrase in phrases:
            index = self.phrase_rule[phrase]
            rule = self.rules[index]
            for m in self._pattern(phrase).finditer(ns):
                a, b = m.span()
                if a == b:
                    continue
                exceptions = self._exception(index)
                if exceptions is not None and any(
                    x.start() < b and a < x.end() for x in exceptions.finditer(ns)
                ):
                    continue
                if quotes is None:
                    quotes = quoted_spans(ns)
                if any(qa <= b - 1 < qb for qa, qb in quotes):  # the feeling is quoted
                    continue
                severity = context_severity(rule, ns, a, b)
                if severity is None:
                    continue
                out.append(
                    Finding(
                        category=rule.category,
                        rule=rule.id,
                        severity=severity,
                        start=s + a,
                        end=s + b,
                        text=text[s + a : s + b],
                        sentence=text[s:e],
                        message=rule.message,
                        suggestions=list(rule.suggestions),
                    )
                )
        return out


def resolve_overlaps(findings: list[Finding], broad: frozenset[str] = frozenset()) -> list[Finding]:
    """Where matches overlap keep the strongest (severity, then length): one finding per
    stretch of text, so a sentence is not reported twice for the same words."""
    # A broad rule (``@SELF ... miserable``) yields to a tighter match of its category:
    # "miserable" is a more useful highlight than "I was miserable".
    findings = [
        f
        for f in findings
        if f.rule not in broad
        or not any(
            g is not f
            and g.category == f.category
            and f.start <= g.start
            and g.end <= f.end
            and (g.end - g.start) < (f.end - f.start)
            for g in findings
        )
    ]
    ranked = sorted(
        findings, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start), f.start)
    )
    kept: list[Finding] = []
    for f in ranked:
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


def apply_config(findings: list[Finding], config: LintConfig) -> list[Finding]:
    """Severity overrides (rule id beats category)."""
    if not config.severity:
        return findings
    for f in findings:
        override = config.severity.get(f.rule) or config.severity.get(f.category)
        if override is not None:
            f.severity = override
    return findings


def fill_locations(text: str, findings: list[Finding]) -> None:
    """1-based line/column of each finding's start and end, relative to ``text``."""
    points = sorted({f.start for f in findings} | {f.end for f in findings})
    where: dict[int, tuple[int, int]] = {}
    line, line_start, pos = 1, 0, 0
    for p in points:
        line += text.count("\n", pos, p)
        nl = text.rfind("\n", pos, p)
        if nl != -1:
            line_start = nl + 1
        pos = p
        where[p] = (line, p - line_start + 1)
    for f in findings:
        f.line, f.column = where[f.start]
        f.end_line, f.end_column = where[f.end]
