"""Find the data directories (templates, prompts) shipped inside the package, and a
coach's own folder that overrides them file by file.

In a wheel they live at ``stepback_docs/templates`` and ``stepback_docs/prompts``; in a
source checkout (editable install, tests) they are the repository's top-level folders.
A custom folder (``generate --custom-dir DIR`` or ``custom-dir`` in the configuration;
``stepback-docs customize DIR`` copies the shipped files there) holds ``templates/``
and ``prompts/`` subfolders; a file there is used instead of the shipped file of the
same name, and every other file still comes from the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FOLDERS = ("templates", "prompts")
_CUSTOM: list[Path] = []  # the custom folder, when one is in use (at most one)


@cache
def data_dir(name: str) -> Path:
    """Directory ``name`` ("templates" or "prompts"), installed or in the checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"stepback-docs is missing its {name}/ folder (broken install?)")


def use_custom_dir(folder: Path | None) -> None:
    """Use ``folder``'s ``templates/`` and ``prompts/`` files over the shipped ones (None:
    only the shipped files). Affects every later render in this process."""
    _CUSTOM.clear()
    if folder is not None:
        _CUSTOM.append(folder.resolve())


def custom_dir() -> Path | None:
    return _CUSTOM[0] if _CUSTOM else None


def search_path(name: str) -> tuple[str, ...]:
    """The folders to look for ``name``'s files in, the custom one first."""
    shipped = str(data_dir(name))
    custom = custom_dir()
    if custom is not None and (custom / name).is_dir():
        return (str(custom / name), shipped)
    return (shipped,)


def data_files(name: str) -> list[tuple[str, Path]]:
    """(file name, the file in use) for every file of ``name``, sorted by name."""
    found: dict[str, Path] = {}
    for folder in reversed(search_path(name)):
        for file in Path(folder).iterdir():
            if file.is_file() and not file.name.startswith("."):
                found[file.name] = file
    return sorted(found.items())
