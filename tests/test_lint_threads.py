"""The linter is safe to call from threads (issue 12): ``generate --jobs N`` runs the lint
guard in worker threads, and a result that differs from a serial run lets a bad draft
pass. The engine's shared memory of prefix words is the state threads used to race on
(one thread cleared it while others read it)."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from repo_paths import REPO
from stepback_docs.findings import LintConfig
from stepback_docs.lint import engine, lint_text


def _texts() -> list[str]:
    corpus = REPO / "tests" / "data" / "lint-regression.jsonl"
    sentences = [
        json.loads(line)["text"] for line in corpus.read_text().splitlines() if line.strip()
    ]
    rng = random.Random(8)
    texts = []
    for n in range(600):
        # words never seen before make the engine learn, and (with a small memory) forget
        fresh = " ".join(f"care{n}x{k} retire{n}y{k} hope{n}z{k}" for k in range(5))
        doubt = rng.choice(["I was miserable.", "I hope to retire.", "I felt micromanaged."])
        texts.append(" ".join(rng.sample(sentences, 3)) + f" {fresh}. {doubt}")
    return texts


def _key(text: str) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.rule, f.severity) for f in lint_text(text, LintConfig())]


def test_eight_threads_find_what_a_serial_run_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MAX_REMEMBERED_WORDS", 50)  # forget often: the race
    sys.setswitchinterval(1e-6)  # threads take turns often, as on a loaded machine
    texts = _texts()
    serial = [_key(t) for t in texts]
    assert sum(map(len, serial)) > 500
    for _ in range(3):
        with ThreadPoolExecutor(8) as pool:
            threaded = list(pool.map(_key, texts))
        assert threaded == serial


@pytest.fixture(autouse=True)
def _restore_switch_interval() -> Iterator[None]:
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)
