"""Find the documents in a folder the way a coach expects: not in tool folders, not in
what git ignores.

Skipped: hidden entries (``.git``, ``.venv``, ``.tox`` …), the usual tool folders
(``node_modules``, ``__pycache__``, ``venv``, ``site-packages`` …), any virtual
environment (a folder holding ``pyvenv.cfg``), and whatever the ``.gitignore`` files of
the folder, its subfolders and its parents up to the repository root ignore (pathspec,
imported only when there is a ``.gitignore`` to read).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TOOL_FOLDERS = frozenset(
    {
        "node_modules",
        "__pycache__",
        "venv",
        "env",
        "site-packages",
        "dist-packages",
        "bower_components",
        "__pypackages__",
    }
)


class _Ignores:
    """The .gitignore rules that apply inside one folder, each with the folder it is in."""

    def __init__(self, rules: tuple[tuple[Path, Any], ...] = ()) -> None:
        self.rules = rules

    def with_file(self, folder: Path) -> _Ignores:
        found = folder / ".gitignore"
        if not found.is_file():
            return self
        from pathspec import GitIgnoreSpec

        try:
            lines = found.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        return _Ignores((*self.rules, (folder, GitIgnoreSpec.from_lines(lines))))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self.rules:
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + "/" if is_dir else relative):
                return True
        return False


def _repository_ignores(root: Path) -> _Ignores:
    """The .gitignore files above ``root``, up to the folder holding ``.git``."""
    resolved = root.resolve()
    chain = []
    for folder in (resolved, *resolved.parents):
        chain.append(folder)
        if (folder / ".git").exists():
            break
    else:
        chain = [resolved]  # not in a repository: only the folder's own rules
    ignores = _Ignores()
    for folder in reversed(chain[1:]):
        ignores = ignores.with_file(folder)
    return ignores


def skipped_folder(folder: Path) -> bool:
    name = folder.name
    return name.startswith(".") or name in TOOL_FOLDERS or (folder / "pyvenv.cfg").is_file()


def documents_in(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``root`` with one of ``suffixes`` (lower case), sorted, skipping
    hidden entries, tool folders, virtual environments and git-ignored paths."""
    resolved = root.resolve()
    found = [
        root / path.relative_to(resolved)
        for path in _walk(resolved, _repository_ignores(resolved), suffixes)
    ]
    return sorted(found, key=str)


def _walk(folder: Path, ignores: _Ignores, suffixes: tuple[str, ...]) -> Iterator[Path]:
    ignores = ignores.with_file(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if skipped_folder(path) or ignores.ignored(path, True):
                continue
            yield from _walk(path, ignores, suffixes)
        elif (
            entry.is_file() and path.suffix.lower() in suffixes and not ignores.ignored(path, False)
        ):
            yield path
