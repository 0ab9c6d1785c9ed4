"""Human names for document kinds and the wording shared by all writers."""

from __future__ import annotations

from typing import Final

from ..documents import Document
from ..model import Profile

TITLES: Final[dict[str, str]] = {
    "cover-letter": "Cover letter",
    "linkedin-headline": "LinkedIn headline",
    "linkedin-about": "LinkedIn About",
    "networking-message": "Networking message",
    "interview-answer": "Interview answer",
}

# LinkedIn's limits, shown beside the text so a coach sees the headroom.
CHARACTER_LIMITS: Final[dict[str, int]] = {
    "linkedin-headline": 220,
    "linkedin-about": 2600,
}


# The question an interview answer responds to, shown above it (metadata may override).
QUESTIONS: Final[dict[str, str]] = {
    "interview-answer": "Why would you take a role that looks like a step back?",
}


def question(doc: Document) -> str | None:
    asked = doc.metadata.get("question")
    if isinstance(asked, str) and asked.strip():
        return asked.strip()
    return QUESTIONS.get(doc.kind)


def title(kind: str) -> str:
    return TITLES.get(kind, kind.replace("-", " ").capitalize())


def target_line(profile: Profile) -> str:
    """'Director of Operations at Brightwater Foods' (organization when known)."""
    target = profile.stepback.target
    if target.organization:
        return f"{target.position} at {target.organization}"
    return target.position


def document_title(kind: str, profile: Profile) -> str:
    return f"{title(kind)}: {target_line(profile)}"
