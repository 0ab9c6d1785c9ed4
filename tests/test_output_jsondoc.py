"""JSON writer: complete provenance, plain types, nothing private."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from repo_paths import EXAMPLES
from stepback_docs.documents import Document, GuardResult, Usage
from stepback_docs.loading import load_profile
from stepback_docs.output.jsondoc import render_json


def test_json_carries_text_provenance_guards_and_usage() -> None:
    profile = load_profile(EXAMPLES / "vp-to-director.yaml")
    doc = Document(
        kind="cover-letter",
        paragraphs=["First.", "Second."],
        backend="templates",
        guards=[GuardResult("lint", True), GuardResult("grounding", False, ["'$9M' unknown"])],
        greeting="Dear Tom Lindqvist,",
        model="smollm2",
        attempts=3,
        fallback_reason="grounding failed 3 times",
        usage=Usage(120, 80),
        requests=3,
        metadata={"length": "short", "when": dt.date(2026, 1, 2), "where": Path("x")},
    )
    data = json.loads(render_json(doc, profile))
    assert data["paragraphs"] == ["First.", "Second."]
    assert data["text"] == "First.\n\nSecond."
    assert data["kind"] == "cover-letter"
    assert (data["backend"], data["model"], data["attempts"]) == ("templates", "smollm2", 3)
    assert data["fallback_reason"] == "grounding failed 3 times"
    assert data["ok"] is False
    assert data["guards"][1] == {
        "name": "grounding",
        "passed": False,
        "problems": ["'$9M' unknown"],
    }
    assert data["usage"] == {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200}
    assert data["requests"] == 3
    assert data["metadata"] == {"length": "short", "when": "2026-01-02", "where": "x"}
    assert data["target"] == {
        "position": "Director of Operations",
        "organization": "Brightwater Foods",
        "hiring_manager": "Tom Lindqvist",
    }
    assert data["candidate"] == "Maria Okafor"


def test_json_never_contains_private_notes() -> None:
    profile = load_profile(EXAMPLES / "vp-to-director.yaml")
    doc = Document(kind="linkedin-about", paragraphs=["About me."], backend="templates")
    rendered = render_json(doc, profile)
    notes = profile.stepback.private_notes
    assert notes and "board slides" in notes
    assert "board slides" not in rendered
    assert "private" not in rendered
