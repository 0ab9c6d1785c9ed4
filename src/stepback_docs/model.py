"""The career profile: a JSON Resume document plus our strict ``stepback`` block.

This module is the contract between loading, generating and linting. The JSON Resume
part is permissive (extra keys allowed, everything optional) because people paste real
resumes into it; the ``stepback`` block is strict so that typos surface as errors.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

Text = Annotated[str, Field(min_length=1)]


class Move(StrEnum):
    """The kind of step back the candidate is taking."""

    LOWER_TITLE = "lower-title"
    SMALLER_ORGANIZATION = "smaller-organization"
    NEW_INDUSTRY = "new-industry"
    INDIVIDUAL_CONTRIBUTOR = "individual-contributor"
    LOWER_PAY = "lower-pay"
    ENTRY_LEVEL = "entry-level"
    RETURN_TO_WORK = "return-to-work"


class MotivationKind(StrEnum):
    """What the candidate is moving toward."""

    HANDS_ON = "hands-on"
    SCOPE_FIT = "scope-fit"
    PREFERRED_EMPLOYER = "preferred-employer"
    LEARNING = "learning"
    NEW_INDUSTRY = "new-industry"
    CULTURE_FIT = "culture-fit"
    MISSION = "mission"
    GROWTH_POTENTIAL = "growth-potential"


class Compensation(StrEnum):
    ALIGNED = "aligned"
    FLEXIBLE = "flexible"
    UNSPECIFIED = "unspecified"


class Locale(StrEnum):
    """Spelling of generated documents."""

    EN_US = "en-US"
    EN_GB = "en-GB"


class Tone(StrEnum):
    WARM = "warm"
    FORMAL = "formal"
    DIRECT = "direct"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, coerce_numbers_to_str=True)


# --------------------------------------------------------------------------- stepback


class Target(_Strict):
    """The job being applied for."""

    position: Text = Field(
        description="Title of the job being applied for.",
        examples=["Director of Operations"],
    )
    organization: Text | None = Field(
        None, description="The employer being applied to.", examples=["Northwind Foods"]
    )
    industry: Text | None = Field(
        None, description="The employer's industry.", examples=["food manufacturing"]
    )
    hiring_manager: Text | None = Field(
        None, description="Name used in greetings when known.", examples=["Sam Patel"]
    )


class Motivation(_Strict):
    """One reason the candidate is moving toward this role."""

    kind: MotivationKind = Field(
        description="What the candidate is moving toward.", examples=["hands-on"]
    )
    detail: Text | None = Field(
        None,
        description="The motivation in the candidate's own words, written as a move toward "
        "something (it appears in documents). Without it, documents say the kind plainly.",
        examples=["I do my best work close to the floor, fixing problems with the team."],
    )


class Story(_Strict):
    """A success story: a problem solved and what it made or saved."""

    problem: Text = Field(
        description="The problem or situation.",
        examples=["Regional fulfilment costs were rising 9% a year"],
    )
    action: Text = Field(
        description="What the candidate did.",
        examples=["Redesigned the network around two cross-dock hubs"],
    )
    result: Text = Field(
        description="The measurable outcome: money or time made or saved.",
        examples=["Cut costs 18% ($2.4M a year)"],
    )


class Questions(_Strict):
    """The six questions to ask before taking (or turning down) a step back, answered in
    the candidate's own words. For the coach and ``stepback-docs assess``: documents never
    use them and they are not sent to an LLM server."""

    foot_in_the_door: Text | None = Field(
        None,
        description="Will it give me a foot in the door at a good company?",
        examples=["Brightwater promotes plant directors from within; this is the way in."],
    )
    learning: Text | None = Field(
        None,
        description="What can I learn?",
        examples=["Running a plant that makes food, not packaging: FSMA and allergen control."],
    )
    connections: Text | None = Field(
        None,
        description="Who could I connect with? (a contact at the employer, or a route in)",
        examples=["Tom Lindqvist; we met at the Midwest Food Safety Summit."],
    )
    culture: Text | None = Field(
        None,
        description="Does the culture fit?",
        examples=["Yes: plant managers spend most of the day on the floor with the crews."],
    )
    future_opportunities: Text | None = Field(
        None,
        description="Are there future opportunities beyond today's role?",
        examples=["A third plant opens in 2027 and will need its own leadership."],
    )
    how_it_serves: Text | None = Field(
        None,
        description="If I accept, how will it serve me?",
        examples=["Weekday hours near home, and the hands-on work I do best."],
    )


_MONTH_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _month_date(value: str) -> str:
    """A date as YYYY-MM or YYYY-MM-DD that exists on the calendar."""
    try:
        if not _MONTH_DATE.fullmatch(value):
            raise ValueError
        dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        raise PydanticCustomError(
            "month_date",
            "expected a date as YYYY-MM or YYYY-MM-DD, got '{value}'",
            {"value": value},
        ) from None
    return value


MonthDate = Annotated[
    str,
    AfterValidator(_month_date),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"}
    ),
]


class Contact(_Strict):
    """The person a networking message is written to."""

    name: Text = Field(description="Their first name, as you would greet them.", examples=["Priya"])
    relationship: Text | None = Field(
        None,
        description="How you know them, as a clause after 'we': e.g. 'worked together at "
        "Lakeshore Packaging'.",
        examples=["worked together at Lakeshore Packaging"],
    )


class Stepback(_Strict):
    """Our block: the move, the target job and the candidate's case for it."""

    target: Target = Field(description="The job being applied for.")
    move: Move = Field(
        description="The kind of step back: lower-title, smaller-organization, new-industry, "
        "individual-contributor, lower-pay, entry-level or return-to-work.",
        examples=["lower-title"],
    )
    from_work: int | None = Field(
        None,
        ge=0,
        description="Index into work[] of the senior role being left "
        "(default: the most recent entry).",
        examples=[0],
    )
    motivations: list[Motivation] = Field(
        min_length=1,
        description="At least one reason the candidate is moving toward this role.",
    )
    strengths: list[Text] = Field(
        default_factory=list,
        description="What the candidate does best.",
        examples=[["process redesign", "coaching supervisors"]],
    )
    stories: list[Story] = Field(
        default_factory=list,
        description="Success stories: problems solved, money or time made or saved.",
    )
    commitment: Text | None = Field(
        None,
        description="A sentence of commitment to the new employer.",
        examples=["I plan to build my next years at Northwind."],
    )
    why_employer: Text | None = Field(
        None,
        description="Why this employer, in your own words (used in the cover letter).",
        examples=["Brightwater's two-plant network is small enough to know every line."],
    )
    requirements: list[Text] = Field(
        default_factory=list,
        description="The posting's key requirements, in its words; the cover letter answers "
        "them with your strengths and stories.",
        examples=[["lean manufacturing", "coaching supervisors"]],
    )
    contact: Contact | None = Field(
        None,
        description="The person the networking message is written to.",
        examples=[{"name": "Priya", "relationship": "worked together at Lakeshore Packaging"}],
    )
    gap: Text | None = Field(
        None,
        description="One sentence on a gap in your work history, as you want it said.",
        examples=["I spent 2023 caring for a parent and finished a lean certification."],
    )
    compensation: Compensation = Field(
        Compensation.UNSPECIFIED,
        description="How the candidate stands on the role's pay: aligned, flexible or unspecified.",
        examples=["aligned"],
    )
    tone: Tone = Field(
        Tone.WARM, description="Voice of generated documents: warm, formal or direct."
    )
    questions: Questions | None = Field(
        None,
        description="The six questions a coach asks before a step back, answered in the "
        "candidate's words (used by `stepback-docs assess`, never in documents).",
        examples=[{"culture": "Yes: managers work on the floor with the crews."}],
    )
    search_started: MonthDate | None = Field(
        None,
        description="When the job search began, as YYYY-MM or YYYY-MM-DD: `stepback-docs "
        "assess` compares how long it has run with the six-month guide for a career change "
        "(never used in documents).",
        examples=["2026-06"],
    )
    locale: Locale = Field(
        Locale.EN_US,
        description="Spelling of generated documents: en-US or en-GB.",
        examples=["en-GB"],
    )
    private_notes: str | None = Field(
        None,
        description="The candidate's real reasons, for the coach only. Never appears in a "
        "document and is never sent to an LLM server.",
        examples=["The VP role was not what I was promised."],
    )


# --------------------------------------------------------------------- JSON Resume


class Location(_Open):
    address: str | None = None
    postalCode: str | None = None
    city: str | None = Field(None, examples=["Chicago"])
    countryCode: str | None = Field(None, examples=["US"])
    region: str | None = Field(None, examples=["Illinois"])


class SocialProfile(_Open):
    network: str | None = Field(None, examples=["LinkedIn"])
    username: str | None = None
    url: str | None = None


class Basics(_Open):
    name: str | None = Field(None, description="Full name.", examples=["Dana Whitfield"])
    label: str | None = Field(
        None, description="Professional headline.", examples=["Operations leader"]
    )
    image: str | None = None
    email: str | None = Field(None, examples=["dana@example.com"])
    phone: str | None = Field(None, examples=["(312) 555-0142"])
    url: str | None = None
    summary: str | None = Field(None, description="A short professional summary.")
    location: Location | None = None
    profiles: list[SocialProfile] = Field(default_factory=list)


class Work(_Open):
    name: str | None = Field(None, description="Employer name.", examples=["Acme Logistics"])
    position: str | None = Field(None, description="Job title.", examples=["VP of Operations"])
    location: str | None = None
    url: str | None = None
    startDate: str | None = Field(None, examples=["2019-04"])
    endDate: str | None = Field(None, examples=["2024-02"])
    summary: str | None = None
    description: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Volunteer(_Open):
    organization: str | None = None
    position: str | None = None
    url: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Education(_Open):
    institution: str | None = Field(None, examples=["University of Illinois"])
    url: str | None = None
    area: str | None = Field(None, examples=["Industrial Engineering"])
    studyType: str | None = Field(None, examples=["Bachelor"])
    startDate: str | None = None
    endDate: str | None = None
    score: str | None = None
    courses: list[str] = Field(default_factory=list)


class Award(_Open):
    title: str | None = None
    date: str | None = None
    awarder: str | None = None
    summary: str | None = None


class Certificate(_Open):
    name: str | None = Field(None, examples=["SHRM-CP"])
    date: str | None = None
    issuer: str | None = None
    url: str | None = None


class Publication(_Open):
    name: str | None = None
    publisher: str | None = None
    releaseDate: str | None = None
    url: str | None = None
    summary: str | None = None


class Skill(_Open):
    name: str | None = Field(None, examples=["Lean manufacturing"])
    level: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Language(_Open):
    language: str | None = None
    fluency: str | None = None


class Interest(_Open):
    name: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Reference(_Open):
    name: str | None = None
    reference: str | None = None


class Project(_Open):
    name: str | None = None
    description: str | None = None
    highlights: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    startDate: str | None = None
    endDate: str | None = None
    url: str | None = None
    roles: list[str] = Field(default_factory=list)
    entity: str | None = None
    type: str | None = None


class Profile(_Open):
    """A career profile: JSON Resume sections plus the ``stepback`` block."""

    model_config = ConfigDict(
        extra="allow",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        title="stepback-docs career profile",
        json_schema_extra={
            "description": "A JSON Resume document (https://jsonresume.org/schema) with one "
            "extra block, `stepback`, describing a career move that looks like a step back."
        },
    )

    schema_: str | None = Field(None, alias="$schema", description="Schema URL for editors.")
    basics: Basics = Field(default_factory=Basics)
    work: list[Work] = Field(default_factory=list)
    volunteer: list[Volunteer] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    stepback: Stepback = Field(description="The step-back move and the candidate's case.")

    def from_role(self) -> Work | None:
        """The senior role being left: ``stepback.from_work`` or the most recent entry."""
        if not self.work:
            return None
        index = self.stepback.from_work
        if index is None:
            return self.work[0]
        return self.work[index] if index < len(self.work) else None
