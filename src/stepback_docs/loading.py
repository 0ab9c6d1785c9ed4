"""Load a career profile from YAML or JSON, reporting every problem with its location.

Two paths. The fast one (PyYAML's C loader with YAML 1.2 core scalars, or json) is
tried first: batches load hundreds of profiles and ruamel's round-trip loader costs
~10 ms each. Only when that path finds any problem is the file read again by ruamel,
whose node positions let every error name its line and column (JSON too, after the
stdlib parser has checked the syntax, because its messages are clearer for JSON).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, ProfileError
from .model import Profile

MAX_PROFILE_BYTES = 5_000_000
Loc = tuple[int | str, ...]


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; raise ``ProfileError`` listing all problems."""
    path = Path(path)
    text = _read_text(path)
    profile = _fast_load(path, text)
    if profile is not None:
        return profile
    data, tree = _parse(path, text)
    return validate_data(data, tree, str(path))


def _fast_load(path: Path, text: str) -> Profile | None:
    """The profile if the file is valid on the fast path, else None (then: slow path)."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        else:
            import yaml

            _refuse_aliases(str(path), text)
            data = yaml.load(text, Loader=_fast_yaml_loader())
        if not isinstance(data, Mapping):
            return None
        profile = Profile.model_validate(_plain(data))
    except Exception:  # any problem at all: the slow path explains it with positions
        return None
    if _cross_field_problems(data, None, str(path)):
        return None
    return profile


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


@cache
def _fast_yaml_loader() -> Any:
    """PyYAML's C safe loader with YAML 1.2 core scalars (as ruamel reads them: `no` and
    `on` stay text, `0123` is decimal) and duplicate keys rejected."""
    import re

    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        pass

    resolvers: dict[Any, list[Any]] = {}
    for first, entries in base.yaml_implicit_resolvers.items():
        kept = [
            (tag, regexp)
            for tag, regexp in entries
            if tag.rsplit(":", 1)[-1] in ("null", "timestamp", "merge")
        ]
        if kept:
            resolvers[first] = kept
    Loader.yaml_implicit_resolvers = resolvers
    core = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
        (
            "tag:yaml.org,2002:float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
    ]
    for tag, pattern, first in core:
        Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))

    def construct_int(loader: Any, node: Any) -> int:
        return int(loader.construct_scalar(node), 10)

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> Any:
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        if len(set(map(repr, keys))) != len(keys):
            raise _DuplicateKey("duplicate key")
        return base.construct_mapping(loader, node, deep=deep)

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.construct_mapping = construct_mapping
    return Loader


def validate_data(data: Any, tree: Any, file: str) -> Profile:
    """Validate parsed data; ``tree`` is the ruamel tree used to locate problems."""
    if not isinstance(data, Mapping):
        kind = _describe(data)
        raise ProfileError(
            [
                Problem(
                    file,
                    f"a profile must be a mapping of sections (basics, work, stepback …), "
                    f"not {kind}",
                    1,
                    1,
                )
            ]
        )
    # Checks across fields run on the raw data, so they are reported together with
    # every other problem rather than only once the rest of the profile is valid.
    cross = _cross_field_problems(data, tree, file)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_from_error(err, tree, file) for err in exc.errors()]
        raise ProfileError(_dedupe(problems + cross)) from None
    if cross:
        raise ProfileError(cross)
    return profile


# ------------------------------------------------------------------------- reading


def _read_text(path: Path) -> str:
    from .readers.limits import NotAFile, read_limited

    name = str(path)
    try:  # the kind of file first, then at most 5 MB: never a FIFO's wait or /dev/zero
        raw = read_limited(path, MAX_PROFILE_BYTES)
    except FileNotFoundError:
        raise ProfileError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise ProfileError([Problem(name, "is a directory, not a profile file")]) from None
    except NotAFile as exc:
        raise ProfileError([Problem(name, exc.strerror or str(exc))]) from None
    except OSError as exc:
        raise ProfileError([Problem(name, f"cannot be read ({exc.strerror or exc})")]) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError([Problem(name, "is larger than 5 MB; is it really a profile?")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ProfileError(
            [
                Problem(
                    name,
                    f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); "
                    "save it as UTF-8",
                    line,
                    column,
                )
            ]
        ) from None
    if "\x00" in text:
        raise ProfileError([Problem(name, "is a binary file, not a YAML or JSON profile")])
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ProfileError(
            [Problem(name, "is empty; a profile needs at least a `stepback` block", 1, 1)]
        )
    return text


def _parse(path: Path, text: str) -> tuple[Any, Any]:
    """Return (plain data, ruamel tree with positions)."""
    name = str(path)
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(
                [Problem(name, f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)]
            ) from None
        except RecursionError:
            raise ProfileError([Problem(name, "is nested too deeply to be a profile")]) from None
    else:
        _refuse_aliases(name, text)
    tree = _yaml_tree(name, text)
    try:
        return _plain(tree), tree
    except RecursionError:
        raise ProfileError([Problem(name, "is nested too deeply to be a profile")]) from None


def _yaml_tree(name: str, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "cannot be parsed"
        if "duplicate key" in what or "found duplicate key" in str(exc):
            what = "duplicate key " + _duplicate_key(str(exc))
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        what += _yaml_hint(what)
        raise ProfileError([Problem(name, f"YAML syntax error: {what}", line, column)]) from None
    except YAMLError as exc:
        raise ProfileError([Problem(name, f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise ProfileError([Problem(name, "YAML is nested too deeply")]) from None


# The tags a profile may spell out: YAML's own for text, numbers, lists and mappings.
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _refuse_aliases(name: str, text: str) -> None:
    """Refuse YAML aliases and unknown tags, at the first one, located.

    An alias (``*name``, ``<<: *name``) copies the anchored value, so a few kilobytes
    of nested aliases ("billion laughs") expand to gigabytes; a profile has no need of
    them. A tag such as ``!secret`` or ``!!python/object`` passed validation and then
    failed every document. Only the parser's events are read (no values are built)."""
    if "*" not in text and "!" not in text:
        return
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                what = (
                    f"YAML alias '*{event.anchor}' is not allowed in a profile "
                    "(aliases can expand without limit): write the value out"
                )
            elif isinstance(event, yaml.NodeEvent) and _explicit_tag(event) not in (
                None,
                *_CORE_TAGS,
            ):
                tag = str(_explicit_tag(event)).replace("tag:yaml.org,2002:", "!!", 1)
                what = f"YAML tag '{tag}' is not allowed in a profile: write the plain value"
            else:
                continue
            mark = event.start_mark
            raise ProfileError(
                [
                    Problem(
                        name,
                        what,
                        mark.line + 1 if mark is not None else None,
                        mark.column + 1 if mark is not None else None,
                    )
                ]
            )
    except yaml.YAMLError:
        return  # a syntax error: the slow path reports it with its position


def _explicit_tag(event: Any) -> str | None:
    """The tag written on a node, if any (PyYAML leaves ``tag`` None or '!' otherwise)."""
    tag = getattr(event, "tag", None)
    if tag in (None, "!"):
        return None
    implicit = getattr(event, "implicit", True)
    if implicit is True or (isinstance(implicit, tuple) and any(implicit)):
        return None
    return str(tag)


# The parser's words for the mistakes people make by hand, and what to look at.
_INDENT_HINT = (
    " (check the indentation of this line and the line above: keys of one block start in "
    "the same column, and each level is indented by the same number of spaces)"
)
_YAML_HINTS: tuple[tuple[str, str], ...] = (
    ("expected <block end>", _INDENT_HINT),
    ("did not find expected key", _INDENT_HINT),
    ("did not find expected '-' indicator", _INDENT_HINT),
    (
        "mapping values are not allowed here",
        " (a ': ' inside a value: put the value in quotes; or check the indentation of "
        "the line above)",
    ),
    ("could not find expected ':'", " (a key needs ': ' after it; or check the indentation)"),
    ("cannot start any token", " (a tab or a stray character: indent with spaces only)"),
)


def _yaml_hint(what: str) -> str:
    """A plain hint for a YAML parser message that names tokens, not the mistake."""
    for words, hint in _YAML_HINTS:
        if words in what:
            return hint
    return ""


def _duplicate_key(message: str) -> str:
    for line in message.splitlines():
        if 'found duplicate key "' in line:
            return line.split("found duplicate key ", 1)[1].split(" with value")[0]
    return ""


def _plain(node: Any) -> Any:
    """Turn ruamel's round-trip objects into plain Python (dates become ISO strings)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date | dt.datetime):
        return node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


# ------------------------------------------------------------------ error mapping


def _field_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _locate(tree: Any, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
    """Best position for ``loc``: the value itself, else the nearest existing parent."""
    node: Any = tree
    line: int | None = None
    column: int | None = None
    if hasattr(node, "lc"):
        line, column = node.lc.line, node.lc.col
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        try:
            lc: Any = node.lc
            if isinstance(part, int) and isinstance(node, list):
                if part >= len(node):
                    break
                line, column = lc.item(part)
            elif isinstance(part, str) and isinstance(node, Mapping) and part in node:
                line, column = lc.key(part) if key and last else lc.value(part)
            else:
                break
            node = node[part]
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    if line is None:
        return None, None
    return line + 1, column + 1 if column is not None else None


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text '{shown}'"
    if isinstance(value, Mapping):
        return "a mapping (key: value pairs)"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _allowed_keys(loc: Loc) -> list[str]:
    model: type[BaseModel] | None = Profile
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation)
    return list(model.model_fields) if model is not None else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _enum_choices(loc: Loc) -> list[str]:
    model: type[BaseModel] | None = Profile
    annotation: Any = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        model = _inner_model(annotation)
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(m.value) for m in candidate]
    return []


def _problem_from_error(err: Any, tree: Any, file: str) -> Problem:
    loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    kind = err["type"]
    value = err.get("input")
    path = _field_path(loc)
    if kind == "missing":
        line, column = _locate(tree, loc[:-1])
        parent = _field_path(loc[:-1])
        where = f"'{parent}'" if parent else "the profile"
        return Problem(
            file, f"required field '{loc[-1]}' is missing from {where}", line, column, path
        )
    if kind == "extra_forbidden":
        line, column = _locate(tree, loc, key=True)
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        known = f"; known fields: {', '.join(allowed)}" if allowed and not close else ""
        return Problem(file, f"unknown field{hint}{known}", line, column, path)
    line, column = _locate(tree, loc)
    if kind == "enum":
        choices = _enum_choices(loc)
        close = difflib.get_close_matches(str(value), choices, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return Problem(
            file, f"'{value}' is not one of {', '.join(choices)}{hint}", line, column, path
        )
    messages = {
        "string_type": "expected text, got {desc}",
        "int_type": "expected a whole number, got {desc}",
        "int_parsing": "expected a whole number, got {desc}",
        "int_from_float": "expected a whole number, got {desc}",
        "list_type": "expected a list, got {desc}",
        "model_type": "expected a mapping (key: value pairs), got {desc}",
        "model_attributes_type": "expected a mapping (key: value pairs), got {desc}",
        "dict_type": "expected a mapping (key: value pairs), got {desc}",
        "string_too_short": "must not be empty",
        "too_short": "needs at least one entry",
        "greater_than_equal": "must be {ge} or more, got {value}",
    }
    template = messages.get(kind)
    if template is None:
        return Problem(file, str(err.get("msg", "is not valid")), line, column, path)
    ctx = err.get("ctx") or {}
    return Problem(
        file,
        template.format(desc=_describe(value), value=value, **ctx),
        line,
        column,
        path,
    )


# Characters no document can carry: C0 controls but tab and line breaks, DEL, C1
# controls, and the code points XML forbids (Word output failed naming no field).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _control_problems(data: Any, tree: Any, file: str) -> list[Problem]:
    """A located problem for every text (or key) holding a control character."""
    problems: list[Problem] = []
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, str):
            found = _CONTROL.search(node)
            if found:
                line, column = _locate(tree, loc) if tree is not None else (None, None)
                code = f"U+{ord(found.group()):04X}"
                problems.append(
                    Problem(
                        file,
                        f"contains a control character ({code}) that no document can hold: "
                        "remove it",
                        line,
                        column,
                        _field_path(loc) or None,
                    )
                )
        elif isinstance(node, Mapping):
            for key, value in node.items():
                stack.append(((*loc, str(key)), value))
                if isinstance(key, str) and _CONTROL.search(key):
                    stack.append(((*loc, key), key))
        elif isinstance(node, list | tuple):
            stack.extend(((*loc, i), value) for i, value in enumerate(node))
    return problems


def _cross_field_problems(data: Mapping[str, Any], tree: Any, file: str) -> list[Problem]:
    """``stepback.from_work`` must index ``work``, and no text may hold a control
    character; a value of the wrong type is left to the model's own error."""
    problems: list[Problem] = _control_problems(data, tree, file)
    stepback = data.get("stepback")
    index = stepback.get("from_work") if isinstance(stepback, Mapping) else None
    work = data.get("work") or []
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        return problems
    if not isinstance(work, list):
        return problems
    if index >= len(work):
        line, column = _locate(tree, ("stepback", "from_work")) if tree else (None, None)
        count = len(work)
        have = f"work has {count} entr{'y' if count == 1 else 'ies'}" if count else "work is empty"
        problems.append(
            Problem(
                file, f"index {index} is out of range ({have})", line, column, "stepback.from_work"
            )
        )
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out: list[Problem] = []
    for p in problems:
        key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out
