"""JSON writer: the document with its full provenance, for tools and audits.

It carries everything a reviewer needs to trust or question a document (backend, model,
attempts, why a fallback happened, each guard's verdict, token usage) but nothing from
``private_notes``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..documents import Document
from ..model import Profile
from .labels import title


def document_data(doc: Document, profile: Profile) -> dict[str, Any]:
    """The JSON object for ``doc`` (plain types only)."""
    target = profile.stepback.target
    return {
        "kind": doc.kind,
        "title": title(doc.kind),
        "candidate": profile.basics.name,
        "target": {
            "position": target.position,
            "organization": target.organization,
            "hiring_manager": target.hiring_manager,
        },
        "greeting": doc.greeting,
        "paragraphs": list(doc.paragraphs),
        "closing": doc.closing,
        "signature": doc.signature,
        "text": doc.text,
        "backend": doc.backend,
        "model": doc.model,
        "attempts": doc.attempts,
        "fallback_reason": doc.fallback_reason,
        "ok": doc.ok,
        "guards": [asdict(g) for g in doc.guards],
        "usage": {
            "prompt_tokens": doc.usage.prompt_tokens,
            "completion_tokens": doc.usage.completion_tokens,
            "total_tokens": doc.usage.total_tokens,
        },
        "requests": doc.requests,
        "metadata": doc.metadata,
    }


def render_json(doc: Document, profile: Profile) -> str:
    # default=str: metadata is free-form; a date or Path in it must not crash a batch.
    return json.dumps(document_data(doc, profile), indent=2, ensure_ascii=False, default=str) + "\n"
