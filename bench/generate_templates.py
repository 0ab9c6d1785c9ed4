"""Throughput of the templates backend: profiles x all kinds per second, guards included.

Reports the ratio to a baseline measured in the same run (rendering one trivial Jinja
template the same number of times), so the number means something on any machine.

    python bench/generate_templates.py [--profiles N] [--repeat R]

Every profile is a distinct client: the example profiles with their names, employers,
motivations, story figures and private notes varied per copy, so memoized sentences do not make the
batch look faster than a real one.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

import jinja2

from stepback_docs.backends.templates import TemplatesBackend
from stepback_docs.documents import KINDS
from stepback_docs.generator import generate
from stepback_docs.loading import load_profile
from stepback_docs.model import Profile

REPO = Path(__file__).resolve().parent.parent
TARGET = 500  # profiles x all kinds per second (issue 4)


def distinct_profiles(count: int, salt: str = "") -> list[Profile]:
    """``count`` different clients built from the example profiles (``salt`` makes the
    clients of one run differ from another's, so no run reuses another's memos)."""
    examples = [load_profile(p) for p in sorted((REPO / "examples" / "profiles").glob("*.yaml"))]
    if not examples:
        examples = [load_profile(REPO / "templates" / "starter-profile.yaml")]
    profiles = []
    for n in range(count):
        i = f"{salt}{n}"
        p = examples[n % len(examples)].model_copy(deep=True)
        sb = p.stepback
        if sb.target.organization:
            sb.target.organization = f"{sb.target.organization} {i}"
        if sb.target.hiring_manager:
            sb.target.hiring_manager = f"{sb.target.hiring_manager} {i}"
        if p.basics.name:
            p.basics.name = f"{p.basics.name} {i}"
        for m in sb.motivations:
            m.detail = f"{m.detail.rstrip('.')} in client case {i}."
        for s in sb.stories:
            s.problem = f"{s.problem} (case {i})"
        if sb.private_notes:
            # Each client's own notes, so the leak guard analyses every one. The tag adds
            # no distinctive word: lower-case letters, under the leak check's long-word
            # length, alone in its sentence (``i`` itself is in the public fields, and a
            # word like "coach" is in the documents: either would make real leaks).
            tag = "".join(chr(97 + b % 26) for b in hashlib.blake2s(i.encode()).digest()[:6])
            sb.private_notes = f"{sb.private_notes} {tag}"
        profiles.append(p)
    return profiles


def time_generate(profiles: list[Profile]) -> float:
    start = time.perf_counter()
    for profile in profiles:
        generate(profile, kinds=KINDS)
    return time.perf_counter() - start


def time_render_only(profiles: list[Profile]) -> float:
    backend = TemplatesBackend()
    start = time.perf_counter()
    for profile in profiles:
        for kind in KINDS:
            backend.draft(profile, kind)
    return time.perf_counter() - start


def time_baseline(count: int) -> float:
    """One trivial template rendered once per profile x kind (the time of ten such
    passes, divided by ten, so the baseline is long enough to measure)."""
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(
        "Dear {{ name }},\n\nI would like the {{ position }} role."
    )
    start = time.perf_counter()
    for i in range(count * 10):
        template.render(name=f"Client {i}", position="Director of Operations")
    return (time.perf_counter() - start) / 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs; the best is reported (the machine is shared and noisy)",
    )
    args = parser.parse_args(argv)

    for profile in distinct_profiles(6, "warm-up "):  # compile templates, load lint rules
        generate(profile)
    full, render, base = [], [], []
    for run in range(args.repeat):
        base.append(time_baseline(args.profiles * len(KINDS)))
        render.append(time_render_only(distinct_profiles(args.profiles, f"render {run}-")))
        full.append(time_generate(distinct_profiles(args.profiles, f"run {run}-")))
    t_full, t_render, t_base = (min(x) for x in (full, render, base))
    rate = args.profiles / t_full
    print(
        f"profiles: {args.profiles} x {len(KINDS)} kinds, best of {args.repeat} runs "
        f"(median generate {statistics.median(full):.3f} s)"
    )
    print(f"baseline (trivial template x {args.profiles * len(KINDS)}): {t_base:.3f} s")
    print(
        f"render only:            {t_render:.3f} s  "
        f"{args.profiles / t_render:8.0f} profiles x all kinds/s  "
        f"ratio to baseline {t_render / t_base:5.1f}"
    )
    print(
        f"generate (all guards):  {t_full:.3f} s  "
        f"{rate:8.0f} profiles x all kinds/s  ratio to baseline {t_full / t_base:5.1f}"
    )
    print(f"target >= {TARGET} profiles x all kinds/s: {'met' if rate >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
