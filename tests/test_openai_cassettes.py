"""Replay of a REAL small model (SmolLM2-135M via llama.cpp), network blocked.

The cassettes were recorded by scripts/record_cassettes.py. They are matched on method,
path and body, so they also pin the prompts: editing prompts/ means re-recording.
What they show: a real OpenAI-compatible server's quirks (it rejects ``json_schema``
with a 500, its JSON grammar makes a tiny model emit debris) and a real model's
inventions (years, tenures, titles that are not in the profile).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from repo_paths import REPO
from stepback_docs.backends.llm_errors import LLMBadResponse
from stepback_docs.loading import load_profile
from stepback_docs.model import Profile

sys.path.insert(0, str(REPO / "scripts"))
import record_cassettes as recorder

CASSETTES = REPO / "tests" / "cassettes"
PROFILES = CASSETTES / "profiles"

pytestmark = pytest.mark.usefixtures("socket_disabled")


def profile(name: str) -> Profile:
    return load_profile(PROFILES / f"{name}.yaml")


def replay(name: str, profile_name: str, kind: str, *, structured: bool = False,
           ) -> tuple[Any, Any]:
    """Draft through the backend with the cassette in replay-only mode."""
    backend = recorder.make_backend(recorder.REPLAY_BASE_URL, structured=structured)
    with recorder.make_vcr("none").use_cassette(name) as cassette:
        try:
            result: Any = backend.draft(profile(profile_name), kind, length="short")
        except LLMBadResponse as exc:
            result = exc
    return result, cassette


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)?", text))


def profile_text(name: str) -> str:
    text = (PROFILES / f"{name}.yaml").read_text(encoding="utf-8")
    return text.split("private_notes")[0]


BACKEND_CASES = [
    ("vp-to-director", "cover-letter"),
    ("vp-to-director", "linkedin-headline"),
    ("teacher-to-analyst", "cover-letter"),
    ("teacher-to-analyst", "interview-answer"),
]


@pytest.mark.parametrize(("profile_name", "kind"), BACKEND_CASES)
def test_replayed_draft_is_the_recorded_one(profile_name: str, kind: str) -> None:
    draft, cassette = replay(f"backend-{profile_name}-{kind}.yaml", profile_name, kind)
    assert cassette.play_count == 1 and cassette.all_played
    assert draft.requests == 1
    assert draft.model and draft.usage.prompt_tokens > 500
    text = " ".join(draft.paragraphs)
    assert profile(profile_name).stepback.target.position.split()[0] in text


def test_the_real_model_invents_facts_the_profile_does_not_have() -> None:
    """What the grounding guard exists for: numbers out of thin air."""
    invented: dict[str, set[str]] = {}
    for profile_name, kind in BACKEND_CASES:
        draft, _ = replay(f"backend-{profile_name}-{kind}.yaml", profile_name, kind)
        known = numbers(profile_text(profile_name))
        invented[f"{profile_name}/{kind}"] = numbers(" ".join(draft.paragraphs)) - known
    assert "2023" in invented["vp-to-director/cover-letter"]
    assert {"2018", "2023"} <= invented["teacher-to-analyst/interview-answer"]
    assert "12" in invented["teacher-to-analyst/cover-letter"]  # "for 12 years"


def test_a_real_llama_cpp_server_downgrades_and_its_debris_is_reported() -> None:
    result, cassette = replay("backend-vp-to-director-linkedin-headline-structured.yaml",
                              "vp-to-director", "linkedin-headline", structured=True)
    assert isinstance(result, LLMBadResponse)
    assert "malformed JSON in the model's answer" in str(result)
    assert "(cut off at max_tokens)" in str(result)
    # json_schema was refused with a 500 naming response_format: not retried, downgraded.
    statuses = [r["status"]["code"] for r in cassette.responses]
    assert statuses == [500, 200]
    formats = [re.search(r'"response_format":\{"type":"(\w+)"', r.body.decode()).group(1)
               for r in cassette.requests]
    assert formats == ["json_schema", "json_object"]


@pytest.mark.parametrize("path", sorted(CASSETTES.glob("*.yaml")), ids=lambda p: p.name)
def test_cassettes_hold_no_secret_and_no_private_notes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "authorization" not in text.lower()
    assert "sk-recording-dummy" not in text and "cookie" not in text.lower()
    for secret in ("Oblonsky", "Kestrel", "Whitmore", "escaping the district"):
        assert secret not in text


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_replay_runs_with_the_network_blocked() -> None:
    import socket

    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
