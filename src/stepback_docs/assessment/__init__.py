"""``stepback-docs assess``: is this step back a step forward, and is the profile ready to
say so? See ``core.py`` for what is checked and ``wording.yaml`` for what is said."""

from __future__ import annotations

from .core import Assessment, Caution, assess
from .report import FORMATS, render, to_dict
from .wording import Wording, default_wording, load_wording

__all__ = [
    "FORMATS",
    "Assessment",
    "Caution",
    "Wording",
    "assess",
    "default_wording",
    "load_wording",
    "render",
    "to_dict",
]
