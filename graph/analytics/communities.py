"""Which agencies form working groups: modularity communities beside the report's own clusters.

Communities are found with the Louvain method (networkx `louvain_communities`, weight = joint
activities) under a fixed seed, so the same graph always gives the same groups. The report
organises its work in thematic clusters; its theme scheme's top concepts `migration` and
`security` are the two the report names, and an agency belongs to a cluster when it took part in
done or ongoing work on that theme or a narrower one. Setting both side by side shows whether the
agencies actually work in the groups the report's structure suggests, and who sits in both
clusters (a bridge between migration and security work).

Two pairs that work only among themselves are two communities:

>>> from graph.analytics.projection import Collaboration, Network
>>> def joint(x: str, y: str, act: str) -> Collaboration:
...     return Collaboration(f"ag/{x}", f"ag/{y}", f"act/{act}", "done", "Meeting", 2017, (), True, True)
>>> net = Network([joint("a", "b", "1"), joint("c", "d", "2")], [], {}, {}, {}, ["ag/a", "ag/b", "ag/c", "ag/d"])
>>> found = communities(net, clusters=())
>>> [c.members for c in found.communities], found.modularity
([('a', 'b'), ('c', 'd')], 0.5)
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from pydantic import ConfigDict, Field

from graph.analytics.projection import HAPPENED, Network, short_id
from graph.analytics.result import Result

__all__ = ["REPORT_CLUSTERS", "CommunitiesReport", "Community", "communities", "report_clusters"]

REPORT_CLUSTERS = ("migration", "security")
SEED = 42


class Community(Result):
    members: tuple[str, ...]
    labels: tuple[str, ...]
    overlap: dict[str, float] = Field(description="Jaccard overlap with each of the report's clusters.")
    leaning_overlap: dict[str, float] = Field(description="Jaccard overlap with the agencies leaning to each cluster.")


class CommunitiesReport(Result):
    modularity: float
    seed: int
    communities: tuple[Community, ...]
    clusters: dict[str, tuple[str, ...]] = Field(description="The report's clusters: agencies with done or ongoing work on the theme.")
    bridges: tuple[str, ...] = Field(description="Agencies in both clusters.")
    leaning: dict[str, tuple[str, ...]] = Field(
        description="Agencies by the cluster where they have most done or ongoing activities.")
    cluster_activities: dict[str, dict[str, int]]

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "modularity": 0.12, "seed": 42,
        "communities": [{"members": ["easo", "frontex"], "labels": ["EASO", "Frontex"], "overlap": {"migration": 0.22, "security": 0.2},
                         "leaning_overlap": {"migration": 1.0, "security": 0.0}}],
        "clusters": {"migration": ["easo", "frontex"], "security": ["europol"]}, "bridges": [],
        "leaning": {"migration": ["easo", "frontex"], "security": ["europol"]},
        "cluster_activities": {"frontex": {"migration": 30, "security": 23}}}]})


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
                resolution: float = 1.0, clusters: Iterable[str] = REPORT_CLUSTERS, statuses: Iterable[str] | str | None = None,
                agency: str | None = None) -> CommunitiesReport:
    """Seeded Louvain communities, their modularity, and their overlap with the report's clusters.

    An agency *leans* to the cluster where it has most done or ongoing activities (both on a
    tie); when every agency works a little in both clusters, the leaning is what tells the
    report's two groups apart. Communities are listed largest first, members by id, so the output
    is stable across runs. `statuses` are the ones counted as cooperation (done and ongoing by
    default); with `agency` (an IRI), only its community.
    """
    graph = network.graph(scope=scope, theme=theme, statuses=statuses)
    found: list[set[str]] = []
    if graph.number_of_edges():
        found = [set(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=seed, resolution=resolution)]
    else:
        found = [{n} for n in graph.nodes]
    modularity = nx.community.modularity(graph, found, weight="weight") if graph.number_of_edges() else 0.0
    by_cluster = report_clusters(network, clusters)
    counts = {a: {name: len(network.activities_of(a, theme=name)) for name in by_cluster} for a in network.agencies}
    leaning = {name: {a for a, c in counts.items() if c[name] and c[name] == max(c.values())} for name in by_cluster}
    listed = sorted(found, key=lambda c: (-len(c), sorted(c)))
    rows = tuple(
        Community(
            members=tuple(sorted(short_id(m) for m in members)),
            labels=tuple(sorted(network.label(m) for m in members)),
            overlap={name: round(_jaccard(members, set(iris)), 6) for name, iris in by_cluster.items()},
            leaning_overlap={name: round(_jaccard(members, iris), 6) for name, iris in leaning.items()},
        )
        for members in listed
        if agency is None or agency in members
    )
    both = set.intersection(*(set(v) for v in by_cluster.values())) if by_cluster else set()
    return CommunitiesReport(
        modularity=round(modularity, 6), seed=seed, communities=rows,
        clusters={name: tuple(short_id(i) for i in iris) for name, iris in by_cluster.items()},
        bridges=tuple(sorted(short_id(i) for i in both)),
        leaning={name: tuple(sorted(short_id(i) for i in iris)) for name, iris in leaning.items()},
        cluster_activities={short_id(a): c for a, c in counts.items()},
    )
