"""DOCX writer: a cover letter laid out as a business letter, other kinds as a tidy page.

python-docx is imported here only, when a .docx is actually written. A letter gets the
sender block, date, recipient, subject line, greeting, body and sign-off a hiring manager
expects; LinkedIn text and the rest get a heading, a context line and (for LinkedIn) the
character count against LinkedIn's limit. Core properties are filled in so the file does
not announce "python-docx" as its author, and ``comments`` records the backend.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from typing import Any

from ..documents import Document
from ..model import Profile
from .labels import CHARACTER_LIMITS, document_title, question, target_line, title

BODY_FONT = "Calibri"
BODY_SIZE = 11  # points
MARGIN_INCHES = 1.0
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
GRAY = (0x59, 0x59, 0x59)


def long_date(day: dt.date) -> str:
    """'November 22, 2026' without depending on the process locale."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def render_docx(doc: Document, profile: Profile, *, today: dt.date | None = None) -> bytes:
    """The .docx file for ``doc`` as bytes."""
    import docx

    today = today or dt.date.today()
    word: Any = docx.Document(io.BytesIO(_base_package()))
    if doc.kind == "cover-letter":
        _letter(word, doc, profile, today)
    else:
        _page(word, doc, profile)
    _properties(word, doc, profile, today)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# Word's core properties hold at most 255 characters, and no character XML cannot hold.
MAX_PROPERTY = 255
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _fit(value: str) -> str:
    """A core property that Word accepts: one line, XML characters, at most 255
    characters (cut with '…'). A document never fails over its metadata: a long
    fallback reason in ``comments`` used to fail every templated docx."""
    text = _NOT_XML.sub("", " ".join(value.split()))
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


# ------------------------------------------------------------------------ layout


# Parts of python-docx's default template that these documents do not use: a legacy
# copy of the styles (Word 2010), a generic thumbnail image, an empty bibliography store
# and list numbering.
_UNNEEDED_PARTS = ("/stylesWithEffects", "/metadata/thumbnail", "/customXml", "/numbering")
# The styles the writer uses (and the ones they are based on or linked to).
_STYLES = frozenset(
    {"Normal", "Heading1", "Heading1Char", "DefaultParagraphFont", "TableNormal", "NoList"}
)


@cache
def _base_package() -> bytes:
    """python-docx's default template, slimmed and set up once per process.

    The default carries 164 styles (350 KB of XML) that every document would parse,
    re-serialise and compress; keeping the six used here makes a .docx about five
    times faster to write.
    """
    import docx
    from docx.oxml.ns import qn

    word: Any = docx.Document()
    for rels in (word.part.rels, word.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(_UNNEEDED_PARTS):
                del rels[rel_id]
    styles = word.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _STYLES:
            styles.remove(style)
    _page_setup(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page_setup(word: Any) -> None:
    from docx.shared import Inches, Pt

    for section in word.sections:
        section.top_margin = section.bottom_margin = Inches(MARGIN_INCHES)
        section.left_margin = section.right_margin = Inches(MARGIN_INCHES)
    normal = word.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.1


def _add(
    word: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    gray: bool = False,
    after: float | None = None,
) -> Any:
    """Append a paragraph; lines in ``text`` become line breaks within it."""
    from docx.shared import Pt, RGBColor

    paragraph = word.add_paragraph()
    run: Any = None
    for line in text.split("\n"):
        if run is not None:
            run.add_break()  # ends the previous line inside the same paragraph
        run = paragraph.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)
        if gray:
            run.font.color.rgb = RGBColor(*GRAY)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _contact_line(profile: Profile) -> str:
    basics = profile.basics
    place = None
    if basics.location is not None:
        bits = [b for b in (basics.location.city, basics.location.region) if b]
        place = ", ".join(bits) or None
    links = [p.url for p in basics.profiles if p.url and (p.network or "").lower() == "linkedin"]
    urls = [_short_url(u) for u in (basics.url, *links[:1]) if u]
    parts = [basics.email, basics.phone, place, *urls]
    return " · ".join(p for p in parts if p)


def _short_url(url: str) -> str:
    """'linkedin.com/in/x' rather than 'https://www.linkedin.com/in/x/' in a letterhead."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")


def _letter(word: Any, doc: Document, profile: Profile, today: dt.date) -> None:
    target = profile.stepback.target
    name = profile.basics.name
    if name:
        _add(word, name, bold=True, size=16, after=0)
    contact = _contact_line(profile)
    if contact:
        _add(word, contact, size=9.5, gray=True, after=18)
    _add(word, long_date(today), after=12)
    recipient = [
        line for line in (target.hiring_manager or "Hiring Manager", target.organization) if line
    ]
    _add(word, "\n".join(recipient), after=12)
    _add(word, f"Re: {target.position}", bold=True, after=12)
    greeting = doc.greeting or (
        f"Dear {target.hiring_manager}," if target.hiring_manager else "Dear Hiring Manager,"
    )
    _add(word, greeting)
    for text in doc.paragraphs:
        _add(word, text)
    closing = _add(word, doc.closing or "Sincerely,", after=30)
    closing.paragraph_format.keep_with_next = True
    signature = doc.signature or name
    if signature:
        _add(word, signature)


def _page(word: Any, doc: Document, profile: Profile) -> None:
    word.add_heading(title(doc.kind), level=1)
    context = " · ".join(p for p in (profile.basics.name, target_line(profile)) if p)
    _add(word, context, size=10, gray=True, after=14)
    asked = question(doc)
    if asked:
        _add(word, asked, italic=True)
    if doc.greeting:
        _add(word, doc.greeting)
    for text in doc.paragraphs:
        _add(word, text)
    sign_off = "\n".join(p for p in (doc.closing, doc.signature) if p)
    if sign_off:
        _add(word, sign_off)
    limit = CHARACTER_LIMITS.get(doc.kind)
    if limit is not None:
        used = len(doc.text)
        _add(word, f"{used:,} of {limit:,} characters", size=9, gray=True)


def _properties(word: Any, doc: Document, profile: Profile, today: dt.date) -> None:
    target = profile.stepback.target
    props = word.core_properties
    props.title = _fit(document_title(doc.kind, profile))
    props.author = _fit(profile.basics.name or "")
    props.last_modified_by = "stepback-docs"
    props.subject = _fit(target_line(profile))
    keywords = [
        title(doc.kind),
        target.position,
        target.organization,
        target.industry,
        profile.stepback.move.value,
    ]
    props.keywords = _fit(", ".join(k for k in keywords if k))
    props.category = doc.kind
    comments = f"Generated by stepback-docs, backend: {doc.backend}"
    if doc.model:
        comments += f", model: {doc.model}"
    if doc.fallback_reason:
        comments += f" (template fallback: {doc.fallback_reason})"
    props.comments = _fit(comments)
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    props.created = props.modified = stamp
    props.revision = 1
