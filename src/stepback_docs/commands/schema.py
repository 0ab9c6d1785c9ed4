"""``stepback-docs schema``: print the profile JSON Schema for editors."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the profile JSON Schema (for editor autocompletion)",
        description="Print the JSON Schema of a career profile: the JSON Resume sections "
        "plus the `stepback` block. Point your editor at it for autocompletion.",
    )
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..schema import schema_text
    from ..writing import write_text_atomic

    text = schema_text()
    if args.output:
        write_text_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
