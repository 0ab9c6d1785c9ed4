"""The assessment as a coach's checklist (human), Markdown, or JSON
(``docs/assess-output.schema.json``)."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any, Final

from .core import Assessment, DoubtReport, StoryReport, WordFinding

FORMATS: Final = ("human", "markdown", "json")
JSON_VERSION: Final = 1

_OK, _ADD, _CAUTION, _NOTE = "[ok]", "[add]", "[caution]", "[note]"


def heading(a: Assessment) -> str:
    """'Maria Okafor → Director of Operations at Brightwater Foods (lower-title)'."""
    at = f" at {a.employer}" if a.employer else ""
    who = f"{a.name} → " if a.name else ""
    return f"{who}{a.position}{at} ({a.move.kind})"


def _story_line(s: StoryReport) -> str:
    figures = "; ".join(f"{kind} {', '.join(items)}" for kind, items in s.figures.items())
    measured = f"measurable: {s.score_label}"
    if figures:
        measured += f" ({figures}{'; before and after' if s.before_after else ''})"
    else:
        measured += " (add a figure: money or time saved, a volume, a before and after)"
    relevance = f"relevance: {s.relevance}"
    if s.shared_words:
        relevance += f" ({', '.join(s.shared_words)})"
    else:
        relevance += " (no word in common with the target: say how it carries over)"
    doubt = [f for f in s.findings if f.raises_doubt]
    words = f"words: {len(doubt)} raise doubt" if doubt else "words: no doubt"
    return f"story {s.index + 1}: {s.problem} — {measured}; {relevance}; {words}"


def _finding_line(f: WordFinding) -> str:
    fix = f"; try: {f.suggestion}" if f.suggestion else ""
    return f'{f.field}: [{f.category}] "{f.text}" — {f.message.rstrip(". ")}{fix}'


def _verdict(a: Assessment, *, markdown: bool = False) -> str:
    """'1 caution, 3 to add (as of 2026-12-01)'."""
    count = len(a.cautions)
    cautions = f"{count} caution{'s' if count != 1 else ''}" if count else "no cautions"
    if markdown and count:
        cautions = f"**{cautions}**"
    to_add = f"{a.to_add} to add" if a.to_add else "nothing to add"
    text = f"{cautions}, {to_add} (as of {a.as_of.isoformat()})"
    return text[0].upper() + text[1:] + "." if markdown else text


def _doubt_mark(d: DoubtReport) -> str:
    return _OK if d.answered else _ADD


# ---------------------------------------------------------------------------- human


def render_human(assessments: Sequence[Assessment]) -> str:
    """A short checklist per profile, to read through with the client."""
    blocks = [_human_one(a) for a in assessments]
    cautioned = sum(1 for a in assessments if a.cautions)
    if len(assessments) > 1:
        blocks.append(
            f"{len(assessments)} profiles assessed: {cautioned} with cautions, "
            f"{len(assessments) - cautioned} without"
        )
    return "\n\n".join(blocks) + "\n"


WIDTH: Final = 88
_MARKER = re.compile(r"( *)(\[\w+\] |next: |\d+\. |)")


def _wrap(line: str) -> str:
    """A long checklist line wrapped to ``WIDTH``, continued under its text."""
    if len(line) <= WIDTH:
        return line
    indent, marker = _MARKER.match(line).groups()  # type: ignore[union-attr]
    return textwrap.fill(
        line.strip(),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=" " * (len(indent) + len(marker)),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _human_one(a: Assessment) -> str:
    lines = [f"{a.source}: {heading(a)}" if a.source else heading(a)]
    lines.append("The move")
    for c in a.cautions:
        if c.id == "doubt-words":
            continue
        lines.append(f"  {_CAUTION} {c.title}")
        lines.append(f"      {c.message}")
        if c.id == "no-pattern":
            for i, q in enumerate(a.questions, 1):
                answer = f" — answered: {q.answer}" if q.answer else f" ({q.field})"
                lines.append(f"        {i}. {q.question}{answer}")
    for p in a.move.fits:
        lines.append(f"  {_OK} {p.label}: {p.evidence[0]}")
        lines.extend(f"       also: {e}" for e in p.evidence[1:])
    search_mark = _ADD if a.move.search.status == "not-recorded" else _NOTE
    lines.append(f"  {search_mark} {a.move.search.text}")
    lines.append("The three doubts")
    for d in a.doubts:
        lines.append(f"  {_doubt_mark(d)} {d.question}")
        lines.extend(f"      {e}" for e in d.evidence)
        lines.extend(f"      next: {x}" for x in d.add)
    lines.append("The evidence")
    if not a.evidence.stories:
        lines.append(f"  {_ADD} no success stories (stepback.stories)")
    for s in a.evidence.stories:
        lines.append(f"  {_OK if s.complete else _ADD} {_story_line(s)}")
    doubting = [f for f in a.evidence.findings if f.raises_doubt]
    notes = [f for f in a.evidence.findings if not f.raises_doubt]
    if doubting:
        caution = next(c for c in a.cautions if c.id == "doubt-words")
        lines.append(f"  {_CAUTION} {caution.title}")
        lines.append(f"      {caution.message}")
        lines.extend(f"      {_finding_line(f)}" for f in doubting)
    else:
        lines.append(f"  {_OK} the profile's own words raise no doubt")
    lines.extend(f"  {_NOTE} {_finding_line(f)}" for f in notes)
    lines.append("The network")
    n = a.network
    lines.append(
        f"  {_OK if n.status == 'recorded' else _ADD} "
        + ("; ".join(n.evidence) if n.evidence else "no contact or route in recorded")
    )
    if n.add:
        lines.append(f"      next: {n.add}")
    lines.append(_verdict(a))
    return "\n".join(_wrap(line) for line in lines)


# ------------------------------------------------------------------------- markdown


def render_markdown(assessments: Sequence[Assessment]) -> str:
    return "\n\n".join(_markdown_one(a) for a in assessments) + "\n"


def _check(done: bool) -> str:
    return "- [x]" if done else "- [ ]"


def _markdown_one(a: Assessment) -> str:
    out = [f"# Assessment: {heading(a)}", ""]
    out.append(_verdict(a, markdown=True))
    out += ["", "## The move", ""]
    for c in a.cautions:
        if c.id == "doubt-words":
            continue
        out += [f"> **Caution: {c.title}.** {c.message}"]
        if c.id == "no-pattern":
            out.append(">")
            for i, q in enumerate(a.questions, 1):
                answer = f" *Answered:* {q.answer}" if q.answer else f" (`{q.field}`)"
                out.append(f"> {i}. {q.question}{answer}")
        out.append("")
    for p in a.move.fits:
        out.append(f"- [x] **{p.label}**: {p.evidence[0]}")
        out += [f"  - also: {e}" for e in p.evidence[1:]]
    search = a.move.search
    out.append(f"{'- [ ]' if search.status == 'not-recorded' else '- Search:'} {search.text}")
    out += ["", "## The three doubts", ""]
    for d in a.doubts:
        out.append(f"{_check(d.answered)} **{d.question}**")
        out += [f"  - {e}" for e in d.evidence]
        out += [f"  - *Next:* {x}" for x in d.add]
    out += ["", "## The evidence", ""]
    if not a.evidence.stories:
        out.append("- [ ] No success stories (`stepback.stories`).")
    for s in a.evidence.stories:
        out.append(f"{_check(s.complete)} {_story_line(s)}")
    doubting = [f for f in a.evidence.findings if f.raises_doubt]
    notes = [f for f in a.evidence.findings if not f.raises_doubt]
    if doubting:
        caution = next(c for c in a.cautions if c.id == "doubt-words")
        out += ["", f"> **Caution: {caution.title}.** {caution.message}", ">"]
        out += [f"> - {_finding_line(f)}" for f in doubting]
    else:
        out.append("- [x] The profile's own words raise no doubt.")
    out += [f"- Note: {_finding_line(f)}" for f in notes]
    out += ["", "## The network", ""]
    n = a.network
    out.append(
        f"{_check(n.status == 'recorded')} "
        + ("; ".join(n.evidence) if n.evidence else "No contact or route in recorded.")
    )
    if n.add:
        out.append(f"  - *Next:* {n.add}")
    return "\n".join(out)


# ----------------------------------------------------------------------------- json


def to_dict(a: Assessment) -> dict[str, Any]:
    """One assessment as plain data (the ``assessments[]`` items of the JSON format)."""
    return {
        "profile": a.source,
        "name": a.name,
        "target": {"position": a.position, "organization": a.employer, "industry": a.industry},
        "as_of": a.as_of.isoformat(),
        "ok": a.ok,
        "cautions": [{"id": c.id, "title": c.title, "message": c.message} for c in a.cautions],
        "move": {
            "kind": a.move.kind,
            "fits": [p.id for p in a.move.fits],
            "patterns": [
                {"id": p.id, "label": p.label, "why": p.why, "fits": p.fits, "evidence": p.evidence}
                for p in a.move.patterns
            ],
            "search": {
                "started": a.move.search.started,
                "months": a.move.search.months,
                "guide_months": a.move.search.guide_months,
                "status": a.move.search.status,
                "text": a.move.search.text,
            },
        },
        "questions": [
            {"id": q.id, "question": q.question, "field": q.field, "answer": q.answer}
            for q in a.questions
        ],
        "doubts": [
            {
                "id": d.id,
                "question": d.question,
                "answered": d.answered,
                "evidence": d.evidence,
                "add": d.add,
            }
            for d in a.doubts
        ],
        "evidence": {
            "stories": [
                {
                    "index": s.index,
                    "problem": s.problem,
                    "result": s.result,
                    "measurable": {
                        "score": s.score,
                        "label": s.score_label,
                        "figures": s.figures,
                        "before_after": s.before_after,
                    },
                    "relevance": {"level": s.relevance, "shared_words": s.shared_words},
                    "findings": [_finding_dict(f) for f in s.findings],
                }
                for s in a.evidence.stories
            ],
            "other_findings": [_finding_dict(f) for f in a.evidence.other_findings],
        },
        "network": {
            "status": a.network.status,
            "evidence": a.network.evidence,
            "add": a.network.add,
        },
        "to_add": a.to_add,
    }


def _finding_dict(f: WordFinding) -> dict[str, Any]:
    return {
        "field": f.field,
        "category": f.category,
        "rule": f.rule,
        "severity": f.severity,
        "raises_doubt": f.raises_doubt,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
    }


def render_json(assessments: Sequence[Assessment], errors: Sequence[tuple[str, str]] = ()) -> str:
    from .. import __version__

    data = {
        "version": JSON_VERSION,
        "tool": {"name": "stepback-docs", "version": __version__},
        "assessments": [to_dict(a) for a in assessments],
        "errors": [{"profile": p, "message": m} for p, m in errors],
        "summary": {
            "profiles": len(assessments) + len(errors),
            "assessed": len(assessments),
            "with_cautions": sum(1 for a in assessments if a.cautions),
            "unreadable": len(errors),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(
    fmt: str, assessments: Sequence[Assessment], errors: Sequence[tuple[str, str]] = ()
) -> str:
    if fmt == "json":
        return render_json(assessments, errors)
    if fmt == "markdown":
        return render_markdown(assessments)
    return render_human(assessments)
