"""``generate-docs`` / ``stepback-docs generate``: write documents from profiles."""

from __future__ import annotations

import argparse
from typing import Any

DESCRIPTION = "Generate cover letters, LinkedIn text and more from career profiles."


def register(sub: Any) -> None:
    parser = sub.add_parser("generate", help="generate documents from profiles",
                            description=DESCRIPTION)
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profiles", nargs="+", metavar="PROFILE_OR_DIR")
    parser.add_argument("--out", default="documents", help="output folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("generate is being built")
