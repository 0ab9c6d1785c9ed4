"""The doubt linter: find phrasing that makes an employer doubt a step-back candidate.

``lint_text`` is the core API; ``lint_file`` reads a document (text, Markdown, .docx,
PDF) and maps findings back to the file. Only the standard library is imported here so
that ``stepback-docs lint`` starts fast.

Both are safe to call from several threads at once (``generate --jobs`` lints drafts in
worker threads): the engine's only shared memory that changes is guarded by a lock, and
tests/test_lint_threads.py checks eight threads against a serial run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, LintConfig

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Finding", "LintConfig", "lint_file", "lint_text", "prepare"]


@lru_cache(maxsize=1)
def _base_engine() -> Engine:
    """The packaged rules, from a marshal cache keyed by the rule files' checksum;
    parsing YAML and building the index happens only after a rule file changed."""
    import marshal
    import sys

    from .engine import Engine
    from .ruleset import cache_file, checksum, load_rules

    version = "".join(map(str, sys.version_info[:2]))
    path = cache_file(f"engine-{checksum()}-py{version}.marshal")
    try:
        return Engine.from_state(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    ruleset = load_rules()
    engine = Engine(ruleset.rules, ruleset.categories)
    try:
        from ..writing import write_bytes_atomic

        write_bytes_atomic(path, marshal.dumps(engine.state()))
    except (OSError, ValueError):
        pass  # an unwritable cache only costs start-up time
    return engine


@lru_cache(maxsize=8)
def _engine(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Engine:
    """The packaged rules, or (with a coach's extra phrases) an engine for those alone."""
    if not extra:
        return _base_engine()
    from .engine import Engine
    from .ruleset import extra_rules

    base = _base_engine()
    return Engine(extra_rules({c: list(p) for c, p in extra}, base.categories))


def prepare() -> None:
    """Load the rules and compile every pattern now, for long-running batch jobs that
    would rather pay the one-off cost up front (``lint_text`` otherwise compiles lazily)."""
    _engine().compile_all()


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
    ``text`` (``text[f.start:f.end] == f.text``). A text with more than 50,000 findings
    is not a document: it raises ``TooManyFindings`` (a ``StepbackError``).

    Zero-width, format and combining characters inside words would hide them from the
    rules: the rules see the text without them, and findings are mapped back."""
    if not text.isascii():
        from .invisible import clean

        cleaned = clean(text)
        if cleaned is not None:
            findings = cleaned.restore(_lint_visible(cleaned.text, config))
            findings.sort(key=lambda f: (f.start, f.end, f.rule))
            from .engine import fill_locations

            fill_locations(text, findings)
            return findings
    return _lint_visible(text, config)


def _lint_visible(text: str, config: LintConfig | None = None) -> list[Finding]:
    engine = _engine()
    if config is None:
        config = _DEFAULT_CONFIG
        allow: list[str] = []
        findings = engine.lint(text, None, allow)
    else:
        allow = [a.lower().replace("\u2019", "'") for a in config.allow_phrases if a.strip()]
        findings = engine.lint(text, _active(engine, config), allow)
    extra = tuple(sorted((c, tuple(p)) for c, p in config.extra_phrases.items() if p))
    if extra:
        coach = _engine(extra)
        findings.extend(coach.lint(text, _active(coach, config), allow))
    if config.learned:
        from .judge import judge
        from .learned import load_model

        findings = _in_pieces(
            text,
            findings,
            lambda piece, found: judge(
                piece, found, load_model(), engine.categories, config, allow
            ),
        )
    if config.reviewer is not None:
        findings = config.reviewer.review(text, findings)
    if not findings and not config.private_notes:
        return findings
    if config.private_notes:
        findings.extend(_leaks(text, config))
    from .engine import (
        MAX_FINDINGS,
        TOO_MANY,
        TooManyFindings,
        apply_config,
        fill_locations,
        resolve_overlaps,
    )

    findings = resolve_overlaps(apply_config(findings, config), engine.broad_rules)
    if len(findings) > MAX_FINDINGS:
        raise TooManyFindings(TOO_MANY)
    fill_locations(text, findings)
    return findings


_DEFAULT_CONFIG = LintConfig()


def _in_pieces(
    text: str, findings: list[Finding], step: Callable[[str, list[Finding]], list[Finding]]
) -> list[Finding]:
    """``step`` (a per-sentence decision on ``text`` and its findings) run on the pieces
    the engine lints a long text in: the pieces hold whole sentences, so the decisions
    are the same, and time and memory follow the piece (the learned model's walk over a
    20 MB text of newlines took 14 s; 63 MB of prose 400 MB). Pieces without a word
    are passed over, as the engine passes them over."""
    from .engine import CHUNK, WORD, chunks

    if len(text) <= CHUNK:
        return step(text, findings)
    findings.sort(key=lambda f: f.start)
    out: list[Finding] = []
    i = 0
    for start, end in chunks(text):
        j = i
        while j < len(findings) and findings[j].start < end:
            j += 1
        mine, i = findings[i:j], j
        if WORD.search(text, start, end) is None:
            out.extend(mine)
            continue
        for f in mine:
            f.start -= start
            f.end -= start
        judged = step(text[start:end], mine)
        for f in judged:
            f.start += start
            f.end += start
        out.extend(judged)
    return out


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
