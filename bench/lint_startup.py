"""Start-up bench: wall time of ``stepback-docs lint cover-letter.md`` (budget 0.08 s).

Runs the installed command N times on a one-page cover letter, and in the same run times
``python -c pass`` (the interpreter's floor) and ``stepback-docs --version`` (the CLI
shell), so the printed ratios hold on a loaded machine where absolute times drift.
proselint and write-good are timed too when installed (about 0.13 s for reference).

    python bench/lint_startup.py [-n 30] [--budget 0.08] [--breakdown]

``--breakdown`` also times each stage inside one process (interpreter and CLI shell,
contracts, readers, rule engine import and build, the lint itself, the output) so a
regression can be pinned on the module that caused it.

Exit 1 when the median is over budget, so it can gate a release check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COVER_LETTER = """\
# Cover letter

Dear Ms. Okafor,

Leading a 60-person operations group taught me where a plant wins or loses money: at
the line, in the first hour of a shift. I want to do that work directly again, as
Operations Manager at Fernhill Foods, where your push to cut changeover time is exactly
the problem I like solving.

At Dunmore Packaging I cut changeover time from 95 to 40 minutes by rebuilding the
setup sequence with the crews, which freed 300 production hours a quarter. I would
bring the same habit of fixing problems on the floor, with the people who run the line.

I just wanted to add that I was burned out as VP, and I am ready to slow down.

Sincerely,
Jordan Lee
"""


def child_env() -> dict[str, str]:
    """The environment of an installed tool: bytecode caches on (pip compiles them at
    install time; PYTHONDONTWRITEBYTECODE would make every run recompile every module)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


STAGES = r"""
import sys, time
t = [time.perf_counter()]
out = []
def lap(label):
    now = time.perf_counter(); out.append(f"{label}\t{(now - t[0]) * 1000:.2f}"); t[0] = now
import argparse; lap("argparse")
import stepback_docs, stepback_docs.findings, stepback_docs.errors; lap("package + contracts")
from stepback_docs.cli import build_parser
parser = build_parser("lint"); lap("CLI parser (lint only, as main() builds it)")
args = parser.parse_args(["lint", "cover-letter.md"]); lap("parse args")
import stepback_docs.lint.config, stepback_docs.lint.files, stepback_docs.lint.report
import stepback_docs.lint.report.human; lap("lint command glue + human format")
import stepback_docs.readers, stepback_docs.readers.markdown; lap("readers")
import stepback_docs.lint.engine; lap("engine import")
from stepback_docs.lint import _engine; _engine(); lap("engine build (rules)")
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    args.func(args)
lap("lint + report")
print("\n".join(out), file=sys.stderr)
"""


def breakdown(runs: int, cwd: Path) -> dict[str, float]:
    """Median milliseconds per start-up stage, measured inside the process."""
    samples: dict[str, list[float]] = {}
    env = child_env()
    subprocess.run(
        [sys.executable, "-c", STAGES], cwd=cwd, capture_output=True, env=env, check=False
    )
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", STAGES],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for line in done.stderr.splitlines():
            label, _, ms = line.partition("\t")
            if ms:
                samples.setdefault(label, []).append(float(ms))
    return {label: statistics.median(values) for label, values in samples.items()}


def median_wall(cmd: list[str], runs: int, cwd: Path) -> float:
    """Median wall-clock seconds of ``cmd`` over ``runs`` runs (after one warm-up)."""
    env = child_env()
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, env=env)
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=0.08, help="seconds (median)")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time each start-up stage inside one process"
    )
    args = parser.parse_args(argv)

    command = shutil.which("stepback-docs") or str(Path(sys.executable).with_name("stepback-docs"))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "cover-letter.md").write_text(COVER_LETTER, encoding="utf-8")
        check = subprocess.run(
            [command, "lint", "cover-letter.md"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode not in (0, 1):
            print(f"lint failed (exit {check.returncode}): {check.stderr.strip()}")
            return 2
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("stepback-docs --version", [command, "--version"]),
            ("stepback-docs lint cover-letter.md", [command, "lint", "cover-letter.md"]),
        ]
        for name in ("proselint", "write-good"):
            other = shutil.which(name)
            if other:
                rows.append((f"{name} cover-letter.md", [other, "cover-letter.md"]))
        results = {label: median_wall(cmd, args.runs, cwd) for label, cmd in rows}
        stages = breakdown(args.runs, cwd) if args.breakdown else {}

    base = results["python -c pass"]
    lint = results["stepback-docs lint cover-letter.md"]
    print(f"median wall time over {args.runs} runs (same machine, same run):")
    for label, seconds in results.items():
        print(f"  {label:40s} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x python -c pass")
    if stages:
        print("in-process stages (median ms):")
        for label, ms in stages.items():
            print(f"  {label:40s} {ms:7.1f} ms")
    verdict = "ok" if lint <= args.budget else "OVER BUDGET"
    print(
        f"lint start-up: {lint:.3f} s (budget {args.budget:.3f} s): {verdict}; "
        f"lint / python -c pass = {lint / base:.2f}"
    )
    return 0 if lint <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
