"""The LLM server options, one definition for ``generate --backend openai`` and
``lint --llm``: the same flags, checks and messages wherever a model is asked."""

from __future__ import annotations

import argparse
from typing import Any

FLAGS = (
    ("--base-url", "base_url"),
    ("--model", "model"),
    ("--timeout", "timeout"),
    ("--cache-dir", "cache_dir"),
    ("--no-cache", "no_cache"),
)


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def add_llm_arguments(group: Any) -> None:
    """The server, model, timeout and cache flags, on an argument group."""
    group.add_argument(
        "--base-url",
        metavar="URL",
        help="server URL, e.g. http://127.0.0.1:8080/v1 (or OPENAI_BASE_URL)",
    )
    group.add_argument("--model", metavar="NAME", help="model name (or OPENAI_MODEL)")
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=positive_seconds,
        help="seconds to wait for one answer before retrying (default: 60)",
    )
    group.add_argument(
        "--cache-dir", metavar="DIR", help="response cache folder (default: the user cache folder)"
    )
    group.add_argument("--no-cache", action="store_true", help="do not read or write the cache")


def llm_options(args: argparse.Namespace, wanted: bool, needs: str) -> dict[str, Any]:
    """The OpenAI backend's keyword options from the flags. ``wanted``: whether a model
    is asked at all; if not, any of these flags is an error that says what they need
    (``needs``: "--backend openai", "--llm")."""
    from ..errors import StepbackError

    given = [flag for flag, name in FLAGS if getattr(args, name)]
    if not wanted:
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise StepbackError(f"{', '.join(given)} {verb} only to {needs}")
        return {}
    if args.no_cache and args.cache_dir:
        raise StepbackError("--no-cache and --cache-dir contradict each other: choose one")
    options: dict[str, Any] = {
        name: getattr(args, name) for _, name in FLAGS if name != "no_cache" and getattr(args, name)
    }
    if args.no_cache:
        options["cache_dir"] = None
    return options
