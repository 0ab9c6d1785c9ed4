"""stepback-docs: documents for career moves that look like a step back.

The public API is imported lazily so that ``stepback-docs lint`` starts fast: the text
linter must not pay for pydantic, openai or python-docx.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_profile": ("stepback_docs.loading", "load_profile"),
    "Profile": ("stepback_docs.model", "Profile"),
    "ProfileError": ("stepback_docs.errors", "ProfileError"),
    "StepbackError": ("stepback_docs.errors", "StepbackError"),
    "lint_text": ("stepback_docs.lint", "lint_text"),
    "lint_file": ("stepback_docs.lint", "lint_file"),
    "Finding": ("stepback_docs.findings", "Finding"),
    "generate": ("stepback_docs.generator", "generate"),
    "Document": ("stepback_docs.documents", "Document"),
    "assess": ("stepback_docs.assessment", "assess"),
    "Assessment": ("stepback_docs.assessment", "Assessment"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'stepback_docs' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value
