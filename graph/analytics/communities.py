"""Which agencies form working groups: modularity communities beside the report's own clusters.

Communities are found with the Louvain method (networkx `louvain_communities`, weight = joint
activities) under a fixed seed, so the same graph always gives the same groups. The report
organises its work in thematic clusters; its theme scheme's top concepts `migration` and
`security` are the two the report names, and an agency belongs to a cluster when it took part in
done or ongoing work on that theme or a narrower one. Setting both side by side shows whether the
agencies actually work in the groups the report's structure suggests, and who sits in both
clusters (a bridge between migration and security work).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.analytics.projection import HAPPENED, Network, short_id

__all__ = ["REPORT_CLUSTERS", "communities", "report_clusters"]

REPORT_CLUSTERS = ("migration", "security")
SEED = 42


def report_clusters(network: Network, clusters: Iterable[str] = REPORT_CLUSTERS) -> dict[str, list[str]]:
    """Cluster theme id → sorted agency IRIs active (done/ongoing) on it or a narrower theme."""
    out: dict[str, list[str]] = {}
    for theme in clusters:
        wanted = network.narrower(theme)
        out[theme] = sorted({p.org for p in network.participations
                             if p.is_agency and p.status in HAPPENED and wanted.intersection(p.themes)})
    return out


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def communities(network: Network, *, theme: str | None = None, scope: str = "agencies", seed: int = SEED,
                resolution: float = 1.0, statuses: Iterable[str] | str | None = None, agency: str | None = None) -> dict[str, object]:
    """Seeded Louvain communities, their modularity, and their overlap with the report's clusters.

    Returns `{"modularity", "seed", "communities": [{"members": [ids], "overlap": {cluster: jaccard},
    "leaning_overlap": {cluster: jaccard}}], "clusters": {cluster: [ids]}, "bridges": [ids in both
    clusters], "leaning": {cluster: [ids]}, "cluster_activities": {agency id: {cluster: done/ongoing
    activities on it}}}`. An agency *leans* to the cluster where it has most done or ongoing
    activities (both on a tie); when every agency works a little in both clusters, the leaning is
    what tells the report's two groups apart. Communities are listed
    largest first, members by id, so the output is stable across runs. `statuses` are the ones
    counted as cooperation (done and ongoing by default); with `agency` (an IRI), only its community.
    """
    graph = network.graph(scope=scope, theme=theme, statuses=statuses)
    found: list[set[str]] = []
    if graph.number_of_edges():
        found = [set(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=seed, resolution=resolution)]
    else:
        found = [{n} for n in graph.nodes]
    modularity = nx.community.modularity(graph, found, weight="weight") if graph.number_of_edges() else 0.0
    clusters = report_clusters(network)
    counts = {a: {name: len(network.activities_of(a, theme=name)) for name in clusters} for a in network.agencies}
    leaning = {name: {a for a, c in counts.items() if c[name] and c[name] == max(c.values())} for name in clusters}
    listed = sorted(found, key=lambda c: (-len(c), sorted(c)))
    rows = []
    for members in listed:
        if agency is not None and agency not in members:
            continue
        rows.append({
            "members": sorted(short_id(m) for m in members),
            "labels": sorted(network.label(m) for m in members),
            "overlap": {name: round(_jaccard(members, set(iris)), 6) for name, iris in clusters.items()},
            "leaning_overlap": {name: round(_jaccard(members, iris), 6) for name, iris in leaning.items()},
        })
    both = set.intersection(*(set(v) for v in clusters.values())) if clusters else set()
    return {
        "modularity": round(modularity, 6), "seed": seed, "communities": rows,
        "clusters": {name: [short_id(i) for i in iris] for name, iris in clusters.items()},
        "bridges": sorted(short_id(i) for i in both),
        "leaning": {name: sorted(short_id(i) for i in iris) for name, iris in leaning.items()},
        "cluster_activities": {short_id(a): c for a, c in counts.items()},
    }
