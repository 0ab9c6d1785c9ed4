"""How much of each generated document is a form letter (issue 15).

Over the clients of ``bench/profiles.py`` (35 regular clients, many sectors and moves),
with the templates backend at medium length:

- **shared**: the share of body sentences that, with the client's own words and figures
  masked, equal a sentence in another client's document of the same kind (target ≤ 10%);
  a sentence made only of the client's clauses and joining words ("§, so I §.") is the
  client's own and never counts as shared (it stays in the total);
- **copied**: the share of interview-answer sentences that are a sentence of the same
  client's cover letter (target ≤ 10%);
- **repeats**: 5-word phrases that occur twice in one document outside the client's
  own data (target 0);
- **style variants**: profiles written in fragments, third person, lower case … must
  come out grammatical or be refused naming the field.

    python bench/boilerplate.py [--clients N] [--show KIND]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profiles import clients, style_variants

from stepback_docs.documents import KINDS
from stepback_docs.errors import StepbackError
from stepback_docs.generator import generate
from stepback_docs.model import Profile

BODY_KINDS = ("cover-letter", "linkedin-about", "networking-message", "interview-answer")
MASK = "§"
# Words that only join the client's clauses ("When §, I § and §."); a masked sentence
# needs two other words to count as the template's own sentence.
JOINERS = frozenset(
    {"i", "so", "and", "when", "the", "a", "an", "at", "in", "of", "to", "my", "we", "it"}
    | {"that", "then"}
)
_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(§])")
_NUMBER_RE = re.compile(r"[$£€]?\d[\d,.]*%?\w*")
_WORD_RE = re.compile(rf"[a-z0-9'’{MASK}]+")


def client_phrases(profile: Profile) -> list[str]:
    """The client's own words: every public text field, whole and by clause, longest first."""
    sb = profile.stepback
    texts: list[str] = [sb.target.position]
    texts += [
        t for t in (sb.target.organization, sb.target.industry, sb.target.hiring_manager) if t
    ]
    texts += [m.detail for m in sb.motivations if getattr(m, "detail", None)]
    texts += list(sb.strengths)
    for s in sb.stories:
        texts += [s.problem, s.action, s.result]
    if sb.commitment:
        texts.append(sb.commitment)
    for w in profile.work:
        texts += [t for t in (w.name, w.position, w.summary) if t]
        texts += list(w.highlights)
    if profile.basics.name:
        texts += [profile.basics.name, *profile.basics.name.split()]
    if profile.basics.summary:
        texts.append(profile.basics.summary)
    phrases: set[str] = set()
    for text in texts:
        text = " ".join(text.split()).rstrip(".")
        phrases.add(text)
        phrases.update(p.strip() for p in re.split(r"[,;:]| and ", text) if len(p.strip()) > 3)
    return sorted(phrases, key=len, reverse=True)


def mask(text: str, phrases: list[str]) -> str:
    """The text with the client's phrases and all figures replaced by §."""
    for phrase in phrases:
        text = re.sub(re.escape(phrase), MASK, text, flags=re.IGNORECASE)
    return _NUMBER_RE.sub(MASK, text)


def sentences(text: str) -> list[str]:
    return [s.strip() for p in text.split("\n\n") for s in _SPLIT_RE.split(p) if s.strip()]


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def body(profile: Profile, kind: str) -> list[str]:
    document = generate(profile, [kind])[0]
    return document.paragraphs


def measure(profiles: list[Profile], show: str | None = None) -> dict[str, float]:
    masked: dict[str, list[list[str]]] = defaultdict(list)  # kind -> per client sentences
    raw: dict[str, list[list[str]]] = defaultdict(list)
    repeats = 0
    repeat_docs = 0
    refused = 0
    for profile in profiles:
        phrases = client_phrases(profile)
        for kind in BODY_KINDS:
            try:
                paragraphs = body(profile, kind)
            except StepbackError as error:
                refused += 1
                print(f"refused {profile.basics.name} {kind}: {str(error)[:160]}")
                masked[kind].append([])
                raw[kind].append([])
                continue
            text = "\n\n".join(paragraphs)
            if show == kind:
                print(f"--- {profile.basics.name} ({profile.stepback.move})\n{text}\n")
            raw[kind].append(sentences(text))
            masked_text = mask(text, phrases)
            masked[kind].append([" ".join(words(s)) for s in sentences(masked_text)])
            grams = Counter(
                tuple(ws[i : i + 5])
                for ws in [words(masked_text)]
                for i in range(len(ws) - 4)
                if MASK not in "".join(ws[i : i + 5])
            )
            doubled = [g for g, c in grams.items() if c > 1]
            repeats += len(doubled)
            repeat_docs += bool(doubled)
            if doubled and show:
                print(f"repeat in {profile.basics.name} {kind}: {' '.join(doubled[0])}")
    result: dict[str, float] = {}
    total = shared = 0
    for kind in BODY_KINDS:
        owners: dict[str, set[int]] = defaultdict(set)
        for i, doc in enumerate(masked[kind]):
            for s in doc:
                owners[s].add(i)
        k_total = k_shared = 0
        for i, doc in enumerate(masked[kind]):
            for s in doc:
                k_total += 1
                # The client's own words joined by function words ("§, so I §.") are
                # the client's sentence, not the template's.
                own = len([w for w in s.split() if MASK not in w and w not in JOINERS]) < 2
                if not own and len(owners[s] - {i}) > 0:
                    k_shared += 1
        result[f"shared {kind}"] = k_shared / max(k_total, 1)
        total += k_total
        shared += k_shared
    result["shared (all body kinds)"] = shared / max(total, 1)
    copied = answer_total = 0
    for answer, letter in zip(raw["interview-answer"], raw["cover-letter"], strict=True):
        letter_set = set(letter)
        answer_total += len(answer)
        copied += sum(s in letter_set for s in answer)
    result["interview sentences copied from the letter"] = copied / max(answer_total, 1)
    result["repeated 5-word phrases (count)"] = repeats
    result["documents with a repeated 5-word phrase"] = repeat_docs
    result["documents refused"] = refused
    return result


def styles() -> list[str]:
    lines = []
    for name, data in style_variants().items():
        try:
            profile = Profile.model_validate(data)
            documents = generate(profile, KINDS)
            letter = next(d for d in documents if d.kind == "cover-letter")
            lines.append(f"{name}: generated; letter: {' '.join(letter.paragraphs)[:400]}")
        except (StepbackError, ValueError) as error:
            lines.append(f"{name}: refused: {' '.join(str(error).split())[:300]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=35)
    parser.add_argument("--show", choices=BODY_KINDS, default=None)
    args = parser.parse_args(argv)
    profiles = clients(args.clients)
    for name, value in measure(profiles, args.show).items():
        shown = f"{value:.1%}" if isinstance(value, float) else str(value)
        print(f"{name:48} {shown}")
    for line in styles():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
