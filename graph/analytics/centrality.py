"""Who carries the network and who bridges it: centrality and brokerage on the collaboration graph.

Every measure is networkx's own, run on the projection of `graph.projection` (weight = joint
activities, distance = 1/weight), and each comes with one sentence that says what it means for an
analyst. `centrality_report` is what the CLI and the API show (a `CentralityReport`); `compute`
gives the raw values on any graph (the explorer sizes its nodes with it).

Betweenness and closeness run shortest paths from every node (O(n·m)); constraint and effective
size look at every pair of a node's neighbours. On large graphs (`LARGE` nodes and more) say so and
pass `sample=k` for a seeded estimate of betweenness from k source nodes.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 1, "distance": 1.0}), ("b", "c", {"weight": 1, "distance": 1.0})])
>>> compute(g, ["degree", "betweenness"])["b"]
{'degree': 2, 'betweenness': 1.0}

On a network of three agencies where b works with a twice and with c once, b is the bridge, and
a row carries only the measure asked for:

>>> from graph.analytics.projection import Collaboration, Network
>>> def joint(x: str, y: str, act: str) -> Collaboration:
...     return Collaboration(f"ag/{x}", f"ag/{y}", f"act/{act}", "done", "Meeting", 2017, (), True, True)
>>> net = Network([joint("a", "b", "1"), joint("a", "b", "2"), joint("b", "c", "3")], [], {}, {}, {}, ["ag/a", "ag/b", "ag/c"])
>>> report = centrality_report(net, measure="strength")
>>> [(r.id, r.strength) for r in report.rows]
[('b', 3), ('a', 2), ('c', 1)]
>>> report.rows[0].model_dump(exclude_unset=True)
{'id': 'b', 'iri': 'ag/b', 'label': 'b', 'agency': True, 'strength': 3}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx
from pydantic import ConfigDict, Field

from graph.analytics.projection import Network, load_network, short_id
from graph.analytics.result import Result
from graph.store.base import Store
from jhakg.errors import UnknownName

__all__ = ["LARGE", "MEASURES", "CentralityReport", "CentralityRow", "Measure", "MeasureInfo", "centrality_report",
           "centrality_table", "compute", "table"]

LARGE = 1_000  # nodes from which quadratic measures are flagged (exact betweenness took 80 s at 1,400 nodes here)
SEED = 42

Value = float | int | None  # None: undefined (Burt's measures on an isolated node)
N = TypeVar("N", bound=Hashable)  # a node of the graph measured
Scores = dict[Any, float]  # node → value, as networkx returns them (nodes are any hashable)


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    meaning: str  # one sentence for an analyst
    quadratic: bool  # cost grows with (nodes × edges) or worse
    run: Callable[[nx.Graph, int | None, int], Scores]


UNDEFINED = "Undefined (null) for an organisation with no partner."


class MeasureInfo(Result):
    name: str
    label: str
    meaning: str = Field(description="What the measure means for an analyst, in one sentence.")
    quadratic: bool = Field(description="True when its cost grows with nodes × edges (slow on large graphs).")


class CentralityRow(Result):
    """One organisation; only the measures asked for are set."""

    id: str
    iri: str
    label: str
    agency: bool
    degree: int | None = None
    strength: int | None = None
    betweenness: float | None = None
    closeness: float | None = None
    eigenvector: float | None = None
    pagerank: float | None = None
    constraint: float | None = Field(None, description=UNDEFINED)
    effective_size: float | None = Field(None, description=UNDEFINED)


class CentralityReport(Result):
    scope: str
    theme: str | None
    nodes: int
    edges: int
    measures: tuple[MeasureInfo, ...]
    notes: tuple[str, ...] = Field(description="Cost and sampling notes for large graphs.")
    rows: tuple[CentralityRow, ...]

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "scope": "agencies", "theme": None, "nodes": 9, "edges": 36,
        "measures": [{"name": "strength", "label": "Joint activities (weighted degree)",
                      "meaning": "How many joint activities it took part in, summed over its partners: the volume of its cooperation.",
                      "quadratic": False}],
        "notes": [],
        "rows": [{"id": "europol", "iri": "https://w3id.org/jha-kg/agency/europol", "label": "Europol", "agency": True,
                  "strength": 113}]}]})


def _eigenvector(g: nx.Graph, _k: int | None, _seed: int) -> Scores:
    if g.number_of_edges() == 0:
        return dict.fromkeys(g, 0.0)
    return nx.eigenvector_centrality(g, weight="weight", max_iter=1000, tol=1e-9)


def _effective_size(g: nx.Graph) -> Scores:
    """Burt's effective size, weighted: Σ_j (1 − Σ_q p_iq m_jq) over i's partners j.

    networkx 3.6's all-nodes path computes this with sparse matrices but divides by the row maxima
    along the wrong axis, so weighted results are wrong (networkx PR #8906, open); its per-node
    path is right but cubic in a hub's degree. This is networkx's sparse computation with that one
    division fixed; the tests check it against the per-node path.
    """
    if g.number_of_nodes() == 0:
        return {}
    import numpy as np

    adjacency = nx.adjacency_matrix(g, weight="weight").astype(float)
    mutual = adjacency + adjacency.T
    row_sum = np.asarray(mutual.sum(axis=1)).reshape(-1, 1)
    row_max = np.asarray(mutual.max(axis=1).toarray()).reshape(-1, 1)
    proportional = mutual.multiply(1 / np.maximum(row_sum, 1e-300)).tocsr()  # p_iq: rows sum to 1
    by_max = mutual.multiply(1 / np.maximum(row_max, 1e-300)).tocsr()  # m_jq: each row's largest is 1
    redundancy = (proportional @ by_max.T).multiply(proportional > 0)  # Σ_q p_iq m_jq, for partners j only
    sizes = np.asarray((proportional > 0).sum(axis=1)).ravel() - np.asarray(redundancy.sum(axis=1)).ravel()
    isolated = row_sum.ravel() == 0
    return {node: (math.nan if isolated[i] else float(sizes[i])) for i, node in enumerate(g)}


def _betweenness(g: nx.Graph, k: int | None, seed: int) -> Scores:
    if k is not None and k < g.number_of_nodes():
        return nx.betweenness_centrality(g, k=k, seed=seed, weight="distance", normalized=True)
    return nx.betweenness_centrality(g, weight="distance", normalized=True)


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("degree", "Partners",
            "How many different organisations it has done joint work with: the breadth of its cooperation.",
            False, lambda g, _k, _s: dict(g.degree())),
    Measure("strength", "Joint activities (weighted degree)",
            "How many joint activities it took part in, summed over its partners: the volume of its cooperation.",
            False, lambda g, _k, _s: dict(g.degree(weight="weight"))),
    Measure("betweenness", "Betweenness (distance = 1/joint activities)",
            "How often it lies on the closest path between two others: a bridge whose absence would pull parts of "
            "the network apart.", True, _betweenness),
    Measure("closeness", "Closeness (distance = 1/joint activities)",
            "How near it is to all others through close partnerships: how quickly something it knows can reach everyone.",
            True, lambda g, _k, _s: nx.closeness_centrality(g, distance="distance")),
    Measure("eigenvector", "Eigenvector centrality",
            "How much it works with partners who are themselves well connected: influence through the core of the network.",
            False, _eigenvector),
    Measure("pagerank", "PageRank",
            "The share of attention a random walk along joint activities spends on it: overall prominence, "
            "less swayed by a single heavy partnership.",
            False, lambda g, _k, _s: nx.pagerank(g, weight="weight") if g.number_of_nodes() else {}),
    Measure("constraint", "Burt's constraint",
            "How much its partners are also partners of each other (low = a broker with non-redundant contacts, "
            "high = embedded in one closed group).", True, lambda g, _k, _s: nx.constraint(g, weight="weight")),
    Measure("effective_size", "Effective size (Burt)",
            "How many of its partners bring contacts the others do not: non-redundant reach, a broker's capital.",
            True, lambda g, _k, _s: _effective_size(g)),
)}


def _check(measures: Iterable[str]) -> list[str]:
    chosen = list(measures)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown:
        raise UnknownName("measure", ", ".join(unknown), MEASURES)
    return chosen


def _clean(value: float | int) -> Value:
    """NaN (Burt's measures on an isolated node) becomes None: undefined, not zero."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def compute(graph: nx.Graph[N], measures: Iterable[str] | None = None, *, sample: int | None = None,
            seed: int = SEED) -> dict[N, dict[str, Value]]:
    """Node → {measure: value} for the chosen measures (all when None), in node order."""
    chosen = _check(measures if measures is not None else MEASURES)
    results = {name: MEASURES[name].run(graph, sample, seed) for name in chosen}
    return {node: {name: _clean(results[name].get(node, math.nan)) for name in chosen} for node in graph.nodes}


def table(network: Network, *, measure: str | None = None, theme: str | None = None, scope: str = "agencies",
          statuses: Iterable[str] | str | None = None, year: int | None = None, sample: int | None = None,
          seed: int = SEED) -> tuple[CentralityRow, ...]:
    """The report's rows: one per organisation, sorted by the chosen measure (or strength), then id."""
    return centrality_report(network, measure=measure, theme=theme, scope=scope, statuses=statuses, year=year,
                             sample=sample, seed=seed).rows


def large_graph_notes(nodes: int, measures: Iterable[str], sample: int | None) -> list[str]:
    """What an analyst should know about cost and sampling on a graph of this size."""
    slow = [m for m in measures if MEASURES[m].quadratic]
    if nodes < LARGE or not slow:
        return []
    if sample:
        return [f"{nodes} nodes: betweenness is a seeded estimate from {sample} sampled source nodes (networkx k={sample})."]
    return [f"{nodes} nodes: {', '.join(slow)} grow with nodes × edges and may take minutes; "
            "pass a sample size (--sample / sample=) for a seeded estimate of betweenness."]


def _order(measure: str | None) -> Callable[[tuple[str, dict[str, Value]]], tuple[bool, float, str]]:
    """Rows by the measure, largest first (constraint smallest first: lower is more of a broker); undefined last."""
    key = measure or "strength"
    sign = 1 if key == "constraint" else -1

    def order(item: tuple[str, dict[str, Value]]) -> tuple[bool, float, str]:
        value = item[1][key]
        return (value is None, sign * (value or 0), short_id(item[0]))
    return order


def centrality_report(network: Network, *, measure: str | None = None, theme: str | None = None, scope: str = "agencies",
                      statuses: Iterable[str] | str | None = None, year: int | None = None, sample: int | None = None,
                      seed: int = SEED, agency: str | None = None) -> CentralityReport:
    """Every measure (or the one asked for) per organisation on the filtered graph, with what each means.

    The nine agencies are always rows (with zeros when they have no joint activity under the
    filter). A row carries only the measures asked for: the others are left unset, not null. With
    `agency` (an IRI), only its row (measured on the whole graph).
    """
    measures = _check([measure] if measure is not None else MEASURES)
    theme_id = network.theme(theme).id if theme else None
    graph = network.graph(scope=scope, theme=theme, statuses=statuses, year=year)
    values = compute(graph, measures, sample=sample, seed=seed)
    rows = tuple(
        CentralityRow.model_validate({"id": short_id(node), "iri": node, "label": network.label(node),
                                      "agency": bool(graph.nodes[node].get("agency", node in network.agencies)), **vals})
        for node, vals in sorted(values.items(), key=_order(measure))
        if agency is None or node == agency
    )
    return CentralityReport(
        scope=scope, theme=theme_id, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        measures=tuple(MeasureInfo(name=m, label=MEASURES[m].label, meaning=MEASURES[m].meaning, quadratic=MEASURES[m].quadratic)
                       for m in measures),
        notes=tuple(large_graph_notes(graph.number_of_nodes(), measures, sample)),
        rows=rows,
    )


def centrality_table(store: Store, measure: str | None = None, theme: str | None = None,
                     scope: str = "agencies") -> tuple[CentralityRow, ...]:
    """The rows straight from a store: `table(load_network(store), …)`."""
    return table(load_network(store), measure=measure, theme=theme, scope=scope)
