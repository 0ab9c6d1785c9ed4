"""Every class of profile error names the file, line, column and field in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_paths import EXAMPLES
from stepback_docs.errors import ProfileError
from stepback_docs.loading import load_profile

VALID = """\
basics:
  name: Dana Whitfield
work:
  - name: Acme Logistics
    position: VP of Operations
    startDate: 2019-04-01
stepback:
  target:
    position: Director of Operations
  move: lower-title
  motivations:
    - kind: hands-on
      detail: I do my best work close to the floor.
"""


def write(tmp_path: Path, text: str | bytes, name: str = "client.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    return str(info.value).splitlines()


def test_valid_profile_loads_with_dates_as_text(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.stepback.move == "lower-title"
    assert profile.work[0].startDate == "2019-04-01"
    assert profile.from_role() is not None
    assert profile.from_role().position == "VP of Operations"  # type: ignore[union-attr]


def test_bad_enum_names_line_column_field_and_choices(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("move: lower-title", "move: step-down"))
    assert messages(path) == [
        f"{path}:10:9: stepback.move: 'step-down' is not one of lower-title, "
        "smaller-organization, new-industry, individual-contributor, lower-pay, "
        "entry-level, return-to-work"
    ]


def test_close_enum_value_gets_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("kind: hands-on", "kind: handson"))
    (line,) = messages(path)
    assert line.startswith(f"{path}:12:13: stepback.motivations[0].kind: 'handson' is not one")
    assert line.endswith("(did you mean 'hands-on'?)")


def test_unknown_stepback_key_is_an_error_with_a_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  motivaton: oops\n")
    assert messages(path) == [
        f"{path}:14:3: stepback.motivaton: unknown field (did you mean 'motivations'?)"
    ]


def test_unknown_key_without_close_match_lists_known_fields(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("  move:", "  zzz: 1\n  move:"))
    (line,) = messages(path)
    assert line.startswith(f"{path}:10:3: stepback.zzz: unknown field; known fields: target,")


def test_unknown_keys_in_json_resume_sections_are_allowed(tmp_path: Path) -> None:
    text = VALID.replace("  name: Dana Whitfield", "  name: Dana Whitfield\n  pronouns: she/her")
    assert load_profile(write(tmp_path, text)).basics.name == "Dana Whitfield"


def test_missing_required_field_points_at_its_parent(tmp_path: Path) -> None:
    text = VALID.replace("    position: Director of Operations\n", "    industry: food\n")
    path = write(tmp_path, text)
    assert messages(path) == [
        f"{path}:9:5: stepback.target.position: required field 'position' is missing "
        "from 'stepback.target'"
    ]


def test_missing_stepback_block(tmp_path: Path) -> None:
    path = write(tmp_path, "basics:\n  name: Dana\n")
    assert messages(path) == [
        f"{path}:1:1: stepback: required field 'stepback' is missing from the profile"
    ]


def test_wrong_types_are_described_in_plain_words(tmp_path: Path) -> None:
    text = VALID + "  strengths: process redesign\n  from_work: first\n"
    path = write(tmp_path, text)
    assert messages(path) == [
        f"{path}:14:14: stepback.strengths: expected a list, got the text 'process redesign'",
        f"{path}:15:14: stepback.from_work: expected a whole number, got the text 'first'",
    ]


def test_several_errors_are_reported_together_in_file_order(tmp_path: Path) -> None:
    text = VALID.replace("move: lower-title", "move: sideways").replace(
        "detail: I do my best work close to the floor.", 'detail: ""'
    )
    lines = messages(write(tmp_path, text))
    assert len(lines) == 2
    assert ":10:9: stepback.move:" in lines[0]
    assert ":13:15: stepback.motivations[0].detail: must not be empty" in lines[1]


def test_empty_motivations_list(tmp_path: Path) -> None:
    start = VALID.index("  motivations:")
    path = write(tmp_path, VALID[:start] + "  motivations: []\n")
    assert messages(path) == [f"{path}:11:16: stepback.motivations: needs at least one entry"]


def test_from_work_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  from_work: 3\n")
    assert messages(path) == [
        f"{path}:14:14: stepback.from_work: index 3 is out of range (work has 1 entry)"
    ]


def test_from_work_out_of_range_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    text = VALID.replace("move: lower-title", "move: sideways") + "  from_work: 3\n"
    lines = messages(write(tmp_path, text))
    assert len(lines) == 2
    assert ":10:9: stepback.move: 'sideways' is not one of" in lines[0]
    assert lines[1].endswith(
        ":14:14: stepback.from_work: index 3 is out of range (work has 1 entry)"
    )


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("  move: lower-title", "  move: [lower-title"))
    (line,) = messages(path)
    assert line.startswith(f"{path}:11:")
    assert "YAML syntax error" in line


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  move: new-industry\n")
    (line,) = messages(path)
    assert line.startswith(f"{path}:14:3: YAML syntax error: duplicate key")
    assert '"move"' in line


def test_json_syntax_error_has_position(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "stepback": {\n    "move": "lower-title",\n  }\n}\n', "p.json")
    assert messages(path) == [
        f"{path}:4:3: JSON syntax error: Expecting property name enclosed in double quotes"
    ]


def test_json_profile_errors_are_located_too(tmp_path: Path) -> None:
    text = (
        '{\n  "stepback": {\n    "target": {"position": "Director"},\n'
        '    "move": "down",\n    "motivations": [{"kind": "mission", "detail": "x"}]\n  }\n}\n'
    )
    path = write(tmp_path, text, "p.json")
    (line,) = messages(path)
    assert line.startswith(f"{path}:4:13: stepback.move: 'down' is not one of")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "\n  \n# only a comment\n")
    assert messages(path) == [f"{path}:1:1: is empty; a profile needs at least a `stepback` block"]


def test_non_utf8_file_names_the_byte_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode("utf-8").replace(b"Dana", b"D\xe9na"))
    assert messages(path) == [
        f"{path}:2:10: is not UTF-8 text (byte 0xe9 cannot be decoded); save it as UTF-8"
    ]


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert messages(tmp_path) == [f"{tmp_path}: is a directory, not a profile file"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert messages(path) == [f"{path}: no such file"]


def test_top_level_list_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "- a\n- b\n")
    assert messages(path) == [
        f"{path}:1:1: a profile must be a mapping of sections (basics, work, stepback …), "
        "not a list"
    ]


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    assert load_profile(path).basics.name == "Dana Whitfield"


def _slow(path: Path) -> object:
    from stepback_docs.loading import _parse, _read_text, validate_data

    data, tree = _parse(path, _read_text(path))
    return validate_data(data, tree, str(path))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_fast_and_slow_paths_agree_on_examples(path: Path) -> None:
    assert load_profile(path) == _slow(path)


def test_fast_path_reads_yaml_1_2_scalars_like_ruamel(tmp_path: Path) -> None:
    text = VALID.replace(
        "  name: Dana Whitfield",
        "  name: Dana Whitfield\n  location:\n    countryCode: NO\n    postalCode: 01234\n"
        "    region: on",
    )
    path = write(tmp_path, text)
    profile = load_profile(path)
    assert profile == _slow(path)
    assert profile.basics.location is not None
    assert profile.basics.location.countryCode == "NO"
    assert profile.basics.location.region == "on"
    assert profile.basics.location.postalCode == "1234"


def test_duplicate_json_key_is_reported(tmp_path: Path) -> None:
    text = (
        '{"stepback": {"target": {"position": "Director"}, "move": "lower-title",\n'
        '"move": "entry-level", "motivations": [{"kind": "mission", "detail": "x"}]}}'
    )
    (line,) = messages(write(tmp_path, text, "p.json"))
    assert "duplicate key" in line
