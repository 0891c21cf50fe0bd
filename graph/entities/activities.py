"""Activity records for the JSON API: the list (filtered in Python over one query) and one in detail.

The list reads `queries/activities.rq` once and filters here with the one filter model
(`graph.filters`): an optional filter cannot be left unbound in a pyoxigraph substitution without
changing the query's meaning, and the activity table is small next to the graph.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.filters import Filters, Selection, load_vocabulary
from graph.store.base import Store
from graph.store.formats import rows_as_python
from ontology.roles import role_of_term
from queries import get_query

__all__ = ["activity_id", "activity_rows", "get_activity", "list_activities"]


def activity_id(iri: str, base_iri: str) -> str:
    return iri.removeprefix(f"{base_iri}activity/")


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else None


def activity_rows(store: Store, selection: Selection | None = None) -> list[dict[str, Any]]:
    """Rows of `queries/activities.rq` (themes and participants as IRI tuples) that pass the selection."""
    _vars, rows = rows_as_python(store.query(get_query("activities").text))
    out = []
    for r in rows:
        row: dict[str, Any] = {**r, "themes": tuple(sorted((r["themes"] or "").split())),
                               "participants": tuple(sorted((r["participants"] or "").split())),
                               "status": (_local(r["status"]) or "").lower(), "type": _local(r["type"]) or ""}
        if selection is None or (
            selection.involves(row["participants"])
            and selection.matches(status=row["status"], year=int(r["year"]) if r["year"] else None,
                                  themes=row["themes"], type=row["type"])
        ):
            out.append(row)
    return out


def list_activities(store: Store, base_iri: str, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Activities with id, IRI, type, status, date, year, label, themes and participants, filtered
    (every status unless asked; an unknown name raises `UnknownName` listing the known ones)."""
    selection = load_vocabulary(store).select(filters) if filters is not None else None
    return [
        {"id": activity_id(r["activity"] or "", base_iri), "iri": r["activity"], "type": r["type"] or None,
         "status": r["status"], "date": r["date"], "year": r["year"], "label": r["label"],
         "themes": [t.removeprefix(f"{base_iri}theme/") for t in r["themes"]],
         "participants": [_short(p, base_iri) for p in r["participants"]]}
        for r in activity_rows(store, selection)
    ]


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
            role = role_of_term(extra or "") or _local(extra)
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
