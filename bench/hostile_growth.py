"""Hostile input shapes grown x4: time and peak memory should grow x4 too, not x16.

    python bench/hostile_growth.py [--scale 1.0] [--repeat 3] [--only NAME ...]

Each shape (issue 12) is linted at size n and 4n, each run in a fresh child process so
that the peak resident memory (VmHWM) is the run's own. Prints seconds, peak MB and the
ratios; a linear path shows a time ratio near 4 (start-up makes small runs look
cheaper, so a ratio under 4 is fine; 16 means quadratic).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

# name -> (file suffix, how the child builds the input from n, base n)
SHAPES: dict[str, tuple[str, str, int]] = {
    # Thousands of one-line findings: resolve_overlaps compared each with every kept one.
    "findings": (".txt", "'I was miserable.\\n' * n", 4_000),
    # Many short quoted phrases plus one finding: every sentence boundary was checked
    # against every quoted span.
    "quotes": (".txt", "'\"Ab. Cd\" ' * n + 'I was miserable.'", 40_000),
    # Suppression comments: the text was rebuilt once per comment.
    "suppressions": (
        ".txt",
        "'<!-- stepback-docs: disable-next=misery -->\\nI was miserable.\\n\\n' * n",
        2_000,
    ),
    "suppressions-md": (
        ".md",
        "'<!-- stepback-docs: disable=misery -->\\nI was miserable.\\n\\n' * n",
        2_000,
    ),
    # Memory per input byte: newlines, Markdown rules, plain prose.
    "newlines": (".txt", "'\\n' * (n * 1000) + 'I was miserable.'", 4_000),
    "dashes-md": (".md", "'-' * (n * 1000)", 4_000),
    "prose": (".txt", "'We shipped the billing system on time and on budget. ' * (n * 20)", 4_000),
    # lint --profile: each leak's sentence was searched for from the top of the text.
    "leaks": (
        ".txt",
        "'Bob Smith took credit at Initech. I had a breakdown in 2021.\\n' * n",
        2_000,
    ),
    # --annotate with many findings: python-docx rescanned every comment per comment.
    "annotate": (".docx", "n", 500),
}

_CHILD = r"""
import json, sys, time
from pathlib import Path
name, suffix, build, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
work = Path(sys.argv[5])
src = work / ("input" + suffix)
if suffix == ".docx":
    import docx
    document = docx.Document()
    for _ in range(eval(build)):
        document.add_paragraph("Honestly I was miserable and bored at my last job.")
    document.save(src)
else:
    src.write_text(eval(build), encoding="utf-8")
from stepback_docs.lint import lint_file, prepare
from stepback_docs.findings import LintConfig
prepare()
start = time.perf_counter()
notes = "My manager Bob Smith took credit and I had a breakdown at Initech."
found = lint_file(src, LintConfig(private_notes=notes if name == "leaks" else None))
if suffix == ".docx":
    from stepback_docs.annotate import annotate_docx
    annotate_docx(src, work / "annotated.docx", found)
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak": peak, "findings": len(found),
                  "bytes": src.stat().st_size}))
"""


def run_one(name: str, n: int, repeat: int) -> dict[str, float]:
    """The fastest of ``repeat`` runs (others share the machine: the minimum is the
    least disturbed), with the largest peak memory."""
    runs = [_run_once(name, n) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak": max(r["peak"] for r in runs)}


def _run_once(name: str, n: int) -> dict[str, float]:
    suffix, build, _ = SHAPES[name]
    with tempfile.TemporaryDirectory() as work:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, name, suffix, build, str(n), work],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if done.returncode != 0:
        raise SystemExit(f"{name} n={n} failed: {done.stderr[-1000:]}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply each base size")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="shapes to run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (the fastest counts)")
    args = parser.parse_args(argv)
    print(f"{'shape':16} {'bytes':>10} {'s':>7} {'MB':>6}   x4: {'s':>7} {'MB':>6}  time ratio")
    for name in args.only or SHAPES:
        n = max(1, int(SHAPES[name][2] * args.scale))
        small, big = run_one(name, n, args.repeat), run_one(name, 4 * n, args.repeat)
        ratio = big["seconds"] / max(small["seconds"], 1e-3)
        print(
            f"{name:16} {int(small['bytes']):>10} {small['seconds']:>7.2f} "
            f"{small['peak'] / 2**20:>6.0f}   x4: {big['seconds']:>7.2f} "
            f"{big['peak'] / 2**20:>6.0f}  {ratio:>5.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
