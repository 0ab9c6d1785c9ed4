"""A coach's first hour (issue 13): files the tool writes, and what it reads."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from repo_paths import EXAMPLES

VP = EXAMPLES / "vp-to-director.yaml"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    """Letters, .docx copies, reports and the schema get 0666 less the umask, as files
    any other tool writes (mkstemp alone made every one 0600)."""
    script = (
        "import os, sys\n"
        f"os.umask({umask})\n"
        "from stepback_docs.cli import main, generate_docs_main\n"
        "out = sys.argv[1]\n"
        f"assert generate_docs_main([{str(VP)!r}, '--out', out, '--kinds', 'cover-letter',"
        " '--format', 'md,docx', '-q']) == 0\n"
        "assert main(['init', out + '/client.yaml']) == 0\n"
        "main(['lint', out + '/vp-to-director/cover-letter.md', '-o', out + '/report.txt'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    written = [
        tmp_path / "vp-to-director" / "cover-letter.md",
        tmp_path / "vp-to-director" / "cover-letter.docx",
        tmp_path / "client.yaml",
        tmp_path / "stepback-docs.schema.json",
        tmp_path / "report.txt",
    ]
    assert {p.name: oct(_mode(p)) for p in written} == {p.name: oct(expected) for p in written}


def test_a_replaced_file_keeps_its_mode_and_the_cache_stays_private(tmp_path: Path) -> None:
    from stepback_docs.backends.cache import DiskCache
    from stepback_docs.writing import write_text_atomic

    target = tmp_path / "letter.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and _mode(target) == 0o640

    cache = DiskCache(tmp_path / "cache")
    cache.put("k" * 64, {"paragraphs": ["x"]})
    (entry,) = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert _mode(entry) == 0o600
