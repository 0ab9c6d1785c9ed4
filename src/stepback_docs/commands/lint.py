"""``stepback-docs lint``: find phrasing that makes employers doubt the candidate.

Only argparse at import time: the one-file lint has an 80 ms start-up budget, so the
engine, readers and the chosen output format are imported inside ``run``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from .llm_options import add_llm_arguments, llm_options

FORMATS = ("human", "json", "sarif", "github")
FAIL_ON = ("error", "warning", "info", "never")
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")

DESCRIPTION = """\
Check resumes, cover letters and LinkedIn text (.txt .md .docx .pdf) for phrasing that
makes an employer doubt a candidate whose move looks like a step back, and suggest a
reframe for each finding. Directories are searched for .txt/.md/.docx/.pdf files; '-'
reads standard input. Configuration comes from the nearest .stepback-docs.toml or
pyproject.toml [tool.stepback-docs] above each file (see docs/lint.md)."""

EPILOG = """\
exit codes:
  0  no finding at or above the --fail-on severity (default: warning)
  1  at least one such finding
  2  bad usage, bad configuration, or an input that could not be read (the other
     inputs are still linted and reported)

inline suppression (text and Markdown):
  <!-- stepback-docs: disable-next=hedging -->   the next paragraph
  <!-- stepback-docs: disable=misery,bitterness.pushed-out -->  ...  <!-- stepback-docs: enable -->
"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "lint",
        help="check documents for doubt-raising phrasing",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.set_defaults(func=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="documents or directories to lint (default: the current folder); "
        "'-' for standard input",
    )
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default="human", help="output format (default: human)"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="lowest severity that makes the exit code 1 (default: from config, else warning)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="IDS",
        help="only these categories or rule ids (comma-separated; replaces the config's select)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=None,
        metavar="IDS",
        help="skip these categories or rule ids (comma-separated; added to the config's ignore)",
    )
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--config",
        metavar="FILE",
        help="use this .stepback-docs.toml or pyproject.toml for every file",
    )
    config.add_argument(
        "--no-config",
        action="store_true",
        help="ignore configuration files; use the built-in defaults",
    )
    parser.add_argument(
        "--profile",
        metavar="PROFILE",
        help="also flag text that repeats this profile's private_notes (category leak)",
    )
    parser.add_argument(
        "--no-learned",
        action="store_true",
        help="rules only: turn off the learned model that judges each sentence "
        "(config: learned = false)",
    )
    parser.add_argument(
        "--possible",
        action="store_true",
        help="also report the learned model's low-confidence findings as info "
        "(config: possible = true)",
    )
    llm = parser.add_argument_group(
        "LLM second opinion (an OpenAI-compatible server, as for generate-docs --backend openai)"
    )
    llm.add_argument(
        "--llm",
        action="store_true",
        help="also ask an LLM to review each document's sentences (never private notes); "
        "its findings count only when they quote the text and name a category",
    )
    add_llm_arguments(llm)
    parser.add_argument(
        "--annotate",
        metavar="OUT.docx",
        help="with one .docx input: write a copy with a Word comment on each finding",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name for '-' input: picks the format by suffix (default "
        "plain text) and where to look for configuration",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE (atomically) instead of stdout",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour human output (auto: on a terminal, or whenever FORCE_COLOR is set; "
        "never when NO_COLOR is set)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="human format: finding lines only, no sentence, suggestion or summary",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say on standard error which files are linted and which configuration applies to each",
    )
    parser.add_argument(
        "--show-config",
        action="store_true",
        help="print the configuration file that applies to each input (default: the "
        "current folder) and the settings it gives, then exit without linting",
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import StepbackError, terminal_safe
    from ..lint.config import Overrides, Resolver, check_ids, fails
    from ..lint.report import FileResult, Options, render

    notes, public = _private_notes(args.profile) if args.profile else (None, None)
    overrides = Overrides(
        select=_ids(args.select, "--select", check_ids),
        ignore=_ids(args.ignore, "--ignore", check_ids) or set(),
        fail_on=args.fail_on,
        private_notes=notes,
        learned=False if args.no_learned else None,
        possible=True if args.possible else None,
        reviewer=_reviewer(args),
    )
    resolver = Resolver(
        overrides,
        config=Path(args.config) if args.config else None,
        use_files=not args.no_config,
    )
    if args.show_config:
        return _show_config(resolver, args.files or ["."], args.stdin_filename)
    inputs = _expand(args.files or ["."])
    if args.output:
        _check_output(args.output, inputs)
    if args.annotate:
        _check_annotate(args.annotate, inputs)

    results: list[FileResult] = []
    failed = False
    for name in inputs:
        result = FileResult(name)
        try:
            settings = resolver.for_path(_config_anchor(name, args.stdin_filename))
            if args.verbose:
                source = settings.source or "built-in defaults"
                print(f"linting {name} (configuration: {source})", file=sys.stderr)
            result.findings = _lint_with_notes(name, args, settings.lint)
            if public is not None:
                result.findings = [f for f in result.findings if not public(f)]
            failed = failed or fails(result.findings, settings.fail_on)
        except StepbackError as exc:
            result.error = str(exc)
        results.append(result)

    problems = [r.error for r in results if r.error]
    if args.annotate and results and results[0].error is None:
        try:
            _annotate(Path(inputs[0]), Path(args.annotate), results[0].findings)
        except StepbackError as exc:  # the report below is still worth printing
            problems.append(str(exc))
        except OSError as exc:
            problems.append(
                f"{args.annotate}: cannot write the annotated copy ({exc.strerror or exc})"
            )

    for problem in problems:
        for line in problem.splitlines():
            print(f"error: {terminal_safe(line)}", file=sys.stderr)
    if overrides.reviewer is not None:
        stats = overrides.reviewer.stats
        print(
            f"LLM review: {stats.requests} requests, "
            f"{stats.prompt_tokens + stats.completion_tokens} tokens; "
            f"{stats.accepted} findings added, {stats.harmless} reviewed harmless, "
            f"{stats.rejected} answers rejected (no exact quote or no taxonomy category)",
            file=sys.stderr,
        )
    color = _use_color(args.color, None if args.output else sys.stdout)
    options = Options(color=color, quiet=args.quiet)
    if args.output:
        import io

        from ..writing import write_text_atomic

        buffer = io.StringIO()
        render(args.format, results, buffer, options)
        try:
            write_text_atomic(args.output, buffer.getvalue())
        except OSError as exc:
            raise StepbackError(
                f"{args.output}: cannot write the report ({exc.strerror or exc})"
            ) from None
    else:
        render(args.format, results, sys.stdout, options)
        sys.stdout.flush()
    if problems:
        return 2
    return 1 if failed else 0


def _reviewer(args: argparse.Namespace) -> Any:
    """The LLM reviewer for ``--llm`` (None without it); its flags need ``--llm``."""
    options = llm_options(args, args.llm, "--llm")
    if not args.llm:
        return None
    from ..backends import get_backend
    from ..lint import _engine
    from ..lint.review import LLMReviewer

    return LLMReviewer(get_backend("openai", **options), _engine().categories)


def _lint_with_notes(name: str, args: argparse.Namespace, config: Any) -> list[Any]:
    """``_lint_one``, printing what a reader had to assume (a legacy text encoding)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        findings = _lint_one(name, args, config)
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"warning: {message}", file=sys.stderr)
    return findings


def _lint_one(name: str, args: argparse.Namespace, config: Any) -> list[Any]:
    from ..lint.files import lint_bytes

    if name == "-":
        display = args.stdin_filename or "-"
        suffix = Path(args.stdin_filename).suffix if args.stdin_filename else ".txt"
        from ..readers.limits import read_stream

        return lint_bytes(read_stream(sys.stdin.buffer, display), display, suffix, config)
    from ..lint.files import lint_file

    return lint_file(name, config)


def _annotate(src: Path, dest: Path, findings: list[Any]) -> None:
    """Word comments on each finding, in a copy (``stepback_docs.annotate``, python-docx)."""
    import importlib

    annotate: Any = importlib.import_module("stepback_docs.annotate")
    annotate.annotate_docx(src, dest, findings)


def _config_anchor(name: str, stdin_filename: str | None) -> Path | None:
    if name == "-":
        return Path(stdin_filename) if stdin_filename else None
    return Path(name)


def _ids(values: list[str] | None, flag: str, check: Any) -> set[str] | None:
    if values is None:
        return None
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    result: set[str] = check(names, flag)
    return result


def _private_notes(profile_path: str) -> tuple[str, Any]:
    """The profile's private notes, and a test for leak findings that are not leaks
    because the profile's public text says the same (the candidate's own name, employer
    or skills, when the notes are written in the third person). pydantic is imported
    only on this path."""
    from ..guards import in_public_text, public_corpus
    from ..loading import load_profile

    profile = load_profile(Path(profile_path))
    notes = profile.stepback.private_notes if profile.stepback else None
    corpus = public_corpus(profile)

    def public(finding: Any) -> bool:
        return bool(finding.category == "leak" and in_public_text(finding.text, corpus))

    if not notes or not notes.strip():
        print(
            f"warning: {profile_path}: stepback.private_notes is empty: the leak check "
            "has nothing to look for",
            file=sys.stderr,
        )
        return "", public
    return notes, public


def _expand(names: list[str]) -> list[str]:
    """Files as given, directories searched (sorted; hidden entries, tool folders,
    virtual environments and what .gitignore ignores are skipped)."""
    inputs: list[str] = []
    for name in names:
        path = Path(name)
        if name == "-" or not path.is_dir():
            inputs.append(name)
            continue
        from ..walk import documents_in

        found = [str(p) for p in documents_in(path, DOCUMENT_SUFFIXES)]
        if not found:
            print(f"warning: {name}: no .txt, .md, .docx or .pdf files found", file=sys.stderr)
        inputs.extend(found)
    return inputs


def _check_output(out: str, inputs: list[str]) -> None:
    """``lint resume.md -o resume.md`` would replace the résumé with its report."""
    from ..errors import StepbackError

    report = Path(out)
    for name in inputs:
        if name != "-" and _same_file(report, Path(name)):
            raise StepbackError(
                f"-o {out}: refusing to overwrite the input {name} with the report; "
                "choose another file name"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _check_annotate(out: str, inputs: list[str]) -> None:
    from ..errors import StepbackError

    if len(inputs) != 1 or inputs[0] == "-" or Path(inputs[0]).suffix.lower() != ".docx":
        raise StepbackError("--annotate needs exactly one .docx input file")
    if Path(out).suffix.lower() != ".docx":
        raise StepbackError(f"--annotate {out}: the annotated copy must be a .docx file")
    if Path(out).resolve() == Path(inputs[0]).resolve():
        raise StepbackError(
            f"--annotate {out}: refusing to overwrite the input; choose another file name"
        )


def _show_config(resolver: Any, names: list[str], stdin_filename: str | None) -> int:
    """What ``--show-config`` prints: per input, the file that configures it and the
    settings that result (after the command-line flags)."""
    for name in names:
        anchor = _config_anchor(name, stdin_filename)
        if anchor is not None and anchor.is_dir():
            anchor = anchor / "-"  # settings are looked up from a file's folder
        settings = resolver.for_path(anchor)
        lint = settings.lint
        print(f"{name}: {settings.source or 'no configuration file: built-in defaults'}")
        print(f"  select = {sorted(lint.select) or ['all']}")
        print(f"  ignore = {sorted(lint.ignore)}")
        print(f"  severity = {dict(sorted(lint.severity.items()))}")
        print(f"  allow = {lint.allow_phrases}")
        print(f"  extra-phrases = {dict(sorted(lint.extra_phrases.items()))}")
        print(f"  fail-on = {settings.fail_on!r}")
        print(f"  learned = {str(lint.learned).lower()}")
        print(f"  possible = {str(lint.possible).lower()}")
        if settings.custom_dir is not None:
            print(f"  custom-dir = {str(settings.custom_dir)!r}")
    return 0


def _use_color(choice: str, stream: TextIO | None) -> bool:
    """--color always/never; else none in a report file (-o), then NO_COLOR, then
    FORCE_COLOR (read as rich reads them), then whether the output is a terminal."""
    if choice != "auto":
        return choice == "always"
    if stream is None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
