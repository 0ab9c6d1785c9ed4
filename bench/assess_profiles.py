"""What ``assess`` costs per profile, as a ratio to generating every kind of document
for the same profiles (templates backend, all guards): the share ``generate-docs`` adds
when it checks each profile for cautions, and how many profiles ``assess`` takes a second.

    python bench/assess_profiles.py [--profiles N] [--repeat R]

The clients are the generate benchmark's: every one distinct, so no memo flatters either.
"""

from __future__ import annotations

import argparse
import sys
import time

from generate_templates import distinct_profiles, time_generate  # bench/ is on sys.path

from stepback_docs.assessment import assess
from stepback_docs.model import Profile


def time_assess(profiles: list[Profile]) -> float:
    start = time.perf_counter()
    for profile in profiles:
        assess(profile)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is reported")
    args = parser.parse_args(argv)

    for profile in distinct_profiles(6, "warm-up "):  # load rules, wording, templates
        assess(profile)
    time_generate(distinct_profiles(6, "warm-up "))
    assessed, generated = [], []
    for run in range(args.repeat):
        assessed.append(time_assess(distinct_profiles(args.profiles, f"assess {run}-")))
        generated.append(time_generate(distinct_profiles(args.profiles, f"generate {run}-")))
    t_assess, t_generate = min(assessed), min(generated)
    print(f"profiles: {args.profiles}, best of {args.repeat} runs")
    print(
        f"assess:                 {t_assess:.3f} s  {args.profiles / t_assess:8.0f} profiles/s "
        f"({t_assess / args.profiles * 1000:.2f} ms each)"
    )
    print(
        f"generate (all kinds):   {t_generate:.3f} s  {args.profiles / t_generate:8.0f} profiles/s"
    )
    print(f"assess / generate:      {t_assess / t_generate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
