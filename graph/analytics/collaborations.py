"""Pairs of organisations and the joint activities behind each, as rows for the API and the CLI.

One row per pair (`a < b` by id): `count` = joint activities with the chosen statuses (done and
ongoing by default: cooperation that happened), their `themes` and `activities` (ids), and
`planned` = the pair's planned or proposed joint activities, kept apart so intentions are never
counted as cooperation unless `status` asks for them. An agency's strength in
`graph.centrality` is the sum of `count` over its rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ConfigDict, Field

from graph.analytics.projection import Network, short_id
from graph.analytics.result import Result

__all__ = ["CollaborationPair", "collaboration_pairs", "resolve_org"]

PLANNED = ("planned", "proposed")


class CollaborationPair(Result):
    """Two organisations and the joint activities behind their link."""

    a: str = Field(description="Id of one organisation (a < b).")
    b: str
    count: int = Field(description="Joint activities with the chosen statuses (done and ongoing by default).")
    themes: tuple[str, ...] = Field(description="Theme ids of those activities.")
    activities: tuple[str, ...] = Field(description="Activity ids, as in /api/activities/{id}.")
    planned: tuple[str, ...] = Field(description="Planned or proposed joint activities: intentions, not counted by default.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "a": "europol", "b": "frontex", "count": 29, "themes": ["migration", "security"],
        "activities": ["jha-agencies-cooperation-2017-training-5092932e9f"],
        "planned": ["jha-agencies-cooperation-2017-project-0a1b2c3d4e"]}]})


def resolve_org(network: Network, key: str) -> str:
    """An organisation IRI from its id ("europol") or IRI; `UnknownName` (listing the agencies) when the graph has none."""
    return network.vocabulary.organisation(key)


def collaboration_pairs(network: Network, *, theme: str | None = None, agency: str | None = None,
                        scope: str = "agencies", status: str | Iterable[str] | None = None,
                        year: int | None = None) -> list[CollaborationPair]:
    """One row per pair, most joint activities first (then by ids).

    >>> from graph.analytics.projection import Collaboration, Network
    >>> def joint(x: str, y: str, act: str, status: str = "done") -> Collaboration:
    ...     return Collaboration(f"ag/{x}", f"ag/{y}", f"act/{act}", status, "Meeting", 2017, (), True, True)
    >>> net = Network([joint("a", "b", "1"), joint("a", "b", "2", "planned"), joint("b", "c", "3")], [], {}, {}, {}, [])
    >>> [(p.a, p.b, p.count, p.activities, p.planned) for p in collaboration_pairs(net)]
    [('a', 'b', 1, ('1',), ('2',)), ('b', 'c', 1, ('3',), ())]
    """
    who = resolve_org(network, agency) if agency else None
    graph = network.graph(scope=scope, theme=theme, statuses=status, year=year, include_agencies=False)
    later = network.graph(scope=scope, theme=theme, statuses=PLANNED, year=year, include_agencies=False)
    rows = []
    for u, v, data in graph.edges(data=True):
        if who is not None and who not in (u, v):
            continue
        a, b = sorted((u, v), key=short_id)
        planned = later.edges[u, v]["activities"] if later.has_edge(u, v) else []
        rows.append(CollaborationPair(
            a=short_id(a), b=short_id(b), count=data["weight"],
            themes=tuple(sorted(short_id(t) for t in data["themes"])),
            activities=tuple(sorted(short_id(i) for i in data["activities"])),
            planned=tuple(sorted(short_id(i) for i in planned)),
        ))
    rows.sort(key=lambda r: (-r.count, r.a, r.b))
    return rows
