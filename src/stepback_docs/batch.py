"""Generate and write documents for many profiles at once, concurrently.

The unit of work is one (profile, kind) document, so ``jobs`` threads keep an I/O-bound
LLM backend busy even for a single profile. One profile's failure (bad file, guard
failure, server error) is recorded and the rest complete; an error that would fail every
document the same way (wrong key, unknown model, unreachable server, exhausted quota)
stops the batch early instead of repeating itself hundreds of times. Files are written
atomically, and a document is skipped (unless ``force``) only when its files exist and
were made from the same profile with the same settings, so an interrupted batch can
simply be run again. What made each file is recorded in a manifest in the profile's
output folder (``OUT/<stem>/.stepback-docs-manifest.json``): a fingerprint of the
profile file's bytes and of everything else that shapes the document (kind, length,
format, backend, model, fallback, linter configuration, templates, prompts and the
package version). A file that exists but was made differently is "stale, rewritten".

The CLI (``commands/generate.py``) and the LLM benchmark both call ``run_batch``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from .documents import KINDS, Backend, Document, Length, Usage
from .errors import StepbackError
from .findings import LintConfig
from .model import Profile
from .output import FORMATS, folder_name, output_path, render
from .writing import remove_stale_temps, write_bytes_atomic

PROFILE_SUFFIXES: Final[tuple[str, ...]] = (".yaml", ".yml", ".json")
DEFAULT_FORMATS: Final[tuple[str, ...]] = ("md", "docx")
# Errors that will fail every remaining document identically: stop rather than repeat.
FATAL_ERRORS: Final[tuple[str, ...]] = (
    "OutputUnwritable",
    "LLMConfigError",
    "LLMAuthError",
    "LLMModelNotFound",
    "LLMQuotaExceeded",
    "LLMUnreachable",
)

Status = Literal["written", "skipped", "failed"]
GenerateFn = Callable[..., list[Document]]
MANIFEST_NAME: Final = ".stepback-docs-manifest.json"
LintConfigs = LintConfig | Callable[[Path], LintConfig] | None


@dataclass(slots=True)
class DocResult:
    """What happened to one document (``kind`` is None when the profile itself failed)."""

    source: Path
    stem: str
    kind: str | None
    status: Status
    document: Document | None = None
    paths: list[Path] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    documents: int = 1  # documents this result accounts for (all kinds, for a bad profile)
    # Why it was written or skipped: "new", "stale" (its files were made from another
    # profile or other settings), "forced" or "unchanged".
    reason: str = "new"
    # What a failed document cost before it failed (its drafts' tokens and requests).
    spent: Usage = field(default_factory=Usage)
    spent_requests: int = 0

    @property
    def usage(self) -> Usage:
        return self.document.usage if self.document is not None else self.spent

    @property
    def requests(self) -> int:
        return self.document.requests if self.document is not None else self.spent_requests


@dataclass(slots=True)
class BatchResult:
    """Every document's outcome, in input order, and the batch's wall time."""

    results: list[DocResult]
    seconds: float

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for r in self.results:
            total = total + r.usage
        return total

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.results)


class BatchAborted(StepbackError):
    """An error that every remaining document would hit too (wrong key, server down)."""


class OutputUnwritable(StepbackError):
    """The output folder cannot take files (full disk, read-only, no permission): every
    remaining document would fail the same way, so the batch stops at the first."""


# errno values that say the output folder as a whole cannot be written
_DISK_ERRNOS: Final = frozenset(
    {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, getattr(errno, "EDQUOT", -1)}
)


def check_output_folder(out_dir: Path) -> None:
    """Create ``out_dir`` and write and remove a probe file in it, so a read-only or
    full output folder is one line before any work (not a failure per document)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".stepback-docs-probe.", dir=out_dir)
        try:
            os.write(fd, b"probe\n")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise OutputUnwritable(
            f"--out {out_dir}: cannot write there ({exc.strerror or exc})"
        ) from None


# --------------------------------------------------------------------------- inputs


def expand_sources(sources: Iterable[str | Path]) -> list[Path]:
    """Files as given, directories as their profile files (sorted); duplicates dropped.

    A missing file stays in the list (it fails as that profile's error); a directory
    without profiles is a usage error, because nothing would be generated from it.
    JSON Schema files (``*.schema.json``, as ``stepback-docs init`` writes beside its
    profile) are not profiles and are passed over in a directory.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in PROFILE_SUFFIXES
                and not p.name.lower().endswith(".schema.json")
            )
            if not inside:
                raise StepbackError(
                    f"{path}: folder has no profiles (*.yaml, *.yml or *.json files)"
                )
        else:
            inside = [path]
        for p in inside:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    _check_stems(found)
    return found


def _check_stems(paths: list[Path]) -> None:
    """Two profiles named alike would write into the same output folder."""
    by_stem: dict[str, Path] = {}
    for p in paths:
        folder = folder_name(p.stem)
        other = by_stem.setdefault(folder, p)
        if other is not p:
            raise StepbackError(
                f"{other} and {p} would both write to the output folder '{folder}/': "
                "rename one of them"
            )


def check_choices(kinds: Sequence[str], formats: Sequence[str]) -> None:
    for kind in kinds:
        if kind not in KINDS:
            raise StepbackError(f"unknown document kind {kind!r}: choose from {', '.join(KINDS)}")
    for fmt in formats:
        if fmt not in FORMATS:
            raise StepbackError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    if not kinds:
        raise StepbackError("no document kinds chosen")
    if not formats:
        raise StepbackError("no output formats chosen")


def one_line(exc: BaseException, secret: str | tuple[str, ...] | None = None) -> str:
    """An error as one line: its lines joined with '; ' (after a heading ending in ':',
    with a space)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not isinstance(exc, StepbackError):
        lines[:1] = [f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__]
    text = lines[0] if lines else type(exc).__name__
    if len(lines) > 1:  # "heading: a; b" or, for a list of problems, "a; b; c"
        text += (" " if text.endswith(":") else "; ") + "; ".join(lines[1:])
    for hidden in (secret,) if isinstance(secret, str) else secret or ():
        if hidden and len(hidden) >= 4:
            text = text.replace(hidden, "[redacted]")
    return text


# ---------------------------------------------------------------------------- batch


def run_batch(
    sources: Iterable[str | Path],
    out_dir: str | Path,
    *,
    backend: str | Backend = "templates",
    backend_options: dict[str, Any] | None = None,
    kinds: Sequence[str] = KINDS,
    formats: Sequence[str] = DEFAULT_FORMATS,
    length: Length = "medium",
    fallback: bool = True,
    force: bool = False,
    jobs: int = 1,
    today: dt.date | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
    generate_fn: GenerateFn | None = None,
    lint_config: LintConfigs = None,
    on_profile: Callable[[Path, Profile], None] | None = None,
) -> BatchResult:
    """Write ``out_dir/<stem>/<kind>.<fmt>`` for every profile and kind.

    ``on_start(total)`` is called once with the number of documents, ``on_result`` once
    per document as it finishes (from worker threads, serialised by a lock), and
    ``on_profile(path, profile)`` once per profile loaded (in this thread). Raises
    ``StepbackError`` for usage problems and ``BatchAborted`` for errors every document
    would share; per-document failures are in the result instead. ``lint_config`` is
    the linter configuration for the guards, or a function giving it for a profile's
    path (the CLI's: the nearest configuration file above the profile).
    """
    started = time.perf_counter()
    if jobs < 1:
        raise StepbackError(f"--jobs must be 1 or more, not {jobs}")
    kinds, formats = list(kinds), list(formats)
    check_choices(kinds, formats)
    paths = expand_sources(sources)
    if not paths:
        raise StepbackError("no profiles given")
    check_output_folder(Path(out_dir))
    if generate_fn is None:
        from .generator import generate

        generate_fn = generate
    from .backends import get_backend

    chosen = get_backend(backend, **(backend_options or {}))
    options = backend_options or {}
    # Never in a message: the key, nor a password in the server URL.
    from .backends.llm_errors import split_credentials

    url = options.get("base_url") or os.environ.get("OPENAI_BASE_URL") or ""
    secret = tuple(
        s
        for s in (
            options.get("api_key") or os.environ.get("OPENAI_API_KEY"),
            split_credentials(url)[1],
        )
        if s
    )
    runner = _Runner(
        out_dir,
        kinds,
        formats,
        length,
        fallback,
        force,
        today,
        chosen,
        generate_fn,
        secret,
        on_result,
        lint_config,
        on_profile,
    )
    if on_start is not None:
        on_start(len(paths) * len(kinds))
    results = runner.run(paths, jobs)
    return BatchResult(results, time.perf_counter() - started)


class _Runner:
    """The shared state of one batch: options, the stop flag and the result lock."""

    def __init__(
        self,
        out_dir: str | Path,
        kinds: list[str],
        formats: list[str],
        length: Length,
        fallback: bool,
        force: bool,
        today: dt.date | None,
        backend: Backend,
        generate_fn: GenerateFn,
        secret: tuple[str, ...],
        on_result: Callable[[DocResult], None] | None,
        lint_config: LintConfigs = None,
        on_profile: Callable[[Path, Profile], None] | None = None,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.lint_config = lint_config
        self.settings = _settings_text(backend, length, fallback)
        self.manifests: dict[str, dict[str, str]] = {}  # stem -> file name -> fingerprint
        self.profile_hashes: dict[Path, str] = {}
        self.kinds, self.formats, self.length = kinds, formats, length
        self.fallback, self.force, self.today = fallback, force, today
        self.backend, self.generate_fn, self.secret = backend, generate_fn, secret
        self.on_result, self.on_profile = on_result, on_profile
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.fatal: BaseException | None = None

    def run(self, paths: list[Path], jobs: int) -> list[DocResult]:
        # Profiles are loaded here, in order, while the pool already works on earlier
        # profiles' documents: loading is CPU work, drafting is mostly waiting.
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="generate")
        try:
            work: list[DocResult | list[Future[DocResult]]] = []
            for path in paths:
                if self.stop.is_set():
                    break
                self._remove_stale_temps(path)
                done = self._already_done(path)
                if done:  # nothing to do: skip without parsing the profile
                    work.extend(done)
                    continue
                loaded = self._load(path)
                if isinstance(loaded, DocResult):
                    work.append(loaded)
                else:
                    if self.on_profile is not None:
                        self.on_profile(path, loaded)
                    work.append(
                        [pool.submit(self._document, path, loaded, kind) for kind in self.kinds]
                    )
            results: list[DocResult] = []
            for item in work:
                if isinstance(item, DocResult):
                    results.append(item)
                else:
                    results.extend(f.result() for f in item)
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        if self.fatal is not None:
            raise BatchAborted(f"stopped: {one_line(self.fatal, self.secret)}") from None
        return results

    def _report(self, result: DocResult) -> DocResult:
        if self.on_result is not None:
            with self.lock:
                self.on_result(result)
        return result

    def _remove_stale_temps(self, path: Path) -> None:
        """Temporary files a killed run (``kill -9``, SIGTERM) left in this profile's
        folder: no later run would otherwise remove them."""
        folder = output_path(self.out_dir, path.stem, "x", "x").parent
        names = {f"{kind}.{fmt}" for kind in self.kinds for fmt in self.formats}
        names.add(MANIFEST_NAME)
        remove_stale_temps(folder, names)

    def _targets(self, path: Path, kind: str) -> list[Path]:
        return [output_path(self.out_dir, path.stem, kind, fmt) for fmt in self.formats]

    # -- what made each file (the manifest)

    def _config_for(self, path: Path) -> LintConfig | None:
        config = self.lint_config
        return config(path) if callable(config) else config

    def _fingerprint(self, path: Path, kind: str, fmt: str) -> str:
        """Everything that shapes ``kind``.``fmt`` for the profile at ``path``."""
        from .guards import config_key

        profile_hash = self.profile_hashes.get(path)
        if profile_hash is None:
            try:
                profile_hash = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                profile_hash = "unreadable"
            self.profile_hashes[path] = profile_hash
        parts = (profile_hash, kind, fmt, self.settings, config_key(self._config_for(path)))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _manifest(self, stem: str) -> dict[str, str]:
        """The stem's manifest (read once; a missing or damaged one is empty)."""
        found = self.manifests.get(stem)
        if found is None:
            found = {}
            try:
                data = json.loads(
                    (self.out_dir / folder_name(stem) / MANIFEST_NAME).read_text("utf-8")
                )
                if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                    found = {str(k): str(v) for k, v in data["documents"].items()}
            except (OSError, ValueError):
                pass
            self.manifests[stem] = found
        return found

    def _state(self, path: Path, kind: str) -> str:
        """ "unchanged" (skip it), "stale" (files made differently) or "new"."""
        targets = self._targets(path, kind)
        if not all(t.exists() for t in targets):
            return "new"
        with self.lock:
            manifest = self._manifest(path.stem)
        same = all(
            manifest.get(t.name) == self._fingerprint(path, kind, fmt)
            for t, fmt in zip(targets, self.formats, strict=True)
        )
        return "unchanged" if same else "stale"

    def _record(self, path: Path, kind: str) -> None:
        """Note in the stem's manifest what made the files just written."""
        from .writing import write_text_atomic

        with self.lock:
            manifest = self._manifest(path.stem)
            for fmt in self.formats:
                name = output_path(self.out_dir, path.stem, kind, fmt).name
                manifest[name] = self._fingerprint(path, kind, fmt)
            data = {"version": 1, "documents": dict(sorted(manifest.items()))}
            write_text_atomic(
                self.out_dir / folder_name(path.stem) / MANIFEST_NAME,
                json.dumps(data, indent=1) + "\n",
            )

    def _already_done(self, path: Path) -> list[DocResult]:
        """Skipped results for every kind, or [] if any document is due."""
        if self.force:
            return []
        if not all(self._state(path, kind) == "unchanged" for kind in self.kinds):
            return []
        return [
            self._report(
                DocResult(
                    path,
                    path.stem,
                    kind,
                    "skipped",
                    paths=self._targets(path, kind),
                    reason="unchanged",
                )
            )
            for kind in self.kinds
        ]

    def _load(self, path: Path) -> Profile | DocResult:
        from .loading import load_profile

        try:
            return load_profile(path)
        except Exception as exc:  # one profile's problem must not stop the others
            return self._report(
                DocResult(
                    path,
                    path.stem,
                    None,
                    "failed",
                    error=one_line(exc, self.secret),
                    documents=len(self.kinds),
                )
            )

    def _document(self, path: Path, profile: Profile, kind: str) -> DocResult:
        started = time.perf_counter()
        targets = self._targets(path, kind)
        if self.stop.is_set():
            return DocResult(path, path.stem, kind, "failed", error="not attempted")
        state = "forced" if self.force else self._state(path, kind)
        if state == "unchanged":
            return self._report(
                DocResult(path, path.stem, kind, "skipped", paths=targets, reason="unchanged")
            )
        config = self._config_for(path)
        extra = {"lint_config": config} if config is not None else {}
        try:
            (doc,) = self.generate_fn(
                profile, [kind], self.backend, self.length, self.fallback, **extra
            )
            _write_all(doc, profile, targets, self.formats, self.today)
            try:
                self._record(path, kind)
            except OSError as exc:
                raise _write_error(exc, targets[0].parent) from None
        except Exception as exc:
            result = DocResult(
                path,
                path.stem,
                kind,
                "failed",
                error=one_line(exc, self.secret),
                seconds=time.perf_counter() - started,
                spent=getattr(exc, "usage", None) or Usage(),
                spent_requests=getattr(exc, "requests", 0) or 0,
            )
            if type(exc).__name__ in FATAL_ERRORS:  # reported once, as BatchAborted
                with self.lock:
                    self.fatal = self.fatal or exc
                self.stop.set()
                return result
            return self._report(result)
        result = DocResult(
            path,
            path.stem,
            kind,
            "written",
            document=doc,
            paths=targets,
            seconds=time.perf_counter() - started,
            reason=state,
        )
        return self._report(result)


def _write_all(
    doc: Document, profile: Profile, targets: list[Path], formats: list[str], today: Any
) -> None:
    """Every format of one document, or none: all are rendered before any is written,
    and if a write fails the ones already written are removed again, so no document is
    left with only some of its formats. A folder that cannot take files at all (full
    disk, read-only) stops the batch (``OutputUnwritable``)."""
    contents = [render(doc, profile, fmt, today=today) for fmt in formats]
    written: list[Path] = []
    try:
        for target, data in zip(targets, contents, strict=True):
            write_bytes_atomic(target, data)
            written.append(target)
    except OSError as exc:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        with contextlib.suppress(OSError):
            targets[0].parent.rmdir()  # only if empty: no folder left with nothing in it
        raise _write_error(exc, targets[0].parent) from None


def _write_error(exc: OSError, folder: Path) -> StepbackError:
    """A failed write as one line; ``OutputUnwritable`` (which stops the batch) when the
    folder as a whole cannot take files."""
    if exc.errno in _DISK_ERRNOS:
        return OutputUnwritable(f"{folder}: cannot write ({exc.strerror or exc})")
    return StepbackError(f"{exc.filename or folder}: cannot write ({exc.strerror or exc})")


def _settings_text(backend: Backend, length: str, fallback: bool) -> str:
    """The batch-wide part of every fingerprint: the backend and its model, the length,
    fallback, the package version and the content of the templates and prompts in use."""
    from . import __version__
    from .resources import data_files

    digest = hashlib.sha256()
    for folder in ("templates", "prompts"):
        for name, file in data_files(folder):
            digest.update(f"{folder}/{name}\0".encode())
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"unreadable")
    parts = (
        backend.name,
        str(getattr(backend, "model", None)),
        str(getattr(backend, "base_url", None)),
        length,
        str(fallback),
        __version__,
        digest.hexdigest(),
    )
    return "\0".join(parts)
