"""Lint throughput on >= 5 MB of generated Markdown career documents, in one process.

    python bench/lint_throughput.py [--mb 5] [--no-proselint]

Prints MB/s for stepback-docs (target >= 10 MB/s) and for its rules alone; when proselint
is importable, lints the same corpus with proselint in the same run and prints the
ratio. Documents are linted one by one (as files are), after one warm-up call that loads
the rules and the learned model.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from stepback_docs.lint import LintConfig, lint_text, prepare


def _ours(docs: list[str], config: LintConfig | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    prepare()
    lint_text("A warm-up sentence that loads the learned model.")
    print(f"one-off rule and model loading and compiling: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    found = sum(len(lint_text(doc, config)) for doc in docs)
    return time.perf_counter() - start, found


TARGET = 10  # MB/s (issue 11)


def _proselint(docs: list[str]) -> tuple[float, int] | None:
    """proselint >= 0.16 (LintFile API) or older (tools.lint), if installed."""
    try:
        from proselint.checks import __register__  # type: ignore[import-not-found]
        from proselint.registry import CheckRegistry  # type: ignore[import-not-found]
        from proselint.tools import LintFile  # type: ignore[import-not-found]
    except ImportError:
        try:
            from proselint.tools import lint as old_lint  # type: ignore[import-not-found]
        except ImportError:
            return None
        start = time.perf_counter()
        found = sum(len(old_lint(doc)) for doc in docs)
        return time.perf_counter() - start, found
    CheckRegistry().register_many(__register__)
    start = time.perf_counter()
    found = sum(len(LintFile(f"doc{i}.md", doc).lint()) for i, doc in enumerate(docs))
    return time.perf_counter() - start, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size (default 5)")
    parser.add_argument("--no-proselint", action="store_true", help="skip the comparison")
    args = parser.parse_args(argv)
    docs = generate(args.mb)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    seconds, found = _ours(docs)
    ours = size / seconds
    print(f"corpus: {len(docs)} documents, {size:.2f} MB")
    print(
        f"stepback-docs: {seconds:.2f} s, {ours:.1f} MB/s, {found} findings "
        f"(target >= {TARGET} MB/s: {'ok' if ours >= TARGET else 'TOO SLOW'})"
    )
    r_seconds, r_found = _ours(docs, LintConfig(learned=False))
    print(
        f"rules alone (learned = false): {r_seconds:.2f} s, {size / r_seconds:.1f} MB/s, "
        f"{r_found} findings; the learned layer costs {seconds / r_seconds:.1f}x"
    )
    if args.no_proselint:
        return 0
    theirs = _proselint(docs)
    if theirs is None:
        print("proselint: not installed, comparison skipped (pip install proselint)")
        return 0
    p_seconds, p_found = theirs
    print(f"proselint: {p_seconds:.2f} s, {size / p_seconds:.2f} MB/s, {p_found} findings")
    print(f"ratio: stepback-docs is {p_seconds / seconds:.0f}x faster than proselint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
