"""Links from an analytic result back to the activities behind it.

Every gap and recommendation names the activities that support it as `{"id", "iri", "label",
"status"}`; `id` is the activity slug used by `/api/activities/{id}` and `/api/collaborations`, so
a reader can follow each claim to the report sentence it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.analytics.projection import Network, ParticipationRow, short_id

__all__ = ["activity_refs", "org_ref"]


def activity_refs(network: Network, iris: Iterable[str], limit: int | None = None) -> list[dict[str, str]]:
    """Activity references for the given IRIs, in a stable order (by id), at most `limit`."""
    info: dict[str, ParticipationRow] = network.activity_info
    refs = []
    for iri in sorted(set(iris), key=short_id):
        p = info.get(iri)
        refs.append({"id": short_id(iri), "iri": iri, "label": p.label if p else short_id(iri),
                     "status": p.status if p else "unknown"})
    return refs[:limit] if limit is not None else refs


def org_ref(network: Network, iri: str) -> dict[str, str]:
    """`{"id", "iri", "label"}` for an organisation."""
    return {"id": short_id(iri), "iri": iri, "label": network.label(iri)}
