"""Typed records between reading a report and writing triples.

Extraction produces these; `loaders.to_rdf` turns them into RDF. Keeping the two apart lets the
extractor be scored on records and lets the RDF model change without touching the language code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ontology.roles import ROLES, Role
from ontology.statuses import STATUSES, Status

__all__ = [
    "ROLES",
    "STATUSES",
    "ActivityRecord",
    "Mention",
    "OpportunityRecord",
    "Participation",
    "Passage",
    "ReportRecord",
    "stable_slug",
]



def stable_slug(*parts: str, length: int = 10) -> str:
    """A short content hash: the same input always gives the same slug across rebuilds."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Passage:
    """A sentence (or bullet, heading, footnote) of a report, verbatim, with its section path."""

    report: str
    section: tuple[str, ...]
    text: str
    line: int
    kind: str = "sentence"  # sentence | bullet | heading | footnote | noise

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    @property
    def slug(self) -> str:
        return f"{self.report}-{stable_slug(self.section_path, self.text)}"


@dataclass(frozen=True)
class Mention:
    """A name in a passage resolved to a registry entry."""

    kind: str  # agency | organisation | network | instrument | system | place
    id: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Participation:
    """An organisation's part in an activity."""

    org: str  # registry id (agency id, organisation id or the network id)
    role: Role
    kind: str = "agency"  # agency | organisation | network


@dataclass
class ActivityRecord:
    """One activity as the report states it."""

    type: str  # local name of a jha: activity class, e.g. "Training"
    label: str
    status: Status
    passages: list[Passage]
    participants: list[Participation] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    end_date: str | None = None

    @property
    def slug(self) -> str:
        first = self.passages[0]
        return f"{first.report}-{self.type.lower()}-{stable_slug(first.section_path, first.text, self.label)}"

    def role_of(self, org: str) -> str | None:
        for p in self.participants:
            if p.org == org:
                return p.role
        return None


@dataclass
class OpportunityRecord:
    """A gap, challenge, opportunity or priority the report states."""

    kind: str  # challenge | opportunity | priority | conclusion
    passages: list[Passage]
    organisations: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        first = self.passages[0]
        return f"{first.report}-{stable_slug(first.section_path, first.text)}"


@dataclass
class ReportRecord:
    """Everything read from one report text."""

    slug: str
    title: str
    year: int
    text: str
    passages: list[Passage]
    set_aside: list[Passage]
    activities: list[ActivityRecord]
    opportunities: list[OpportunityRecord]
    unplaced: list[Passage]
    acronyms: dict[str, str] = field(default_factory=dict)
    # organisations read from the report's acronym list: id → (label, acronym, registry kind)
    organisations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # instruments found by pattern ("EMPACT Firearms Priority"): id → (label, registry kind)
    instruments: dict[str, tuple[str, str]] = field(default_factory=dict)
    source: str | None = None
