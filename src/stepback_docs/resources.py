"""Find the data directories (templates, prompts) shipped inside the package.

In a wheel they live at ``stepback_docs/templates`` and ``stepback_docs/prompts``; in a
source checkout (editable install, tests) they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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
