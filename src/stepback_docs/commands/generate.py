"""``generate-docs`` / ``stepback-docs generate``: write documents from profiles.

Parsing and reporting only; the work happens in ``batch.run_batch``. A progress bar is
drawn only on a terminal (rich, imported when needed); piped output gets plain lines.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ..documents import KINDS
from ..errors import terminal_safe
from .llm_options import add_llm_arguments, llm_options

if TYPE_CHECKING:
    from pathlib import Path

    from ..batch import BatchResult, DocResult
    from ..model import Profile

DESCRIPTION = """\
Generate cover letters, LinkedIn text, networking messages and interview answers
from career profiles. Writes OUT/<profile file name>/<kind>.<format>. A document is
skipped only when its files were made from the same profile with the same settings
(recorded in OUT/<profile>/.stepback-docs-manifest.json); --force rewrites it anyway.

kinds:   cover-letter, linkedin-headline, linkedin-about, networking-message,
         interview-answer
formats: md, txt, json, docx"""

KIND_NAMES = KINDS
FORMAT_NAMES = ("md", "txt", "json", "docx")  # output.FORMATS, without importing pydantic


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "generate",
        help="generate documents from profiles",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)


def _csv(choices: tuple[str, ...], what: str) -> Any:
    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        if "all" in items:
            return list(choices)
        bad = [v for v in items if v not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(map(repr, bad)) or repr(value)}: "
                f"choose from {', '.join(choices)} (comma-separated) or all"
            )
        return list(dict.fromkeys(items))

    return parse


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "profiles",
        nargs="+",
        metavar="PROFILE_OR_DIR",
        help="profile files, or folders of *.yaml/*.yml/*.json profiles",
    )
    parser.add_argument(
        "--out", default="documents", metavar="DIR", help="output folder (default: documents)"
    )
    parser.add_argument(
        "--kinds",
        type=_csv(KIND_NAMES, "kind"),
        default=list(KIND_NAMES),
        metavar="K1,K2",
        help="document kinds, comma-separated (default: all)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=_csv(FORMAT_NAMES, "format"),
        default=["md", "docx"],
        metavar="F1,F2",
        help="output formats, comma-separated, or all (default: md,docx)",
    )
    parser.add_argument(
        "--backend",
        choices=("templates", "openai"),
        default="templates",
        help="templates (default: offline, no key) or openai (any "
        "OpenAI-compatible server; OPENAI_API_KEY, OPENAI_BASE_URL)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="documents generated at once (default: 1)",
    )
    parser.add_argument(
        "--length",
        choices=("short", "medium", "long"),
        default="medium",
        help="cover letter length (default: medium)",
    )
    parser.add_argument("--force", action="store_true", help="rewrite documents that already exist")
    parser.add_argument(
        "--no-fallback",
        dest="fallback",
        action="store_false",
        help="fail a document whose LLM draft fails its guards instead of "
        "using the template version",
    )
    add_llm_arguments(parser.add_argument_group("openai backend"))
    custom = parser.add_argument_group("configuration")
    from .validate import add_config_arguments

    add_config_arguments(custom)
    custom.add_argument(
        "--custom-dir",
        metavar="DIR",
        help="your own templates/ and prompts/ files, each used instead of the shipped "
        "file of the same name (or custom-dir in the configuration; "
        "`stepback-docs customize DIR` copies the shipped ones there to start from)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print failures only: no progress bar or summary"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say which configuration, templates and prompts are used, and why each "
        "document is written or skipped",
    )
    parser.set_defaults(func=run)


def backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """Options for the chosen backend; the openai ones are an error with templates."""
    return llm_options(args, args.backend == "openai", "--backend openai")


def _configure(args: argparse.Namespace) -> Any:
    """The linter configuration for each profile and the custom templates folder in use
    (``--custom-dir``, else the ``custom-dir`` the profiles' configuration names)."""
    from pathlib import Path

    from ..batch import expand_sources
    from ..errors import StepbackError
    from ..resources import use_custom_dir
    from .validate import resolver_for

    resolver = resolver_for(args)
    paths = expand_sources(args.profiles)
    settings = {path: resolver.for_path(path) for path in paths}
    custom: Path | None = None
    origin = "--custom-dir"
    if args.custom_dir:
        custom = Path(args.custom_dir)
    else:
        named = {s.custom_dir: s.source for s in settings.values() if s.custom_dir is not None}
        if len(named) > 1:
            raise StepbackError(
                "the profiles' configuration files name different custom-dir folders ("
                + ", ".join(f"{d} in {src}" for d, src in named.items())
                + "): generate them separately, or pass --custom-dir"
            )
        for folder, source in named.items():
            custom, origin = folder, f"custom-dir in {source}"
    if custom is not None and not custom.is_dir():
        raise StepbackError(
            f"{custom}: custom folder not found ({origin}); "
            f"`stepback-docs customize {custom}` creates it"
        )
    use_custom_dir(custom)
    if args.verbose:
        for path, found in settings.items():
            source = found.source or "none (built-in defaults)"
            print(f"{path}: linter configuration: {source}", file=sys.stderr)
        if custom is not None:
            print(f"custom templates and prompts: {custom} ({origin})", file=sys.stderr)

    def lint_config(path: Path) -> Any:
        found = settings.get(path)
        return (found or resolver.for_path(path)).lint

    return lint_config


def run(args: argparse.Namespace) -> int:
    from ..batch import run_batch

    lint_config = _configure(args)
    progress = _Progress(sys.stderr, enabled=not args.quiet, verbose=args.verbose)
    pointers: list[str] = []

    def check_cautions(path: Path, profile: Profile) -> None:
        """A one-line pointer to `assess` per profile with cautions; never a refusal."""
        from .assess import pointer

        line = pointer(path, profile)
        if line is not None:
            pointers.append(line)

    try:
        result = run_batch(
            args.profiles,
            args.out,
            backend=args.backend,
            backend_options=backend_options(args),
            kinds=args.kinds,
            formats=args.formats,
            length=args.length,
            fallback=args.fallback,
            force=args.force,
            jobs=args.jobs,
            on_start=progress.start,
            on_result=progress.advance,
            lint_config=lint_config,
            on_profile=None if args.quiet else check_cautions,
        )
    finally:
        progress.close()
    if not args.quiet:
        print_summary(result, sys.stdout)
        sys.stdout.flush()
    for line in pointers:
        print(line, file=sys.stderr)
    return 1 if result.failed else 0


# ------------------------------------------------------------------------ reporting


class _Progress:
    """A rich progress bar on a terminal; elsewhere one line per failure, as it happens."""

    def __init__(self, stream: TextIO, *, enabled: bool, verbose: bool = False) -> None:
        self.stream = stream
        self.bar: Any = None
        self.task: Any = None
        self.enabled = enabled and stream.isatty() and os.environ.get("TERM") != "dumb"
        self.verbose = verbose

    def start(self, total: int) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("generating", total=total)

    def advance(self, result: DocResult) -> None:
        line = None
        if result.status == "failed":
            line = "failed: " + terminal_safe(failure_line(result))
        elif self.verbose:
            where = ", ".join(str(p) for p in result.paths)
            line = terminal_safe(f"{_status(result)}: {result.source}: {result.kind} -> {where}")
        if line is not None:
            if self.bar is not None:
                self.bar.console.print(line, markup=False, highlight=False)
            else:
                print(line, file=self.stream, flush=True)
        if self.bar is not None:
            self.bar.update(self.task, advance=result.documents, description=result.stem)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


GUARDS_CHECKED = (
    "guards checked each written document: lint (doubt phrasing the rules know), "
    "grounding (every figure, employer and title is in the profile), privacy (nothing "
    "from private_notes), form (length, placeholders, markup, repeated phrases, public-"
    "profile rules). They cannot judge tone or truth: read each document before it is "
    "sent."
)


def failure_line(result: DocResult) -> str:
    """'<file>: <kind>: <error>' without repeating a file or kind the error already names."""
    error = result.error or "failed"
    if result.kind and not error.startswith(f"{result.kind}: "):
        error = f"{result.kind}: {error}"
    source = str(result.source)
    return error if error.startswith(source) else f"{source}: {error}"


def _guards(result: DocResult) -> str:
    doc = result.document
    if doc is None:
        return "-"
    passed = sum(1 for g in doc.guards if g.passed)
    return f"{passed}/{len(doc.guards)} passed"


def _backend(result: DocResult) -> str:
    doc = result.document
    if doc is None:
        return "-"
    return f"{doc.backend} (fallback)" if doc.fallback_reason else doc.backend


def _status(result: DocResult) -> str:
    if result.status == "skipped":
        return "unchanged, skipped"
    if result.status == "failed":
        return "failed"
    return {"stale": "stale, rewritten", "forced": "rewritten (--force)"}.get(
        result.reason, "written"
    )


def print_summary(result: BatchResult, stream: TextIO) -> None:
    """The summary table (profile, kind, backend, guards, tokens, status) and totals."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    for name, justify in (
        ("profile", "left"),
        ("kind", "left"),
        ("backend", "left"),
        ("guards", "left"),
        ("tokens", "right"),
        ("status", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in result.results:
        spent = r.document is not None or r.requests or r.usage.total_tokens
        tokens = f"{r.usage.total_tokens:,}" if spent else "-"
        table.add_row(
            terminal_safe(r.stem),
            r.kind or "(profile)",
            _backend(r),
            _guards(r),
            tokens,
            _status(r),
        )
    console = Console(file=stream, width=None if stream.isatty() else 120)
    console.print(table)
    usage = result.usage
    written, skipped = result.count("written"), result.count("skipped")
    failed = len(result.failed)
    stale = sum(1 for r in result.results if r.status == "written" and r.reason == "stale")
    rewritten = f" ({stale} stale, rewritten)" if stale else ""
    console.print(
        f"{written} written{rewritten}, {skipped} skipped, {failed} failed in "
        f"{result.seconds:.1f} s; "
        f"tokens: {usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion "
        f"= {usage.total_tokens:,}; {result.requests:,} API requests",
        markup=False,
        highlight=False,
    )
    if written:
        console.print(GUARDS_CHECKED, markup=False, highlight=False)
