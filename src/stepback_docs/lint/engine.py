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
from collections.abc import Iterable

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


Trie = dict[str, "Trie"]


def _trie_regex(words: Iterable[str]) -> str:
    """A compact alternation: shared prefixes are factored so sre fails fast."""
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 else branches[0]
        if ends:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return render(trie)


def normalise(text: str) -> str:
    """Lower-case with one apostrophe, keeping every offset (same length as ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # e.g. 'İ' lower-cases to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


class Engine:
    """Rules prepared for scanning; regexes compile on first use (start-up is tight)."""

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.rules = rules
        self.whole: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        for index, rule in enumerate(rules):
            for text, whole in rule.anchors:
                (self.whole if whole else self.prefix).setdefault(text, []).append(index)
        anchors = set(self.whole) | set(self.prefix)
        self.min_prefix = min((len(p) for p in self.prefix), default=1)
        self.max_prefix = max((len(p) for p in self.prefix), default=0)
        self._scan = re.compile(r"(?<!\w)" + _trie_regex(sorted(anchors))) if anchors else None
        self._compiled: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}

    def _pattern(self, index: int) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        got = self._compiled.get(index)
        if got is None:
            rule = self.rules[index]
            exc = re.compile(rule.exceptions) if rule.exceptions else None
            got = (re.compile(rule.regex), exc)
            self._compiled[index] = got
        return got

    def _rules_for(self, word: str) -> list[int]:
        found = list(self.whole.get(word, ()))
        for k in range(self.min_prefix, min(len(word), self.max_prefix) + 1):
            hit = self.prefix.get(word[:k])
            if hit:
                found.extend(hit)
        return found

    def lint(self, text: str, active: frozenset[int] | None, allow: list[str]) -> list[Finding]:
        """Findings (without line/column) for ``text``; ``active`` limits the rules."""
        if self._scan is None or not text:
            return []
        norm = normalise(text)
        hits: dict[int, set[int]] = {}
        starts: list[int] = []
        ends: list[int] = []
        segmented = False
        for m in self._scan.finditer(norm):
            pos = m.start()
            w = WORD.match(norm, pos)
            if w is None:
                continue
            found = self._rules_for(w.group(0))
            if active is not None:
                found = [r for r in found if r in active]
            if not found:
                continue
            if not segmented:
                for b in BOUNDARY.finditer(text):
                    starts.append(b.end("p") if b.group("p") else b.start())
                    ends.append(b.end())
                segmented = True
            i = bisect_right(ends, pos)
            hits.setdefault(i, set()).update(found)
        findings: list[Finding] = []
        for i, rule_ids in hits.items():
            s = ends[i - 1] if i > 0 else 0
            e = starts[i] if i < len(starts) else len(text)
            findings.extend(self._sentence(text, norm, s, e, sorted(rule_ids), allow))
        return findings

    def _sentence(
        self, text: str, norm: str, s: int, e: int, rule_ids: list[int], allow: list[str]
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
        for index in rule_ids:
            rule = self.rules[index]
            pattern, exceptions = self._pattern(index)
            for m in pattern.finditer(ns):
                a, b = m.span()
                if a == b:
                    continue
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
