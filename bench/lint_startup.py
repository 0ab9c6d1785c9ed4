"""Start-up bench: wall time of ``stepback-docs lint cover-letter.md`` (budget 0.08 s).

Runs the installed command N times on a one-page cover letter, and in the same run times
``python -c pass`` (the interpreter's floor) and ``stepback-docs --version`` (the CLI
shell), so the printed ratios hold on a loaded machine where absolute times drift.
proselint and write-good are timed too when installed (about 0.13 s for reference).

    python bench/lint_startup.py [-n 30] [--budget 0.08]

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
    args = parser.parse_args(argv)

    command = shutil.which("stepback-docs") or str(Path(sys.executable).with_name("stepback-docs"))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "cover-letter.md").write_text(COVER_LETTER, encoding="utf-8")
        check = subprocess.run([command, "lint", "cover-letter.md"], cwd=cwd,
                               capture_output=True, text=True, check=False)
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

    base = results["python -c pass"]
    lint = results["stepback-docs lint cover-letter.md"]
    print(f"median wall time over {args.runs} runs (same machine, same run):")
    for label, seconds in results.items():
        print(f"  {label:40s} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x python -c pass")
    verdict = "ok" if lint <= args.budget else "OVER BUDGET"
    print(f"lint start-up: {lint:.3f} s (budget {args.budget:.3f} s): {verdict}; "
          f"lint / python -c pass = {lint / base:.2f}")
    return 0 if lint <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
