"""The committed examples: every profile validates and examples/output/ is up to date."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from repo_paths import EXAMPLES, REPO
from stepback_docs.loading import load_profile
from stepback_docs.model import MotivationKind, Move

OUTPUT = REPO / "examples" / "output"
PROFILES = sorted(EXAMPLES.glob("*.yaml"))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "regenerate_examples", REPO / "scripts" / "regenerate_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(root: Path, name: str | None = None) -> dict[str, str]:
    """The generated documents: ``<stem>/<kind>.md`` (not the hand-written README, nor
    the assessments); with ``name``, only the files of that name (``assessment.md``)."""
    assessment = _script().ASSESSMENT
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.glob("*/*"))
        if p.is_file() and ((p.name == name) if name else p.name != assessment)
    }


def test_there_are_at_least_six_profiles_covering_the_issue_stories() -> None:
    assert len(PROFILES) >= 6
    profiles = [load_profile(p) for p in PROFILES]
    moves = {p.stepback.move for p in profiles}
    assert {
        Move.LOWER_TITLE,
        Move.SMALLER_ORGANIZATION,
        Move.NEW_INDUSTRY,
        Move.INDIVIDUAL_CONTRIBUTOR,
    } <= moves
    motivations = {m.kind for p in profiles for m in p.stepback.motivations}
    assert MotivationKind.PREFERRED_EMPLOYER in motivations
    assert MotivationKind.LEARNING in motivations
    assert {p.stepback.tone for p in profiles} == {"warm", "formal", "direct"}
    assert {p.stepback.compensation for p in profiles} >= {"aligned", "flexible"}
    assert any(p.stepback.target.hiring_manager for p in profiles)
    assert any(not p.stepback.target.hiring_manager for p in profiles)
    for path, profile in zip(PROFILES, profiles, strict=True):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema.json", path.name
        assert profile.stepback.private_notes, path.name
        assert profile.stepback.stories and profile.work and profile.skills, path.name
        assert profile.education, path.name
        assert any(ch.isdigit() for s in profile.stepback.stories for ch in s.result), path.name


def test_every_example_validates_with_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stepback_docs", "validate", *map(str, PROFILES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(PROFILES)} of {len(PROFILES)} profiles valid" in result.stdout


def test_committed_output_equals_a_fresh_regeneration(tmp_path: Path) -> None:
    written, failures = _script().regenerate(tmp_path)
    assert failures == []
    fresh = _tree(tmp_path)
    assert len(written) == len(fresh)
    assert len(fresh) == len(PROFILES) * 5
    committed = _tree(OUTPUT)
    stale = sorted(set(committed) ^ set(fresh))
    changed = sorted(k for k in fresh if k in committed and committed[k] != fresh[k])
    assert not stale and not changed, (
        f"examples/output is out of date (files {stale}, changed {changed}): "
        "run python scripts/regenerate_examples.py"
    )


def test_committed_assessments_equal_a_fresh_run(tmp_path: Path) -> None:
    script = _script()
    written = script.regenerate_assessments(tmp_path)
    assert len(written) == len(PROFILES)
    fresh = _tree(tmp_path, script.ASSESSMENT)
    committed = _tree(OUTPUT, script.ASSESSMENT)
    assert set(fresh) == {f"{p.stem}/{script.ASSESSMENT}" for p in PROFILES}
    changed = sorted(k for k in fresh if committed.get(k) != fresh[k])
    stale = sorted(set(committed) - set(fresh))
    assert not stale and not changed, (
        f"examples/output assessments are out of date (files {stale}, changed {changed}): "
        "run python scripts/regenerate_examples.py"
    )


def test_regeneration_keeps_the_assessments(tmp_path: Path) -> None:
    script = _script()
    script.regenerate_assessments(tmp_path)
    script.regenerate(tmp_path)
    assert (tmp_path / "vp-to-director" / script.ASSESSMENT).is_file()


def test_private_notes_never_reach_the_examples() -> None:
    for path in PROFILES:
        profile = load_profile(path)
        notes = profile.stepback.private_notes or ""
        folder = OUTPUT / path.stem
        text = " ".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
        assert notes[:40] not in text
        assert profile.stepback.target.position in text


@pytest.mark.parametrize("leftover", ["gone/cover-letter.md", "vp-to-director/old-kind.md"])
def test_regeneration_removes_stale_files(tmp_path: Path, leftover: str) -> None:
    stale = tmp_path / leftover
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    (tmp_path / "README.md").write_text("kept")
    _script().regenerate(tmp_path)
    assert (tmp_path / "README.md").read_text() == "kept"
    assert not stale.exists()
    assert not (tmp_path / "gone").exists()
    assert (tmp_path / "vp-to-director" / "cover-letter.md").is_file()


def test_readme_names_every_example_folder() -> None:
    readme = (OUTPUT / "README.md").read_text(encoding="utf-8")
    for path in PROFILES:
        assert f"`{path.stem}/`" in readme, path.stem
