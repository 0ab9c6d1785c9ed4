"""The JSON Schema of a profile, generated from the pydantic model (one source of truth).

The JSON Resume fields carry no docs in the model (they are permissive pass-through
data), so the descriptions and examples editors show for them are filled in here.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://stepback-docs.invalid/schema.json"

_DATE = "Date as YYYY, YYYY-MM or YYYY-MM-DD."
_URL = "Web address."

# "Model.field": (description, example) for fields the model leaves undocumented.
FIELD_DOCS: dict[str, tuple[str | None, Any]] = {
    "Profile.$schema": ("Schema URL, so editors can autocomplete.", "../../schema.json"),
    "Profile.basics": ("Name, contact details and summary.", {"name": "Dana Whitfield"}),
    "Profile.work": ("Work history, most recent first.", [{"name": "Acme", "position": "VP"}]),
    "Profile.volunteer": ("Volunteer roles.", [{"organization": "Food Bank"}]),
    "Profile.education": ("Degrees and schools.", [{"institution": "Ohio State University"}]),
    "Profile.awards": ("Awards received.", [{"title": "Operator of the Year"}]),
    "Profile.certificates": ("Certifications.", [{"name": "SHRM-CP"}]),
    "Profile.publications": ("Articles, papers, books.", [{"name": "Lean in Food Plants"}]),
    "Profile.skills": ("Skill groups with keywords.", [{"name": "Operations"}]),
    "Profile.languages": ("Spoken languages.", [{"language": "Spanish", "fluency": "Fluent"}]),
    "Profile.interests": ("Interests.", [{"name": "Cycling"}]),
    "Profile.references": ("References.", [{"name": "Lee Chen"}]),
    "Profile.projects": ("Notable projects.", [{"name": "Cross-dock redesign"}]),
    "Profile.meta": ("JSON Resume metadata (ignored by stepback-docs).", {"version": "v1"}),
    "Profile.stepback": (
        "The step-back move and the candidate's case.",
        {"target": {"position": "Director of Operations"}, "move": "lower-title"},
    ),
    "Basics.image": ("Photo URL.", "https://example.com/photo.jpg"),
    "Basics.email": ("Email address.", "dana@example.com"),
    "Basics.phone": ("Phone number.", "(312) 555-0142"),
    "Basics.url": ("Personal website.", "https://dana.example.com"),
    "Basics.summary": (None, "Operations leader who fixes struggling plants."),
    "Basics.location": ("Where the candidate lives.", {"city": "Chicago"}),
    "Basics.profiles": ("Social profiles.", [{"network": "LinkedIn", "username": "dana"}]),
    "Location.address": ("Street address.", "123 Main St"),
    "Location.postalCode": ("Postal code.", "60601"),
    "Location.city": ("City.", "Chicago"),
    "Location.countryCode": ("ISO country code.", "US"),
    "Location.region": ("State or region.", "Illinois"),
    "SocialProfile.network": ("Network name.", "LinkedIn"),
    "SocialProfile.username": ("User name on the network.", "danawhitfield"),
    "SocialProfile.url": ("Profile URL.", "https://www.linkedin.com/in/danawhitfield"),
    "Work.location": ("Where the job was.", "Chicago, IL"),
    "Work.url": ("Employer website.", "https://acme.example.com"),
    "Work.startDate": (_DATE, "2019-04"),
    "Work.endDate": (_DATE + " Omit for a current role.", "2024-02"),
    "Work.summary": ("What the role covered.", "Ran 4 distribution centers."),
    "Work.description": ("What the employer does.", "Regional 3PL"),
    "Work.highlights": ("Achievements, ideally with numbers.", ["Cut costs 18%"]),
    "Volunteer.organization": ("Organization name.", "Greater Chicago Food Depository"),
    "Volunteer.position": ("Role.", "Logistics volunteer"),
    "Volunteer.url": (_URL, "https://example.org"),
    "Volunteer.startDate": (_DATE, "2021-01"),
    "Volunteer.endDate": (_DATE, "2022-06"),
    "Volunteer.summary": ("What you did.", "Planned weekend food drives."),
    "Volunteer.highlights": ("Achievements.", ["Doubled volunteer turnout"]),
    "Education.institution": ("School or university.", "University of Illinois"),
    "Education.url": (_URL, "https://illinois.edu"),
    "Education.area": ("Field of study.", "Industrial Engineering"),
    "Education.studyType": ("Degree or qualification.", "Bachelor"),
    "Education.startDate": (_DATE, "2004-09"),
    "Education.endDate": (_DATE, "2008-05"),
    "Education.score": ("Grade or GPA.", "3.7"),
    "Education.courses": ("Notable courses.", ["Operations Research"]),
    "Award.title": ("Award name.", "Operator of the Year"),
    "Award.date": (_DATE, "2022-11"),
    "Award.awarder": ("Who gave it.", "Midwest Logistics Council"),
    "Award.summary": ("Why it was given.", "For the cross-dock redesign."),
    "Certificate.name": ("Certificate name.", "SHRM-CP"),
    "Certificate.date": (_DATE, "2024-05"),
    "Certificate.issuer": ("Who issued it.", "SHRM"),
    "Certificate.url": (_URL, "https://www.shrm.org"),
    "Publication.name": ("Title.", "Lean in Food Plants"),
    "Publication.publisher": ("Publisher.", "Food Engineering"),
    "Publication.releaseDate": (_DATE, "2021-03"),
    "Publication.url": (_URL, "https://example.com/article"),
    "Publication.summary": ("What it is about.", "Reducing changeover time."),
    "Skill.name": ("Skill group.", "Lean manufacturing"),
    "Skill.level": ("Level.", "Expert"),
    "Skill.keywords": ("Specific skills.", ["5S", "kaizen"]),
    "Language.language": ("Language.", "Spanish"),
    "Language.fluency": ("Fluency.", "Fluent"),
    "Interest.name": ("Interest.", "Cycling"),
    "Interest.keywords": ("Details.", ["gravel racing"]),
    "Reference.name": ("Referee's name.", "Lee Chen"),
    "Reference.reference": ("What they said.", "Dana fixed our worst plant in a year."),
    "Project.name": ("Project name.", "Cross-dock redesign"),
    "Project.description": ("What it was.", "Moved two DCs to cross-docking."),
    "Project.highlights": ("Results.", ["Saved $2.4M a year"]),
    "Project.keywords": ("Keywords.", ["logistics"]),
    "Project.startDate": (_DATE, "2021-01"),
    "Project.endDate": (_DATE, "2021-12"),
    "Project.url": (_URL, "https://example.com/project"),
    "Project.roles": ("Your roles.", ["Project lead"]),
    "Project.entity": ("For whom.", "Acme Logistics"),
    "Project.type": ("Kind of project.", "application"),
    "Stepback.target": ("The job being applied for.", {"position": "Director of Operations"}),
    "Stepback.motivations": (
        None,
        [{"kind": "hands-on", "detail": "I do my best work close to the floor."}],
    ),
    "Stepback.stories": (
        None,
        [
            {
                "problem": "Costs rising 9% a year",
                "action": "Redesigned the network",
                "result": "Cut costs 18%",
            }
        ],
    ),
    "Stepback.tone": (None, "warm"),
    "Motivation.kind": (
        "One of: hands-on, scope-fit, preferred-employer, learning, new-industry, "
        "culture-fit, mission, growth-potential.",
        None,
    ),
}


def profile_schema() -> dict[str, Any]:
    from .model import Profile

    schema = Profile.model_json_schema(by_alias=True)
    _fill_docs("Profile", schema)
    for name, definition in schema.get("$defs", {}).items():
        _fill_docs(name, definition)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def _fill_docs(model: str, definition: dict[str, Any]) -> None:
    for prop, spec in definition.get("properties", {}).items():
        description, example = FIELD_DOCS.get(f"{model}.{prop}", (None, None))
        if description and "description" not in spec:
            spec["description"] = description
        if example is not None and "examples" not in spec:
            spec["examples"] = [example]


def schema_text() -> str:
    return json.dumps(profile_schema(), indent=2, ensure_ascii=False) + "\n"
