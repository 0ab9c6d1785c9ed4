"""The doubt linter: find phrasing that makes an employer doubt a step-back candidate.

``lint_text`` is the core API; ``lint_file`` reads a document (text, Markdown, .docx,
PDF) and maps findings back to the file. Only the standard library is imported here so
that ``stepback-docs lint`` starts fast.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, LintConfig

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Finding", "LintConfig", "lint_file", "lint_text", "prepare"]


@lru_cache(maxsize=8)
def _engine(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Engine:
    from .engine import Engine
    from .ruleset import extra_rules, load_rules

    ruleset = load_rules()
    rules = list(ruleset.rules)
    if extra:
        rules += extra_rules({c: list(p) for c, p in extra}, ruleset.categories)
    return Engine(rules)


def prepare() -> None:
    """Load the rules and compile every pattern now, for long-running batch jobs that
    would rather pay the one-off cost up front (``lint_text`` otherwise compiles lazily)."""
    _engine(()).compile_all()


def _active(engine: Engine, config: LintConfig) -> frozenset[int] | None:
    if not config.select and not config.ignore:
        return None
    chosen = set()
    for index, rule in enumerate(engine.rules):
        if config.select and not ({rule.id, rule.category} & config.select):
            continue
        if {rule.id, rule.category} & config.ignore:
            continue
        chosen.add(index)
    return frozenset(chosen)


def lint_text(text: str, config: LintConfig | None = None) -> list[Finding]:
    """Findings for ``text``, sorted by start offset; offsets and lines are relative to
    ``text`` (``text[f.start:f.end] == f.text``)."""
    from .engine import apply_config, fill_locations, resolve_overlaps

    config = config or LintConfig()
    extra = tuple(sorted((c, tuple(p)) for c, p in config.extra_phrases.items() if p))
    engine = _engine(extra)
    allow = [a.lower().replace("\u2019", "'") for a in config.allow_phrases if a.strip()]
    findings = engine.lint(text, _active(engine, config), allow)
    if config.private_notes:
        findings.extend(_leaks(text, config))
    findings = resolve_overlaps(apply_config(findings, config))
    fill_locations(text, findings)
    return findings


def _leaks(text: str, config: LintConfig) -> list[Finding]:
    """The ``leak`` category lives in ``leak.py`` (written separately); tolerate its
    absence so the rest of the linter works on its own."""
    try:
        from .leak import leak_findings
    except ImportError:
        return []
    wanted = not config.select or "leak" in config.select
    if not wanted or "leak" in config.ignore:
        return []
    found = leak_findings(text, config.private_notes or "")
    allow = [a.lower() for a in config.allow_phrases if a.strip()]
    return [f for f in found if not any(a in f.sentence.lower() for a in allow)]


def lint_file(path: str | Path, config: LintConfig | None = None) -> list[Finding]:
    """Lint a document on disk; see ``stepback_docs.lint.files``."""
    from .files import lint_file as _lint_file

    return _lint_file(path, config)
