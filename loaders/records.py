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
    "Evidence",
    "Mention",
    "OpportunityRecord",
    "Participation",
    "Passage",
    "ReportRecord",
    "Revision",
    "Role",
    "Status",
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
class Evidence:
    """The clause of a passage that states an activity: `passage.text[start:end]`, verbatim.

    An activity is quoted by the clause that says it, not by the whole sentence, so a sentence
    holding several activities tells which words belong to which; the sentence stays on the
    passage as context.
    """

    passage: Passage
    start: int
    end: int

    @property
    def quote(self) -> str:
        return self.passage.text[self.start:self.end]

    @property
    def whole(self) -> bool:
        """The clause is the whole sentence."""
        return self.start == 0 and self.end >= len(self.passage.text.rstrip())

    @staticmethod
    def of(passage: Passage, start: int = 0, end: int | None = None) -> Evidence:
        """A clause span trimmed of the separators and spaces around it ("and", ",", ";")."""
        text = passage.text
        end = len(text) if end is None else end
        while start < end and (text[start].isspace() or text[start] in ",;:"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        if start >= end:
            return Evidence(passage, 0, len(text))
        return Evidence(passage, start, end)


@dataclass(frozen=True)
class Participation:
    """An organisation's part in an activity; `inferred_from` is the passage of a general
    statement ("Eurojust participated in all JADs") when the activity's own words do not name it."""

    org: str  # registry id (agency id, organisation id or the network id)
    role: Role
    kind: str = "agency"  # agency | organisation | network
    inferred_from: Evidence | None = None


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
    evidence: list[Evidence] = field(default_factory=list)  # the clauses that state it, one per passage at most
    revisions: list[Revision] = field(default_factory=list)  # analysts' corrections applied at build

    @property
    def slug(self) -> str:
        first = self.passages[0]
        return f"{first.report}-{self.type.lower()}-{stable_slug(first.section_path, first.text, self.label)}"

    def clauses(self) -> list[Evidence]:
        """The evidence of every passage: its clause where one was read, else the whole sentence."""
        by_passage = {e.passage: e for e in self.evidence}
        return [by_passage.get(p) or Evidence(p, 0, len(p.text)) for p in self.passages]

    def add_evidence(self, evidence: Evidence) -> None:
        """Add a passage with its clause (a passage already there keeps its first clause)."""
        if evidence.passage not in self.passages:
            self.passages.append(evidence.passage)
        if all(e.passage != evidence.passage for e in self.evidence):
            self.evidence.append(evidence)

    def role_of(self, org: str) -> str | None:
        for p in self.participants:
            if p.org == org:
                return p.role
        return None


@dataclass(frozen=True)
class Revision:
    """One analyst's correction of an activity, kept beside the evidence (PROV: a revision)."""

    action: str  # add_participant | remove_participant | set_status | split | merge
    reason: str
    author: str
    detail: str  # what changed, in words ("added Europol as partner")
    index: int = 0  # the entry's position in the corrections file


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
