"""LLM backend throughput: 300 profiles × 2 kinds against a server with a fixed 200 ms.

Target (issue 4): with ``--jobs 16`` the batch finishes within 1.15 × the ideal
(requests × 0.2 s / 16), guards and file writing included. The same batch run with
``--jobs 1`` is shown beside it as the baseline, and a third run over the same cache
(``force=True``, so nothing is skipped) must make zero requests.

    python bench/generate_llm.py                 # the full measurement (~2.5 min)
    python bench/generate_llm.py --profiles 40   # a quick look

All runs go through ``batch.run_batch`` (the code behind ``generate-docs --jobs``) with
the ``openai`` backend, in this process, against bench/fake_llm_server.py started as a
separate process (so its CPU does not share our GIL). Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "profiles"
TARGET_RATIO = 1.15
FIRST = (
    "Avery",
    "Blake",
    "Casey",
    "Devon",
    "Emerson",
    "Finley",
    "Harper",
    "Jordan",
    "Kendall",
    "Logan",
    "Morgan",
    "Parker",
    "Quinn",
    "Reese",
    "Rowan",
    "Sawyer",
    "Taylor",
)
LAST = (
    "Abbott",
    "Barnes",
    "Castillo",
    "Dalton",
    "Ellison",
    "Fischer",
    "Garza",
    "Holloway",
    "Ibarra",
    "Jensen",
    "Keller",
    "Lambert",
    "Moreno",
    "Nakamura",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rasmussen",
    "Sorensen",
    "Thornton",
    "Underwood",
    "Vasquez",
)


def make_profiles(directory: Path, count: int) -> list[Path]:
    """``count`` distinct profiles: the examples, each under many different names."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    examples = sorted(EXAMPLES.glob("*.yaml"))
    if not examples:
        raise SystemExit(f"no example profiles in {EXAMPLES}")
    names = itertools.product(FIRST, LAST)
    paths = []
    for index in range(count):
        source = examples[index % len(examples)]
        data: dict[str, Any] = yaml.load(source.read_text(encoding="utf-8"))
        first, last = next(names)
        data.setdefault("basics", {})["name"] = f"{first} {last}"
        path = directory / f"{source.stem}-{index:03d}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


class FakeServer:
    """bench/fake_llm_server.py in a child process."""

    def __init__(self, delay: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "fake_llm_server.py"), "--delay", str(delay)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise SystemExit(f"fake server did not start: {line!r}")
        self.base_url = line.split(" ", 1)[1]

    def requests(self) -> int:
        with urllib.request.urlopen(f"{self.base_url}/stats", timeout=5) as answer:
            count: int = json.load(answer)["requests"]
            return count

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.base_url}/stats/reset", data=b"{}", method="POST")
        urllib.request.urlopen(request, timeout=5).close()

    def prepare(self, bodies: list[dict[str, Any]]) -> None:
        request = urllib.request.Request(
            f"{self.base_url}/prepare", data=json.dumps(bodies).encode(), method="POST"
        )
        urllib.request.urlopen(request, timeout=300).close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def prepare(server: FakeServer, paths: list[Path], kinds: list[str]) -> None:
    """Let the server render every answer before the clock starts (its CPU is not ours)."""
    from stepback_docs.backends.openai_backend import OpenAIBackend
    from stepback_docs.loading import load_profile

    backend = OpenAIBackend(
        model="bench-model", base_url=server.base_url, api_key="sk-bench-not-a-key", cache_dir=None
    )
    bodies = [
        backend._request(load_profile(path), kind, "medium", None, "json_schema")
        for path in paths
        for kind in kinds
    ]
    server.prepare(bodies)


def run(
    server: FakeServer,
    paths: list[Path],
    out: Path,
    cache: Path,
    kinds: list[str],
    jobs: int,
    *,
    force: bool = False,
) -> dict[str, Any]:
    from stepback_docs.backends.openai_backend import OpenAIBackend
    from stepback_docs.batch import run_batch

    backend = OpenAIBackend(
        model="bench-model",
        base_url=server.base_url,
        api_key="sk-bench-not-a-key",
        cache_dir=cache,
        timeout=30,
    )
    server.reset()
    started, cpu = time.perf_counter(), time.process_time()
    result = run_batch(
        paths, out, backend=backend, kinds=kinds, formats=["md"], jobs=jobs, force=force
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    docs = [r for r in result.results if r.document is not None]
    return {
        "jobs": jobs,
        "seconds": seconds,
        "cpu": cpu,
        "requests": server.requests(),
        "client_requests": result.requests,
        "written": result.count("written"),
        "failed": result.count("failed"),
        "from_llm": sum(1 for r in docs if r.document and r.document.backend == "openai"),
        "guards_ok": sum(1 for r in docs if r.document and r.document.ok),
        "tokens": result.usage.total_tokens,
        "errors": sorted({r.error or "" for r in result.failed})[:3],
    }


def transport_only(
    server: FakeServer, paths: list[Path], kinds: list[str], jobs: int
) -> dict[str, Any]:
    """backend.draft() alone in a ``jobs``-thread pool: the LLM layer's own overhead
    (prompt, SDK, HTTP, parsing), without loading, guards or writing."""
    from concurrent.futures import ThreadPoolExecutor

    from stepback_docs.backends.openai_backend import OpenAIBackend
    from stepback_docs.loading import load_profile

    backend = OpenAIBackend(
        model="bench-model",
        base_url=server.base_url,
        api_key="sk-bench-not-a-key",
        cache_dir=None,
        timeout=30,
    )
    work = [(load_profile(path), kind) for path in paths for kind in kinds]
    server.reset()
    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        drafts = list(pool.map(lambda item: backend.draft(item[0], item[1]), work))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "jobs": jobs,
        "seconds": seconds,
        "cpu": cpu,
        "requests": server.requests(),
        "written": 0,
        "failed": 0,
        "from_llm": len(drafts),
        "guards_ok": 0,
        "tokens": sum(d.usage.total_tokens for d in drafts),
        "errors": [],
    }


def breakdown(
    paths: list[Path], cache: Path, out: Path, kinds: list[str], base_url: str
) -> dict[str, float]:
    """Milliseconds of CPU per document for each stage, run sequentially (cache warm).

    The concurrent run cannot beat the ideal by more than this CPU allows: every stage
    holds the GIL, and ``--jobs`` threads only overlap the waiting.
    """
    from stepback_docs.backends.openai_backend import OpenAIBackend
    from stepback_docs.guards import Guards
    from stepback_docs.loading import load_profile
    from stepback_docs.output import write_document

    backend = OpenAIBackend(
        model="bench-model", base_url=base_url, api_key="sk-bench-not-a-key", cache_dir=cache
    )
    documents = len(paths) * len(kinds)
    clock = time.process_time
    started = clock()
    profiles = [load_profile(p) for p in paths]
    load = clock() - started
    started = clock()
    drafts = [(p, k, backend.draft(p, k, length="medium")) for p in profiles for k in kinds]
    draft = clock() - started
    started = clock()
    for profile, kind, result in drafts:
        Guards(profile).check(kind, "medium", result.paragraphs)
    guards = clock() - started
    from stepback_docs.generator import generate

    started = clock()
    docs = [(p, d) for p in profiles for d in generate(p, kinds, backend)]
    whole = clock() - started
    started = clock()
    for index, (profile, doc) in enumerate(docs):
        write_document(doc, profile, out / f"{index}.md", "md")
    write = clock() - started
    per = 1000 / documents
    return {
        "load profile": load * per,
        "backend draft (cache hit)": draft * per,
        "guards": guards * per,
        "generate() total": whole * per,
        "write md": write * per,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--kinds", default="cover-letter,linkedin-about")
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip the sequential run (it takes profiles × kinds × delay)",
    )
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",")

    import stepback_docs.batch  # import cost outside the timed runs
    import stepback_docs.generator  # noqa: F401

    server = FakeServer(args.delay)
    try:
        with tempfile.TemporaryDirectory(prefix="stepback-bench-") as tmp:
            root = Path(tmp)
            (root / "profiles").mkdir()
            paths = make_profiles(root / "profiles", args.profiles)
            prepare(server, paths, kinds)
            # Warm-up (imports, SDK client, first connection): not measured.
            run(server, paths[:2], root / "warm", root / "warm-cache", kinds, 2)

            rows: list[tuple[str, dict[str, Any]]] = []
            concurrent = run(
                server, paths, root / "out-jobs", root / "cache-jobs", kinds, args.jobs
            )
            rows.append((f"--jobs {args.jobs}", concurrent))
            if not args.no_baseline:
                sequential = run(server, paths, root / "out-seq", root / "cache-seq", kinds, 1)
                rows.append(("--jobs 1 (baseline)", sequential))
            cached = run(
                server, paths, root / "out-jobs", root / "cache-jobs", kinds, args.jobs, force=True
            )
            rows.append((f"--jobs {args.jobs} again (cache)", cached))
            transport = transport_only(server, paths, kinds, args.jobs)
            rows.append((f"draft() only, {args.jobs} threads", transport))
            stages = breakdown(
                paths, root / "cache-jobs", root / "out-breakdown", kinds, server.base_url
            )
    finally:
        server.stop()

    documents = args.profiles * len(kinds)
    ideal = concurrent["requests"] * args.delay / args.jobs
    ratio = concurrent["seconds"] / ideal if ideal else float("inf")
    print(
        f"{args.profiles} profiles × {len(kinds)} kinds ({', '.join(kinds)}) = "
        f"{documents} documents; server delay {args.delay * 1000:.0f} ms; formats: md"
    )
    print(
        f"{'run':<28}{'wall s':>9}{'CPU s':>8}{'requests':>10}{'written':>9}{'failed':>8}"
        f"{'by LLM':>8}{'guards ok':>11}{'tokens':>10}"
    )
    for label, row in rows:
        print(
            f"{label:<28}{row['seconds']:>9.2f}{row['cpu']:>8.2f}{row['requests']:>10}{row['written']:>9}"
            f"{row['failed']:>8}{row['from_llm']:>8}{row['guards_ok']:>11}"
            f"{row['tokens']:>10}"
        )
        for error in row["errors"]:
            print(f"    error: {error}")
    print(
        f"ideal for --jobs {args.jobs}: {concurrent['requests']} × {args.delay:g} s / "
        f"{args.jobs} = {ideal:.2f} s; measured / ideal = {ratio:.3f} "
        f"(target ≤ {TARGET_RATIO})"
    )
    transport_ideal = transport["requests"] * args.delay / args.jobs
    print(
        f"the LLM layer alone (draft() in {args.jobs} threads, no guards or files): "
        f"measured / ideal = {transport['seconds'] / transport_ideal:.3f}"
    )
    if not args.no_baseline:
        speedup = sequential["seconds"] / concurrent["seconds"]
        print(f"speed-up over the sequential baseline: {speedup:.1f}×")
    print(
        "CPU per document, sequential, cache warm (ms): "
        + ", ".join(f"{name} {ms:.2f}" for name, ms in stages.items())
    )
    ok = (
        ratio <= TARGET_RATIO
        and cached["requests"] == 0
        and concurrent["failed"] == 0
        and concurrent["from_llm"] == documents
    )
    print(f"second run requests: {cached['requests']} (target 0)")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
