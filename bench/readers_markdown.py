"""Markdown reader throughput, and proof that hostile Markdown stays linear.

    python bench/readers_markdown.py [--megabytes 5]

1. Builds a Markdown corpus of career documents (cover letters, resumes with headings,
   bullets, bold, links, a code span, an HTML comment) of at least --megabytes MB and
   times ``blank_markdown`` on it, against a baseline run in the same process: one
   ``re.sub`` pass over the same text (the cheapest possible full scan). Prints MB/s and
   the ratio reader/baseline.
2. For each pathological input (runs of unmatched delimiters: ``[``, ``](``, backticks,
   ``<!--``, ``*``, fences, ``>`` lines …) of the same size as a 1 MB normal document,
   prints time relative to the normal document, and relative to itself at 1/4 size
   (a ratio near 4 means linear; quadratic would be near 16).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from stepback_docs.readers.markdown import blank_markdown

LETTER = """# Cover letter

Dear hiring team,

After **eleven years** leading platform engineering at a large bank, I want to build
again, hands on, in a team small enough that every release reaches customers within
a week. Your [payments roadmap](https://example.com/roadmap "roadmap") is the kind of
problem I have solved before: I moved 200 services to `kubernetes` with zero downtime.

<!-- stepback-docs: disable=hedging -->
## Experience

- Led a group of *forty* engineers across three sites
- Cut incident volume by 62% in eighteen months
    - Wrote the on-call handbook still in use
1. Hired and mentored six staff engineers

> "She makes hard migrations boring." (former manager)

Contact: <jane@example.com> or www.example.com/jane.

"""

HOSTILE = {
    "open brackets": "[",
    "unclosed links": "[a](",
    "unclosed titles": '[a](b "',
    "unclosed tags": "<a ",
    "unclosed attributes": '<a b="',
    "unclosed comments": "<!--",
    "odd backticks": "`a``",
    "stars": "*",
    "fences": "```\n",
    "indented lines": "\n    x",
    "headings": "\n#",
    "quotes": "\n>",
    "reference defs": "\n[a]: ",
    "urls": "http://",
}


def timed(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()

    corpus = LETTER * (int(args.megabytes * 1_000_000) // len(LETTER) + 1)
    size = len(corpus.encode()) / 1_000_000
    blanked = blank_markdown(corpus)
    assert len(blanked) == len(corpus)
    baseline_pattern = re.compile(r"`")
    reader = timed(lambda: blank_markdown(corpus))
    baseline = timed(lambda: baseline_pattern.sub(" ", corpus))
    print(f"corpus: {size:.1f} MB of Markdown career documents")
    print(f"blank_markdown: {size / reader:.0f} MB/s ({reader * 1000:.0f} ms)")
    print(
        f"baseline one re.sub pass: {size / baseline:.0f} MB/s; reader/baseline time ratio "
        f"{reader / baseline:.1f}"
    )

    normal = corpus[:1_000_000]
    normal_time = timed(lambda: blank_markdown(normal))
    print("\nhostile input (1 MB each): time vs a normal 1 MB document; growth at 4x size")
    worst = 0.0
    for name, unit in HOSTILE.items():
        small = unit * (250_000 // len(unit))
        big = unit * (1_000_000 // len(unit))
        big_time = timed(lambda big=big: blank_markdown(big), repeat=1)  # type: ignore[misc]
        small_time = timed(lambda small=small: blank_markdown(small), repeat=1)  # type: ignore[misc]
        growth = big_time / max(small_time, 1e-9)
        worst = max(worst, growth)
        print(f"  {name:20s} x{big_time / normal_time:6.1f} normal   growth x{growth:4.1f}")
    print(f"worst growth at 4x size: x{worst:.1f} (linear ~4, quadratic ~16)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
