"""Turn a profile into chat messages, from the Jinja2 files in ``prompts/``.

The prompts are data a career coach can edit; this module only decides WHAT goes in.
Two rules matter more than any wording:

* ``stepback.private_notes`` never leaves the machine: the data block is built from a
  copy of the profile with the notes (and contact details the model does not need)
  removed, before anything is rendered.
* The profile's text is DATA, not instructions: it goes in as one JSON block between
  markers that cannot occur inside it (``<`` is escaped as ``\\u003c`` in the JSON).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..model import Profile
from ..resources import search_path

DATA_START = "<<<PROFILE_DATA"
DATA_END = "PROFILE_DATA>>>"
SYSTEM_TEMPLATE = "system.j2"

# Contact details the writer never needs; the document writers add them locally.
_BASICS_DROPPED = ("email", "phone", "image", "url")
_LOCATION_DROPPED = ("address", "postalCode")
# Coach material for `stepback-docs assess`, which documents never use.
_STEPBACK_COACH_ONLY = ("questions", "search_started")


def environment() -> SandboxedEnvironment:
    """Sandboxed, strict: a typo in a prompt file is an error, not an empty slot."""
    return _environment(search_path("prompts"))


@cache
def _environment(folders: tuple[str, ...]) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(list(folders)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def public_data(profile: Profile) -> dict[str, Any]:
    """The profile as JSON data, minus private notes and unneeded contact details."""
    data: dict[str, Any] = profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.pop("$schema", None)
    data.pop("meta", None)
    data.pop("references", None)  # other people's words about the candidate
    stepback = data.get("stepback", {})
    stepback.pop("private_notes", None)
    for key in _STEPBACK_COACH_ONLY:  # and how long a search has run invites pleading
        stepback.pop(key, None)
    stepback.pop("locale", None)  # told in the system prompt, as a spelling rule
    basics = data.get("basics", {})
    for key in _BASICS_DROPPED:
        basics.pop(key, None)
    location = basics.get("location")
    if isinstance(location, dict):
        for key in _LOCATION_DROPPED:
            location.pop(key, None)
    cleaned: dict[str, Any] = _drop_empty(data)
    return cleaned


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        cleaned = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in ({}, [], "")}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value if v not in ({}, [], "")]
    return value


def data_block(profile: Profile) -> str:
    """The profile as a delimited JSON block that no profile text can break out of."""
    body = json.dumps(public_data(profile), ensure_ascii=False, indent=1)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{DATA_START}\n{body}\n{DATA_END}"


INLINE_LIMIT = 120  # a name or a job title; longer text belongs in the data block only


def inline(value: str | None) -> str:
    """A profile value as the prompt's instructions may quote it: one line, no angle
    brackets (so never a data marker), at most ``INLINE_LIMIT`` characters. The value
    itself is in the data block in full; the instructions only name it. A name with
    line breaks and "PROFILE_DATA>>>" in it could otherwise write its own instructions."""
    text = " ".join((value or "").split())
    text = text.replace("<", "").replace(">", "")
    return text if len(text) <= INLINE_LIMIT else text[: INLINE_LIMIT - 1] + "…"


PRIVACY_FEEDBACK = (
    "privacy: the draft touched on the candidate's private reasons; keep to "
    "what the profile data says"
)


def safe_feedback(feedback: list[str] | None) -> list[str]:
    """Guard failures fit to send, without quoting what matched the private notes.

    A privacy failure quotes the draft's phrase that resembles the notes; sending it back
    would confirm to the server what the notes say. One generic line replaces them all.
    """
    lines: list[str] = []
    for item in feedback or []:
        line = " ".join(item.split())
        if line.lower().startswith("privacy"):
            line = PRIVACY_FEEDBACK
        if line and line not in lines:
            lines.append(line)
    return lines


def render_messages(
    profile: Profile,
    kind: str,
    *,
    length: str,
    feedback: list[str] | None,
    structured: bool,
) -> list[dict[str, str]]:
    """System + user messages for one document ``kind`` (prompt file ``<kind>.j2``)."""
    env = environment()
    target = profile.stepback.target
    from_role = profile.from_role()
    context: dict[str, Any] = {
        "kind": kind,
        "length": length,
        "structured": structured,
        "feedback": safe_feedback(feedback),
        "data": data_block(profile),
        "data_start": DATA_START,
        "data_end": DATA_END,
        "name": inline(profile.basics.name),
        "move": profile.stepback.move.value,
        "tone": profile.stepback.tone.value,
        "target_position": inline(target.position),
        "target_organization": inline(target.organization),
        "hiring_manager": inline(target.hiring_manager),
        "from_position": inline(from_role.position) if from_role else "",
        "from_organization": inline(from_role.name) if from_role else "",
        "locale": profile.stepback.locale.value,
        "has_commitment": bool(profile.stepback.commitment),
    }
    system = env.get_template(SYSTEM_TEMPLATE).render(context).strip()
    user = env.get_template(f"{kind}.j2").render(context).strip()
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
