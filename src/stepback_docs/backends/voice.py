"""The client's own words made fit for a document, and the document made fit for the client.

Two jobs, both deterministic:

- ``normalise_*``: the profile's fields as the templates need them (a story's result as a
  verb phrase, a clause or a noun phrase; an industry in lower case; an organization
  keeping its "Co."). What cannot be repaired safely (a question as a story's problem,
  a third-person motivation, an action with no verb) raises ``ProfileTextError`` naming
  the field and showing how to write it.
- ``finish``: the rendered text in the client's tone and spelling (formal: no
  contractions; direct: one idea per sentence; en-GB or en-US spelling).
"""

from __future__ import annotations

import re

from ..errors import StepbackError


class ProfileTextError(StepbackError):
    """A profile field the templates cannot turn into a grammatical sentence."""

    exit_code = 1


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Past-tense verbs that can follow "I" directly ("I cut costs", "I grew revenue").
IRREGULAR_PAST = _wordset(
    "cut grew won built made led brought drove rose fell took held kept sold ran set met "
    "beat hit got gave began shrank put spent paid wrote taught found chose rebuilt "
    "overhauled rewrote drew oversaw stood sped bought spun shook swung broke came went"
)
_NOT_VERBS = _wordset("red bed need speed seed feed greed shed hundred")
# Words that may be lowered at the start of a clause ("When the line …"): never a brand.
FUNCTION_WORDS = _wordset(
    "the a an our my their its this that these those each every one two three four five "
    "six seven eight nine ten most some many all new monthly weekly daily annual "
    "customer customers staff patients students"
)
# Abbreviations that keep their full stop at the end of a name ("Cedar & Stone Co.").
ABBREVIATIONS = _wordset("Co Inc Ltd Corp Bros Jr Sr St Dr Mr Mrs Ms Prof Mt LLC. plc")
HONORIFICS = _wordset("Dr Dr. Mr Mr. Mrs Mrs. Ms Ms. Mx Mx. Prof Prof.")
_SHORTHAND = ((re.compile(r"(?i)\bw/o\b"), "without"), (re.compile(r"(?i)\bw/(?=\s)"), "with"))
_THIRD_PERSON_RE = re.compile(r"(?i)\b(?:she|he|her|his|hers|him|herself|himself)\b")
_FIRST_PERSON_RE = re.compile(r"(?i)\b(?:i|i'm|i've|i'd|my|me|we|our|us)\b")


def past_verb(word: str) -> bool:
    if len(word) > 1 and word.isupper():
        return False  # an acronym ("SMED"), never a verb
    word = word.lower().strip(",")
    if word in _NOT_VERBS or not word.isalpha():
        return False
    return word.endswith("ed") or word in IRREGULAR_PAST


def clause(text: str) -> str:
    """Text without surrounding space and a final full stop (keeps ? and !, and the
    stop of an abbreviation such as "Co." or "Inc.")."""
    text = " ".join(text.split())
    while text.endswith((".", ";", ",", ":")):
        last = text.rsplit(" ", 1)[-1]
        if text.endswith(".") and last[:-1] in ABBREVIATIONS and not last.endswith(".."):
            break
        text = text[:-1].rstrip()
    return text


def expand_shorthand(text: str) -> str:
    for pattern, word in _SHORTHAND:
        text = pattern.sub(word, text)
    return text


def result_form(result: str) -> str:
    """ "verb" ("Cut costs 18%"), "clause" ("Failed payments fell 30%": a subject and
    then a verb), or "noun" ("yield 97%")."""
    words = result.split()
    if not words:
        return "noun"
    # A verb later on, not as the second of two joined verbs ("Cut costs and raised …").
    later_verb = any(
        past_verb(word) and words[i].lower() not in ("and", "or") and not words[i].endswith(",")
        for i, word in enumerate(words[1:5])
    )
    if past_verb(words[0]):
        if later_verb and len(words) > 2 and not past_verb(words[1]):
            return "clause"  # "Failed payments fell 30%": a participle, a noun, a verb
        return "verb"
    return "clause" if later_verb else "noun"


def lowerable_start(text: str) -> bool:
    """Whether the first word may be lowered mid-sentence (a common word, never a brand)."""
    first = text.split(" ", 1)[0]
    return first.lower() in FUNCTION_WORDS or (first[:1].islower())


def lower_start(text: str) -> str:
    return text[:1].lower() + text[1:] if lowerable_start(text) else text


def sentence_start(text: str) -> str:
    """Capital first letter unless the word is written on purpose in lower case with a
    digit or an inner capital ("p99", "iPhone", "eBay")."""
    first = text.split(" ", 1)[0]
    if any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].upper() + text[1:]


def common_noun_phrase(text: str, proper: frozenset[str]) -> str:
    """An industry or strength as a common noun phrase: "food Manufacturing" and
    "Food Manufacturing" become "food manufacturing"; acronyms and names stay."""
    words = text.split()
    out = []
    for word in words:
        core = word.strip("(),")
        if (
            core[:1].isupper()
            and core[1:].islower()
            and core.lower() not in proper
            and not any(c.isdigit() for c in core)
        ):
            word = word.replace(core, core.lower(), 1)
        out.append(word)
    return " ".join(out)


def check_first_person(text: str, field: str, names: set[str]) -> None:
    """Refuse a third-person field ("Maria does her best work …")."""
    first = text.split(" ", 1)[0].strip(",").lower()
    if (_THIRD_PERSON_RE.search(text) and not _FIRST_PERSON_RE.search(text)) or first in names:
        raise ProfileTextError(
            f"{field}: write it in the first person, as the candidate says it, e.g. "
            f"'I do my best work on the plant floor'"
        )


def speaks_as_i(text: str) -> bool:
    """Whether the text is said by the candidate ("I …", "my …", "we …")."""
    return _FIRST_PERSON_RE.search(text) is not None


def check_statement(text: str, field: str) -> None:
    if text.rstrip().endswith("?") or re.match(r"(?i)(why|how|what|when|where|who)\b", text):
        raise ProfileTextError(
            f"{field}: write it as a sentence that states the problem, not a question, e.g. "
            f"'First-pass yield was stuck at 91% across four plants'"
        )


def check_action(text: str, field: str) -> None:
    first = text.split(" ", 1)[0]
    if first.lower() in ("i", "we") or past_verb(first):
        return
    raise ProfileTextError(
        f"{field}: start with what you did, as a verb in the past tense, e.g. "
        f"'Ran a SMED project with the operators'"
    )


def salutation_name(manager: str) -> str:
    """ "Dr. Tom Lindqvist" -> "Dr. Lindqvist"; a name without an honorific stays whole."""
    words = manager.split()
    if len(words) >= 3 and words[0] in HONORIFICS:
        return f"{words[0]} {words[-1]}"
    return manager


# ------------------------------------------------------------------ finishing

_CONTRACTIONS = {
    "I'm": "I am",
    "I've": "I have",
    "I'd": "I would",
    "I'll": "I will",
    "it's": "it is",
    "It's": "It is",
    "that's": "that is",
    "That's": "That is",
    "here's": "here is",
    "Here's": "Here is",
    "isn't": "is not",
    "wasn't": "was not",
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "you're": "you are",
    "we're": "we are",
    "We're": "We are",
    "Let's": "Let us",
    "can't": "cannot",
    "won't": "will not",
    "what's": "what is",
    "What's": "What is",
}
_CONTRACTION_RE = re.compile(
    r"(?<![\w'’])(" + "|".join(re.escape(k) for k in _CONTRACTIONS) + r")(?![\w'’])"
)

# (US, GB) pairs: whole lower-case words only, so names ("World Health Organization")
# keep their own spelling.
_SPELLINGS = (
    ("organization", "organisation"),
    ("organizations", "organisations"),
    ("organize", "organise"),
    ("organized", "organised"),
    ("recognize", "recognise"),
    ("recognized", "recognised"),
    ("prioritize", "prioritise"),
    ("prioritized", "prioritised"),
    ("specialize", "specialise"),
    ("optimize", "optimise"),
    ("optimized", "optimised"),
    ("standardize", "standardise"),
    ("standardized", "standardised"),
    ("modernize", "modernise"),
    ("modernized", "modernised"),
    ("minimize", "minimise"),
    ("analyze", "analyse"),
    ("analyzed", "analysed"),
    ("favor", "favour"),
    ("behavior", "behaviour"),
    ("labor", "labour"),
    ("color", "colour"),
    ("center", "centre"),
    ("centers", "centres"),
    ("fulfillment", "fulfilment"),
    ("judgment", "judgement"),
    ("catalog", "catalogue"),
    ("catalogued", "catalogued"),
    ("enrollment", "enrolment"),
    ("traveled", "travelled"),
    ("modeling", "modelling"),
    ("parallelize", "parallelise"),
    ("candor", "candour"),
    ("honor", "honour"),
)
_TO_GB = {us: gb for us, gb in _SPELLINGS if us != gb}
_TO_US = {gb: us for us, gb in _SPELLINGS if us != gb}
_WORD_RE = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


def respell(text: str, locale: str) -> str:
    table = _TO_GB if locale == "en-GB" else _TO_US
    return _WORD_RE.sub(lambda m: table.get(m.group(0), m.group(0)), text)


_DIRECT_SPLIT_RE = re.compile(r", and (I|my|that|it|this|we)\b")
_DOUBLE_STOP_RE = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS)) + r")\.\.(?!\.)")


def finish(text: str, tone: str, locale: str) -> str:
    """One paragraph in the client's tone and spelling."""
    text = _DOUBLE_STOP_RE.sub(r"\1.", text)
    if tone == "formal":
        text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(1)], text)
    elif tone == "direct":
        # One idea per sentence: "…, and I …" becomes "… . I …".
        text = _DIRECT_SPLIT_RE.sub(lambda m: ". " + m.group(1)[:1].upper() + m.group(1)[1:], text)
    return respell(text, locale)
