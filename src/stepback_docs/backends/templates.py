"""The default backend: Jinja2 templates in ``templates/``, no key, no network.

The wording lives in the templates (a career coach can read and edit them); this module
only prepares the profile as plain values the templates can use without any grammar
logic of their own (sentence case, lists joined with "and", story clauses), renders with
``StrictUndefined`` so a typo in a template fails loudly, and splits the result into
paragraphs.

Variation is deterministic: ``variant("key", n)`` picks one of ``n`` phrasings from a
stable hash of the profile and the key, so the same profile always gets the same letter
while different profiles get different sentence openings.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from functools import cache
from types import FunctionType
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from jinja2.utils import missing

from ..documents import KINDS, Draft, Length
from ..errors import StepbackError
from ..model import Profile
from ..resources import search_path

TEMPLATE_FILES: dict[str, str] = {
    "cover-letter": "cover-letter.md.j2",
    "linkedin-headline": "linkedin-headline.txt.j2",
    "linkedin-about": "linkedin-about.md.j2",
    "networking-message": "networking-message.md.j2",
    "interview-answer": "interview-answer.md.j2",
}

# Detail levels, richest first: the backend renders at the richest level and only drops
# to a leaner one when the text would break the kind's length limit (long motivations or
# stories). Templates read ``level`` to decide how many stories, motivations and optional
# sentences to include.
LEVELS: tuple[int, ...] = (3, 2, 1, 0)
# Where the search for the right level starts: the level each kind usually ends at.
START_LEVEL: dict[str, int] = {"interview-answer": 1, "cover-letter": 2}

# The length each kind aims for, in words: the backend keeps the richest level at or
# under it (about 150 / 300 / 400 words for a cover letter), else the leanest level.
# The hard limits are the form guard's (guards.WORD_LIMITS).
WORD_AIMS: dict[tuple[str, str], int] = {
    ("cover-letter", "short"): 170,
    ("cover-letter", "medium"): 340,
    ("cover-letter", "long"): 450,
    ("interview-answer", "short"): 200,
    ("interview-answer", "medium"): 200,
    ("interview-answer", "long"): 200,
    ("networking-message", "short"): 230,
    ("networking-message", "medium"): 230,
    ("networking-message", "long"): 230,
}
CHAR_LIMITS: dict[str, int] = {"linkedin-headline": 220, "linkedin-about": 2600}
HOOK_CHARS = 270
PARAGRAPH = "¶"  # the paragraph marker in templates (a line holding just this sign)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Past-tense verbs that can follow "I" directly ("I cut costs", "I grew revenue").
_IRREGULAR_PAST = _wordset(
    "cut grew won built made led brought drove rose fell took held kept sold ran set met "
    "beat hit got gave began shrank put spent paid wrote taught found chose rebuilt "
    "overhauled rewrote drew oversaw stood sped bought spun shook swung broke"
)
_NOT_VERBS = _wordset("red bed need speed seed feed greed shed hundred")


@dataclass(frozen=True, slots=True)
class StoryView:
    """A success story split into clauses a template can join into sentences."""

    problem: str  # "Regional fulfilment costs were rising 9% a year" (no final stop)
    problem_lc: str  # same, first letter lowered unless it is a proper noun
    action_clause: str  # "I redesigned the network …" (always has a subject)
    result: str  # "Cut costs 18% ($2.4M a year)"
    result_lc: str  # "cut costs 18% ($2.4M a year)"
    result_is_verb: bool  # True when the result reads on from "and …" / "That …"
    has_and: bool  # action or result is already "X and Y": join the result as "That …"


# ----------------------------------------------------------------- text helpers


def clause(text: str) -> str:
    """Text without surrounding space and a final full stop (keeps ? and !)."""
    text = " ".join(text.split())
    while text.endswith((".", ";", ",", ":")):
        text = text[:-1].rstrip()
    return text


def sentence(text: str) -> str:
    """Text as a full sentence: capital first letter, one final stop."""
    text = clause(text)
    if not text:
        return ""
    if text[-1] not in "!?\"'”’)":
        text += "."
    return text[0].upper() + text[1:]


def capfirst(text: str) -> str:
    """First letter upper-cased, the rest untouched (Jinja's ``capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b")


def first_person(text: str) -> bool:
    """Whether the text speaks as "I" (a LinkedIn About section must)."""
    return _FIRST_PERSON_RE.search(text) is not None


def join_and(items: Iterable[str], conjunction: str = "and") -> str:
    """["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b and c"."""
    words = [c for c in map(clause, items) if c]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def a_an(phrase: str) -> str:
    """The phrase with "a" or "an" before it ("an Operations Manager", "a VP role")."""
    first = phrase.strip().split(" ", 1)[0]
    if first.isupper() and len(first) > 1:  # acronyms are read letter by letter
        vowel = first[0] in "AEFHILMNORSX"
    else:
        vowel = first[:1].lower() in "aeiou" and not first.lower().startswith(("uni", "use"))
    return f"{'an' if vowel else 'a'} {phrase.strip()}"


_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def _lowerable(word: str, proper: frozenset[str]) -> bool:
    core = word.strip("\"'(“‘")
    if not core or not core[0].isupper():
        return False
    if core == "I" or core.startswith(("I'", "I’")):
        return False
    if core.isascii():  # the same tests, at C speed
        if core[1:] != core[1:].lower() or _ASCII_DIGIT_RE.search(core):
            return False  # acronyms, brand names
    elif any(c.isupper() for c in core[1:]) or any(c.isdigit() for c in core):
        return False
    return core.lower() not in proper


def make_lcfirst(proper: frozenset[str]) -> Callable[[str], str]:
    """A filter lowering the first letter, except for proper nouns seen in the profile."""

    def lcfirst(text: str) -> str:
        text = text.strip()
        if not text:
            return text
        first = text.split(" ", 1)[0]
        if _lowerable(first, proper):
            index = next(i for i, c in enumerate(text) if c.isalpha())
            return text[:index] + text[index].lower() + text[index + 1 :]
        return text

    return lcfirst


def _starts_with_past_verb(text: str) -> bool:
    word = text.split(" ", 1)[0].lower().strip(",")
    if word in _NOT_VERBS:
        return False
    return word.endswith("ed") or word in _IRREGULAR_PAST


_NAME_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")
# A capitalized word after "x " or ", ": (?<=[a-z,;:] )([A-Z][a-z][\w'-]*), with the
# capital taken before the look back, so the engine skips to capitals at C speed.
_MID_SENTENCE_CAPITAL_RE = re.compile(r"([A-Z](?<=[a-z,;:] [A-Z])[a-z][\w'-]*)")
_CAPITALIZED_RE = re.compile(r"[A-Z][\w&-]+")
_WE_OR_I_RE = re.compile(r"(?i)(i|we)\b")


def _proper_words(profile: Profile) -> frozenset[str]:
    """Words the profile writes capitalized mid-sentence, plus names and employers."""
    words: set[str] = set()
    names = [
        profile.basics.name,
        profile.stepback.target.organization,
        profile.stepback.target.hiring_manager,
        *(w.name for w in profile.work),
        *(w.position for w in profile.work),
        profile.stepback.target.position,
    ]
    for name in names:
        if name:
            words.update(map(str.lower, _NAME_WORD_RE.findall(name)))
    texts = [m.detail for m in profile.stepback.motivations]
    for story in profile.stepback.stories:
        texts += [story.problem, story.action, story.result]
    for text in texts:
        words.update(map(str.lower, _MID_SENTENCE_CAPITAL_RE.findall(text)))
    return frozenset(words)


def _org_words(organization: str | None) -> set[str]:
    """The distinctive words of an organization's name ("Ridgeline" of "Ridgeline
    Outfitters"), to spot text that names it."""
    if not organization:
        return set()
    return {w for w in _CAPITALIZED_RE.findall(organization) if len(w) >= 4}


def _statement(text: str) -> str:
    """A clause the template ends with its own stop: capitalised, without a final ? or !
    (a closing bracket or quote stays, so brackets stay balanced)."""
    return capfirst(text.rstrip("?!").rstrip())


def _story_view(story: Any, lcfirst: Callable[[str], str]) -> StoryView:
    problem = clause(story.problem)
    action = clause(story.action)
    result = clause(story.result)
    if _WE_OR_I_RE.match(action):
        action_clause = action[0].upper() + action[1:] if action[:1] == "i" else action
    elif _starts_with_past_verb(action):
        action_clause = f"I {lcfirst(action)}"
    else:
        action_clause = f"my part was this: {lcfirst(action)}"
    return StoryView(
        problem=_statement(problem),
        problem_lc=lcfirst(problem),
        action_clause=action_clause,
        result=_statement(result),
        result_lc=lcfirst(result),
        result_is_verb=_starts_with_past_verb(result),
        has_and=" and " in action or " and " in result,
    )


# ------------------------------------------------------------------ environment


def variant_picker(seed: str) -> Callable[[str, int], int]:
    """``variant(key, n)``: a stable choice among ``n`` phrasings for this profile."""
    start = zlib.crc32(f"{seed}:".encode())  # the CRC of "seed:key", continued from "seed:"

    def variant(key: str, count: int) -> int:
        return zlib.crc32(key.encode(), start) % count

    return variant


# Jinja marks Macro.__call__ as taking the evaluation context first; Context.call finds
# that out for every call the templates make (a macro, or the view's ``variant``).
_MACRO_TAKES_EVAL_CONTEXT = (
    getattr(getattr(Macro.__call__, "jinja_pass_arg", None), "name", None) == "eval_context"
)


def _plain_function(macro: Any, given: int, autoescape: bool) -> Any:
    """The macro's function when calling ``macro`` with ``given`` positional arguments
    and no keyword needs nothing of Macro.__call__ but padding them (no caller, no
    catch-all arguments, no escaping, not async); else None.

    These are Jinja internals (3.1): a Jinja that keeps them differently gets None, and
    with it Jinja's own call, rather than an error in every document.
    """
    try:
        if (
            given > macro._argument_count
            or autoescape
            or macro.caller
            or macro.catch_kwargs
            or macro.catch_varargs
            or macro._environment.is_async
        ):
            return None
        return macro._func
    except AttributeError:
        return None


class _Context(Context):
    """Template calls without Jinja's per-call inspection, for the two callables the
    templates call (their macros and the view's plain functions); same results."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        plain_function = kind is FunctionType and not hasattr(__obj, "jinja_pass_arg")
        if not plain_function and (kind is not Macro or not _MACRO_TAKES_EVAL_CONTEXT):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        if kind is Macro:
            func = None if kwargs else _plain_function(__obj, len(args), __self.eval_ctx.autoescape)
            if func is not None:
                # What Macro.__call__ comes to then: the arguments it was not given as
                # ``missing`` (the macro uses its defaults), and no Markup.
                args = (*args, *(missing,) * (__obj._argument_count - len(args)))
                __obj = func
            else:
                args = (__self.eval_ctx, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja with two shortcuts for the plain values the templates get (same results).

    ``v.org`` on a dict looks the key up directly: Jinja tries the attribute first and
    pays for an AttributeError on every field of the view. Template globals are one
    plain dict, fixed when the templates load (``environment()`` sets them first),
    instead of a ChainMap every render copies and every ``import`` compares key by key.
    """

    context_class = _Context

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        # Jinja's own Environment.getattr, inlined (a call less for the story views).
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def environment() -> jinja2.Environment:
    """The compiled-template environment, built once per process (and custom folder)."""
    return _environment(search_path("templates"))


@cache
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        auto_reload=False,
    )
    env.globals["first_person"] = first_person
    env.filters["sentence"] = sentence
    env.filters["clause"] = clause
    env.filters["capfirst"] = capfirst
    env.filters["join_and"] = join_and
    env.filters["a_an"] = a_an
    return env


def _template(kind: str) -> jinja2.Template:
    return _template_in(kind, search_path("templates"))


@cache
def _template_in(kind: str, folders: tuple[str, ...]) -> jinja2.Template:
    return _environment(folders).get_template(TEMPLATE_FILES[kind])


# ------------------------------------------------------------------ view model


def profile_view(profile: Profile) -> dict[str, Any]:
    """Everything the templates may use, as plain values (no private notes)."""
    sb = profile.stepback
    target = sb.target
    lcfirst = make_lcfirst(_proper_words(profile))
    role = profile.from_role()
    name = (profile.basics.name or "").strip() or None
    # Coach-only fields (`assess`'s questions and search date) leave the wording alone.
    public_block = sb.model_dump_json(exclude={"private_notes", "questions", "search_started"})
    seed_source = public_block + (name or "")
    org_words = _org_words(target.organization)
    motivations = [
        {
            "kind": str(m.kind),
            "detail": sentence(m.detail),
            "detail_lc": lcfirst(clause(m.detail)),
            "names_org": not org_words.isdisjoint(_CAPITALIZED_RE.findall(m.detail)),
        }
        for m in sb.motivations
    ]
    highlights = [sentence(h) for h in (role.highlights if role else []) if clause(h)]
    strengths = [c for c in map(clause, sb.strengths) if c]
    org = clause(target.organization) if target.organization else None
    industry = lcfirst(clause(target.industry)) if target.industry else None
    seed = f"{zlib.crc32(seed_source.encode()):08x}"
    return {
        "seed": seed,
        "variant": variant_picker(seed),
        "name": name,
        "first_name": name.split()[0] if name else None,
        "position": clause(target.position),
        "org": org,
        "industry": industry,
        "manager": target.hiring_manager,
        "move": str(sb.move),
        "motivations": motivations,
        "motivation_kinds": [m["kind"] for m in motivations],
        # The ones public text may use (the LinkedIn About section): not naming the
        # employer applied to, not about wanting that employer. Built here once, as
        # Jinja's rejectattr|list cost more than the rest of the section's render.
        "own_motivations": [
            m for m in motivations if not m["names_org"] and m["kind"] != "preferred-employer"
        ],
        "strengths": strengths,
        "strengths_capfirst": [capfirst(s) for s in strengths],  # the headline's, once
        "stories": [_story_view(s, lcfirst) for s in sb.stories],
        "commitment": sentence(sb.commitment) if sb.commitment else None,
        "compensation": str(sb.compensation),
        "tone": str(sb.tone),
        "from_title": clause(role.position) if role and role.position else None,
        "from_org": clause(role.name) if role and role.name else None,
        "highlights": highlights,
        "summary": sentence(profile.basics.summary) if profile.basics.summary else None,
        **_phrases(org, industry, strengths),
    }


def _phrases(org: str | None, industry: str | None, strengths: list[str]) -> dict[str, str]:
    """Ready-made phrases for the templates, so no sentence has an empty slot."""
    return {
        "team": org or "your team",
        "org_name": org or "your organization",
        "at_org": f" at {org}" if org else "",
        "in_industry": f" in {industry}" if industry else "",
        "strengths2": join_and(strengths[:2]),
        "strengths3": join_and(strengths[:3]),
        "strengths4": join_and(strengths[:4]),
    }


# ------------------------------------------------------------------- rendering


_SPACED_MARKS = (" ,", " .", " ;", " :", " !", " ?")
_SPACED_MARK_RE = re.compile(r" [,.;:!?]")


def to_paragraphs(rendered: str) -> list[str]:
    """A line holding just ¶ separates paragraphs; all other line breaks are joined."""
    return _paragraphs(rendered)[0]


def _paragraphs(rendered: str) -> tuple[list[str], int]:
    """``to_paragraphs`` and the number of words in them (as ``str.split`` counts)."""
    paragraphs = []
    count = 0
    for block in rendered.split(PARAGRAPH):
        words = block.split()
        if not words:
            continue
        text = " ".join(words)
        count += len(words)
        # No space before punctuation; the join left single spaces as the only whitespace,
        # and each space removed joins a mark to the word before it: one word fewer.
        if _SPACED_MARK_RE.search(text):
            for mark in _SPACED_MARKS:
                if mark in text:
                    count -= text.count(mark)
                    text = text.replace(mark, mark[1])
        paragraphs.append(text)
    return paragraphs, count


def _fits_chars(kind: str, paragraphs: list[str]) -> bool:
    if len("\n\n".join(paragraphs)) > CHAR_LIMITS[kind]:
        return False
    return not (kind == "linkedin-about" and paragraphs and len(paragraphs[0]) > HOOK_CHARS)


class _Renderer:
    """``template.render(context, level=level)`` for one context at several levels.

    Template.render copies the context into a new dict, and Jinja's new_context copies
    that again with the globals (through keyword arguments: a third copy) on every
    render; the view has about forty entries and a document takes one to three renders.
    The template's context here is built once and only its ``level`` changes (a render
    never writes to it: ``set`` goes to the Context's own variables); same output.
    """

    def __init__(self, template: jinja2.Template, context: dict[str, Any]) -> None:
        self.template = template
        self.parent = {**template.globals, **context}

    def __call__(self, level: int) -> str:
        template = self.template
        env = template.environment
        parent = self.parent
        parent["level"] = level
        ctx = env.context_class(env, parent, template.name, template.blocks, template.globals)
        try:
            return env.concat(template.root_render_func(ctx))
        except Exception:
            env.handle_exception()


def render(view: dict[str, Any], kind: str, length: str) -> list[str]:
    """Render ``kind`` at the richest level that fits its length."""
    if kind not in TEMPLATE_FILES:
        raise StepbackError(f"unknown document kind {kind!r}: choose from {', '.join(KINDS)}")
    template = _template(kind)
    context = dict(view, length=length)
    context["v"] = context  # macros take the view as their first argument
    if kind == "linkedin-about":
        # Public text never names the employer being applied to or its people.
        public = dict(context, org=None, manager=None)
        public.update(_phrases(None, view["industry"], view["strengths"]))
        context["public"] = public
    at_level = _Renderer(template, context)
    if kind in CHAR_LIMITS:
        paragraphs: list[str] = []
        for level in LEVELS:
            paragraphs = to_paragraphs(at_level(level))
            if _fits_chars(kind, paragraphs):
                break
        return paragraphs
    aim = WORD_AIMS[(kind, length)]
    renders: dict[int, tuple[list[str], int]] = {}

    def words(level: int) -> int:
        if level not in renders:
            renders[level] = _paragraphs(at_level(level))
        return renders[level][1]

    # The richest level at or under the aim, else the leanest. Lengths grow with the
    # level, so searching from where this kind usually lands takes one or two renders.
    level = START_LEVEL.get(kind, LEVELS[0])
    if words(level) <= aim:
        while level < LEVELS[0] and words(level + 1) <= aim:
            level += 1
    else:
        while level > LEVELS[-1]:
            level -= 1
            if words(level) <= aim:
                break
    return renders[level][0]


def salutation(profile: Profile, kind: str) -> tuple[str | None, str | None, str | None]:
    """Greeting, closing and signature for letters and notes (None for LinkedIn text)."""
    name = (profile.basics.name or "").strip() or None
    tone = str(profile.stepback.tone)
    if kind == "cover-letter":
        manager = profile.stepback.target.hiring_manager
        greeting = f"Dear {manager}," if manager else "Dear Hiring Manager,"
        closing = {"warm": "Warm regards,", "formal": "Sincerely,", "direct": "Best regards,"}
        return greeting, closing[tone], name
    if kind == "networking-message":
        greeting = "Hello," if tone == "formal" else "Hi,"
        closing = {"warm": "Thank you,", "formal": "With thanks,", "direct": "Thanks,"}
        return greeting, closing[tone], name.split()[0] if name else None
    return None, None, None


class TemplatesBackend:
    """Deterministic drafts from ``templates/``; thread-safe (the view cache may at worst
    build a view twice)."""

    name = "templates"

    def __init__(self) -> None:
        self._views: dict[str, dict[str, Any]] = {}

    def view(self, profile: Profile, key: str | None = None) -> dict[str, Any]:
        """The profile's view, cached by content (``key``: the profile's JSON) so a batch
        drafting one kind at a time builds it once, and an edited profile never gets a
        stale one."""
        key = key if key is not None else profile.model_dump_json()
        view = self._views.get(key)
        if view is None:
            view = profile_view(profile)
            if len(self._views) >= 256:
                self._views.clear()
            self._views[key] = view
        return view

    def draft(
        self,
        profile: Any,
        kind: str,
        *,
        length: Length = "medium",
        feedback: list[str] | None = None,
        attempt: int = 1,
    ) -> Draft:
        # ``feedback`` is ignored: a template cannot rewrite the profile's own words, so
        # generate() reports such failures against the profile field instead.
        return Draft(paragraphs=render(self.view(profile), kind, length), model=None)
