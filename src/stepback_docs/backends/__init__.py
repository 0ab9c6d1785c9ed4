"""Backends that draft documents (see ``documents.Backend``).

Each backend lives in its own module and is imported only when chosen, so the lint path
never pays for the LLM SDK.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..documents import Backend
from ..errors import StepbackError

BACKEND_NAMES: tuple[str, ...] = ("templates", "openai")

# name -> (module, class); the class is built with the keyword options given to get_backend.
_REGISTRY: dict[str, tuple[str, str]] = {
    "templates": ("stepback_docs.backends.templates", "TemplatesBackend"),
    "openai": ("stepback_docs.backends.openai_backend", "OpenAIBackend"),
}


def get_backend(backend: str | Backend, **options: Any) -> Backend:
    """A backend instance from its name, or ``backend`` itself if it already is one."""
    if not isinstance(backend, str):
        return backend
    try:
        module_name, class_name = _REGISTRY[backend]
    except KeyError:
        names = ", ".join(BACKEND_NAMES)
        raise StepbackError(f"unknown backend {backend!r}: choose one of {names}") from None
    module = importlib.import_module(module_name)
    cls: Any = getattr(module, class_name)
    instance: Backend = cls(**options)
    return instance
