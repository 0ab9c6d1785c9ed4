"""Linter configuration: ``[tool.stepback-docs]`` in pyproject.toml or ``.stepback-docs.toml``.

Found by walking up from each linted file; the nearest file that configures us wins (a
pyproject.toml without our table is passed over). In one directory ``.stepback-docs.toml``
beats ``pyproject.toml``. Every problem is a one-line ``StepbackError`` naming the file
and key, because a typo in a config that silently does nothing is worse than an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from ..errors import StepbackError
from ..findings import CATEGORIES, SEVERITY_RANK, Finding, LintConfig, Severity

CONFIG_NAMES = (".stepback-docs.toml", "pyproject.toml")
TABLE = "tool.stepback-docs"
FAIL_ON = ("error", "warning", "info", "never")
KEYS = (
    "select",
    "ignore",
    "severity",
    "extra-phrases",
    "allow",
    "fail-on",
    "learned",
    "possible",
    "custom-dir",
)
SEVERITIES = ("error", "warning", "info")


class Settings:
    """Everything the command needs for one file: what to check and when to fail.

    (Plain classes rather than dataclasses here: each dataclass costs ~0.5 ms to create
    and this module is on the 80 ms start-up path.)
    """

    __slots__ = ("custom_dir", "fail_on", "lint", "source")

    def __init__(
        self,
        lint: LintConfig | None = None,
        fail_on: str = "warning",
        source: Path | None = None,
        custom_dir: Path | None = None,
    ) -> None:
        self.lint = lint if lint is not None else LintConfig()
        self.fail_on = fail_on
        self.source = source  # the config file these came from (None: built-in defaults)
        self.custom_dir = custom_dir  # generate: templates/prompts folder (custom-dir key)


class Overrides:
    """Command-line flags, applied on top of whatever file configures a document."""

    __slots__ = ("fail_on", "ignore", "learned", "possible", "private_notes", "reviewer", "select")

    def __init__(
        self,
        select: set[str] | None = None,
        ignore: set[str] | None = None,
        fail_on: str | None = None,
        private_notes: str | None = None,
        learned: bool | None = None,
        possible: bool | None = None,
        reviewer: Any = None,
    ) -> None:
        self.select = select  # replaces the file's select (None: keep it)
        self.ignore = ignore or set()  # added to the file's ignore
        self.fail_on = fail_on
        self.private_notes = private_notes
        self.learned = learned  # None: keep the file's setting
        self.possible = possible
        self.reviewer = reviewer  # lint.review.LLMReviewer for --llm

    def apply(self, settings: Settings) -> Settings:
        select = set(settings.lint.select if self.select is None else self.select)
        if "all" in select:
            select = set()  # the engine's spelling of "everything"
        if self.private_notes and select:
            select.add("leak")  # --profile asks for the leak check: never filter it out
        base = settings.lint
        lint = LintConfig(
            select=select,
            ignore=base.ignore | self.ignore,
            severity=dict(base.severity),
            extra_phrases={k: list(v) for k, v in base.extra_phrases.items()},
            allow_phrases=list(base.allow_phrases),
            private_notes=self.private_notes or base.private_notes,
            learned=base.learned if self.learned is None else self.learned,
            possible=base.possible if self.possible is None else self.possible,
            reviewer=self.reviewer,
        )
        return Settings(
            lint, self.fail_on or settings.fail_on, settings.source, settings.custom_dir
        )


def check_ids(values: Iterable[str], where: str) -> set[str]:
    """Validate category names and rule ids (``<category>.<slug>``); return them as a set."""
    ids: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise StepbackError(f"{where}: expected category or rule id strings, got {value!r}")
        name = value.strip()
        if name != "all" and name.split(".", 1)[0] not in CATEGORIES:
            raise StepbackError(
                f"{where}: unknown category or rule {name!r}{_did_you_mean(name, CATEGORIES)}"
                f" (categories: {', '.join(CATEGORIES)}; rule ids look like misery.burnout)"
            )
        if "." in name:
            known = known_rules()
            if known and name not in known:
                same = sorted(r for r in known if r.startswith(name.split(".", 1)[0] + "."))
                raise StepbackError(
                    f"{where}: unknown rule {name!r}{_did_you_mean(name, known)} "
                    f"(rules in that category: {', '.join(same)})"
                )
        ids.add(name)
    return ids


def known_rules() -> frozenset[str]:
    """Every rule id the linter can report (empty if the rules cannot be loaded, in which
    case rule ids are not checked: the engine reports broken rule files itself).

    Loaded only when a config or flag names a rule id, so categories cost nothing."""
    global _KNOWN_RULES
    if _KNOWN_RULES is None:
        try:
            from .ruleset import load_rules

            ruleset = load_rules()
            ids = {rule.id for rule in ruleset.rules}
        except Exception:  # a broken rule file is reported by the engine itself
            ids = set()
        if ids:
            ids |= {f"{category}.custom" for category in CATEGORIES}
            ids |= {f"{category}.learned" for category in CATEGORIES if category != "leak"}
            ids.add("leak.private-notes")
        _KNOWN_RULES = frozenset(ids)
    return _KNOWN_RULES


_KNOWN_RULES: frozenset[str] | None = None


MAX_CONFIG_BYTES = 1 << 20


def load_config(path: Path) -> Settings:
    """Read one config file; a pyproject.toml without our table gives the defaults."""
    import tomllib

    from ..readers.limits import read_limited

    try:
        raw = read_limited(path, MAX_CONFIG_BYTES)  # a FIFO or device is refused, not read
        if len(raw) > MAX_CONFIG_BYTES:
            raise StepbackError(f"{path}: config is larger than 1 MB")
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise StepbackError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise StepbackError(f"{path}: config is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise StepbackError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("stepback-docs")
        prefix = f"[{TABLE}] "
        if table is None:
            return Settings(source=path)
        if not isinstance(table, dict):
            raise StepbackError(f"{path}: {TABLE} must be a table")
    else:
        table, prefix = data, ""
    return _parse(cast(dict[str, Any], table), path, prefix)


def _parse(table: dict[str, Any], path: Path, prefix: str) -> Settings:
    where = f"{path}: {prefix}"
    for key in table:
        if key not in KEYS:
            raise StepbackError(
                f"{where}unknown key {key!r}{_did_you_mean(key, KEYS)} "
                f"(expected one of: {', '.join(KEYS)})"
            )
    lint = LintConfig()
    lint.select = check_ids(_str_list(table, "select", where), f"{where}select")
    lint.ignore = check_ids(_str_list(table, "ignore", where), f"{where}ignore")
    lint.allow_phrases = _str_list(table, "allow", where)
    severity = _table(table, "severity", where)
    for name, level in severity.items():
        check_ids([name], f"{where}severity")
        if level not in SEVERITIES:
            raise StepbackError(
                f"{where}severity.{name}: unknown severity {level!r} "
                f"(expected {', '.join(SEVERITIES)})"
            )
        lint.severity[name] = cast(Severity, level)
    for category, phrases in _table(table, "extra-phrases", where).items():
        if category not in CATEGORIES:
            raise StepbackError(
                f"{where}extra-phrases.{category}: unknown category"
                f"{_did_you_mean(category, CATEGORIES)} (categories: {', '.join(CATEGORIES)})"
            )
        lint.extra_phrases[category] = _str_list(
            {category: phrases}, category, f"{where}extra-phrases."
        )
    for key in ("learned", "possible"):
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            raise StepbackError(f"{where}{key}: expected true or false, got {value!r}")
    lint.learned = table.get("learned", True)
    lint.possible = table.get("possible", False)
    fail_on = table.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise StepbackError(
            f"{where}fail-on: unknown value {fail_on!r} (expected {', '.join(FAIL_ON)})"
        )
    custom = table.get("custom-dir")
    if custom is not None and (not isinstance(custom, str) or not custom.strip()):
        raise StepbackError(f"{where}custom-dir: expected a folder name (a string)")
    custom_dir = (path.parent / custom.strip()) if custom else None
    return Settings(lint, fail_on, path, custom_dir)


def _str_list(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise StepbackError(f"{where}{key}: expected a list of non-empty strings")
    return [v.strip() for v in value]


def _table(table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise StepbackError(f"{where}{key}: expected a table, e.g. {key} = {{ misery = ... }}")
    return value


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a directory) that configures us."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has our table (one that does not is passed over)."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "stepback-docs" not in text:  # cheap: most pyproject.toml files are not ours
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True  # ours, probably: let load_config report the syntax error
    tool = data.get("tool")
    return isinstance(tool, dict) and "stepback-docs" in tool


class Resolver:
    """Settings per linted file, cached per directory (a batch shares config files)."""

    def __init__(
        self, overrides: Overrides | None = None, config: Path | None = None, use_files: bool = True
    ) -> None:
        self.overrides = overrides or Overrides()
        self._fixed: Settings | None = None
        if config is not None:
            self._fixed = load_config(config)
        elif not use_files:
            self._fixed = Settings()
        self._by_dir: dict[Path, Settings] = {}
        self._by_file: dict[Path, Settings] = {}

    def for_path(self, path: Path | None) -> Settings:
        """Settings for a document (``None``: standard input, resolved from the cwd)."""
        if self._fixed is not None:
            return self.overrides.apply(self._fixed)
        directory = (path.parent if path is not None else Path()).resolve()
        if directory not in self._by_dir:
            found = find_config(directory)
            if found is None:
                settings = Settings()
            else:
                if found not in self._by_file:
                    self._by_file[found] = load_config(found)
                settings = self._by_file[found]
            self._by_dir[directory] = self.overrides.apply(settings)
        return self._by_dir[directory]


def apply_config(findings: list[Finding], config: LintConfig) -> list[Finding]:
    """Apply select/ignore/severity to findings; idempotent, so safe after the engine's own.

    A rule id is more specific than its category: ``severity = { misery = "info",
    "misery.burnout" = "error" }`` leaves that one rule at error.
    """
    kept: list[Finding] = []
    for f in findings:
        names = (f.rule, f.category)
        if (
            config.select
            and not any(n in config.select for n in names)
            and "all" not in config.select
        ):
            continue
        if any(n in config.ignore for n in names) or "all" in config.ignore:
            continue
        for name in names:
            if name in config.severity:
                f.severity = config.severity[name]
                break
        kept.append(f)
    return kept


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    """Whether any finding is at least as severe as ``fail_on``."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
