"""run_batch: layout, skipping, failure isolation, fatal errors, real concurrency."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from repo_paths import EXAMPLES
from stepback_docs.backends.llm_errors import LLMAuthError, LLMServerError
from stepback_docs.batch import MANIFEST_NAME, BatchAborted, expand_sources, one_line, run_batch
from stepback_docs.documents import Document, Usage
from stepback_docs.errors import StepbackError
from stepback_docs.generator import generate
from stepback_docs.guards import GuardError
from stepback_docs.model import Profile

VP = EXAMPLES / "vp-to-director.yaml"
HR = EXAMPLES / "new-field-hr.yaml"
KINDS2 = ["cover-letter", "linkedin-headline"]


class Recorder:
    """A generate() double that records calls and makes a small fixed document."""

    def __init__(
        self,
        fail: dict[tuple[str, str], BaseException] | None = None,
        barrier: threading.Barrier | None = None,
    ) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail = fail or {}
        self.barrier = barrier
        self.lock = threading.Lock()

    def __call__(
        self, profile: Profile, kinds: Iterable[str], backend: Any, length: str, fallback: bool
    ) -> list[Document]:
        (kind,) = list(kinds)
        name = profile.basics.name or "?"
        with self.lock:
            self.calls.append((name, kind))
        if self.barrier is not None:
            self.barrier.wait()
        problem = self.fail.get((name, kind))
        if problem is not None:
            raise problem
        return [
            Document(
                kind=kind,
                paragraphs=[f"{name} {kind} {length}"],
                backend="fake",
                usage=Usage(10, 5),
                requests=1,
            )
        ]


def _files(root: Path) -> list[str]:
    """The documents under ``root`` (each profile folder's manifest left out)."""
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != MANIFEST_NAME
    )


def test_writes_every_kind_and_format_with_the_real_generator(tmp_path: Path) -> None:
    result = run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["md", "json", "docx"])
    assert [(r.stem, r.kind, r.status) for r in result.results] == [
        ("vp-to-director", "cover-letter", "written"),
        ("vp-to-director", "linkedin-headline", "written"),
        ("new-field-hr", "cover-letter", "written"),
        ("new-field-hr", "linkedin-headline", "written"),
    ]
    assert _files(tmp_path) == sorted(
        f"{stem}/{kind}.{fmt}"
        for stem in ("vp-to-director", "new-field-hr")
        for kind in KINDS2
        for fmt in ("md", "json", "docx")
    )
    data = json.loads((tmp_path / "new-field-hr" / "cover-letter.json").read_text())
    assert data["backend"] == "templates" and data["kind"] == "cover-letter"
    assert data["paragraphs"] == result.results[2].document.paragraphs  # type: ignore[union-attr]
    assert "Sonoran Health Partners" in (tmp_path / "new-field-hr/cover-letter.md").read_text()


def test_rerun_skips_finished_documents_unless_forced(tmp_path: Path) -> None:
    first = Recorder()
    run_batch([VP], tmp_path, kinds=KINDS2, formats=["md", "txt"], generate_fn=first)
    assert len(first.calls) == 2
    (tmp_path / "vp-to-director" / "linkedin-headline.txt").unlink()  # half done

    second = Recorder()
    result = run_batch([VP], tmp_path, kinds=KINDS2, formats=["md", "txt"], generate_fn=second)
    assert second.calls == [("Maria Okafor", "linkedin-headline")]
    assert [r.status for r in result.results] == ["skipped", "written"]

    forced = Recorder()
    result = run_batch(
        [VP], tmp_path, kinds=KINDS2, formats=["md", "txt"], force=True, generate_fn=forced
    )
    assert len(forced.calls) == 2 and result.count("written") == 2


def test_a_finished_profile_is_not_even_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["md"], generate_fn=Recorder())
    (tmp_path / "new-field-hr" / "cover-letter.md").unlink()
    import stepback_docs.loading as loading

    parsed: list[str] = []
    real = loading.load_profile

    def counting(path: str | Path) -> Profile:
        parsed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loading, "load_profile", counting)
    result = run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["md"], generate_fn=Recorder())
    assert parsed == ["new-field-hr.yaml"]
    assert [r.status for r in result.results] == ["skipped", "skipped", "written", "skipped"]


def test_editing_a_profile_makes_its_documents_due_again(tmp_path: Path) -> None:
    profile = tmp_path / "maria.yaml"
    shutil.copy(VP, profile)
    run_batch([profile], tmp_path / "out", kinds=KINDS2, formats=["md"], generate_fn=Recorder())
    unchanged = Recorder()
    run_batch([profile], tmp_path / "out", kinds=KINDS2, formats=["md"], generate_fn=unchanged)
    assert unchanged.calls == []
    later = (tmp_path / "out" / "maria" / "cover-letter.md").stat().st_mtime + 10
    os.utime(profile, (later, later))  # touched, not changed: still up to date
    touched = Recorder()
    run_batch([profile], tmp_path / "out", kinds=KINDS2, formats=["md"], generate_fn=touched)
    assert touched.calls == []
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("Maria Okafor", "Maria Okafor-Reyes"),
        encoding="utf-8",
    )
    os.utime(profile, (0, 0))  # older than its outputs: the content decides, not the clock
    edited = Recorder()
    result = run_batch(
        [profile], tmp_path / "out", kinds=KINDS2, formats=["md"], generate_fn=edited
    )
    assert len(edited.calls) == 2
    assert [(r.status, r.reason) for r in result.results] == [("written", "stale")] * 2


def test_a_bad_profile_is_reported_and_the_rest_complete(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("stepback: [unclosed\n")
    missing = tmp_path / "missing.yaml"
    result = run_batch(
        [bad, VP, missing], tmp_path / "out", kinds=KINDS2, formats=["txt"], generate_fn=Recorder()
    )
    failed = result.failed
    assert [(r.stem, r.kind) for r in failed] == [("broken", None), ("missing", None)]
    assert [r.documents for r in failed] == [2, 2]  # progress: both kinds are accounted for
    assert failed[0].error is not None and failed[0].error.startswith(f"{bad}:2:1: ")
    assert "YAML syntax error" in failed[0].error and "\n" not in failed[0].error
    assert failed[1].error == f"{missing}: no such file"
    assert result.count("written") == 2
    assert _files(tmp_path / "out") == [
        "vp-to-director/cover-letter.txt",
        "vp-to-director/linkedin-headline.txt",
    ]


def test_a_failing_document_does_not_stop_its_siblings(tmp_path: Path) -> None:
    guard = GuardError(
        "cover-letter: the template document failed its guards:",
        ["form: 226 words: cut it to at most 200", "lint: x"],
    )
    server = LLMServerError("http://127.0.0.1:9/v1 answered 500 on every attempt")
    fake = Recorder(
        fail={
            ("Maria Okafor", "cover-letter"): guard,
            ("Elena Vasquez", "linkedin-headline"): server,
        }
    )
    result = run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["md"], jobs=3, generate_fn=fake)
    assert [r.status for r in result.results] == ["failed", "written", "written", "failed"]
    assert result.results[0].error == (
        "cover-letter: the template document failed its "
        "guards: form: 226 words: cut it to at most 200; lint: x"
    )
    assert result.results[3].error == server.args[0]
    assert result.usage == Usage(20, 10) and result.requests == 2


def test_an_error_every_document_would_hit_stops_the_batch(tmp_path: Path) -> None:
    auth = LLMAuthError("http://127.0.0.1:9/v1 rejected the API key (401)")
    fake = Recorder(fail={("Maria Okafor", "cover-letter"): auth})
    with pytest.raises(BatchAborted, match=r"^stopped: .*rejected the API key \(401\)$"):
        run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["md"], generate_fn=fake)
    assert fake.calls == [("Maria Okafor", "cover-letter")]  # nothing after the fatal one
    assert _files(tmp_path) == []


def test_jobs_really_run_documents_at_the_same_time(tmp_path: Path) -> None:
    # Four documents must all be in generate() at once to pass the barrier; with
    # fewer threads the barrier times out and the documents fail.
    fake = Recorder(barrier=threading.Barrier(4, timeout=10))
    result = run_batch([VP, HR], tmp_path, kinds=KINDS2, formats=["txt"], jobs=4, generate_fn=fake)
    assert result.count("written") == 4, [r.error for r in result.results]

    lonely = Recorder(barrier=threading.Barrier(2, timeout=0.3))
    result = run_batch(
        [VP], tmp_path / "seq", kinds=KINDS2, formats=["txt"], jobs=1, generate_fn=lonely
    )
    assert result.count("failed") == 2  # sequential: nobody to meet at the barrier


def test_results_keep_input_order_and_callbacks_see_every_document(tmp_path: Path) -> None:
    seen: list[tuple[str, str | None]] = []
    totals: list[int] = []
    result = run_batch(
        [HR, VP],
        tmp_path,
        kinds=["linkedin-headline", "cover-letter"],
        formats=["txt"],
        jobs=4,
        generate_fn=Recorder(),
        on_start=totals.append,
        on_result=lambda r: seen.append((r.stem, r.kind)),
    )
    assert totals == [4]
    order = [(r.stem, r.kind) for r in result.results]
    assert order == [
        ("new-field-hr", "linkedin-headline"),
        ("new-field-hr", "cover-letter"),
        ("vp-to-director", "linkedin-headline"),
        ("vp-to-director", "cover-letter"),
    ]
    assert sorted(seen, key=str) == sorted(order, key=str)


def test_interrupt_leaves_only_complete_files(tmp_path: Path) -> None:
    fake = Recorder(fail={("Maria Okafor", "linkedin-headline"): KeyboardInterrupt()})
    with pytest.raises(KeyboardInterrupt):
        run_batch([VP], tmp_path, kinds=KINDS2, formats=["md", "docx"], generate_fn=fake)
    assert _files(tmp_path) == [
        "vp-to-director/cover-letter.docx",
        "vp-to-director/cover-letter.md",
    ]


def test_api_key_never_reaches_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-1234")
    leaky = StepbackError("server said: bad key sk-test-SECRET-1234")
    fake = Recorder(fail={("Maria Okafor", "cover-letter"): leaky})
    result = run_batch([VP], tmp_path, kinds=KINDS2, formats=["md"], generate_fn=fake)
    assert result.results[0].error == "server said: bad key [redacted]"


def test_folders_expand_to_their_profiles(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yml", "c.json"):
        shutil.copy(VP, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a profile")
    (tmp_path / "sub").mkdir()
    found = expand_sources([tmp_path, tmp_path / "a.yaml"])
    assert [p.name for p in found] == ["a.yaml", "b.yml", "c.json"]


def test_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(StepbackError, match=r"empty: folder has no profiles"):
        expand_sources([tmp_path / "empty"])
    (tmp_path / "x").mkdir()
    shutil.copy(VP, tmp_path / "x" / "maria.yaml")
    shutil.copy(VP, tmp_path / "maria.json")
    with pytest.raises(StepbackError, match=r"would both write to the output folder 'maria/'"):
        expand_sources([tmp_path / "x", tmp_path / "maria.json"])
    with pytest.raises(StepbackError, match=r"unknown document kind 'resume'"):
        run_batch([VP], tmp_path, kinds=["resume"])
    with pytest.raises(StepbackError, match=r"unknown format 'pdf'"):
        run_batch([VP], tmp_path, formats=["pdf"])
    with pytest.raises(StepbackError, match=r"--jobs must be 1 or more"):
        run_batch([VP], tmp_path, jobs=0)


def test_one_line_joins_problems_and_names_unexpected_errors() -> None:
    assert one_line(StepbackError("heading:\n  second\n\nthird")) == "heading: second; third"
    assert one_line(StepbackError("a.yaml:1:1: x\na.yaml:2:1: y")) == (
        "a.yaml:1:1: x; a.yaml:2:1: y"
    )
    assert one_line(ValueError("boom")) == "ValueError: boom"
    assert one_line(RuntimeError()) == "RuntimeError"


def test_real_generator_matches_what_batch_wrote(tmp_path: Path) -> None:
    run_batch([HR], tmp_path, kinds=["linkedin-about"], formats=["txt"])
    written = (tmp_path / "new-field-hr" / "linkedin-about.txt").read_text()
    from stepback_docs.loading import load_profile

    (doc,) = generate(load_profile(HR), ["linkedin-about"])
    assert written == "\n\n".join(doc.paragraphs) + "\n"
