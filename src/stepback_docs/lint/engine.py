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

from ..findings import SEVERITY_RANK, Finding, LintConfig, Severity
from .ruleset import RuleSpec

# A sentence ends after . ! ? (plus closing quotes) and space not followed by a lower-case
# word, at a blank line, at a line break unless the next line continues in lower case
# (hard-wrapped paragraphs), and at bullets and table bars.
BOUNDARY = re.compile(
    r"(?P<p>[.!?]+[\"')\]\u201d\u2019]*)\s+(?![a-z])|\n(?![ \t]*[a-z])|[\u2022|]"
)
LEAD = re.compile(r"[\s#>*+\-\u2013\u2014\u2022|]*(?:\d{1,2}[.)]\s+)?[\s*_]*")
WORD = re.compile(r"\w+")

NEGATION = re.compile(
    r"(?:\b(?:not|never|no|without|nor|hardly|rarely|nobody|nothing|none)|n't)"
    r"(?:[\s,]+[\w'\-]+){0,3}[\s,]*$"
)
CONTRAST = re.compile(
    r"(?:\b(?:not|never)|n't)\s+(?:[\w']+\s+){0,2}?"
    r"(?:because|out\s+of|due\s+to|from|that|about|over)\b|nothing\s+to\s+do\s+with"
)
OTHERS = (
    r"customers?|clients?|users?|patients?|students?|staff|employees?|associates?|"
    r"policyholders?|members?|families|residents?|callers?|shoppers?|guests?|passengers?|"
    r"learners?|tenants?|donors?|volunteers?|citizens?|agents?|reps?|nurses?|teachers?|"
    r"drivers?|workers?|people|teams?|crews?|partners?|stakeholders?|buyers?|subscribers?|"
    r"investors?|homeowners?|parents?|children|kids|hires?|physicians?|doctors?|"
    r"colleagues|coworkers|co-workers|peers|others|everyone|they|them|their|"
    r"engineers?|developers?|analysts?|managers?|technicians?|operators?|clerks?|"
    r"residents|faculty|officers|players|athletes|readers|viewers|audiences?|listeners|"
    r"communities|farmers|growers|departments?|teenagers|youth|adults|seniors|retirees|"
    r"applicants|candidates|trainees|apprentices|interns|recruits|veterans|consumers|"
    r"visitors|fans|owners|landlords|lenders|borrowers|merchants|vendors|suppliers|"
    r"contractors|dispatchers|adjusters|underwriters|auditors|attorneys|lawyers|paralegals|"
    r"accountants|caregivers|parishioners|pupils|graduates|newcomers|staffers"
)
OTHERS_BEFORE = re.compile(
    rf"((?:\b[\w'\-]+\s+){{0,2}})\b(?:{OTHERS})\b((?:[\s,]+[\w'\-]+){{0,3}})[\s,]*$"
)
OTHERS_AFTER = re.compile(
    r"[\s\-]+(?:(?!(?:with|of|by|for|to|at|in|about|from|among|around|toward|towards|and|or|"
    rf"as|like|than|me|my|i)\b)[\w\-]+[\s\-]+)?(?:{OTHERS})\b"
)
# Words before an "others" noun that make it an object, not the one feeling:
# "conflict between senior people", "supervising twenty adjusters".
OBJECT_CUE = re.compile(
    r"\b(?:between|with|of|for|to|among|from|by|about|on|at|in|over|under|\w+ing|\d[\d,]*|"
    r"two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundreds?|"
    r"thousands?|dozens?)\s"
)
# The others are the subject of the feeling: "customers were unhappy", "staff who felt".
OTHERS_LINK = re.compile(
    r"\b(?:who|that|were|was|are|is|felt|feel|feels|seemed|seem|became|become|got|grew|"
    r"remained|stayed|been|get|gets)\b"
)
# Double negatives that accept rather than deny: "I don't mind taking a lower position".
NOT_NEGATION = re.compile(
    r"(?:\b(?:not|never|no)|n't)\s+(?:mind|object|hesitate|averse|opposed|problem|issue|"
    r"doubt|question|objection|regrets?|wait|help|stop|resist|deny|forget)\b"
)
FIRST_PERSON = re.compile(r"\b(?:i|me|my|i'm|i've|i'd|myself)\b")
REMEDY_START = re.compile(
    r"(?:helped|help|supported|coached|guided|trained|mentored|won|turned|calmed|"
    r"reassured|retained|rescued|found|counsell?ed|served|resolved|reduced|cut|lowered|"
    r"eliminated|automated|fixed|prevented|addressed|tackled|ended|solved|streamlined|"
    r"simplified|redesigned|replaced|retired|relieved|eased|rebuilt|revived|re-?engaged|"
    r"designed|built|created|launched|ran|led|managed|taught|wrote|developed|established|"
    r"introduced|implemented|produced|ran|supervised|maintained|directed|coordinated|"
    r"restored|improved|transformed|rescued|overhauled|cleaned|set up|sharpened|"
    r"provided|used|organized|organised|arranged|worked with|volunteered)\b"
)
UNTIL_SELF = re.compile(r"^[^.;]*?\b(?:until|till)\s+(?:we|i|our|my)\b")
QUOTE = re.compile(
    r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d|(?<![\w])'[^'\n]{1,300}'(?![\w])"
)
WINDOW = 90  # characters of context looked at before a match


# Bytes that can never be part of a \w word, mapped to spaces so that bytes.split() yields
# the text's words at C speed (non-ASCII words are re-split exactly with WORD).
_KEEP = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
SPLIT_TABLE = bytes(c if (c in _KEEP or c >= 128) else 32 for c in range(256))
PREFIX_KEY = 3  # prefix anchors are first looked up by their first three letters


def words_of(norm: str) -> set[bytes]:
    """The distinct \\w+ words of ``norm`` as UTF-8 bytes (the prefilter's vocabulary)."""
    data = norm.encode("utf-8", "surrogatepass").translate(SPLIT_TABLE)
    words = set(data.split())
    if not data.isascii():
        for token in [t for t in words if not t.isascii()]:
            text = token.decode("utf-8", "surrogatepass")
            found = WORD.findall(text)
            if found != [text]:
                words.discard(token)
                words.update(w.encode("utf-8", "surrogatepass") for w in found)
    return words


def normalise(text: str) -> str:
    """Lower-case with one apostrophe, keeping every offset (same length as ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # e.g. 'İ' lower-cases to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


class Engine:
    """Rules prepared for scanning; regexes compile on first use (start-up is tight).

    Every phrase needs one word from each of its required groups (``{bored|boredom}``,
    ``@SELF`` …). For a text the engine takes the set of its distinct words (C speed),
    works out which groups are present, keeps the phrases whose groups are all present,
    and runs only their regexes, only on the sentences holding the phrase's rarest word.
    """

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.rules = rules
        self.phrase_rule: list[int] = []
        self.phrase_regex: list[str] = []
        self.phrase_rest: list[frozenset[int]] = []
        group_ids: dict[tuple[tuple[str, bool], ...], int] = {}
        self.group_whole: list[frozenset[str]] = []
        self.group_starts: list[tuple[str, ...]] = []
        self.by_first: dict[int, list[int]] = {}
        for r_index, rule in enumerate(rules):
            for phrase in rule.phrases:
                gids = []
                for group in phrase.required:
                    gid = group_ids.get(group)
                    if gid is None:
                        gid = group_ids[group] = len(self.group_whole)
                        self.group_whole.append(frozenset(t for t, w in group if w))
                        self.group_starts.append(tuple(t for t, w in group if not w))
                    gids.append(gid)
                index = len(self.phrase_rule)
                self.phrase_rule.append(r_index)
                self.phrase_regex.append(phrase.regex)
                self.phrase_rest.append(frozenset(gids[1:]))
                self.by_first.setdefault(gids[0], []).append(index)
        word_groups: dict[bytes, list[int]] = {}
        key_groups: dict[bytes, list[int]] = {}
        for gid, whole in enumerate(self.group_whole):
            for word in whole:
                word_groups.setdefault(word.encode(), []).append(gid)
            for start in self.group_starts[gid]:
                key_groups.setdefault(start[:PREFIX_KEY].encode(), []).append(gid)
        self.word_groups = word_groups
        self.key_groups = key_groups
        self.group_words = frozenset(word_groups)
        self.group_keys = frozenset(key_groups)
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._exceptions: dict[int, re.Pattern[str] | None] = {}

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

    def _candidates(self, words: set[bytes]) -> dict[int, list[int]]:
        """Phrases that may match (all groups present), keyed by their first group."""
        present: set[int] = set()
        word_groups = self.word_groups
        for word in words & self.group_words:
            present.update(word_groups[word])
        keys = {w[:PREFIX_KEY] for w in words} & self.group_keys
        for key in keys:
            present.update(self.key_groups[key])
        out: dict[int, list[int]] = {}
        for gid in present:
            phrases = self.by_first.get(gid)
            if phrases:
                keep = [p for p in phrases if self.phrase_rest[p] <= present]
                if keep:
                    out[gid] = keep
        return out

    def _group_words(self, gid: int, words: set[bytes]) -> list[str]:
        """The text's words that belong to group ``gid``."""
        found = [w for w in self.group_whole[gid] if w.encode() in words]
        starts = self.group_starts[gid]
        if starts:
            for w in words:
                text = w.decode("utf-8", "surrogatepass")
                if text.startswith(starts):
                    found.append(text)
        return found

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
        words = words_of(norm)
        hits: dict[int, set[int]] = {}  # sentence index -> phrase indexes
        starts: list[int] = []
        ends: list[int] = []
        segmented = False
        for gid, found in self._candidates(words).items():
            if active is not None:
                found = [p for p in found if self.phrase_rule[p] in active]
                if not found:
                    continue
            if not segmented:
                for b in BOUNDARY.finditer(text):
                    starts.append(b.end("p") if b.group("p") else b.start())
                    ends.append(b.end())
                segmented = True
            for word in self._group_words(gid, words):
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
                    quotes = [q.span() for q in QUOTE.finditer(ns)]
                if any(qa <= a and b <= qb for qa, qb in quotes):
                    continue
                severity = _context_severity(rule, ns, a, b)
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


def _context_severity(rule: RuleSpec, ns: str, a: int, b: int) -> Severity | None:
    """The severity after the taxonomy's context rules, or None to drop the match."""
    severity: Severity = rule.severity  # type: ignore[assignment]
    before = ns[max(0, a - WINDOW) : a]
    if rule.negation == "drop":
        if CONTRAST.search(before):
            return "warning" if severity == "error" else severity
        negated = NEGATION.search(before)
        if negated is not None and not NOT_NEGATION.match(negated.group(0)):
            return None
    if rule.self_only:
        other = OTHERS_BEFORE.search(before)
        if other is not None and not FIRST_PERSON.search(other.group(2)):
            between = other.group(2).strip(" ,")
            subject = not OBJECT_CUE.search(other.group(1) or "")
            if subject and (not between or OTHERS_LINK.search(between)):
                return None
        if ns.count(" ", a, b) <= 1 and OTHERS_AFTER.match(ns, b):
            return None
        mine = FIRST_PERSON.search(ns[:a]) is not None
        if not mine and (REMEDY_START.match(ns) or UNTIL_SELF.match(ns[b:])):
            return None
    return severity


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Where matches overlap keep the strongest (severity, then length): one finding per
    stretch of text, so a sentence is not reported twice for the same words."""
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
