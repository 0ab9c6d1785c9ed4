"""``generate()``: draft each document, guard it, redraft or fall back.

The templates backend is deterministic, so a template document that fails a guard is a
problem with the profile (its own public text makes an employer doubt the candidate) and
raises ``GuardError`` naming the field. An LLM draft that fails is sent back with the
specific failures as feedback, a bounded number of times (tenacity); if it still fails,
the template document replaces it and ``fallback_reason`` says why (or, with
``fallback=False``, ``DraftRejected`` is raised).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt

from .backends import get_backend
from .backends.llm_errors import LLMBadResponse, LLMError
from .backends.templates import TemplatesBackend, render, salutation
from .documents import KINDS, Backend, Document, Draft, GuardResult, Length, Usage
from .errors import StepbackError
from .findings import LintConfig
from .guards import (
    ALLOW_HINT,
    INJECTION_RE,
    GuardError,
    Guards,
    config_key,
    copied_sentences,
    failures,
    profile_text_problems,
    public_fields,
    sentences_of,
)
from .model import Profile

LENGTHS: tuple[str, ...] = get_args(Length)


class DraftRejected(GuardError):
    """An LLM draft still failed its guards after every redraft, and fallback was off.

    ``usage`` and ``requests`` are what the rejected drafts cost."""

    exit_code = 1

    def __init__(
        self, message: str, problems: list[str], usage: Usage | None = None, requests: int = 0
    ) -> None:
        super().__init__(message, problems)
        self.usage = usage if usage is not None else Usage()
        self.requests = requests


@dataclass(slots=True)
class _Attempt:
    """One LLM draft and its guard verdicts."""

    draft: Draft
    paragraphs: list[str]
    results: list[GuardResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


@dataclass(slots=True)
class _Tally:
    attempts: int = 0
    requests: int = 0
    usage: Usage = field(default_factory=Usage)
    feedback: list[str] | None = None


def generate(
    profile: Profile,
    kinds: Iterable[str] = KINDS,
    backend: str | Backend = "templates",
    length: Length = "medium",
    fallback: bool = True,
    max_redrafts: int = 2,
    lint_config: LintConfig | None = None,
) -> list[Document]:
    """One guarded ``Document`` per kind, in the order asked for.

    ``backend`` is "templates", "openai" (built with default options) or any object
    implementing ``documents.Backend``. Raises ``GuardError`` when the profile's own
    public text fails a guard, ``DraftRejected`` when an LLM draft fails and
    ``fallback`` is off. ``lint_config``: the coach's linter configuration for the lint
    guard and the profile's own text (None: the defaults).
    """
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in kinds:
        if kind not in KINDS:
            raise StepbackError(f"unknown document kind {kind!r}: choose from {', '.join(KINDS)}")
    if length not in LENGTHS:
        raise StepbackError(f"unknown length {length!r}: choose short, medium or long")
    if max_redrafts < 0:
        raise StepbackError("max_redrafts must be 0 or more")
    # The shared templates backend for "templates", so its view cache serves every call
    # (a caller asking for one kind at a time would otherwise rebuild the view per kind).
    chosen = _templates() if backend == "templates" else get_backend(backend)
    templates = chosen if isinstance(chosen, TemplatesBackend) else _templates()
    key = profile.model_dump_json()  # the profile's content, computed once per call
    guards = guards_for(profile, key, lint_config)
    documents = []
    for kind in kinds:
        if chosen is templates:
            documents.append(template_document(profile, kind, length, templates, guards))
        else:
            documents.append(
                _llm_document(
                    profile, kind, length, chosen, templates, guards, fallback, max_redrafts
                )
            )
    return _say_each_thing_once(profile, documents, length, templates, guards, fallback)


# An interview answer is spoken, in its own sentences: an LLM answer that copies more
# than this share of the cover letter made in the same call is replaced.
COPIED_SHARE = 0.10


def _say_each_thing_once(
    profile: Profile,
    documents: list[Document],
    length: str,
    templates: TemplatesBackend,
    guards: Guards,
    fallback: bool,
) -> list[Document]:
    """Across one client's documents: an LLM interview answer that repeats the cover
    letter sentence for sentence falls back to the template answer (which has its own
    sentences), or raises ``DraftRejected`` with ``fallback`` off."""
    letter = next((d for d in documents if d.kind == "cover-letter"), None)
    if letter is None:
        return documents
    for index, document in enumerate(documents):
        if document.kind != "interview-answer" or document.backend == "templates":
            continue
        copied = copied_sentences(document.paragraphs, letter.paragraphs)
        total = len(sentences_of(document.paragraphs)) or 1
        if len(copied) <= 1 or len(copied) / total <= COPIED_SHARE:
            continue
        reason = (
            f"the interview answer repeats {len(copied)} of its {total} sentences from the "
            f"cover letter: say it in its own words"
        )
        if not fallback:
            raise DraftRejected(f"interview-answer: {reason}", [reason], document.usage)
        replacement = template_document(profile, "interview-answer", length, templates, guards)
        replacement.fallback_reason = f"{document.backend} draft: {reason}"
        replacement.attempts = document.attempts
        replacement.usage = document.usage
        replacement.requests = document.requests
        documents[index] = replacement
    return documents


_DEFAULT_TEMPLATES: list[TemplatesBackend] = []
_GUARDS: dict[str, Guards] = {}


def guards_for(
    profile: Profile, key: str | None = None, lint_config: LintConfig | None = None
) -> Guards:
    """The profile's guards, reused when a batch asks for one kind at a time.

    Keyed by the profile's content (its JSON) and the linter configuration, so an edited
    profile or configuration never meets stale indexes; safe across threads because a
    lost race only builds a second copy.
    """
    key = key if key is not None else profile.model_dump_json()
    cache_key = key + "\0" + config_key(lint_config)
    guards = _GUARDS.get(cache_key)
    if guards is None:
        guards = Guards(profile, lint_config)
        guards.key = key
        if len(_GUARDS) >= 64:
            _GUARDS.clear()
        _GUARDS[cache_key] = guards
    return guards


def _templates() -> TemplatesBackend:
    if not _DEFAULT_TEMPLATES:
        _DEFAULT_TEMPLATES.append(TemplatesBackend())
    return _DEFAULT_TEMPLATES[0]


def _document(
    profile: Profile,
    kind: str,
    backend: str,
    paragraphs: list[str],
    results: list[GuardResult],
    length: str,
) -> Document:
    greeting, closing, signature = salutation(profile, kind)
    return Document(
        kind=kind,
        paragraphs=paragraphs,
        backend=backend,
        guards=results,
        greeting=greeting,
        closing=closing,
        signature=signature,
        metadata={"length": length},
    )


def template_document(
    profile: Profile, kind: str, length: str, templates: TemplatesBackend, guards: Guards
) -> Document:
    """The template document for ``kind``; ``GuardError`` if it cannot pass its guards."""
    paragraphs = render(templates.view(profile, guards.key), kind, length)
    results = guards.check(kind, length, paragraphs, authored=True)
    if not all(r.passed for r in results):
        raise _profile_error(profile, kind, results, guards)
    return _document(profile, kind, "templates", paragraphs, results, length)


def _profile_error(
    profile: Profile, kind: str, results: list[GuardResult], guards: Guards
) -> GuardError:
    """Why a template document failed, pointed at the profile fields a coach can fix."""
    failed = {r.name for r in results if not r.passed}
    fields = profile_text_problems(profile, guards.lint_config) if "lint" in failed else []
    if fields:
        return GuardError(
            f"{kind}: the profile's own text would make an employer doubt the candidate; "
            f"rewrite these fields ({ALLOW_HINT}):",
            fields,
        )
    if failed == {"privacy"}:
        leaking = [
            f"{path}: {problem}"
            for path, text in public_fields(profile)
            for problem in guards.privacy(text).problems
        ]
        return GuardError(
            f"{kind}: the profile's public fields repeat its private_notes; reword them:",
            leaking or failures(results),
        )
    if failed == {"form"}:
        markup = _markup_fields(profile, results)
        if markup:
            fields_text = " ".join(text for _path, text in public_fields(profile))
            what = (
                "text addressed to an AI model (a prompt injection), not about the candidate"
                if INJECTION_RE.search(fields_text)
                else "markup that cannot appear in a document"
            )
            return GuardError(f"{kind}: the profile's own text contains {what}; remove it:", markup)
    if failed == {"form"} and all(_LENGTH_PROBLEM in p for p in failures(results)):
        wordy = sorted(public_fields(profile), key=lambda f: -len(f[1].split()))[:3]
        return GuardError(
            f"{kind}: the document cannot fit its limits; shorten the longest fields "
            f"({', '.join(f'{path}: {len(text.split())} words' for path, text in wordy)}):",
            failures(results),
        )
    return GuardError(f"{kind}: the template document failed its guards:", failures(results))


_LENGTH_PROBLEM = ": cut it to at most"
_QUOTED_END = re.compile(r": (['\"])(.+)\1$")


def _markup_fields(profile: Profile, results: list[GuardResult]) -> list[str]:
    """'<field>: <problem>' for each form problem that quotes text a public field holds
    (a tag, braces, a placeholder): the profile, not the document's length, is at fault."""
    found = []
    for problem in failures(results):
        match = _QUOTED_END.search(problem)
        if not match or _LENGTH_PROBLEM in problem:
            continue
        quoted = match.group(2).strip()
        for path, text in public_fields(profile):
            if quoted and quoted in text:
                found.append(f"{path}: {problem.removeprefix('form: ')}")
    return list(dict.fromkeys(found))


def _clean(paragraphs: list[str]) -> list[str]:
    return [" ".join(p.split()) for p in paragraphs if p and p.strip()]


def _summary(results: list[GuardResult]) -> str:
    """Failed guards for ``fallback_reason``; privacy problems are counted, not quoted,
    because they contain private words and the reason is written to outputs."""
    parts = []
    for r in results:
        if r.passed:
            continue
        if r.name == "privacy":
            parts.append(f"privacy ({len(r.problems)} private phrase(s))")
        else:
            parts.append(f"{r.name} ({'; '.join(r.problems[:3])})")
    return ", ".join(parts)


def _llm_document(
    profile: Profile,
    kind: str,
    length: str,
    backend: Backend,
    templates: TemplatesBackend,
    guards: Guards,
    fallback: bool,
    max_redrafts: int,
) -> Document:
    tally = _Tally()

    def draft_once() -> _Attempt:
        try:
            draft = backend.draft(
                profile,
                kind,
                length=length,  # type: ignore[arg-type]
                feedback=tally.feedback,
                attempt=tally.attempts + 1,
            )
        except LLMBadResponse as exc:
            # A garbled, empty, truncated or refused answer is a bad draft, not an outage:
            # draft again, then fall back like any draft that fails its guards.
            tally.attempts += 1
            tally.requests += exc.requests
            tally.feedback = None
            return _Attempt(Draft([]), [], [GuardResult("response", False, [str(exc)])])
        tally.attempts += 1
        tally.requests += draft.requests
        tally.usage = tally.usage + draft.usage
        paragraphs = _clean(draft.paragraphs)
        attempt = _Attempt(draft, paragraphs, guards.check(kind, length, paragraphs))
        tally.feedback = failures(attempt.results) or None
        return attempt

    def last_result(state: RetryCallState) -> Any:
        assert state.outcome is not None
        return state.outcome.result()

    retrying = Retrying(
        stop=stop_after_attempt(max_redrafts + 1),
        retry=retry_if_result(lambda a: not a.passed),
        retry_error_callback=last_result,
        reraise=True,
    )
    try:
        attempt: _Attempt = retrying(draft_once)
    except LLMError as exc:  # the document fails; what its drafts cost is still counted
        exc.requests += tally.requests
        exc.usage = tally.usage + (exc.usage or Usage())
        raise
    if attempt.passed:
        document = _document(
            profile, kind, backend.name, attempt.paragraphs, attempt.results, length
        )
    else:
        reason = (
            f"{backend.name} draft failed its guards after {tally.attempts} attempt(s): "
            f"{_summary(attempt.results)}"
        )
        if not fallback:
            # Each problem once: the lines, not the one-line summary of them as well.
            rejected = [p for p in failures(attempt.results) if not p.startswith("privacy:")]
            rejected += [
                f"privacy: {len(r.problems)} phrase(s) from the private notes"
                for r in attempt.results
                if r.name == "privacy" and not r.passed
            ]
            raise DraftRejected(
                f"{kind}: {backend.name} draft failed its guards after {tally.attempts} "
                "attempt(s):",
                rejected,
                tally.usage,
                tally.requests,
            )
        document = template_document(profile, kind, length, templates, guards)
        document.fallback_reason = reason
        document.metadata["rejected_guards"] = [r.name for r in attempt.results if not r.passed]
        document.metadata["rejected_model"] = attempt.draft.model
    if attempt.passed:
        document.model = attempt.draft.model
    document.attempts = tally.attempts
    document.requests = tally.requests
    document.usage = tally.usage
    return document
