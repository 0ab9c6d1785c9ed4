"""The doubt-linter engine: anchor prefilter, sentence analysis, context rules.

Speed comes from doing as little Python per byte as possible: one compiled regex (a
trie of anchor word starts) scans the whole text in C; only sentences containing an
anchor are analysed, and only with the rules that anchor belongs to. A rule matches on
the lower-cased sentence; the engine then applies the taxonomy's context rules
(negation and contrast, whose feeling, quotes) and the rule's own exceptions.
"""

from __future__ import annotations

import re
from _thread import allocate_lock
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from ..errors import StepbackError
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
    bounds = list(_boundaries(text))
    return [s for s, _ in bounds], [e for _, e in bounds]


def _boundaries(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """``(sentence end, next sentence start)`` of each boundary from ``pos`` on, lazily
    (a text of newlines has as many boundaries as bytes: a list of them cost 150 bytes
    per input byte). Boundaries inside a quoted span are skipped: boundaries and spans
    both come in order, so one pass over each (not every boundary against every span)."""
    quotes = DOUBLE_QUOTED.finditer(text, pos) if '"' in text or "\u201c" in text else None
    qa = qb = -1
    for b in BOUNDARY.finditer(text, pos):
        s = b.end("p") if b.group("p") else b.start()
        while quotes is not None and qb <= s:
            q = next(quotes, None)
            if q is None:
                quotes = None
                break
            qa, qb = q.span()
        if qa < s < qb:
            continue
        yield s, b.end()


# A resume has a handful of findings; past this many the input is not a document and
# holding every finding (about 1 KB each) would exhaust memory.
MAX_FINDINGS = 50_000
MAX_MATCHES = 3 * MAX_FINDINGS  # raw matches, before overlapping ones are resolved


TOO_MANY = (
    f"more than {MAX_FINDINGS:,} findings: not a document this linter reports on "
    "(the limit keeps time and memory bounded)"
)


class TooManyFindings(StepbackError):
    """The text has more findings than ``MAX_FINDINGS``."""


CHUNK = 1 << 20  # characters linted at once (at least; up to the next safe cut)
# A safe cut, where the pieces split into the same sentences as the whole text: after a
# line break followed by another or by neither space nor a lower-case letter, or after
# ". " before a capital. Such a line break or space always ends a BOUNDARY match and no
# match runs past it (a sentence may start a few blanks earlier: LEAD drops them); a
# quoted span (DOUBLE_QUOTED: one line, at most 302 characters) cannot hold the line
# break, and holds the space only if a quote mark comes shortly before it.
SAFE_CUT = re.compile(r"\n(?=\n|[^\sa-z])|(?<=[.!?]) (?=[A-Z])")
_QUOTE_REACH = 302


def chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of pieces of ``text`` of about ``size`` cut at safe places (a
    text with no safe place stays whole)."""
    start = 0
    while len(text) - start > size:
        cut = None
        for found in SAFE_CUT.finditer(text, start + size):
            if found.group() == "\n" or not _quote_before(text, found.start()):
                cut = found.end()
                break
        if cut is None:
            break
        yield start, cut
        start = cut
    yield start, len(text)


def _quote_before(text: str, pos: int) -> bool:
    """Whether a quote mark opens on the same line shortly before ``pos``."""
    line_start = text.rfind("\n", max(0, pos - _QUOTE_REACH), pos) + 1
    lo = max(line_start, pos - _QUOTE_REACH)
    return text.find('"', lo, pos) != -1 or text.find("\u201c", lo, pos) != -1


def _raw_sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every sentence, empty ones too, from one lazy walk over the
    boundaries (a text of newlines has one per byte: they are never all held)."""
    start = 0
    for end, after in _boundaries(text):
        yield start, end
        start = after
    yield start, len(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence's ``(start, end)`` without leading bullets or numbering and
    trailing space: the stretch the rules and the learned model judge. Empty ones
    are left out."""
    out: list[tuple[int, int]] = []
    begin = 0
    for s, e in _raw_sentences(text):
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
        self._prefix_lock = allocate_lock()  # _thread's: importing threading costs start-up
        self._prefix_seen: set[bytes] = set()
        self._prefix_words: dict[bytes, list[int]] = {}
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._exceptions: dict[int, re.Pattern[str] | None] = {}
        self._vocab: tuple[frozenset[bytes], frozenset[Bigram], frozenset[bytes]] | None = None

    def _group(self, gid: int) -> Group:
        group = self.groups[gid]
        if isinstance(group, tuple):
            group = self.groups[gid] = Group.restore(*group)
        return group

    def _prefix_hits(self, words: set[bytes]) -> dict[bytes, list[int]]:
        """The text's words that start a prefix phrase, with those phrases.

        Which words do is remembered: a text's words are then looked up at C speed,
        and only words never seen before are tested (memory is capped). The memory is
        shared by every thread that lints with this engine, so it is read and changed
        under a lock (``generate --jobs`` runs the lint guard in worker threads)."""
        with self._prefix_lock:
            new = words.difference(self._prefix_seen)
            if new and len(self._prefix_seen) > MAX_REMEMBERED_WORDS:
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
            known = self._prefix_words
            return {w: known[w] for w in known.keys() & words}

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

    def _word_sets(self, norm: str) -> tuple[set[bytes], set[Bigram]]:
        """The text's words and adjacent word pairs. A long text's are gathered a piece
        at a time (cut at a space, so no word is cut) and only those the rules could use
        are kept: a list of every word costs some 10 bytes per byte of text."""
        if len(norm) <= CHUNK:
            tokens = tokens_of(norm)
            return set(tokens), set(pairwise(tokens))  # adjacent word pairs, at C speed
        vocabulary, pairs, keys = self._vocabulary()
        words: set[bytes] = set()
        bigrams: set[Bigram] = set()
        last: list[bytes] = []
        start = 0
        while start < len(norm):
            cut = norm.find(" ", start + CHUNK)
            end = len(norm) if cut == -1 else cut + 1
            tokens = last + tokens_of(norm[start:end])
            found = set(tokens)
            words |= vocabulary.intersection(found)
            words.update(w for w in found if w[:PREFIX_KEY] in keys)
            bigrams |= pairs.intersection(pairwise(tokens))
            last = tokens[-1:]
            start = end
        return words, bigrams

    def _vocabulary(self) -> tuple[frozenset[bytes], frozenset[Bigram], frozenset[bytes]]:
        """Every word, word pair and word-start key any phrase looks for."""
        if self._vocab is None:
            words = set(self.first_words)
            pairs = set(self.first_pairs)
            keys = set(self.first_prefix_keys)
            for gid in range(len(self.groups)):
                group = self._group(gid)
                words |= group.words
                pairs |= group.pair_set
                keys.update(st[:PREFIX_KEY].encode() for st in group.starts)
            self._vocab = frozenset(words), frozenset(pairs), frozenset(keys)
        return self._vocab

    def _candidates(self, words: set[bytes], bigrams: set[Bigram]) -> dict[str, list[int]]:
        """Phrases that may match, keyed by the word whose sentences they must check."""
        hits: dict[int, set[bytes]] = {}
        for w in self.first_words.intersection(words):
            for p in self.first_word[w]:
                hits.setdefault(p, set()).add(w)
        for pair in self.first_pairs.intersection(bigrams):
            for key, p in self.first_pair[pair]:
                hits.setdefault(p, set()).add(key)
        if self.first_prefix:  # the (few) phrases whose rarest part is a word start
            for w, phrases in self._prefix_hits(words).items():
                for p in phrases:
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
        """Findings (without line/column) for ``text``; ``active`` limits the rules.

        A long text is linted a piece at a time, cut only where a sentence surely ends
        (see ``chunks``): the word sets and tables cost some 20 bytes per byte, so
        memory stays bounded by the piece, not the whole text."""
        if len(text) <= CHUNK:
            return self._lint(text, active, allow, MAX_MATCHES)
        findings: list[Finding] = []
        for offset, end in chunks(text):
            if WORD.search(text, offset, end) is None:  # blanked code, blank lines …
                continue
            piece = text[offset:end]
            found = self._lint(piece, active, allow, MAX_MATCHES - len(findings))
            for f in found:
                f.start += offset
                f.end += offset
            findings.extend(found)
        return findings

    def _lint(
        self, text: str, active: frozenset[int] | None, allow: list[str], room: int
    ) -> list[Finding]:
        if not text:
            return []
        norm = normalise(text)
        candidates = self._candidates(*self._word_sets(norm))
        if not candidates:
            return []
        where: list[tuple[int, list[int]]] = []  # (offset of a candidate word, its phrases)
        for word, found in candidates.items():
            if active is not None:
                found = [p for p in found if self.phrase_rule[p] in active]
                if not found:
                    continue
            where.extend((pos, found) for pos in self._positions(norm, word))
        where.sort(key=lambda item: item[0])
        # Each word's sentence, from one walk over the boundaries that stops after the
        # last word: boundaries are never all held at once.
        hits: dict[tuple[int, int], set[int]] = {}  # (sentence start, end) -> phrases
        boundaries = _boundaries(text)
        begin, end, after = 0, -1, -1  # the current sentence and where the next begins
        for pos, found in where:
            while pos >= after:
                if after >= 0:
                    begin = after
                b = next(boundaries, None)
                end, after = b if b is not None else (len(text), len(text) + 1)
            hits.setdefault((begin, end), set()).update(found)
        findings: list[Finding] = []
        for (s, e), phrases in hits.items():
            findings.extend(self._sentence(text, norm, s, e, sorted(phrases), allow))
            if len(findings) > room:
                raise TooManyFindings(TOO_MANY)
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
        quotes: Spans | None = None
        sentence = text[s:e]  # one string shared by the sentence's findings
        out: list[Finding] = []
        for phrase in phrases:
            index = self.phrase_rule[phrase]
            rule = self.rules[index]
            excepted: Spans | None = None  # the rule's exception spans in this sentence
            for m in self._pattern(phrase).finditer(ns):
                a, b = m.span()
                if a == b:
                    continue
                if excepted is None:
                    exceptions = self._exception(index)
                    found = () if exceptions is None else exceptions.finditer(ns)
                    excepted = _spans(x.span() for x in found)
                if _overlaps(excepted, a, b):
                    continue
                if quotes is None:
                    quotes = _spans(quoted_spans(ns))
                if _overlaps(quotes, b - 1, b):  # the feeling (its last letter) is quoted
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
                        sentence=sentence,
                        message=rule.message,
                        suggestions=list(rule.suggestions),
                    )
                )
        return out


Spans = tuple[list[int], list[int]]  # ordered, non-overlapping spans: starts, ends


def _spans(spans: Iterable[tuple[int, int]]) -> Spans:
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        starts.append(a)
        ends.append(b)
    return starts, ends


def _overlaps(spans: Spans, a: int, b: int) -> bool:
    """Whether some span ``x`` has ``x.start < b and a < x.end`` (one bisection: the
    first span ending after ``a`` has the smallest start of those that do)."""
    starts, ends = spans
    j = bisect_right(ends, a)
    return j < len(ends) and starts[j] < b


def resolve_overlaps(findings: list[Finding], broad: frozenset[str] = frozenset()) -> list[Finding]:
    """Where matches overlap keep the strongest (severity, then length): one finding per
    stretch of text, so a sentence is not reported twice for the same words.

    Overlapping findings form clusters (runs of findings, by start, that chain into one
    another); each cluster is resolved on its own, so the cost grows with the number of
    findings, not its square."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    kept: list[Finding] = []
    cluster: list[Finding] = []
    reach = -1
    for f in ordered:
        if cluster and f.start >= reach:
            kept.extend(_resolve_cluster(cluster, broad))
            cluster = []
        cluster.append(f)
        reach = max(reach, f.end) if len(cluster) > 1 else f.end
    if cluster:
        kept.extend(_resolve_cluster(cluster, broad))
    kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


def _resolve_cluster(cluster: list[Finding], broad: frozenset[str]) -> list[Finding]:
    if len(cluster) == 1:
        return cluster
    # A broad rule (``@SELF ... miserable``) yields to a tighter match of its category:
    # "miserable" is a more useful highlight than "I was miserable". The cluster is in
    # start order, so the matches inside f start from f's own position on.
    if broad:
        starts = [f.start for f in cluster]
        inside: list[Finding] = []
        for i, f in enumerate(cluster):
            if f.rule in broad and any(
                g is not f
                and g.category == f.category
                and g.end <= f.end
                and (g.end - g.start) < (f.end - f.start)
                for g in cluster[
                    bisect_left(starts, f.start, 0, i + 1) : bisect_left(starts, f.end)
                ]
            ):
                continue
            inside.append(f)
        cluster = inside
    ranked = sorted(
        cluster, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start), f.start)
    )
    # Kept findings never overlap, so in start order their ends increase too: the kept
    # finding that starts last before f's end is the only one that can overlap f.
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    kept: list[Finding] = []
    for f in ranked:
        i = bisect_left(kept_starts, f.end)
        if i and kept_ends[i - 1] > f.start:
            continue
        kept_starts.insert(i, f.start)
        kept_ends.insert(i, f.end)
        kept.append(f)
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
