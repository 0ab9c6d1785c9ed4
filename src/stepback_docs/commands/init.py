"""``stepback-docs init``: write a commented starter profile that validates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import StepbackError

SCHEMA_FILE = "stepback-docs.schema.json"


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "init",
        help="write a commented starter profile",
        description="Write a commented starter profile (and the JSON Schema beside it, for "
        "editor autocompletion). It validates as written; replace the sample values.",
    )
    parser.add_argument(
        "path", nargs="?", default="profile.yaml", help="where to write it (default: profile.yaml)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..resources import data_dir
    from ..schema import schema_text
    from ..writing import write_text_atomic

    target = Path(args.path)
    if target.is_dir():
        target = target / "profile.yaml"
    if target.exists() and not args.force:
        raise StepbackError(f"{target}: already exists (use --force to overwrite)")
    starter = (data_dir("templates") / "starter-profile.yaml").read_text(encoding="utf-8")
    write_text_atomic(target, starter)
    schema_path = target.parent / SCHEMA_FILE
    if not schema_path.exists():
        write_text_atomic(schema_path, schema_text())
    print(f"wrote {target} (and {schema_path.name} for editor autocompletion)")
    print(f"next: edit it, then run `stepback-docs validate {target}`")
    return 0
