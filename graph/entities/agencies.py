"""Agency records for the API and views, read through named queries."""

from __future__ import annotations

import pyoxigraph as ox

from graph.entities.activities import activity_rows
from graph.filters import Filters, load_vocabulary
from graph.store.base import Store
from graph.store.formats import rows_as_python
from queries import get_query

__all__ = ["get_agency", "list_agencies"]


def list_agencies(store: Store, filters: Filters | None = None) -> list[dict[str, str | None]]:
    """The nine agencies: id, IRI, label, acronym, seat, website. With filters, the agencies that take
    part in at least one selected activity — with `agency`, that agency alone (an unknown name raises
    `UnknownName`)."""
    _vars, rows = rows_as_python(store.query(get_query("agencies").text))
    agencies = [
        {"id": r["id"], "iri": r["agency"], "label": r["label"], "acronym": r["acronym"],
         "seat": r["seat"], "website": r["website"]}
        for r in rows
    ]
    selection = load_vocabulary(store).select(filters) if filters is not None else None
    if selection is None or selection.is_everything:
        return agencies
    involved = {p for r in activity_rows(store, selection) for p in r["participants"]}
    return [a for a in agencies if a["iri"] in involved and selection.agency in (None, a["iri"])]


def get_agency(store: Store, base_iri: str, agency_id: str) -> dict[str, object] | None:
    """One agency with its partners (done/ongoing shared activities) and activity counts; None if unknown."""
    agency = next((a for a in list_agencies(store) if a["id"] == agency_id), None)
    if agency is None:
        return None
    node = {"_agency": ox.NamedNode(str(agency["iri"]))}
    _v, partners = rows_as_python(store.query(get_query("partners_of_agency").text, substitutions=node))
    _v, counts = rows_as_python(store.query(get_query("agency_counts").text, substitutions=node))
    _v, opportunities = rows_as_python(store.query(get_query("opportunities_of_agency").text, substitutions=node))
    by_status = {(r["status"] or "").rsplit("#", 1)[-1].lower(): int(r["activities"] or 0) for r in counts}
    partner_rows = [
        {"id": (p["partner"] or "").removeprefix(f"{base_iri}agency/") if (p["partner"] or "").startswith(f"{base_iri}agency/") else None,
         "iri": p["partner"], "label": p["label"], "activities": int(p["activities"] or 0),
         "agency": (p["partner"] or "").startswith(f"{base_iri}agency/")}
        for p in partners
    ]
    _v, yearly = rows_as_python(store.query(get_query("partners_of_agency_by_year").text, substitutions=node))
    by_year: dict[str, list[dict[str, object]]] = {}
    for p in yearly:
        partner = p["partner"] or ""
        is_agency = partner.startswith(f"{base_iri}agency/")
        by_year.setdefault(str(p["year"]), []).append(
            {"id": partner.removeprefix(f"{base_iri}agency/") if is_agency else None, "iri": partner,
             "label": p["label"], "activities": int(p["activities"] or 0), "agency": is_agency})
    return {
        **agency,
        "partners": partner_rows,
        # year by year, when the graph holds more than one report year
        "partners_by_year": by_year if len(by_year) > 1 else None,
        "counts": {
            "activities": sum(by_status.values()), "by_status": by_status, "partners": len(partner_rows),
            "agency_partners": sum(1 for p in partner_rows if p["agency"]),
            "opportunities": len({o["opportunity"] for o in opportunities}),
        },
    }
