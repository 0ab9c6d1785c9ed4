"""The wheel ships templates/ and prompts/, and an installed copy loads them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from repo_paths import REPO
from stepback_docs.lint.learned import MODEL_FILE


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("stepback_docs-*.whl")
    return found


def test_wheel_contains_templates_and_prompts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = [n for n in names if n.startswith("stepback_docs/templates/")]
    prompts = [n for n in names if n.startswith("stepback_docs/prompts/")]
    assert "stepback_docs/templates/starter-profile.yaml" in templates
    assert any(n.endswith(".j2") for n in templates), templates
    assert any(n.endswith(".j2") for n in prompts), prompts
    repo_files = {
        f"stepback_docs/{p.relative_to(REPO)}"
        for d in ("templates", "prompts")
        for p in (REPO / d).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert repo_files <= set(names)


def test_wheel_ships_the_assess_wording(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "stepback_docs/assessment/wording.yaml" in names
    packaged = zipfile.ZipFile(wheel).read("stepback_docs/assessment/wording.yaml")
    assert packaged == (REPO / "src/stepback_docs/assessment/wording.yaml").read_bytes()


def install(wheel: Path, target: Path) -> None:
    """The wheel installed into ``target`` alone (no dependencies), for a child Python."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_installed_copy_loads_its_own_templates_and_prompts(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install(wheel, target)
    code = (
        "import stepback_docs, stepback_docs.resources as r;"
        "print(stepback_docs.__file__);"
        "print(r.data_dir('templates'));"
        "print(r.data_dir('prompts'));"
        "print(len((r.data_dir('templates') / 'starter-profile.yaml').read_text()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    package_file, templates, prompts, size = result.stdout.split("\n")[:4]
    assert package_file.startswith(str(target))
    assert templates == str(target / "stepback_docs" / "templates")
    assert prompts == str(target / "stepback_docs" / "prompts")
    assert int(size) > 100


def test_the_wheel_ships_the_learned_weights_and_an_installed_copy_uses_them(
    wheel: Path, tmp_path: Path
) -> None:
    assert "stepback_docs/lint/learned-model.json.gz" in zipfile.ZipFile(wheel).namelist()
    target = tmp_path / "site"
    install(wheel, target)
    code = (
        "from stepback_docs.lint import lint_text; from stepback_docs.lint import learned;"
        "print(learned.MODEL_FILE); print([f.rule for f in lint_text(input())])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input="I want a job where nobody expects much from me any more.",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    where, rules = done.stdout.splitlines()
    assert where.startswith(str(target)) and where != str(MODEL_FILE)
    assert ".learned" in rules
