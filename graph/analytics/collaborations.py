"""Pairs of organisations and the joint activities behind each, as rows for the API and the CLI.

One row per pair (`a < b` by id): `count` = joint activities with the chosen statuses (done and
ongoing by default: cooperation that happened), their `themes` and `activities` (ids), and
`planned` = the pair's planned or proposed joint activities, kept apart so intentions are never
counted as cooperation unless `status` asks for them. An agency's strength in
`graph.centrality` is the sum of `count` over its rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.analytics.projection import Network, short_id

__all__ = ["collaboration_pairs", "resolve_org"]

PLANNED = ("planned", "proposed")


def resolve_org(network: Network, key: str) -> str:
    """An organisation IRI from its id ("europol") or IRI; `UnknownName` (listing the agencies) when the graph has none."""
    return network.vocabulary.organisation(key)


def collaboration_pairs(network: Network, *, theme: str | None = None, agency: str | None = None,
                        scope: str = "agencies", status: str | Iterable[str] | None = None,
                        year: int | None = None) -> list[dict[str, object]]:
    """Rows `{"a", "b", "count", "themes", "activities", "planned"}`, most joint activities first."""
    who = resolve_org(network, agency) if agency else None
    graph = network.graph(scope=scope, theme=theme, statuses=status, year=year, include_agencies=False)
    later = network.graph(scope=scope, theme=theme, statuses=PLANNED, year=year, include_agencies=False)
    rows = []
    for u, v, data in graph.edges(data=True):
        if who is not None and who not in (u, v):
            continue
        a, b = sorted((u, v), key=short_id)
        planned = later.edges[u, v]["activities"] if later.has_edge(u, v) else []
        rows.append({
            "a": short_id(a), "b": short_id(b), "count": data["weight"],
            "themes": sorted(short_id(t) for t in data["themes"]),
            "activities": sorted(short_id(i) for i in data["activities"]),
            "planned": sorted(short_id(i) for i in planned),
        })
    rows.sort(key=lambda r: (-r["count"], r["a"], r["b"]))  # type: ignore[operator]
    return rows
