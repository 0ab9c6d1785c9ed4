#!/usr/bin/env python3
"""Regenerate examples/output/<profile>/<kind>.md from every example profile.

The committed output shows a reader what the tool makes (templates backend, Markdown
only so no binaries are committed); tests/test_examples.py fails when it drifts from a
fresh run, so run this after changing templates, guards or example profiles:

    python scripts/regenerate_examples.py            # rewrite examples/output/
    python scripts/regenerate_examples.py --out DIR  # write elsewhere (tests use this)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROFILES = REPO / "examples" / "profiles"
OUTPUT = REPO / "examples" / "output"


def regenerate(out_dir: Path, profiles: Path = PROFILES) -> tuple[list[Path], list[str]]:
    """Write every example document into ``out_dir``; return (files, failure lines).

    Documents in ``out_dir/<stem>/`` that no profile produces any more are removed, so
    a renamed or deleted example leaves nothing stale behind (files directly in
    ``out_dir``, such as a README, are left alone).
    """
    from stepback_docs.batch import MANIFEST_NAME, run_batch
    from stepback_docs.commands.generate import failure_line

    result = run_batch([profiles], out_dir, formats=["md"], force=True, jobs=2)
    for manifest in out_dir.glob(f"*/{MANIFEST_NAME}"):
        manifest.unlink()  # bookkeeping for re-runs, not part of the examples
    written = [p for r in result.results for p in r.paths if r.status == "written"]
    keep = {p.resolve() for p in written}
    if out_dir.is_dir():
        for old in sorted(out_dir.glob("*/*.md")):
            if old.resolve() not in keep:
                old.unlink()
        for folder in sorted(out_dir.iterdir()):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return sorted(written), [failure_line(r) for r in result.failed]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output folder")
    args = parser.parse_args(argv)
    written, failures = regenerate(args.out)
    for line in failures:
        print(f"failed: {line}", file=sys.stderr)
    print(f"{len(written)} documents written to {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
