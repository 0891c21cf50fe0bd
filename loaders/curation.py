"""Analysts' corrections (`curation/corrections.yaml`) applied to the records at build.

Automatic extraction stays the default; the corrections file is how a user fixes what the rules
cannot: add or remove a participant, change a status, split one activity into several or merge
several into one. Every entry carries a reason and an author, and every change it makes is kept
on the activity as a `Revision`, which `loaders.to_rdf` writes as a PROV revision (`jha:revisedBy`
→ a `jha:Revision` with `rdfs:comment` reason and `prov:wasAssociatedWith` author) shown beside
the evidence. A malformed file or an entry naming an unknown activity stops the build with one
line saying which entry and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jhakg.errors import BadFile
from loaders.records import ROLES, ActivityRecord, Evidence, Participation, ReportRecord, Revision, Status
from loaders.text import normalise_space

__all__ = ["DEFAULT_CORRECTIONS", "Correction", "CorrectionsFile", "CurationError", "apply_corrections", "load_corrections"]

DEFAULT_CORRECTIONS = Path(__file__).resolve().parent.parent / "curation" / "corrections.yaml"

AgencyRole = Literal["lead", "partner", "supporter", "attendee", "recipient"]


class CurationError(BadFile):
    """The corrections file cannot be read or applied; the message names the entry (one line, exit 1)."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1)
    author: str = Field(min_length=1)


class AddParticipant(_Entry):
    action: Literal["add_participant"]
    activity: str
    participant: str  # registry id: an agency (europol), an organisation or the network
    role: AgencyRole = "partner"


class RemoveParticipant(_Entry):
    action: Literal["remove_participant"]
    activity: str
    participant: str


class SetStatus(_Entry):
    action: Literal["set_status"]
    activity: str
    status: Status


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quote: str = Field(min_length=1)  # a verbatim span of one of the activity's sentences
    participants: dict[str, AgencyRole] = Field(min_length=1)
    type: str | None = None
    status: Status | None = None


class Split(_Entry):
    action: Literal["split"]
    activity: str
    parts: list[Part] = Field(min_length=2)


class Merge(_Entry):
    action: Literal["merge"]
    activities: list[str] = Field(min_length=2)  # the first one keeps its id and takes in the others


Correction = Annotated[AddParticipant | RemoveParticipant | SetStatus | Split | Merge, Field(discriminator="action")]


class CorrectionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    corrections: list[Correction] = Field(default_factory=list)


def load_corrections(path: Path) -> CorrectionsFile:
    """Read and check a corrections file; an empty file is no corrections."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CurationError(f"{path}: no such corrections file") from exc
    except yaml.YAMLError as exc:
        raise CurationError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    if data is None:
        return CorrectionsFile()
    if not isinstance(data, dict):
        raise CurationError(f"{path}: expected a mapping with a 'corrections' list (see curation/README.md)")
    try:
        return CorrectionsFile.model_validate(data)
    except ValidationError as exc:
        raise CurationError(f"{path}: {_first_error(exc, data)}") from exc


def _first_error(exc: ValidationError, data: dict[str, object]) -> str:
    """One line: which entry, which field, what is wrong."""
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    if len(loc) >= 2 and loc[0] == "corrections" and loc[1].isdigit():
        index = int(loc[1])
        entries = data.get("corrections")
        action = entries[index].get("action", "?") if isinstance(entries, list) and isinstance(entries[index], dict) else "?"
        field = ".".join(p for p in loc[2:] if p != action) or "entry"
        return f"correction {index + 1} ({action}): {field}: {err['msg']}"
    return f"{'.'.join(loc) or 'file'}: {err['msg']}"


def _kind(org: str, record_agencies: set[str], network: str) -> str:
    return "agency" if org in record_agencies else "network" if org == network else "organisation"


def apply_corrections(records: list[ReportRecord], corrections: CorrectionsFile, agency_ids: set[str], network: str) -> int:
    """Apply every correction to the activities of the records, in file order; returns how many applied."""
    for index, entry in enumerate(corrections.corrections, start=1):
        owner = {a.slug: r for r in records for a in r.activities}
        by_id = {a.slug: a for r in records for a in r.activities}
        where = f"correction {index} ({entry.action})"
        ids = entry.activities if isinstance(entry, Merge) else [entry.activity]
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise CurationError(f"{where}: no activity {missing[0]!r} in the reports read; ids are those of /api/activities")
        if isinstance(entry, Merge):
            if len({id(owner[i]) for i in ids}) > 1:
                raise CurationError(f"{where}: the activities to merge are in different reports")
            _merge([by_id[i] for i in ids], owner[ids[0]], entry, index)
            continue
        act, record = by_id[entry.activity], owner[entry.activity]
        if isinstance(entry, AddParticipant):
            act.participants = [p for p in act.participants if p.org != entry.participant]
            act.participants.append(Participation(entry.participant, entry.role, _kind(entry.participant, agency_ids, network)))
            _revise(act, entry, index, f"added {entry.participant} as {entry.role}")
        elif isinstance(entry, RemoveParticipant):
            if all(p.org != entry.participant for p in act.participants):
                raise CurationError(f"{where}: {entry.participant!r} is not a participant of {entry.activity!r}")
            act.participants = [p for p in act.participants if p.org != entry.participant]
            _revise(act, entry, index, f"removed {entry.participant}")
        elif isinstance(entry, SetStatus):
            _revise(act, entry, index, f"status {act.status} → {entry.status}")
            act.status = entry.status
        elif isinstance(entry, Split):
            _split(act, record, entry, index, agency_ids, network, where)
    return len(corrections.corrections)


def _revise(act: ActivityRecord, entry: AddParticipant | RemoveParticipant | SetStatus | Split | Merge, index: int,
            detail: str) -> None:
    act.revisions.append(Revision(action=entry.action, reason=entry.reason, author=entry.author, detail=detail, index=index))


def _split(act: ActivityRecord, record: ReportRecord, entry: Split, index: int, agency_ids: set[str], network: str,
           where: str) -> None:
    """One activity → one per part, each quoting its own span of the activity's sentences."""
    parts: list[ActivityRecord] = []
    for number, part in enumerate(entry.parts, start=1):
        evidence = _locate(act, part.quote)
        if evidence is None:
            raise CurationError(f"{where}: part {number}: quote is not in the activity's sentences: {part.quote!r}")
        new = ActivityRecord(
            type=part.type or act.type, label=normalise_space(part.quote)[:120], status=part.status or act.status,
            passages=[evidence.passage], evidence=[evidence],
            participants=[Participation(org, role, _kind(org, agency_ids, network)) for org, role in part.participants.items()],
            themes=list(act.themes), instruments=list(act.instruments), systems=list(act.systems), places=list(act.places),
            date=act.date, end_date=act.end_date, revisions=list(act.revisions),
        )
        _revise(new, entry, index, f"split from {act.slug} (part {number} of {len(entry.parts)})")
        parts.append(new)
    at = record.activities.index(act)
    record.activities[at:at + 1] = parts


def _locate(act: ActivityRecord, quote: str) -> Evidence | None:
    want = normalise_space(quote)
    for passage in act.passages:
        start = passage.text.find(want)
        if start >= 0:
            return Evidence(passage, start, start + len(want))
    return None


def _merge(acts: list[ActivityRecord], record: ReportRecord, entry: Merge, index: int) -> None:
    """Several activities → the first, with every passage, clause and participant of the others."""
    keep, others = acts[0], acts[1:]
    roles: dict[str, Participation] = {p.org: p for p in keep.participants}
    rank = {r: i for i, r in enumerate(ROLES)}
    for other in others:
        for evidence in other.clauses():
            keep.add_evidence(evidence)
        for p in other.participants:
            if p.org not in roles or rank[p.role] < rank[roles[p.org].role]:
                roles[p.org] = p
        keep.revisions.extend(other.revisions)
        record.activities.remove(other)
    keep.participants = list(roles.values())
    _revise(keep, entry, index, "merged " + ", ".join(o.slug for o in others) + " into it")

