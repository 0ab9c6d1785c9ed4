"""``stepback-docs validate``: check profiles and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import StepbackError, terminal_safe

CHECKED = (
    "YAML/JSON syntax, field names and types, text addressed to an AI model, stories and "
    "motivations the documents can make into sentences, and the doubt phrasing the "
    "linter's rules know in the fields that reach documents"
)
CANNOT = (
    "note: the linter finds known phrasings, not every doubt a reader may have, and "
    "nothing checks that the profile is true: read each document before it is sent"
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check profiles and report all problems",
        description="Check career profiles: YAML/JSON syntax, field names and types, and "
        "public text that would make an employer doubt the candidate (with the same "
        "configuration `lint` uses: the nearest .stepback-docs.toml or pyproject.toml "
        "above each profile). Exit 1 if any profile has a problem.",
    )
    parser.add_argument("profiles", nargs="+", metavar="PROFILE", help="profile files")
    add_config_arguments(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also say what was checked, and how"
    )
    parser.set_defaults(func=run)


def add_config_arguments(parser: Any) -> None:
    """``--config`` / ``--no-config``, as ``lint`` has them (shared with ``generate``)."""
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--config",
        metavar="FILE",
        help="linter configuration (.stepback-docs.toml or pyproject.toml) for every "
        "profile, instead of the nearest one above each profile",
    )
    config.add_argument(
        "--no-config", action="store_true", help="ignore configuration files; use the defaults"
    )


def resolver_for(args: argparse.Namespace) -> Any:
    """The linter configuration resolver the flags ask for."""
    from ..lint.config import Resolver

    return Resolver(config=Path(args.config) if args.config else None, use_files=not args.no_config)


def run(args: argparse.Namespace) -> int:
    from ..loading import load_profile

    resolver = resolver_for(args)
    verbose = getattr(args, "verbose", False)
    failed = 0
    for name in args.profiles:
        try:
            profile = load_profile(Path(name))
            settings = resolver.for_path(Path(name))
        except StepbackError as exc:
            failed += 1
            for line in str(exc).splitlines():
                print(terminal_safe(line), file=sys.stderr)
            continue
        if verbose:
            source = settings.source or "none (built-in defaults)"
            print(f"{name}: linter configuration: {source}", file=sys.stderr)
        problems = public_text_problems(profile, name, settings.lint)
        if problems:
            failed += 1
            for line in problems:
                print(terminal_safe(line), file=sys.stderr)
        elif not args.quiet:
            print(f"{terminal_safe(name)}: ok")
    if not args.quiet:
        if len(args.profiles) > 1:
            print(f"{len(args.profiles) - failed} of {len(args.profiles)} profiles valid")
        if failed < len(args.profiles):
            print(f"checked: {CHECKED}", file=sys.stderr)
            print(CANNOT, file=sys.stderr)
    return 1 if failed else 0


def writing_problems(profile: Any) -> list[str]:
    """Fields the documents cannot turn into grammatical sentences (a question as a
    story's problem, a third-person motivation), as "field: how to write it"."""
    from ..backends.templates import profile_view
    from ..backends.voice import ProfileTextError

    try:
        profile_view(profile)
    except ProfileTextError as error:
        return [str(error)]
    return []


def public_text_problems(profile: Any, name: str, config: Any = None) -> list[str]:
    """Doubt phrasing and prompt-injection text in fields that reach documents (filled
    in by the generator's guards), with the coach's linter ``config``."""
    import importlib

    try:
        guards: Any = importlib.import_module("stepback_docs.guards")
    except ImportError:
        return []
    problems = [f"{name}: {problem}" for problem in guards.injection_problems(profile)]
    problems += [f"{name}: {problem}" for problem in writing_problems(profile)]
    lint_problems = guards.profile_text_problems(profile, config)
    problems += [f"{name}: {problem}" for problem in lint_problems]
    if lint_problems:
        problems.append(f"{name}: {guards.ALLOW_HINT}")
    return problems
