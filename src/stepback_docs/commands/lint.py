"""``stepback-docs lint``: find phrasing that makes employers doubt the candidate."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("lint", help="check documents for doubt-raising phrasing")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("lint is being built")
