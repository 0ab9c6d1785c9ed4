"""cache.py: stable keys, atomic thread-safe entries, and damage treated as a miss."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from stepback_docs.backends.cache import DiskCache, default_cache_dir, request_key

REQUEST = {
    "base_url": "http://127.0.0.1:8080/v1",
    "model": "m",
    "messages": [{"role": "user", "content": "Write a letter"}],
    "temperature": 0.7,
}


def test_key_ignores_dict_order_but_not_content() -> None:
    reordered = dict(reversed(list(REQUEST.items())))
    assert request_key(reordered) == request_key(REQUEST)
    assert len(request_key(REQUEST)) == 64
    for change in (
        {"model": "n"},
        {"temperature": 0.2},
        {"base_url": "http://other/v1"},
        {"messages": [{"role": "user", "content": "Write a letter."}]},
    ):
        assert request_key({**REQUEST, **change}) != request_key(REQUEST)


def test_round_trip_and_layout(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    key = request_key(REQUEST)
    assert cache.get(key) is None
    cache.put(key, {"paragraphs": ["Één", "two"], "model": "m"})
    assert cache.get(key) == {"paragraphs": ["Één", "two"], "model": "m"}
    assert (tmp_path / key[:2] / f"{key}.json").is_file()


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", '{"v": 999, "value": {}}', '{"v": 1, "value": "text"}', ""]
)
def test_damaged_entries_are_misses(tmp_path: Path, content: str) -> None:
    cache = DiskCache(tmp_path)
    key = request_key(REQUEST)
    path = tmp_path / key[:2] / f"{key}.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    assert cache.get(key) is None
    cache.put(key, {"paragraphs": ["fixed"]})  # and a new answer replaces it
    assert cache.get(key) == {"paragraphs": ["fixed"]}


def test_concurrent_writers_of_one_key_leave_one_whole_entry(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    key = request_key(REQUEST)
    big = ["x" * 20_000]
    errors: list[BaseException] = []
    reads: list[object] = []

    def writer(n: int) -> None:
        try:
            for _ in range(20):
                cache.put(key, {"paragraphs": big, "n": n})
                reads.append(cache.get(key))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(isinstance(r, dict) and r["paragraphs"] == big for r in reads)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and json.loads(files[0].read_text())["value"]["paragraphs"] == big


def test_default_dir_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("STEPBACK_DOCS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "stepback-docs" / "llm"
    monkeypatch.setenv("STEPBACK_DOCS_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine" / "llm"
