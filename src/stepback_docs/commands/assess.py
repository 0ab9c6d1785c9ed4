"""``stepback-docs assess``: is this step back a step forward, and is the profile ready
to say so? A checklist a coach can read with the client (or Markdown, or JSON)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

FORMATS = ("human", "markdown", "json")  # assessment.FORMATS, without importing pydantic

DESCRIPTION = """\
Assess career profiles before any letter is written: which of the advice's patterns the
move fits (preferred employer, new sector, foot in the door, learning, growth potential,
culture), whether the profile answers the employer's three doubts (do you really want
this job; can you live with the pay and scope; will you prove yourself), how measurable
and relevant each success story is and whether the profile's own words raise doubt, and
whether a contact or route in is recorded. Folders are read like generate-docs reads them.
The wording lives in the package's assessment/wording.yaml (see docs/assess.md)."""

EPILOG = """\
exit codes:
  0  no caution raised
  1  at least one profile has a caution
  2  bad usage, a bad wording file, or a profile that could not be read (the other
     profiles are still assessed and reported)
"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "assess",
        help="is the step back a step forward, and is the profile ready to say so?",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "profiles",
        nargs="+",
        metavar="PROFILE_OR_DIR",
        help="profile files, or folders of *.yaml/*.yml/*.json profiles",
    )
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default="human", help="output format (default: human)"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date the search's length is counted to (default: today)",
    )
    parser.add_argument(
        "--wording",
        metavar="FILE",
        help="a copy of wording.yaml to use instead of the packaged one",
    )
    parser.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _expand(names: list[str]) -> list[Path]:
    """Files as given; folders as their profile files, as generate-docs reads them."""
    from ..batch import PROFILE_SUFFIXES
    from ..errors import StepbackError

    found: list[Path] = []
    for name in names:
        path = Path(name)
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and p.suffix.lower() in PROFILE_SUFFIXES
            and not p.name.lower().endswith(".schema.json")
        )
        if not inside:
            raise StepbackError(f"{path}: folder has no profiles (*.yaml, *.yml or *.json files)")
        found.extend(inside)
    return found


def run(args: argparse.Namespace) -> int:
    from ..assessment import assess, load_wording, render
    from ..assessment.wording import default_wording
    from ..errors import StepbackError
    from ..writing import write_text_atomic

    wording = load_wording(args.wording) if args.wording else default_wording()
    as_of = args.as_of or dt.date.today()
    assessments = []
    errors: list[tuple[str, str]] = []
    for path in _expand(args.profiles):
        try:
            assessments.append(assess(path, as_of=as_of, wording=wording))
        except StepbackError as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            errors.append((str(path), "; ".join(lines)))
            for line in lines:
                print(f"error: {line}", file=sys.stderr)
    text = render(args.format, assessments, errors)
    if args.output:
        try:
            write_text_atomic(args.output, text)
        except OSError as exc:
            raise StepbackError(
                f"{args.output}: cannot write the report ({exc.strerror or exc})"
            ) from None
    elif assessments or args.format == "json":
        sys.stdout.write(text)
        sys.stdout.flush()
    if errors:
        return 2
    return 1 if any(a.cautions for a in assessments) else 0


def pointer(path: Path, profile: Any) -> str | None:
    """For generate-docs: one line sending the coach to ``assess`` when the move raises a
    caution, else None. Never raises: a caution must not stop a document. The linter is
    left out (a third of the cost): words that raise doubt fail generate's own lint
    guard, which names each field to rewrite."""
    try:
        from ..assessment import assess

        found = assess(profile, check_words=False).cautions
    except Exception:  # e.g. an edited wording file that no longer loads
        return None
    if not found:
        return None
    titles = "; ".join(c.title.rstrip(".") for c in found)
    count = f"{len(found)} caution{'s' if len(found) != 1 else ''}"
    return f"note: {path}: {count} ({titles}): run `stepback-docs assess {path}`"
