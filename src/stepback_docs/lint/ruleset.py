"""Load the YAML rule files, check them, and keep a compiled JSON cache.

Parsing YAML (ruamel) and expanding phrase families costs far more than the 35 ms the
linter may spend starting up, so the compiled form is cached in the user's cache
directory, keyed by a checksum of the rule files: an edited rule file is recompiled at the
next run, an unchanged one is read back as plain JSON.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import StepbackError
from ..findings import CATEGORIES, SEVERITY_RANK
from .phrases import (
    Anchor,
    CompiledPhrase,
    PhraseError,
    anchor_cost,
    compile_phrase,
    literal_phrase,
    pattern_groups,
)

RULES_DIR = Path(__file__).resolve().parent / "rules"
FORMAT_VERSION = 4  # bump when the compiled layout or the phrase compiler changes

RULE_KEYS = {
    "id",
    "severity",
    "phrases",
    "patterns",
    "anchors",
    "except",
    "negation",
    "self_only",
    "message",
    "suggestions",
    "examples",
}
FILE_KEYS = {"category", "severity", "message", "suggestions", "vocab", "rules"}


class RuleError(StepbackError):
    """A rule file a coach edited cannot be used; the message names file, rule and cause."""


AnchorSet = tuple[tuple[str, bool], ...]  # (word or word start, whole word?)


class PhraseSpec(NamedTuple):
    """A phrase's regex and, per required part, the anchor words one of which must occur;
    the first set is the rarest and is what the prefilter looks for."""

    regex: str
    required: tuple[AnchorSet, ...]


class RuleSpec(NamedTuple):
    """One compiled rule, as the engine uses it (regexes are compiled lazily there)."""

    id: str
    category: str
    severity: str
    phrases: tuple[PhraseSpec, ...]
    exceptions: str | None
    negation: str
    self_only: bool
    message: str
    suggestions: tuple[str, ...]


def _cache_dir() -> Path:
    env = os.environ.get("STEPBACK_DOCS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stepback-docs"


def rule_files(directory: Path = RULES_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml"))


COMPILER = tuple(
    Path(__file__).with_name(name) for name in ("ruleset.py", "phrases.py", "engine.py")
)


def checksum(directory: Path = RULES_DIR) -> str:
    """Rule files and the compiler and engine sources: editing any of them invalidates
    the compiled cache (zlib: hashlib alone costs 6 ms of start-up)."""
    crc = zlib.crc32(str(FORMAT_VERSION).encode())
    files = rule_files(directory)
    for path in (*COMPILER, *files):
        crc = zlib.crc32(path.name.encode(), crc)
        crc = zlib.crc32(path.read_bytes(), crc)
    return f"{crc:08x}-{len(files)}"


def cache_file(name: str) -> Path:
    return _cache_dir() / name


class Ruleset(NamedTuple):
    rules: list[RuleSpec]
    categories: dict[str, dict[str, Any]]  # category -> severity, message, suggestions


def load_rules(directory: Path = RULES_DIR) -> Ruleset:
    """Parse and compile every rule file in ``directory`` (slow: the engine caches the
    result, see ``stepback_docs.lint._base_engine``)."""
    parsed = read_rule_files(rule_files(directory))
    return Ruleset(compile_files(parsed), category_defaults(parsed))


def read_rule_files(files: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Parse YAML files (slow path: ruamel is imported only here)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=False)
    out: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RuleError(f"{path}: cannot read rule file: {detail}") from None
        if data is None and path.name.startswith("_"):
            data = {}
        if not isinstance(data, dict):
            raise RuleError(f"{path}: a rule file must be a mapping")
        out.append((path, data))
    return out


def _strings(value: Any, where: str, *, required: bool = False) -> list[str]:
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: expected a list of strings")
    if required and not value:
        raise RuleError(f"{where}: must not be empty")
    return list(value)


def collect_vocab(parsed: list[tuple[Path, dict[str, Any]]]) -> dict[str, list[str]]:
    vocab: dict[str, list[str]] = {}
    for path, data in parsed:
        block = data.get("vocab") or {}
        if path.name.startswith("_") and "vocab" not in data:
            block = data
        if not isinstance(block, dict):
            raise RuleError(f"{path}: vocab: expected a mapping of NAME: [phrases]")
        for name, phrases in block.items():
            if not isinstance(name, str) or not name.isupper():
                raise RuleError(f"{path}: vocab: name {name!r} must be UPPER_CASE")
            if name in vocab:
                raise RuleError(f"{path}: vocab: @{name} is defined twice")
            vocab[name] = _strings(phrases, f"{path}: vocab: {name}", required=True)
    return vocab


def compile_files(parsed: list[tuple[Path, dict[str, Any]]]) -> list[RuleSpec]:
    vocab = collect_vocab(parsed)
    specs: list[RuleSpec] = []
    seen: set[str] = set()
    for path, data in parsed:
        if path.name.startswith("_"):
            continue
        specs.extend(_compile_file(path, data, vocab, seen))
    return specs


def category_defaults(parsed: list[tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per category: default severity, message and suggestions (for coach-added phrases)."""
    out: dict[str, dict[str, Any]] = {}
    for path, data in parsed:
        if not path.name.startswith("_"):
            out[str(data.get("category"))] = {
                "severity": data.get("severity", "warning"),
                "message": data.get("message", ""),
                "suggestions": data.get("suggestions") or [],
            }
    return out


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITY_RANK:
        raise RuleError(f"{where}: severity must be error, warning or info, not {value!r}")
    return str(value)


def _compile_file(
    path: Path, data: dict[str, Any], vocab: dict[str, list[str]], seen: set[str]
) -> list[RuleSpec]:
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise RuleError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    category = data.get("category")
    if category not in CATEGORIES:
        raise RuleError(f"{path}: category {category!r} is not in the taxonomy")
    severity = _severity(data.get("severity", "warning"), f"{path}: severity")
    default_message = data.get("message")
    default_suggestions = _strings(data.get("suggestions"), f"{path}: suggestions")
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise RuleError(f"{path}: rules: expected a list of rules")
    specs = []
    for index, rule in enumerate(rules, 1):
        where = f"{path}: rule {index}"
        if not isinstance(rule, dict):
            raise RuleError(f"{where}: expected a mapping")
        specs.append(
            _compile_rule(
                rule,
                where,
                str(category),
                severity,
                default_message,
                default_suggestions,
                vocab,
                seen,
            )
        )
    return specs


def _compile_rule(
    rule: dict[str, Any],
    where: str,
    category: str,
    file_severity: str,
    default_message: Any,
    default_suggestions: list[str],
    vocab: dict[str, list[str]],
    seen: set[str],
) -> RuleSpec:
    rule_id = rule.get("id")
    if not isinstance(rule_id, str) or not rule_id.startswith(category + "."):
        raise RuleError(f"{where}: id must look like '{category}.<name>', not {rule_id!r}")
    where = f"{where.split(': rule')[0]}: {rule_id}"
    if rule_id in seen:
        raise RuleError(f"{where}: rule id is used twice")
    seen.add(rule_id)
    unknown = set(rule) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    severity = _severity(rule.get("severity", file_severity), f"{where}: severity")
    phrases = _strings(rule.get("phrases"), f"{where}: phrases")
    patterns = _strings(rule.get("patterns"), f"{where}: patterns")
    if not phrases and not patterns:
        raise RuleError(f"{where}: needs phrases or patterns")
    specs: list[PhraseSpec] = []
    for phrase in phrases:
        specs.append(_phrase_spec(_phrase(phrase, vocab, f"{where}: phrase {phrase!r}")))
    if patterns:
        import re

        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RuleError(f"{where}: pattern {pattern!r}: {exc}") from None
        declared = _strings(rule.get("anchors"), f"{where}: anchors", required=True)
        group = tuple(sorted({(a.lower().rstrip("*"), not a.endswith("*")) for a in declared}))
        for pattern in patterns:
            found = sorted(
                [*pattern_groups(pattern), frozenset(Anchor(t, w) for t, w in group)],
                key=anchor_cost,
            )
            specs.append(
                PhraseSpec(
                    pattern, tuple(tuple(sorted((a.text, a.whole) for a in g)) for g in found)
                )
            )
    exceptions = [
        _phrase(p, vocab, f"{where}: except {p!r}").regex
        for p in _strings(rule.get("except"), f"{where}: except")
    ]
    negation = rule.get("negation", "drop")
    if negation not in ("drop", "drop-any", "keep"):
        raise RuleError(f"{where}: negation must be drop, drop-any or keep")
    self_only = rule.get("self_only", True)
    if not isinstance(self_only, bool):
        raise RuleError(f"{where}: self_only must be true or false")
    message = rule.get("message", default_message)
    if not isinstance(message, str) or not message.strip():
        raise RuleError(f"{where}: message is missing")
    suggestions = _strings(rule.get("suggestions"), f"{where}: suggestions") or list(
        default_suggestions
    )
    if not suggestions:
        raise RuleError(f"{where}: needs at least one suggestion (reframe)")
    return RuleSpec(
        id=rule_id,
        category=category,
        severity=severity,
        phrases=tuple(specs),
        exceptions="|".join(f"(?:{r})" for r in exceptions) or None,
        negation=negation,
        self_only=self_only,
        message=" ".join(message.split()),
        suggestions=tuple(" ".join(s.split()) for s in suggestions),
    )


def _phrase_spec(compiled: CompiledPhrase) -> PhraseSpec:
    return PhraseSpec(
        compiled.regex,
        tuple(tuple(sorted((a.text, a.whole) for a in group)) for group in compiled.required),
    )


def _phrase(phrase: str, vocab: dict[str, list[str]], where: str) -> CompiledPhrase:
    try:
        return compile_phrase(phrase, vocab)
    except PhraseError as exc:
        raise RuleError(f"{where}: {exc}") from None


def extra_rules(extra: dict[str, list[str]], defaults: dict[str, dict[str, Any]]) -> list[RuleSpec]:
    """Rules for a coach's ``extra-phrases`` (category -> literal phrases)."""
    rules: list[RuleSpec] = []
    for category, phrases in sorted(extra.items()):
        info = defaults.get(category, {})
        phrase_specs: list[PhraseSpec] = []
        for text in phrases:
            phrase = literal_phrase(text)
            if not phrase:
                continue
            try:
                phrase_specs.append(_phrase_spec(compile_phrase(phrase, {})))
            except PhraseError:
                continue
        if not phrase_specs:
            continue
        rules.append(
            RuleSpec(
                id=f"{category}.custom",
                category=category,
                severity=str(info.get("severity", "warning")),
                phrases=tuple(phrase_specs),
                exceptions=None,
                negation="drop",
                self_only=False,
                message=str(
                    info.get("message")
                    or "Your coach marked this phrase as one that makes employers doubt the move."
                ),
                suggestions=tuple(
                    info.get("suggestions")
                    or ["Say what you are moving toward and why this role fits now."]
                ),
            )
        )
    return rules
