"""Issue 12, inputs that hang or exhaust: YAML aliases, reads without a cap (a FIFO, a
device, standard input), the LLM cache and an LLM answer of any size.

Every case is one line naming the file or cause, in bounded time: the ones that hung
before run in a child process under a timeout."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakeserver import Reply, serve
from repo_paths import REPO
from stepback_docs.backends import llm_errors as errs
from stepback_docs.backends.cache import DiskCache
from stepback_docs.backends.openai_backend import MAX_ANSWER_BYTES, OpenAIBackend
from stepback_docs.errors import ProfileError
from stepback_docs.loading import load_profile
from stepback_docs.model import Profile

GOOD = (REPO / "tests" / "cassettes" / "profiles" / "vp-to-director.yaml").read_text()


def cli(*args: str, stdin: bytes | None = None, timeout: float = 60) -> tuple[int, str, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "stepback_docs", *args],
            input=stdin,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"stepback-docs {' '.join(args)} did not finish in {timeout} s")
    return done.returncode, done.stdout.decode(), done.stderr.decode()


# ------------------------------------------------------------------ YAML aliases


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_profile_is_refused_at_the_first_alias(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(GOOD + billion_laughs())  # 4 KB that expand to 3+ GB
    code, _, err = cli("validate", str(path), timeout=30)
    assert code == 1  # validate: 1 for a profile with problems
    line = len(GOOD.splitlines()) + 2
    assert err.strip() == (
        f"{path}:{line}:10: YAML alias '*a0' is not allowed in a profile "
        "(aliases can expand without limit): write the value out"
    )


def test_an_alias_in_a_valid_profile_is_refused_too(tmp_path: Path) -> None:
    """A 10**7-node variant used to be accepted: an alias anywhere is refused."""
    path = tmp_path / "merge.yaml"
    text = GOOD.replace("stepback:", "x: &x\n  a: 1\nstepback:", 1) + "y: *x\n"
    path.write_text(text)
    with pytest.raises(ProfileError, match=r"YAML alias '\*x' is not allowed"):
        load_profile(path)


def test_json_nested_a_thousand_deep_is_one_line(tmp_path: Path) -> None:
    for name, text in (
        ("list.json", "[" * 1000 + "]" * 1000),
        ("map.json", '{"a":' * 1000 + "1" + "}" * 1000),
    ):
        path = tmp_path / name
        path.write_text(text)
        code, _, err = cli("validate", str(path))
        assert (code, err.strip()) == (1, f"{path}: is nested too deeply to be a profile")
        code, _, err = cli("lint", "--profile", str(path), str(path))
        assert (code, err.strip()) == (2, f"error: {path}: is nested too deeply to be a profile")


# ------------------------------------------------------------------ reads with a cap


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    yield path


def test_a_fifo_as_lint_input_is_refused_not_waited_on(fifo: Path) -> None:
    code, _, err = cli("lint", str(fifo), timeout=30)
    assert code == 2
    assert err.strip() == f"error: {fifo}: is a named pipe (FIFO), not a regular file"


def test_a_fifo_or_device_as_profile_is_refused(fifo: Path, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    os.rename(fifo, profile)
    code, _, err = cli("validate", str(profile), timeout=30)
    assert (code, err.strip()) == (1, f"{profile}: is a named pipe (FIFO), not a regular file")
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")  # read whole, this exhausted memory
    code, _, err = cli("validate", str(zero), timeout=30)
    assert (code, err.strip()) == (1, f"{zero}: is a character device, not a regular file")


def test_a_fifo_as_lint_config_is_refused(fifo: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg.toml"
    os.rename(fifo, config)
    doc = tmp_path / "a.txt"
    doc.write_text("We shipped on time.\n")
    code, _, err = cli("lint", "--config", str(config), str(doc), timeout=30)
    assert (code, err.strip()) == (
        2,
        f"error: {config}: cannot read config: is a named pipe (FIFO), not a regular file",
    )


def test_lint_stdin_is_read_with_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from stepback_docs.readers import limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)

    class Endless:
        """Standard input that never ends (``yes | stepback-docs lint -``)."""

        asked: list[int] = []  # noqa: RUF012

        def read(self, size: int = -1) -> bytes:
            self.asked.append(size)
            assert size >= 0, "read without a limit"
            return b"y\n" * (size // 2 + 1)

    with pytest.raises(Exception, match=r"^-: input too large \(limit 0 MB\)$"):
        limits.read_stream(Endless(), "-")  # type: ignore[arg-type]
    assert Endless.asked == [1001]


def test_lint_stdin_over_the_limit_is_one_line() -> None:
    code, _, err = cli("lint", "-", stdin=b"I was fine.\n" * (6 * 1024 * 1024), timeout=60)
    assert (code, err.strip()) == (2, "error: -: input too large (limit 64 MB)")


# ------------------------------------------------------------------ the LLM cache


def test_a_fifo_or_deeply_nested_cache_entry_is_a_warning_and_a_miss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = DiskCache(tmp_path)
    key = "ab" + "0" * 62
    entry = tmp_path / "ab" / f"{key}.json"
    entry.parent.mkdir()
    os.mkfifo(entry)
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.append(cache.get(key)), daemon=True)
    with caplog.at_level(logging.WARNING, "stepback_docs.llm"):
        reader.start()
        reader.join(10)
    if reader.is_alive():  # blocked opening the FIFO: let it go, then fail
        os.close(os.open(entry, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO cache entry blocked")
    assert got == [None]
    entry.unlink()
    entry.write_text("[" * 100_000 + "]" * 100_000)  # json raises RecursionError
    with caplog.at_level(logging.WARNING, "stepback_docs.llm"):
        assert cache.get(key) is None
    assert len([r for r in caplog.records if "ignoring unreadable cache entry" in r.message]) == 2


def test_an_unwritable_cache_is_a_warning_not_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = DiskCache(blocked / "llm")  # every write fails (NotADirectoryError)
    with caplog.at_level(logging.WARNING, "stepback_docs.llm"):
        for n in range(5):
            cache.put(f"cd{n}" + "0" * 61, {"paragraphs": ["paid for"]})
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert said == [f"cannot write the LLM cache in {blocked / 'llm'} (Not a directory)"]


# ------------------------------------------------------------------ LLM answer size


@pytest.fixture
def profile() -> Profile:
    return load_profile(REPO / "tests" / "cassettes" / "profiles" / "vp-to-director.yaml")


def test_an_oversized_answer_is_cut_off_and_not_retried(profile: Profile) -> None:
    huge = b'{"choices": [' + b" " * (MAX_ANSWER_BYTES + 10) + b"]}"
    with serve(Reply(body=huge)) as server:
        llm = OpenAIBackend(
            model="m", base_url=server.base_url, api_key="sk-x", cache_dir=None, timeout=10
        )
        with pytest.raises(errs.LLMBadResponse) as info:
            llm.draft(profile, "cover-letter")
    assert len(server.chat_requests) == 1
    assert str(info.value) == (
        f"the LLM server at {server.base_url} sent an answer larger than 8 MB: "
        "not a chat completion"
    )


def test_an_oversized_answer_without_a_length_is_cut_off_while_read(profile: Profile) -> None:
    import httpx2

    sent: list[int] = []

    def body() -> Iterator[bytes]:
        for _ in range(1000):  # 1 GB if read whole
            sent.append(1)
            yield b" " * 2**20

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body(), headers={"content-type": "application/json"})

    client = httpx2.Client(transport=httpx2.MockTransport(handler))
    llm = OpenAIBackend(
        model="m", base_url="http://127.0.0.1:9/v1", api_key="sk-x", cache_dir=None,
        http_client=client, max_attempts=3,
    )  # fmt: skip
    with pytest.raises(errs.LLMBadResponse, match="larger than 8 MB"):
        llm.draft(profile, "cover-letter")
    assert len(sent) <= MAX_ANSWER_BYTES // 2**20 + 2


def test_cache_entries_round_trip_as_json(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put("ef" + "1" * 62, {"paragraphs": ["a"]})
    stored = json.loads((tmp_path / "ef" / ("ef" + "1" * 62 + ".json")).read_text())
    assert stored["value"] == {"paragraphs": ["a"]}


def test_generate_with_an_unwritable_cache_still_writes_every_paid_for_document(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from fakeserver import completion
    from stepback_docs.cli import generate_docs_main

    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    headline = "Director of Operations | Food manufacturing | Changeover reduction"
    with serve(completion([headline])) as server, caplog.at_level(logging.WARNING):
        code = generate_docs_main(
            [
                str(REPO / "examples" / "profiles" / "vp-to-director.yaml"),
                str(REPO / "examples" / "profiles" / "manager-to-ic.yaml"),
                "--out", str(tmp_path / "out"), "--backend", "openai",
                "--base-url", server.base_url, "--model", "m", "--kinds", "linkedin-headline",
                "--format", "json", "--cache-dir", str(blocked), "-q",
            ]
        )  # fmt: skip
    assert code == 0
    written = sorted(
        p.parent.name for p in (tmp_path / "out").rglob("*.json") if not p.name.startswith(".")
    )
    assert written == ["manager-to-ic", "vp-to-director"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith("cannot write the LLM cache in ")
