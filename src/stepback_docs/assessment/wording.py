"""The wording of ``stepback-docs assess``: read ``wording.yaml`` (or a coach's copy) and
check it, so a typo in an edited file is one line naming the file and the key.

Every text is checked for the placeholders it may use: an unknown ``{name}`` is reported
when the file is read, not half-way through an assessment.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import StepbackError

WORDING_FILE = Path(__file__).resolve().parent / "wording.yaml"
MAX_WORDING_BYTES = 1_000_000

Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Questions(_Strict):
    foot_in_the_door: Text
    learning: Text
    connections: Text
    culture: Text
    future_opportunities: Text
    how_it_serves: Text


class Pattern(_Strict):
    label: Text
    why: Text


class Patterns(_Strict):
    preferred_employer: Pattern = Field(alias="preferred-employer")
    new_sector: Pattern = Field(alias="new-sector")
    foot_in_the_door: Pattern = Field(alias="foot-in-the-door")
    learning: Pattern
    growth_potential: Pattern = Field(alias="growth-potential")
    culture: Pattern


class Doubt(_Strict):
    question: Text
    add: Text


class CommitmentDoubt(_Strict):
    question: Text
    add_commitment: Text
    add_stories: Text


class Doubts(_Strict):
    motivation: Doubt
    compensation: Doubt
    commitment: CommitmentDoubt


class Network(_Strict):
    add: Text
    hiring_manager_only: Text


class Search(_Strict):
    not_recorded: Text
    within_guide: Text
    past_guide: Text
    not_started: Text


class Caution(_Strict):
    title: Text
    message: Text


class Cautions(_Strict):
    no_pattern: Caution = Field(alias="no-pattern")
    panic_move: Caution = Field(alias="panic-move")
    doubt_words: Caution = Field(alias="doubt-words")


class Wording(_Strict):
    """Every text ``assess`` prints, as the coach wrote it."""

    questions: Questions
    patterns: Patterns
    doubts: Doubts
    network: Network
    search: Search
    cautions: Cautions

    def pattern(self, pattern_id: str) -> Pattern:
        found: Pattern = getattr(self.patterns, pattern_id.replace("-", "_"))
        return found

    def caution(self, caution_id: str) -> Caution:
        found: Caution = getattr(self.cautions, caution_id.replace("-", "_"))
        return found

    def question(self, question_id: str) -> str:
        found: str = getattr(self.questions, question_id)
        return found


_TARGET = {"employer", "field", "position"}
# Dotted key (as in the file) -> the placeholders its text may use; texts not listed
# may use none.
PLACEHOLDERS: dict[str, set[str]] = {
    "doubts.motivation.add": _TARGET,
    "doubts.compensation.add": _TARGET,
    "doubts.commitment.add_commitment": _TARGET,
    "doubts.commitment.add_stories": _TARGET,
    "network.add": {"employer"},
    "network.hiring_manager_only": {"employer"},
    "search.not_recorded": {"guide", "as_of"},
    "search.within_guide": {"months", "guide", "started", "as_of"},
    "search.past_guide": {"months", "guide", "started", "as_of"},
    "search.not_started": {"guide", "started", "as_of"},
    "cautions.no-pattern.message": {"employer", "position"},
    "cautions.panic-move.message": {"employer", "position", "search"},
    "cautions.doubt-words.message": {"count"},
}


def fill(template: str, **values: object) -> str:
    """``template`` with its placeholders filled in (they were checked on loading)."""
    return template.format_map(values)


@cache
def default_wording() -> Wording:
    """The wording shipped in the package."""
    return load_wording(WORDING_FILE)


def load_wording(path: str | Path) -> Wording:
    """Read and check a wording file; ``StepbackError`` with one line per problem."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StepbackError(f"{name}: no such wording file") from None
    except OSError as exc:
        raise StepbackError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_WORDING_BYTES:
        raise StepbackError(f"{name}: is larger than 1 MB; is it really a wording file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StepbackError(f"{name}: is not UTF-8 text; save it as UTF-8") from None
    data = _parse_yaml(name, text)
    if not isinstance(data, dict):
        raise StepbackError(f"{name}: a wording file is a mapping of sections (questions, …)")
    try:
        wording = Wording.model_validate(data)
    except ValidationError as exc:
        raise StepbackError(
            "\n".join(f"{name}: {_where(err['loc'])}: {_message(err)}" for err in exc.errors())
        ) from None
    problems = list(_placeholder_problems(data))
    if problems:
        raise StepbackError("\n".join(f"{name}: {p}" for p in problems))
    return wording


def _parse_yaml(name: str, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
        raise StepbackError(f"{name}:{where}YAML syntax error: {exc.problem}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise StepbackError(f"{name}: YAML syntax error: {exc}") from None


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required text is missing"
    if kind == "extra_forbidden":
        return "unknown key (the tool would never use it)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        return "expected text"
    if kind in ("model_type", "model_attributes_type"):
        return "expected a mapping (key: value pairs)"
    return str(err.get("msg", "is not valid"))


def _texts(node: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        out: list[tuple[str, str]] = []
        for key, value in node.items():
            out += _texts(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    return [(prefix, node)] if isinstance(node, str) else []


def _placeholder_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    for key, text in _texts(data):
        allowed = PLACEHOLDERS.get(key, set())
        try:
            names = [
                field for _, field, _, _ in string.Formatter().parse(text) if field is not None
            ]
        except ValueError as exc:  # a lone '{' or '}'
            problems.append(f"{key}: {exc} (write '{{{{' or '}}}}' for a literal brace)")
            continue
        for field in names:
            if field not in allowed:
                known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
                problems.append(
                    f"{key}: unknown placeholder {{{field}}} (this text may use: {known})"
                )
    return problems
