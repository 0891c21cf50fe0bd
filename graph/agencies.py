"""Agency records for the API and views, read through named queries."""

from __future__ import annotations

from graph.results import rows_as_python
from graph.store import Store
from queries import get_query

__all__ = ["list_agencies"]


def list_agencies(store: Store) -> list[dict[str, str | None]]:
    """The nine agencies: id, IRI, label, acronym, seat, website."""
    _vars, rows = rows_as_python(store.query(get_query("agencies").text))
    return [
        {"id": r["id"], "iri": r["agency"], "label": r["label"], "acronym": r["acronym"],
         "seat": r["seat"], "website": r["website"]}
        for r in rows
    ]
