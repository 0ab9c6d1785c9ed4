#!/usr/bin/env python3
"""Regenerate examples/output/<profile>/<kind>.md and assessment.md from every example
profile.

The committed output shows a reader what the tool makes (templates backend, Markdown
only so no binaries are committed); tests/test_examples.py fails when it drifts from a
fresh run, so run this after changing templates, guards or example profiles:

    python scripts/regenerate_examples.py            # rewrite examples/output/
    python scripts/regenerate_examples.py --out DIR  # write elsewhere (tests use this)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROFILES = REPO / "examples" / "profiles"
OUTPUT = REPO / "examples" / "output"
ASSESSMENT = "assessment.md"
# The committed assessments count a search's months to this date, so they do not drift.
AS_OF = dt.date(2026, 12, 1)


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
            if old.name == ASSESSMENT and (profiles / f"{old.parent.name}.yaml").is_file():
                continue  # regenerate_assessments writes these
            if old.resolve() not in keep:
                old.unlink()
        for folder in sorted(out_dir.iterdir()):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return sorted(written), [failure_line(r) for r in result.failed]


def regenerate_assessments(out_dir: Path, profiles: Path = PROFILES) -> list[Path]:
    """Write ``out_dir/<stem>/assessment.md`` (``stepback-docs assess --format markdown``,
    as of ``AS_OF``) for every example profile."""
    from stepback_docs.assessment import assess, render
    from stepback_docs.writing import write_text_atomic

    written = []
    for path in sorted(profiles.glob("*.yaml")):
        target = out_dir / path.stem / ASSESSMENT
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, render("markdown", [assess(path, as_of=AS_OF)]))
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output folder")
    args = parser.parse_args(argv)
    written, failures = regenerate(args.out)
    for line in failures:
        print(f"failed: {line}", file=sys.stderr)
    assessments = regenerate_assessments(args.out)
    print(f"{len(written)} documents and {len(assessments)} assessments written to {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
