"""The committed schema.json matches the model, and documents every field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repo_paths import EXAMPLES, REPO
from stepback_docs.schema import profile_schema, schema_text


def test_committed_schema_is_in_sync() -> None:
    committed = (REPO / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: stepback-docs schema -o schema.json"


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    out = [("Profile", name, spec) for name, spec in schema["properties"].items()]
    for model, definition in schema["$defs"].items():
        out += [(model, name, spec) for name, spec in definition.get("properties", {}).items()]
    return out


def test_every_field_has_a_description_and_an_example() -> None:
    undocumented = [
        f"{model}.{name}"
        for model, name, spec in _properties(profile_schema())
        if "description" not in spec or "examples" not in spec
    ]
    assert undocumented == []


def test_stepback_block_is_strict_and_json_resume_is_open() -> None:
    schema = profile_schema()
    assert schema["$defs"]["Stepback"]["additionalProperties"] is False
    assert schema["$defs"]["Target"]["additionalProperties"] is False
    assert schema["$defs"]["Work"].get("additionalProperties", True) is True
    assert schema["required"] == ["stepback"]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(profile_schema())


def _example_profiles() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", _example_profiles(), ids=lambda p: p.name)
def test_examples_validate_against_the_schema_and_point_editors_at_it(path: Path) -> None:
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema.json")
    data = json.loads(json.dumps(YAML(typ="safe").load(text), default=str))
    jsonschema.validate(data, profile_schema())
