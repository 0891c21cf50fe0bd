"""Activity records for the JSON API: the list (filtered in Python over one query) and one in detail.

The list reads `queries/activities.rq` once and filters here: an optional filter cannot be left
unbound in a pyoxigraph substitution without changing the query's meaning, and the activity table
is small next to the graph.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.store.base import Store
from graph.store.formats import rows_as_python
from queries import get_query

__all__ = ["activity_id", "get_activity", "list_activities"]

ONTOLOGY = "https://w3id.org/jha-kg/ontology#"
ROLE_NAMES = {"Lead": "lead", "Partner": "partner", "Supporter": "supporter", "Attendee": "attendee", "Recipient": "recipient"}


def activity_id(iri: str, base_iri: str) -> str:
    return iri.removeprefix(f"{base_iri}activity/")


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else None


def _matches(row: dict[str, Any], value: str | None, iri_prefix: str) -> bool:
    return value is None or iri_prefix + value in row


def list_activities(store: Store, base_iri: str, *, theme: str | None = None, agency: str | None = None,
                    type: str | None = None, status: str | None = None, year: str | None = None) -> list[dict[str, Any]]:
    """Activities with id, IRI, type, status, date, year, label, themes and participants, filtered."""
    _vars, rows = rows_as_python(store.query(get_query("activities").text))
    out = []
    for r in rows:
        themes = sorted((r["themes"] or "").split())
        participants = sorted((r["participants"] or "").split())
        record: dict[str, Any] = {
            "id": activity_id(r["activity"] or "", base_iri), "iri": r["activity"], "type": _local(r["type"]),
            "status": (_local(r["status"]) or "").lower(), "date": r["date"], "year": r["year"], "label": r["label"],
            "themes": [t.removeprefix(f"{base_iri}theme/") for t in themes],
            "participants": [_short(p, base_iri) for p in participants],
        }
        if theme and theme not in record["themes"] and theme not in themes:
            continue
        if agency and agency not in record["participants"] and agency not in participants:
            continue
        if type and (record["type"] or "").lower() != type.removeprefix("jha:").lower() and r["type"] != type:
            continue
        if status and record["status"] != status.removeprefix("jha:").lower():
            continue
        if year and str(record["year"]) != str(year):
            continue
        out.append(record)
    return out


def _short(iri: str, base_iri: str) -> str:
    """Agencies by id (`frontex`), other organisations by their full IRI."""
    return iri.removeprefix(f"{base_iri}agency/") if iri.startswith(f"{base_iri}agency/") else iri


def get_activity(store: Store, base_iri: str, activity: str) -> dict[str, Any] | None:
    """One activity with participants (and roles), themes, instruments, systems, date, status and evidence; None if unknown."""
    iri = activity if activity.startswith(("http://", "https://")) else f"{base_iri}activity/{activity}"
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    result = store.query(get_query("activity").text, substitutions={"_activity": node})
    _vars, rows = rows_as_python(result)
    if not rows:
        return None
    record: dict[str, Any] = {"id": activity_id(iri, base_iri), "iri": iri, "type": None, "label": None, "status": None,
                              "date": None, "startDate": None, "endDate": None, "participants": [], "themes": [],
                              "instruments": [], "systems": [], "evidence": [], "revisions": []}
    participants: dict[str, dict[str, Any]] = {}
    inferred: dict[str, dict[str, Any]] = {}  # passage IRI → the general statement a participation came from
    inferred_agents: dict[str, list[str]] = {}
    for r in rows:
        field, value, label, extra, more = r["field"], r["value"], r["label"], r["extra"], r.get("more")
        if field == "type":
            record["type"] = _local(value)
        elif field == "status":
            record["status"] = (_local(value) or "").lower()
        elif field in ("label", "date", "startDate", "endDate"):
            record[field] = value
        elif field in ("theme", "instrument", "system"):
            entry = {"iri": value, "label": label}
            if entry not in record[field + "s" if field != "theme" else "themes"]:
                record["themes" if field == "theme" else field + "s"].append(entry)
        elif field == "participant" and value:
            p = participants.setdefault(value, {"id": _short(value, base_iri), "iri": value, "label": label, "roles": []})
            role = ROLE_NAMES.get(_local(extra) or "", _local(extra))
            if role and role not in p["roles"]:
                p["roles"].append(role)
            if more:
                p["inferred_from"] = more
                if _short(value, base_iri) not in inferred_agents.setdefault(more, []):
                    inferred_agents[more].append(_short(value, base_iri))
        elif field == "evidence":
            entry = {"quote": label, "sentence": more or label, "section": extra, "passage": value, "inferred_from": None}
            if entry not in record["evidence"]:
                record["evidence"].append(entry)
        elif field == "inferred" and value:
            inferred[value] = {"passage": value, "quote": label, "section": extra}
        elif field == "revision":
            entry = {"iri": value, "reason": label, "change": extra, "author": more}
            if entry not in record["revisions"]:
                record["revisions"].append(entry)
    # evidence is the clause that states the activity, the sentence and section beside it; a participant
    # the clause does not name but a general statement does ("Eurojust participated in all JADs") is
    # shown as inferred from that statement
    statements = [{**info, "agencies": sorted(inferred_agents.get(iri, []))} for iri, info in sorted(inferred.items())]
    for entry in record["evidence"]:
        entry["inferred_from"] = statements or None
    for p in participants.values():
        p.setdefault("inferred_from", None)
    record["evidence"].sort(key=lambda e: (e["section"] or "", e["quote"]))
    record["revisions"].sort(key=lambda e: e["iri"])
    record["participants"] = sorted(participants.values(), key=lambda p: p["iri"])
    for key in ("themes", "instruments", "systems"):
        record[key].sort(key=lambda e: e["iri"])
    return record
