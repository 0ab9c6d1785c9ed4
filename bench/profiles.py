"""Test clients for the writing benchmarks: many sectors, moves, tones and styles.

Built in code from hand-written pools (``SECTORS``, ``MOTIVATIONS``) so each client has
a coherent story: a sector's titles, employers, strengths and stories belong together,
and the move, motivation kinds, tone, locale and optional fields vary from client to
client. ``clients()`` gives the 35 regular clients; ``style_variants()`` gives profiles
written the way real people write them (fragments, third person, lower case, trailing
full stops, abbreviations), which must come out grammatical or be refused naming the
field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepback_docs.model import Profile


@dataclass(frozen=True)
class Sector:
    industry: str
    from_title: str
    from_org: str
    target_title: str
    target_org: str
    strengths: tuple[str, ...]
    stories: tuple[tuple[str, str, str], ...]
    highlight: str


SECTORS: tuple[Sector, ...] = (
    Sector(
        "food manufacturing",
        "VP of Operations",
        "Lakeshore Packaging",
        "Director of Operations",
        "Brightwater Foods",
        ("changeover reduction", "coaching shift supervisors", "crew-led safety programs"),
        (
            (
                "First-pass yield across four plants was stuck at 91%",
                "Set up daily yield huddles run by line supervisors",
                "Raised yield to 97% in eighteen months, saving $3.1M a year",
            ),
            (
                "Changeovers on the main line took 95 minutes",
                "Ran a SMED project with the operators and maintenance crew",
                "Brought changeovers down to 40 minutes",
            ),
        ),
        "Brought recordable injuries down 42% with a supervisor-led safety walk program.",
    ),
    Sector(
        "community health",
        "Director of Nursing",
        "St. Brendan's Hospital",
        "Charge Nurse",
        "Eastside Community Clinic",
        ("triage design", "mentoring new nurses", "patient education"),
        (
            (
                "Emergency waits averaged four hours on winter weekends",
                "Redesigned triage with a nurse-led fast track",
                "Cut median waits to 95 minutes",
            ),
            (
                "New nurses were leaving within their first year",
                "Built a twelve-week preceptor program",
                "First-year turnover fell from 31% to 12%",
            ),
        ),
        "Led a 140-bed nursing service through a Joint Commission survey with no findings.",
    ),
    Sector(
        "software",
        "Engineering Manager",
        "Corvid Systems",
        "Senior Software Engineer",
        "Tessellate",
        ("distributed systems", "performance tuning", "code review"),
        (
            (
                "The checkout service timed out under holiday load",
                "Rewrote the payment queue in Go",
                "p99 latency dropped from 2.1 s to 180 ms",
            ),
            (
                "Failed payments were costing $40k a month",
                "Built a retry service with idempotency keys",
                "Failed payments fell 30%",
            ),
        ),
        "Grew the platform team from 4 to 11 engineers.",
    ),
    Sector(
        "public transit",
        "Deputy Director of Maintenance",
        "Metro Regional Transit",
        "Fleet Maintenance Supervisor",
        "Valley Transit Authority",
        ("preventive maintenance", "parts planning", "training mechanics"),
        (
            (
                "Buses were breaking down every 4,000 miles",
                "Moved the garage to a mileage-based preventive schedule",
                "Miles between road calls rose from 4,000 to 9,500",
            ),
            (
                "Parts shortages idled 12 buses a week",
                "Rebuilt the reorder points with the storeroom team",
                "Idle buses fell to two a week",
            ),
        ),
        "Kept 96% of the fleet in service through a driver shortage.",
    ),
    Sector(
        "retail",
        "Regional Manager",
        "Harbor Home Stores",
        "Store Manager",
        "Greenleaf Co-op",
        ("merchandising", "hiring and training staff", "inventory control"),
        (
            (
                "Shrink at six stores was twice the chain average",
                "Introduced weekly cycle counts led by department leads",
                "Shrink fell 38% in a year",
            ),
            (
                "Weekend staffing left tills unmanned at peak hours",
                "Rebuilt the rota around sales by the hour",
                "Queue complaints dropped by half",
            ),
        ),
        "Opened three stores on schedule and under budget.",
    ),
    Sector(
        "higher education",
        "Dean of Students",
        "Northfield University",
        "Academic Advisor",
        "Lakeview Community College",
        ("academic advising", "student retention", "first-generation student support"),
        (
            (
                "One in four first-year students did not return for a second year",
                "Started an advising program that met every first-year student by week three",
                "Retention rose from 74% to 85%",
            ),
            (
                "Transfer students lost credits at every step",
                "Mapped course equivalencies with four partner colleges",
                "Students kept an average of 11 more credits",
            ),
        ),
        "Chaired the campus committee that rewrote the student conduct code.",
    ),
    Sector(
        "logistics",
        "VP of Supply Chain",
        "Acme Soap Inc.",
        "Warehouse Operations Manager",
        "Northline Freight",
        ("network design", "warehouse layout", "carrier negotiation"),
        (
            (
                "Acme soap sales outgrew the two regional warehouses",
                "Redesigned the network around two cross-dock hubs",
                "Cut fulfilment costs 18% ($2.4M a year)",
            ),
            (
                "Pickers walked nine miles a shift",
                "Re-slotted the fastest 300 items near the dock",
                "Picks per hour rose 27%",
            ),
        ),
        "Negotiated carrier contracts worth $14M a year.",
    ),
    Sector(
        "banking",
        "Chief Risk Officer",
        "Pinecrest Bank",
        "Credit Analyst",
        "Heartland Credit Union",
        ("credit analysis", "loan underwriting", "explaining risk plainly"),
        (
            (
                "Small-business loan decisions took three weeks",
                "Built a scorecard for loans under $250k",
                "Decisions came back in four days with no rise in defaults",
            ),
            (
                "Auditors found gaps in the model inventory",
                "Catalogued and revalidated 60 risk models",
                "Closed every finding before the next exam",
            ),
        ),
        "Reported quarterly to the board risk committee for six years.",
    ),
    Sector(
        "nonprofit housing",
        "Executive Director",
        "Riverside Housing Trust",
        "Program Manager",
        "Open Door Housing",
        ("grant writing", "tenant programs", "partnerships with city agencies"),
        (
            (
                "Eviction filings in our buildings doubled in a year",
                "Started an emergency rent fund with two city agencies",
                "Filings fell 60% and 210 families stayed housed",
            ),
            (
                "Our largest grant was up for renewal with a new funder",
                "Rewrote the program's outcome reporting",
                "Won a three-year renewal worth $1.2M",
            ),
        ),
        "Grew the trust's portfolio from 300 to 520 affordable homes.",
    ),
    Sector(
        "construction",
        "Operations Director",
        "Granite Peak Builders",
        "Project Manager",
        "Cedar & Stone Co.",
        ("scheduling", "subcontractor management", "site safety"),
        (
            (
                "A school project was running eight weeks late",
                "Resequenced the trades and ran a daily pull-plan meeting",
                "Handed the school over two days before term",
            ),
            (
                "Change orders were eating 9% of project margin",
                "Introduced a pre-construction scope review with subcontractors",
                "Change-order costs fell to 3%",
            ),
        ),
        "Delivered $180M of commercial projects without a lost-time injury.",
    ),
    Sector(
        "human resources",
        "Plant Manager",
        "Ridgeway Plastics",
        "HR Generalist",
        "Summit Health Partners",
        ("employee relations", "coaching supervisors", "onboarding"),
        (
            (
                "Night-shift turnover was 45% a year",
                "Set up stay interviews and a buddy system for new hires",
                "Turnover fell to 22%",
            ),
            (
                "Grievances took months to resolve",
                "Trained supervisors to settle issues at the first step",
                "Open grievances went from 30 to 6",
            ),
        ),
        "Earned SHRM-CP certification while running a 300-person plant.",
    ),
    Sector(
        "hospitality",
        "General Manager",
        "The Grand Meridian Hotel",
        "Front Office Manager",
        "Alder Lodge",
        ("guest recovery", "training front-desk teams", "revenue management"),
        (
            (
                "Guest scores at check-in lagged the rest of the stay",
                "Retrained the desk on a two-minute arrival routine",
                "Check-in scores rose from 7.9 to 9.1",
            ),
            (
                "Midweek occupancy sat at 58%",
                "Built packages with three local conference venues",
                "Midweek occupancy reached 74%",
            ),
        ),
        "Led the hotel through a full renovation while staying open.",
    ),
)

MOVES: tuple[str, ...] = (
    "lower-title",
    "smaller-organization",
    "new-industry",
    "individual-contributor",
    "lower-pay",
    "entry-level",
    "return-to-work",
)

# What the client says about each motivation kind, in their own words; None: a kind
# with no detail (the client named only the kind).
MOTIVATIONS: dict[str, tuple[str | None, ...]] = {
    "hands-on": (
        "I do my best work close to the people doing the job, solving problems where they start.",
        "I want my days spent on the work itself, not on reports about it.",
        None,
    ),
    "scope-fit": (
        "A team of this size is one where I can know every person and every process well.",
        None,
    ),
    "preferred-employer": (
        "I have admired {org} for years and want to help it do more of what it does.",
        None,
    ),
    "learning": (
        "I want to learn this field properly from people who are good at it.",
        None,
    ),
    "new-industry": (
        "I want to put what I know to work in {industry}, where I have volunteered for years.",
        None,
    ),
    "culture-fit": (
        "I work best on teams that say what they think and fix problems together.",
        None,
    ),
    "mission": (
        "I want my work to go into something I believe in.",
        None,
    ),
    "growth-potential": (
        "I want to grow deep expertise in one craft and be the person others ask.",
        None,
    ),
}
KIND_ORDER = tuple(MOTIVATIONS)

NAMES = (
    "Maria Okafor",
    "Tom Reyes",
    "Priya Natarajan",
    "Daniel Osei",
    "Hannah Becker",
    "Luis Ortega",
    "Aiko Tanaka",
    "Grace Mensah",
    "Samuel Cohen",
    "Elena Petrova",
    "Kwame Asante",
    "Sofia Lindqvist",
    "Marcus Hale",
    "Nadia Haddad",
    "Owen Fitzgerald",
    "Ines Duarte",
    "Rahul Mehta",
    "Chloe Martin",
)
MANAGERS = (None, "Sam Patel", "Dr. Amara Lewis", None, "Jordan Blake", None, "Ms. Ruth Klein")
TONES = ("warm", "formal", "direct")
COMPENSATION = ("aligned", "flexible", "unspecified")
COMMITMENTS = (
    None,
    "I want to build the next chapter of my career at {org}.",
    None,
    "I intend to stay and grow with the team for the long term.",
)
LOCALES = ("en-US", "en-GB")


def _detail(kind: str, pick: int, sector: Sector) -> str | None:
    details = MOTIVATIONS[kind]
    text = details[pick % len(details)]
    if text is None:
        return None
    return text.format(org=sector.target_org, industry=sector.industry)


def client(n: int) -> dict[str, Any]:
    """The ``n``-th client as profile data (deterministic)."""
    sector = SECTORS[n % len(SECTORS)]
    move = MOVES[(n * 3 + n // len(SECTORS)) % len(MOVES)]
    kinds = [KIND_ORDER[(n * 5) % len(KIND_ORDER)]]
    if n % 3:
        kinds.append(KIND_ORDER[(n * 5 + 3) % len(KIND_ORDER)])
    if move == "new-industry" and "new-industry" not in kinds:
        kinds[0] = "new-industry"
    motivations = []
    for i, kind in enumerate(kinds):
        detail = _detail(kind, n + i, sector)
        motivations.append({"kind": kind} if detail is None else {"kind": kind, "detail": detail})
    stories = [{"problem": p, "action": a, "result": r} for p, a, r in sector.stories[: 1 + n % 2]]
    if n % 7 == 6:
        stories = []  # a minimal profile: no stories
    manager = MANAGERS[n % len(MANAGERS)]
    commitment = COMMITMENTS[n % len(COMMITMENTS)]
    target: dict[str, Any] = {"position": sector.target_title}
    if n % 5 != 4:
        target["organization"] = sector.target_org
    if n % 4 != 3:
        target["industry"] = sector.industry
    if manager:
        target["hiring_manager"] = manager
    current = n % 2 == 0
    work: dict[str, Any] = {
        "name": sector.from_org,
        "position": sector.from_title,
        "startDate": "2018-03",
        "highlights": [sector.highlight],
    }
    if not current:
        work["endDate"] = "2025-06"
    stepback: dict[str, Any] = {
        "target": target,
        "move": move,
        "motivations": motivations,
        "strengths": list(sector.strengths[: 1 + n % 3]) if n % 7 != 6 else [],
        "stories": stories,
        "compensation": COMPENSATION[n % len(COMPENSATION)],
        "tone": TONES[(n // 2) % len(TONES)],
    }
    if commitment and "organization" in target:
        stepback["commitment"] = commitment.format(org=sector.target_org)
    return {
        "basics": {"name": NAMES[n % len(NAMES)]},
        "work": [work],
        "stepback": stepback,
        "meta": {"locale": LOCALES[n % 2]},
    }


def clients(count: int = 35) -> list[Profile]:
    """``count`` regular clients, validated by the profile model."""
    return [Profile.model_validate(_with_locale(client(n))) for n in range(count)]


def _with_locale(data: dict[str, Any]) -> dict[str, Any]:
    """The client adapted to the installed model: ``stepback.locale`` when it has one."""
    locale = data.pop("meta", {}).get("locale")
    if locale and "locale" in _stepback_fields():
        data["stepback"]["locale"] = locale
    if _detail_required():  # a model from before kind-only motivations (the baseline)
        for motivation in data["stepback"]["motivations"]:
            org = data["stepback"]["target"].get("organization", "this employer")
            industry = data["stepback"]["target"].get("industry", "this field")
            text = MOTIVATIONS[motivation["kind"]][0] or ""
            motivation.setdefault("detail", text.format(org=org, industry=industry))
    return data


def _detail_required() -> bool:
    from stepback_docs.model import Motivation

    return Motivation.model_fields["detail"].is_required()


def _stepback_fields() -> set[str]:
    from stepback_docs.model import Stepback

    return set(Stepback.model_fields)


def style_variants() -> dict[str, dict[str, Any]]:
    """Profiles written in styles that broke the grammar (issue 15), by style name."""
    variants: dict[str, dict[str, Any]] = {}
    base = client(0)
    fragments = _copy(base)
    fragments["stepback"]["stories"] = [
        {
            "problem": "why was first-pass yield stuck at 91% across four plants?",
            "action": "SMED project w/ operators",
            "result": "yield 97%",
        }
    ]
    variants["fragments"] = fragments
    third = _copy(base)
    third["stepback"]["motivations"] = [
        {
            "kind": "hands-on",
            "detail": "Maria does her best work on the plant floor with supervisors.",
        }
    ]
    variants["third-person"] = third
    lower = _copy(base)
    lower["stepback"]["target"]["industry"] = "food Manufacturing"
    lower["stepback"]["stories"] = [
        {
            "problem": "first-pass yield was stuck at 91%",
            "action": "set up daily yield huddles with line supervisors",
            "result": "raised yield to 97%",
        }
    ]
    variants["lower-case"] = lower
    periods = _copy(base)
    periods["stepback"]["strengths"] = ["changeover reduction.", "coaching shift supervisors."]
    periods["stepback"]["stories"][0]["result"] = "Raised yield to 97%."
    variants["trailing-periods"] = periods
    abbrev = _copy(client(6))
    abbrev["stepback"]["target"]["organization"] = "Northline Freight Co."
    abbrev["stepback"]["target"]["hiring_manager"] = "Dr. Tom Lindqvist"
    variants["abbreviations"] = abbrev
    participle = _copy(client(2))
    participle["stepback"]["stories"] = [
        {
            "problem": "Failed payments were costing $40k a month",
            "action": "Built a retry service with idempotency keys",
            "result": "Failed payments fell 30%",
        }
    ]
    variants["participle-result"] = participle
    return variants


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(data)
