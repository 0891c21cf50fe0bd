"""Who carries the network and who bridges it: centrality and brokerage on the collaboration graph.

Every measure is networkx's own, run on the projection of `graph.projection` (weight = joint
activities, distance = 1/weight), and each comes with one sentence that says what it means for an
analyst. `centrality_table(store, measure=None, theme=None, scope="agencies")` is the stable entry
point used by the CLI, the API and the explorer (node sizes).

Betweenness and closeness run shortest paths from every node (O(n·m)); constraint and effective
size look at every pair of a node's neighbours. On large graphs (`LARGE` nodes and more) say so and
pass `sample=k` for a seeded estimate of betweenness from k source nodes.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 1, "distance": 1.0}), ("b", "c", {"weight": 1, "distance": 1.0})])
>>> compute(g, ["degree", "betweenness"])["b"]
{'degree': 2, 'betweenness': 1.0}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from graph.analytics.projection import Network, load_network, short_id
from graph.store.base import Store
from jhakg.errors import UnknownName

__all__ = ["LARGE", "MEASURES", "Measure", "centrality_report", "centrality_table", "compute", "measure_names", "table"]

LARGE = 1_000  # nodes from which quadratic measures are flagged (exact betweenness took 80 s at 1,400 nodes here)
SEED = 42


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    meaning: str  # one sentence for an analyst
    quadratic: bool  # cost grows with (nodes × edges) or worse
    run: Callable[[nx.Graph, int | None, int], dict[str, float]]


def _eigenvector(g: nx.Graph, _k: int | None, _seed: int) -> dict[str, float]:
    if g.number_of_edges() == 0:
        return dict.fromkeys(g, 0.0)
    return nx.eigenvector_centrality(g, weight="weight", max_iter=1000, tol=1e-9)


def _effective_size(g: nx.Graph) -> dict[str, float]:
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


def _betweenness(g: nx.Graph, k: int | None, seed: int) -> dict[str, float]:
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


def measure_names() -> list[str]:
    return list(MEASURES)


def _check(measures: Iterable[str]) -> list[str]:
    chosen = list(measures)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown:
        raise UnknownName("measure", ", ".join(unknown), MEASURES)
    return chosen


def _clean(value: float | int) -> float | int | None:
    """NaN (Burt's measures on an isolated node) becomes None: undefined, not zero."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def compute(graph: nx.Graph, measures: Iterable[str] | None = None, *, sample: int | None = None,
            seed: int = SEED) -> dict[str, dict[str, float | int | None]]:
    """Node → {measure: value} for the chosen measures (all when None), in node order."""
    chosen = _check(measures if measures is not None else MEASURES)
    results = {name: MEASURES[name].run(graph, sample, seed) for name in chosen}
    return {node: {name: _clean(results[name].get(node, math.nan)) for name in chosen} for node in graph.nodes}


def table(network: Network, *, measure: str | None = None, theme: str | None = None, scope: str = "agencies",
          statuses: Iterable[str] | str | None = None, year: int | None = None, sample: int | None = None,
          seed: int = SEED) -> list[dict[str, object]]:
    """Rows {id, iri, label, agency, <measure>: value, …} sorted by the chosen measure (or strength), then id."""
    return centrality_report(network, measure=measure, theme=theme, scope=scope, statuses=statuses, year=year,
                             sample=sample, seed=seed)["rows"]  # type: ignore[return-value]


def large_graph_notes(nodes: int, measures: Iterable[str], sample: int | None) -> list[str]:
    """What an analyst should know about cost and sampling on a graph of this size."""
    slow = [m for m in measures if MEASURES[m].quadratic]
    if nodes < LARGE or not slow:
        return []
    if sample:
        return [f"{nodes} nodes: betweenness is a seeded estimate from {sample} sampled source nodes (networkx k={sample})."]
    return [f"{nodes} nodes: {', '.join(slow)} grow with nodes × edges and may take minutes; "
            "pass a sample size (--sample / sample=) for a seeded estimate of betweenness."]


def centrality_report(network: Network, *, measure: str | None = None, theme: str | None = None, scope: str = "agencies",
                      statuses: Iterable[str] | str | None = None, year: int | None = None, sample: int | None = None,
                      seed: int = SEED, agency: str | None = None) -> dict[str, object]:
    """The table with its context: `{"scope", "theme", "nodes", "edges", "measures": [{name, label,
    meaning, quadratic}], "notes": [...], "rows": [...]}`; with `agency` (an IRI), only its row
    (measured on the whole graph)."""
    measures = _check([measure] if measure is not None else MEASURES)
    theme_id = network.theme(theme).id if theme else None
    graph = network.graph(scope=scope, theme=theme, statuses=statuses, year=year)
    values = compute(graph, measures, sample=sample, seed=seed)
    rows: list[dict[str, object]] = []
    for node, vals in values.items():
        if agency is not None and node != agency:
            continue
        rows.append({"id": short_id(node), "iri": node, "label": network.label(node),
                     "agency": bool(graph.nodes[node].get("agency", node in network.agencies)), **vals})
    key = measure or "strength"
    rows.sort(key=lambda r: (r[key] is None, -(r[key] or 0) if key != "constraint" else (r[key] or 0), r["id"]))
    return {
        "scope": scope, "theme": theme_id, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
        "measures": [{"name": m, "label": MEASURES[m].label, "meaning": MEASURES[m].meaning, "quadratic": MEASURES[m].quadratic}
                     for m in measures],
        "notes": large_graph_notes(graph.number_of_nodes(), measures, sample),
        "rows": rows,
    }


def centrality_table(store: Store, measure: str | None = None, theme: str | None = None,
                     scope: str = "agencies") -> list[dict[str, object]]:
    """The stable entry point: one row per organisation with every measure (or the one asked for).

    Rows: `{"id", "iri", "label", "agency", "degree", "strength", "betweenness", "closeness",
    "eigenvector", "pagerank", "constraint", "effective_size"}`; the nine agencies are always there
    (with zeros when they have no joint activity under the theme). Sorted by `measure` when given
    (constraint ascending: lower is more of a broker), else by strength.
    """
    return table(load_network(store), measure=measure, theme=theme, scope=scope)
