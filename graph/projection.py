"""The store → networkx projection of collaboration, defined once (queries/collaborations.rq).

Every analytic (centrality, gaps, recommendations) and every view starts from
`collaboration_rows` / `collaboration_graph`, so "who worked with whom" means the same thing in
the CLI, the API and the explorer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.store import Store
from queries import get_query

__all__ = ["HAPPENED", "Collaboration", "collaboration_graph", "collaboration_rows"]

JHA = "https://w3id.org/jha-kg/ontology#"
HAPPENED = ("done", "ongoing")  # statuses that count as cooperation that took place


@dataclass(frozen=True)
class Collaboration:
    """Two organisations (IRIs, a < b) sharing one activity."""

    a: str
    b: str
    activity: str
    status: str  # done | ongoing | planned | proposed
    type: str  # local name of the activity class
    year: int
    themes: tuple[str, ...]  # theme IRIs
    a_is_agency: bool
    b_is_agency: bool


def collaboration_rows(store: Store) -> list[Collaboration]:
    """Every (pair, activity) row of the one collaboration query."""
    rows: list[Collaboration] = []
    for r in store.query(get_query("collaborations").text):
        rows.append(Collaboration(
            a=r["a"].value, b=r["b"].value, activity=r["activity"].value,
            status=r["status"].value.removeprefix(JHA).lower(), type=r["type"].value.removeprefix(JHA),
            year=int(r["year"].value), themes=tuple(sorted(r["themes"].value.split())) if r["themes"] else (),
            a_is_agency=r["aIsAgency"].value == "true", b_is_agency=r["bIsAgency"].value == "true",
        ))
    return rows


def collaboration_graph(
    rows: Iterable[Collaboration],
    *,
    scope: str = "agencies",
    statuses: Iterable[str] = HAPPENED,
    themes: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    year: int | None = None,
) -> nx.Graph:
    """Undirected weighted graph: weight = number of distinct joint activities.

    `scope="agencies"` keeps agency–agency pairs only; `"all"` keeps every organisation.
    Edge attribute `activities` lists the activity IRIs behind the weight, `themes` their themes.
    """
    if scope not in ("agencies", "all"):
        raise ValueError(f"scope must be 'agencies' or 'all', not {scope!r}")
    wanted_status = set(statuses)
    wanted_themes = set(themes) if themes is not None else None
    wanted_types = set(types) if types is not None else None
    graph = nx.Graph()
    for row in rows:
        if row.status not in wanted_status or (year is not None and row.year != year):
            continue
        if scope == "agencies" and not (row.a_is_agency and row.b_is_agency):
            continue
        if wanted_themes is not None and not wanted_themes.intersection(row.themes):
            continue
        if wanted_types is not None and row.type not in wanted_types:
            continue
        if graph.has_edge(row.a, row.b):
            data = graph.edges[row.a, row.b]
            if row.activity not in data["activities"]:
                data["activities"].append(row.activity)
                data["weight"] = len(data["activities"])
            data["themes"].update(row.themes)
        else:
            graph.add_edge(row.a, row.b, weight=1, activities=[row.activity], themes=set(row.themes))
        graph.nodes[row.a]["agency"] = row.a_is_agency
        graph.nodes[row.b]["agency"] = row.b_is_agency
    return graph
