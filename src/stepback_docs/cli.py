"""Command-line entry points: ``stepback-docs COMMAND`` and ``generate-docs``.

argparse rather than click/typer: ``stepback-docs lint`` has a start-up budget of 80 ms
and each subcommand module imports its heavy dependencies only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__

COMMANDS = ("generate", "lint", "validate", "assess", "schema", "init", "customize", "rules")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

EPILOG = """exit codes:
  0  success
  1  ran fine but found problems (lint findings, invalid profiles, failed documents)
  2  usage or input error (bad option, unreadable file)
"""


def _command_module(name: str) -> Any:
    return importlib.import_module(f"stepback_docs.commands.{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` just that subcommand (start-up: importing and
    registering every command costs ``stepback-docs lint`` tens of milliseconds)."""
    parser = argparse.ArgumentParser(
        prog="stepback-docs",
        description="Write and check job-search documents for a career move that looks "
        "like a step back.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in (only,) if only else COMMANDS:
        _command_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``stepback-docs``: dispatch to a subcommand."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    only = arguments[0] if arguments and arguments[0] in COMMANDS else None
    args = build_parser(only).parse_args(arguments)
    return run_command(args.func, args)


def generate_docs_main(argv: Sequence[str] | None = None) -> int:
    """``generate-docs``: the generate subcommand as its own program."""
    module = _command_module("generate")
    parser = argparse.ArgumentParser(
        prog="generate-docs",
        description=module.DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    return run_command(module.run, args)


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command, turning input problems into one-line errors and exit code 2."""
    from .errors import StepbackError, terminal_safe

    try:
        return func(args)
    except StepbackError as exc:
        for line in str(exc).splitlines():
            print(f"error: {terminal_safe(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file the commands did not expect to fail: still one line
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {terminal_safe(where + str(exc.strerror or exc))}", file=sys.stderr)
        return StepbackError.exit_code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
