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
from ..guards import public_text
from ..model import Profile
from ..resources import search_path
from . import voice
from .voice import clause

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
    ("interview-answer", "short"): 150,
    ("interview-answer", "medium"): 190,
    ("interview-answer", "long"): 215,
    ("networking-message", "short"): 120,
    ("networking-message", "medium"): 170,
    ("networking-message", "long"): 230,
}
CHAR_LIMITS: dict[str, int] = {"linkedin-headline": 220, "linkedin-about": 2600}
HOOK_CHARS = 270
PARAGRAPH = "¶"  # the paragraph marker in templates (a line holding just this sign)


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
    result_form: str  # "verb" ("Cut costs 18%"), "clause" ("Costs fell 18%") or "noun"
    result_sentence: str  # the result as a sentence of its own ("Failed payments fell 30%.")
    when_ok: bool  # the problem may follow "When …" (its first word is not a name)
    action_lc: str  # "redesigned the network …" (after "I"), or the action as written
    result_low: str  # the result with its first word lowered when that is safe
    result_low_ok: bool  # whether it is (a common first word, never a brand)


# ----------------------------------------------------------------- text helpers


def sentence(text: str) -> str:
    """Text as a full sentence: capital first letter, one final stop."""
    text = clause(text)
    if not text:
        return ""
    if text[-1] not in ".!?\"'”’)":
        text += "."
    return voice.sentence_start(text)


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
    texts = [m.detail for m in profile.stepback.motivations if m.detail]
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


def _story_view(story: Any, lcfirst: Callable[[str], str], field: str) -> StoryView:
    problem = voice.expand_shorthand(clause(story.problem))
    action = voice.expand_shorthand(clause(story.action))
    result = voice.expand_shorthand(clause(story.result))
    voice.check_statement(problem, f"{field}.problem")
    voice.check_action(action, f"{field}.action")
    if _WE_OR_I_RE.match(action):
        action_clause = action[0].upper() + action[1:] if action[:1] == "i" else action
        action_lc = action_clause
    else:
        action_lc = lcfirst(action)
        action_clause = f"I {action_lc}"
    form = voice.result_form(result)
    if form == "noun" and len(result.split()) >= 4 and result[:1].isupper():
        form = "clause"  # "Onboarding now takes eight days": a sentence of its own
    return StoryView(
        problem=voice.sentence_start(_statement(problem)),
        problem_lc=voice.lower_start(problem),
        action_clause=action_clause,
        result=voice.sentence_start(_statement(result)),
        result_lc=lcfirst(result) if form == "verb" else result,
        result_is_verb=form == "verb",
        has_and=" and " in action or " and " in result,
        result_form=form,
        result_sentence=sentence(result),
        when_ok=voice.lowerable_start(problem),
        action_lc=action_lc,
        result_low=voice.lower_start(result),
        result_low_ok=voice.lowerable_start(result),
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


def _plan(move: str, kinds: list[str], has_org: bool, why: bool, stories: bool) -> str:
    """The cover letter's architecture, from the move and the evidence (see the template)."""
    if has_org and (why or "preferred-employer" in kinds):
        return "employer"
    if move in ("new-industry", "entry-level"):
        return "bridge"
    if move == "return-to-work":
        return "readiness"
    if move == "individual-contributor" or (kinds[0] == "hands-on" and stories):
        return "craft"
    if stories:
        return "proof"
    return "reasons"


def _highlight(text: str, lcfirst: Callable[[str], str]) -> str:
    """A résumé highlight as a sentence: "Grew the team …" becomes "I grew the team …"."""
    text = voice.expand_shorthand(clause(text))
    if voice.past_verb(text.split(" ", 1)[0]) and voice.result_form(text) == "verb":
        return sentence(f"I {lcfirst(text)}")
    return sentence(text)


def _current(role: Any) -> bool:
    return role is not None and not (role.endDate or "").strip()


def profile_view(profile: Profile) -> dict[str, Any]:
    """Everything the templates may use, as plain values (no private notes).

    Raises ``voice.ProfileTextError`` naming the field when the client's text cannot be
    made into a grammatical sentence (a question as a problem, a third-person motivation).
    """
    sb = profile.stepback
    target = sb.target
    proper = _proper_words(profile)
    lcfirst = make_lcfirst(proper)
    # The role being left (an index past the end of work[] falls back to the latest).
    role = profile.from_role() or (profile.work[0] if profile.work else None)
    name = (profile.basics.name or "").strip() or None
    names = {w.lower() for w in (name or "").split()}
    # Coach-only fields (`assess`'s questions and search date) leave the wording alone.
    public_block = sb.model_dump_json(exclude={"private_notes", "questions", "search_started"})
    seed_source = public_block + (name or "")
    org_words = _org_words(target.organization)
    motivations = []
    said: set[tuple[str, str]] = set()
    for i, m in enumerate(sb.motivations):
        if (str(m.kind), (m.detail or "").lower()) in said:
            continue  # the same reason twice is said once
        said.add((str(m.kind), (m.detail or "").lower()))
        detail = voice.expand_shorthand(clause(m.detail)) if m.detail else None
        if detail:
            voice.check_first_person(detail, f"stepback.motivations[{i}].detail", names)
            if not voice.speaks_as_i(detail):  # a fragment: "building expertise in analytics"
                detail = f"What I want next is {lcfirst(detail)}"
        motivations.append(
            {
                "kind": str(m.kind),
                "detail": sentence(detail) if detail else None,
                "detail_lc": voice.lower_start(detail) if detail else None,
                "names_org": bool(detail)
                and not org_words.isdisjoint(_CAPITALIZED_RE.findall(detail or "")),
            }
        )
    highlights = list(
        dict.fromkeys(
            _highlight(h, lcfirst) for h in (role.highlights if role else []) if clause(h)
        )
    )
    strengths = list(
        dict.fromkeys(voice.common_noun_phrase(c, proper) for c in map(clause, sb.strengths) if c)
    )
    org = clause(target.organization) if target.organization else None
    industry = (
        voice.common_noun_phrase(clause(target.industry), proper) if target.industry else None
    )
    seed = f"{zlib.crc32(seed_source.encode()):08x}"
    # A document uses each fact once: a story or strength given twice is told once.
    unique = {
        (s.problem.lower(), s.action.lower(), s.result.lower()): i for i, s in enumerate(sb.stories)
    }
    stories = [
        _story_view(sb.stories[i], lcfirst, f"stepback.stories[{i}]")
        for i in sorted(unique.values())
    ]
    kinds = [str(m["kind"]) for m in motivations]
    plan = _plan(str(sb.move), kinds, bool(org), bool(sb.why_employer), bool(stories))
    if plan == "employer" and "preferred-employer" in kinds:
        # The employer leads this letter: the reason about it comes first.
        lead = kinds.index("preferred-employer")
        motivations.insert(0, motivations.pop(lead))
        kinds.insert(0, kinds.pop(lead))
    contact = sb.contact
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
        "plan": plan,
        "motivations": motivations,
        "motivation_kinds": kinds,
        # The ones public text may use (the LinkedIn About section): not naming the
        # employer applied to, not about wanting that employer. Built here once, as
        # Jinja's rejectattr|list cost more than the rest of the section's render.
        "own_motivations": [
            m for m in motivations if not m["names_org"] and m["kind"] != "preferred-employer"
        ],
        "strengths": strengths,
        "strengths_capfirst": [capfirst(s) for s in strengths],  # the headline's, once
        "stories": stories,
        "commitment": sentence(sb.commitment) if sb.commitment else None,
        "why_employer": sentence(sb.why_employer) if sb.why_employer else None,
        "requirements": [c for c in map(clause, sb.requirements) if c],
        "contact_name": contact.name if contact else None,
        "contact_relationship": clause(contact.relationship)
        if contact and contact.relationship
        else None,
        "gap": sentence(sb.gap) if sb.gap else None,
        "compensation": str(sb.compensation),
        "tone": str(sb.tone),
        "locale": str(sb.locale),
        "from_title": clause(role.position) if role and role.position else None,
        "from_org": clause(role.name) if role and role.name else None,
        "current": _current(role),
        "highlights": highlights,
        # A résumé summary is used only when it is said as "I" (not "FP&A manager who …").
        "summary": sentence(profile.basics.summary)
        if profile.basics.summary and voice.speaks_as_i(profile.basics.summary)
        else None,
        "own_words": " "
        + " ".join(_WORDS_RE.findall(voice.respell(public_text(profile).lower(), str(sb.locale))))
        + " ",
        "label": clause(profile.basics.label) if profile.basics.label else None,
        # A title the person holds or held, for the headline (never the target's).
        "held_title": next((clause(w.position) for w in profile.work if w.position), None),
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
    """Render ``kind`` at the richest level that fits its length, in the client's tone
    and spelling."""
    tone, locale = view["tone"], view["locale"]
    paragraphs = [voice.finish(p, tone, locale) for p in _render(view, kind, length)]
    if kind != "linkedin-headline":
        paragraphs = _say_it_once(paragraphs, view["own_words"])
    if kind == "cover-letter":
        paragraphs = _three_paragraphs(paragraphs)
    return paragraphs


_PHRASE_WORDS = 5
_WORDS_RE = re.compile(r"[a-z0-9]+")


def _say_it_once(paragraphs: list[str], own_words: str) -> list[str]:
    """Drop a sentence that repeats a 5-word phrase of an earlier one (a sparse or
    repetitive profile can make two connecting sentences meet), keeping every paragraph
    at least one sentence long. Phrases of the client's own words (``own_words``: their
    public text, lower-case words between spaces) may recur."""
    seen: set[tuple[str, ...]] = set()
    kept_paragraphs = []
    for paragraph in paragraphs:
        kept: list[str] = []
        sentences = _SENTENCE_END_RE.split(paragraph)
        for index, text in enumerate(sentences):
            words = _WORDS_RE.findall(text.lower())
            grams = {
                gram
                for i in range(len(words) - _PHRASE_WORDS + 1)
                if f" {' '.join(gram := tuple(words[i : i + _PHRASE_WORDS]))} " not in own_words
            }
            last_chance = not kept and index == len(sentences) - 1
            if grams & seen and not last_chance:
                continue
            seen |= grams
            kept.append(text)
        if kept:
            kept_paragraphs.append(" ".join(kept))
    return kept_paragraphs


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _three_paragraphs(paragraphs: list[str]) -> list[str]:
    """A letter from a sparse profile still has an opening, a body and a closing: the
    last sentence (the invitation to talk) and then the first become paragraphs."""
    for index in (-1, 0):
        if len(paragraphs) >= 3:
            break
        sentences = _SENTENCE_END_RE.split(paragraphs[index]) if paragraphs else []
        if len(sentences) < 2:
            continue
        if index == -1:
            paragraphs[-1:] = [" ".join(sentences[:-1]), sentences[-1]]
        else:
            paragraphs[:1] = [sentences[0], " ".join(sentences[1:])]
    return paragraphs


def _render(view: dict[str, Any], kind: str, length: str) -> list[str]:
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
        greeting = f"Dear {voice.salutation_name(manager)}," if manager else "Dear Hiring Manager,"
        closing = {"warm": "Warm regards,", "formal": "Sincerely,", "direct": "Best regards,"}
        return greeting, closing[tone], name
    if kind == "networking-message":
        contact = profile.stepback.contact
        hello = "Hello" if tone == "formal" else "Hi"
        greeting = f"{hello} {contact.name}," if contact else f"{hello},"
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
