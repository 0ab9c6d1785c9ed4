"""``stepback-docs customize``: copy the shipped templates and prompts out to edit.

Once installed they live in site-packages, where edits are lost on upgrade. A custom
folder holds ``templates/`` and ``prompts/``; ``generate --custom-dir DIR`` (or
``custom-dir = "DIR"`` in .stepback-docs.toml) uses each file there instead of the
shipped file of the same name. Delete a file to go back to the shipped one. The guards
(lint, grounding, privacy, form) check every document whatever template made it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import StepbackError

# Not templates: init's starter profile lives beside them.
NOT_COPIED = ("starter-profile.yaml",)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "customize",
        help="copy the shipped templates and prompts into a folder to edit",
        description="Copy the shipped document templates and LLM prompts into "
        "DIR/templates and DIR/prompts, as a starting point. Use them with "
        '`generate-docs --custom-dir DIR` or custom-dir = "DIR" in .stepback-docs.toml: '
        "each file there replaces the shipped file of the same name; delete a file to "
        "use the shipped one again. The guards still check every document.",
    )
    parser.add_argument(
        "folder",
        nargs="?",
        default="stepback-custom",
        metavar="DIR",
        help="where to copy them (default: stepback-custom)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files already there")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..resources import DATA_FOLDERS, data_dir
    from ..writing import write_bytes_atomic

    folder = Path(args.folder)
    copies = [
        (source, folder / name / source.name)
        for name in DATA_FOLDERS
        for source in sorted(data_dir(name).iterdir())
        if source.is_file() and source.name not in NOT_COPIED and not source.name.startswith(".")
    ]
    existing = [str(target) for _source, target in copies if target.exists()]
    if existing and not args.force:
        raise StepbackError(
            f"{existing[0]}: already exists ({len(existing)} file(s) would be overwritten; "
            "use --force to overwrite them)"
        )
    for source, target in copies:
        write_bytes_atomic(target, source.read_bytes())
    print(f"copied {len(copies)} files into {folder}/templates and {folder}/prompts")
    print(
        f"next: edit them, then run `generate-docs PROFILE --custom-dir {folder}` "
        f'(or add custom-dir = "{folder}" to .stepback-docs.toml)'
    )
    return 0
