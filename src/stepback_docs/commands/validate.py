"""``stepback-docs validate``: check profiles and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import StepbackError, terminal_safe


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check profiles and report all problems",
        description="Check career profiles: YAML/JSON syntax, field names and types, and "
        "public text that would make an employer doubt the candidate. Exit 1 if any "
        "profile has a problem.",
    )
    parser.add_argument("profiles", nargs="+", metavar="PROFILE", help="profile files")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..loading import load_profile

    failed = 0
    for name in args.profiles:
        try:
            profile = load_profile(Path(name))
        except StepbackError as exc:
            failed += 1
            for line in str(exc).splitlines():
                print(terminal_safe(line), file=sys.stderr)
            continue
        problems = public_text_problems(profile, name)
        if problems:
            failed += 1
            for line in problems:
                print(terminal_safe(line), file=sys.stderr)
        elif not args.quiet:
            print(f"{terminal_safe(name)}: ok")
    if len(args.profiles) > 1 and not args.quiet:
        print(f"{len(args.profiles) - failed} of {len(args.profiles)} profiles valid")
    return 1 if failed else 0


def public_text_problems(profile: Any, name: str) -> list[str]:
    """Doubt phrasing in fields that reach documents (filled in by the generator's guards)."""
    import importlib

    try:
        guards: Any = importlib.import_module("stepback_docs.guards")
    except ImportError:
        return []
    profile_text_problems = guards.profile_text_problems
    return [f"{name}: {problem}" for problem in profile_text_problems(profile)]
