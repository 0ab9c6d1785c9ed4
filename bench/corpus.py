"""Deterministic generator of realistic Markdown career documents for the lint benchmarks.

Resumes (headings, bullets with metrics), cover letters (paragraphs) and LinkedIn About
texts, with a small share of planted doubt sentences (written for this generator, not
taken from any evaluation set). Same seed, same bytes.
"""

from __future__ import annotations

import random

NAMES = [
    "Alex Moreno",
    "Priya Raman",
    "Jon Eriksen",
    "Mei Lin",
    "Tomasz Nowak",
    "Ada Obi",
    "Lena Fischer",
    "Sam Carter",
    "Yusuf Demir",
    "Rosa Delgado",
    "Kwame Mensah",
]
ROLES = [
    "Operations Manager",
    "Director of Finance",
    "Program Manager",
    "Plant Supervisor",
    "Claims Lead",
    "Senior Analyst",
    "Head of Customer Success",
    "Store Manager",
    "Clinical Coordinator",
    "Project Engineer",
    "Account Director",
    "Logistics Lead",
]
ORGS = [
    "Northwind Logistics",
    "Riverside Health",
    "Apex Manufacturing",
    "Bluebird Bank",
    "Harbor Insurance",
    "Summit Foods",
    "Cedar Utilities",
    "Lumen Software",
    "Granite Construction",
    "Pioneer Retail",
    "Meridian Airlines",
    "Oakview Schools",
]
VERBS = [
    "Led",
    "Built",
    "Cut",
    "Reduced",
    "Launched",
    "Managed",
    "Designed",
    "Negotiated",
    "Rolled out",
    "Automated",
    "Grew",
    "Rebuilt",
    "Trained",
    "Standardized",
    "Ran",
    "Coordinated",
    "Streamlined",
    "Introduced",
    "Scaled",
    "Recovered",
]
OBJECTS = [
    "the month-end close",
    "vendor onboarding",
    "a 40-person support team",
    "inventory planning across six warehouses",
    "the claims intake process",
    "a predictive maintenance program",
    "the regional sales pipeline",
    "patient scheduling",
    "the capital budget",
    "a customer loyalty program",
    "supplier quality audits",
    "the field service schedule",
    "a data warehouse",
    "shift rosters for 300 staff",
    "the permit review backlog",
    "pricing for 2,000 SKUs",
]
RESULTS = [
    "saving ${n}K a year",
    "cutting cycle time by {p}%",
    "lifting retention to {q}%",
    "with {p}% fewer errors",
    "two weeks ahead of schedule",
    "under budget by {p}%",
    "raising on-time delivery to {q}%",
    "adding ${n}K in annual revenue",
    "and passed {k} external audits without findings",
    "for {k} sites",
]
SKILLS = [
    "SQL",
    "Excel modeling",
    "Lean Six Sigma",
    "vendor negotiation",
    "P&L ownership",
    "Salesforce",
    "SAP",
    "budgeting",
    "process design",
    "coaching",
    "Tableau",
    "regulatory compliance",
    "forecasting",
    "contract management",
]
TOWARD = [
    "I do my best work closest to the operation, where I can fix problems myself.",
    "Your focus on {topic} is the environment where I contribute most.",
    "I want to go deeper in {topic}, and your team is the place to do it.",
    "Leading at a larger scale showed me what makes a team work; I want to apply that directly.",
    "I expect to earn my place like everyone else, and I plan to build my next years here.",
    "The {role} opening caught my eye because {topic} is what I do best.",
    "I would welcome the chance to talk about how I can help your team.",
    "Thank you for your time; my references are available on request.",
]
TOPICS = [
    "process safety",
    "customer retention",
    "clinical operations",
    "cost control",
    "supply chain planning",
    "data quality",
    "field operations",
    "member service",
]
# Planted doubt sentences: written for the benchmark, one per category.
DOUBT = [
    "Honestly, I burned out in my last role and need a change.",
    "The work there had become so repetitive that I was bored most days.",
    "At this stage I'm looking for less responsibility and a slower pace.",
    "I'm not interested in climbing the ladder any more.",
    "As a former vice president, I can easily handle this position.",
    "I'm willing to take a step down to get my foot back in operations.",
    "My previous boss micromanaged every decision we made.",
    "I will take any position you have available.",
    "I couldn't handle the pressure of running the whole region.",
    "This would be a good fit for now, until something better comes along.",
    "I just wanted to ask if you might possibly consider me.",
]


def _fill(rng: random.Random, text: str) -> str:
    return text.format(
        n=rng.randint(40, 900),
        p=rng.randint(5, 60),
        q=rng.randint(80, 99),
        k=rng.randint(2, 12),
        topic=rng.choice(TOPICS),
        role=rng.choice(ROLES),
    )


def _bullet(rng: random.Random) -> str:
    return _fill(rng, f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(RESULTS)}.")


def _maybe_doubt(rng: random.Random, rate: float) -> list[str]:
    return [rng.choice(DOUBT)] if rng.random() < rate else []


def resume(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    lines = [
        f"# {name}",
        "",
        f"{rng.choice(ROLES)} · {rng.choice(TOPICS).title()}",
        "",
        "## Summary",
        "",
        _fill(rng, " ".join([_bullet(rng), *_maybe_doubt(rng, 0.2), rng.choice(TOWARD)])),
        "",
        "## Experience",
        "",
    ]
    for _ in range(rng.randint(3, 5)):
        start = rng.randint(2005, 2020)
        lines += [
            f"### {rng.choice(ROLES)}, {rng.choice(ORGS)} ({start}–{start + rng.randint(1, 5)})",
            "",
        ]
        lines += [f"- {_bullet(rng)}" for _ in range(rng.randint(3, 7))]
        lines.append("")
    lines += ["## Skills", "", ", ".join(rng.sample(SKILLS, 6)), ""]
    return "\n".join(lines)


def cover_letter(rng: random.Random) -> str:
    role, org = rng.choice(ROLES), rng.choice(ORGS)
    paras = [
        "Dear Hiring Manager,",
        _fill(
            rng, f"I am writing to apply for the {role} position at {org}. " + rng.choice(TOWARD)
        ),
        " ".join(
            [
                f"In my current role I {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}, "
                f"{_fill(rng, rng.choice(RESULTS))}."
            ]
            + [_bullet(rng) for _ in range(rng.randint(1, 3))]
            + _maybe_doubt(rng, 0.35)
        ),
        _fill(rng, " ".join(rng.sample(TOWARD, 2))),
        f"Sincerely,\n{rng.choice(NAMES)}",
    ]
    return "\n\n".join(paras) + "\n"


def linkedin(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    body = [
        "## About",
        "",
        _fill(
            rng,
            f"{rng.choice(ROLES)} with {rng.randint(8, 25)} years in {topic}. "
            f"{_bullet(rng)} {_bullet(rng)} {rng.choice(TOWARD)}",
        ),
        *_maybe_doubt(rng, 0.2),
        "",
        f"**Skills:** {', '.join(rng.sample(SKILLS, 5))}",
        "",
    ]
    return "\n".join(body)


def generate(megabytes: float = 5.0, seed: int = 20261122) -> list[str]:
    """Documents totalling at least ``megabytes`` MB of UTF-8 Markdown."""
    rng = random.Random(seed)
    makers = [resume, cover_letter, linkedin]
    docs: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        doc = rng.choice(makers)(rng)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


if __name__ == "__main__":
    documents = generate(0.01)
    print("\n---\n".join(documents[:3]))
