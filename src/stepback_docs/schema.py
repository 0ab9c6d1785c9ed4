"""The JSON Schema of a profile, generated from the pydantic model (one source of truth)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://stepback-docs.invalid/schema.json"


def profile_schema() -> dict[str, Any]:
    from .model import Profile

    schema = Profile.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    return json.dumps(profile_schema(), indent=2, ensure_ascii=False) + "\n"
