"""Links from an analytic result back to the activities and organisations behind it.

Every gap and recommendation names the activities that support it as `ActivityRef`s; `id` is the
activity slug used by `/api/activities/{id}` and `/api/collaborations`, so a reader can follow
each claim to the report sentence it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from graph.analytics.projection import Network, ParticipationRow, short_id
from graph.analytics.result import Result

__all__ = ["ActivityRef", "OrgRef", "Quote", "activity_refs", "org_ref"]


class ActivityRef(Result):
    id: str = Field(description="Activity id, as in /api/activities/{id}.")
    iri: str
    label: str
    status: str


class OrgRef(Result):
    id: str
    iri: str
    label: str


class Quote(Result):
    section: str
    quote: str = Field(description="Verbatim text of the report.")


def activity_refs(network: Network, iris: Iterable[str], limit: int | None = None) -> tuple[ActivityRef, ...]:
    """Activity references for the given IRIs, in a stable order (by id), at most `limit`."""
    info: dict[str, ParticipationRow] = network.activity_info
    refs = []
    for iri in sorted(set(iris), key=short_id)[:limit]:
        p = info.get(iri)
        refs.append(ActivityRef(id=short_id(iri), iri=iri, label=p.label if p else short_id(iri),
                                status=p.status if p else "unknown"))
    return tuple(refs)


def org_ref(network: Network, iri: str) -> OrgRef:
    """An organisation by id, IRI and display name."""
    return OrgRef(id=short_id(iri), iri=iri, label=network.label(iri))
