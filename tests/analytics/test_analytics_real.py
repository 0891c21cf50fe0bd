"""Analytics on the graph built from the bundled 2017 report.

These tests hold whatever the extraction finds: nine agencies, values equal to networkx's own on
the same projection (the other tool the numbers are checked against), identical results on every
run, and every gap and recommendation traceable to activities that exist in the store.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.analytics.centrality import MEASURES, centrality_report, centrality_table, compute
from graph.analytics.collaborations import collaboration_pairs
from graph.analytics.communities import communities
from graph.analytics.gaps import AbsentGap, PairGap, StatedGap, gaps, load_opportunities
from graph.analytics.projection import Network, activity_graph, load_network
from graph.analytics.recommend import INDICES, recommend
from graph.store.embedded import EmbeddedStore

AGENCIES = ["cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]


@pytest.fixture(scope="module")
def network(store: EmbeddedStore) -> Network:
    return load_network(store)


def _same(a: float | None, b: float) -> bool:
    return (a is None and math.isnan(b)) or (a is not None and a == pytest.approx(b, rel=1e-9, abs=1e-12))


@pytest.mark.parametrize("scope, theme", [("agencies", None), ("agencies", "migration"), ("all", None), ("all", "security")])
def test_every_measure_equals_networkx_on_the_projection(network: Network, scope: str, theme: str | None) -> None:
    """networkx itself, called here on the same projection, is the reference for every value."""
    g = network.graph(scope=scope, theme=theme)
    reference = {
        "degree": dict(g.degree()),
        "strength": dict(g.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(g, weight="distance"),
        "closeness": nx.closeness_centrality(g, distance="distance"),
        "eigenvector": nx.eigenvector_centrality(g, weight="weight", max_iter=1000, tol=1e-9),
        "pagerank": nx.pagerank(g, weight="weight"),
        "constraint": nx.constraint(g, weight="weight"),
        "effective_size": nx.effective_size(g, nodes=list(g), weight="weight"),
    }
    ours = compute(g)
    for measure, expected in reference.items():
        for node in g:
            assert _same(ours[node][measure], expected[node]), (measure, node, ours[node][measure], expected[node])
    # A second method for eigenvector centrality: the eigenvector itself (ARPACK), to 1e-6.
    largest = g.subgraph(max(nx.connected_components(g), key=len))
    for node, value in nx.eigenvector_centrality_numpy(largest, weight="weight").items():
        assert ours[node]["eigenvector"] == pytest.approx(value, rel=1e-6)


def test_edge_weights_equal_the_bipartite_projection(network: Network) -> None:
    """The collaboration graph and networkx's projection of the organisation–activity graph agree."""
    b = activity_graph(network.participations, scope="all")
    projected = nx.bipartite.weighted_projected_graph(b, [n for n, d in b.nodes(data=True) if d["bipartite"] == 0])
    direct = network.graph(scope="all", include_agencies=False)
    assert {frozenset(e[:2]): e[2]["weight"] for e in projected.edges(data=True)} == {
        frozenset(e[:2]): e[2]["weight"] for e in direct.edges(data=True)}


def test_centrality_table_covers_the_nine_agencies_with_every_measure(store: EmbeddedStore) -> None:
    rows = centrality_table(store)
    assert sorted(r.id for r in rows) == AGENCIES
    for row in rows:
        assert set(MEASURES) <= row.model_fields_set
        assert row.degree is not None and row.strength is not None and row.strength >= row.degree
    assert [r.strength for r in rows] == sorted((r.strength or 0 for r in rows), reverse=True)
    assert sorted(r.id for r in centrality_table(store, measure="pagerank", theme="hotspots")) == AGENCIES


def test_strength_is_the_sum_of_collaboration_counts(network: Network) -> None:
    pairs = collaboration_pairs(network)
    for row in centrality_report(network, measure="strength").rows:
        assert row.strength == sum(p.count for p in pairs if row.id in (p.a, p.b))


def test_theme_graph_includes_its_narrower_themes(network: Network) -> None:
    broad = set(map(frozenset, network.graph(theme="migration", scope="all").edges))
    for narrow in ("hotspots", "people-smuggling", "child-protection"):
        assert set(map(frozenset, network.graph(theme=narrow, scope="all").edges)) <= broad


def test_results_are_identical_across_runs(store: EmbeddedStore) -> None:
    """Two independent loads of the store give the same tables, communities, gaps and ranking."""
    first, second = load_network(store), load_network(store)
    assert centrality_report(first, scope="all") == centrality_report(second, scope="all")
    assert communities(first) == communities(second) and communities(first, scope="all") == communities(second, scope="all")
    assert gaps(first, load_opportunities(store)) == gaps(second, load_opportunities(store))
    assert recommend(first, top=None) == recommend(second, top=None)


def test_every_gap_carries_its_explanation_and_activities(network: Network, store: EmbeddedStore) -> None:
    known = {p.activity for p in network.participations}
    result = gaps(network, load_opportunities(store))
    assert result.stated, "the report states challenges and opportunities"
    found: list[PairGap | AbsentGap | StatedGap] = [*result.pairs, *result.absent, *result.stated]
    for gap in found:
        assert gap.explanation and gap.agencies is not None
        for ref in gap.activities + (gap.planned if not isinstance(gap, StatedGap) else ()):
            assert ref.iri in known and ref.iri.endswith("/" + ref.id)
        if not isinstance(gap, StatedGap):
            assert gap.activities, gap.explanation
    for stated in result.stated:
        assert stated.evidence and all(e.quote for e in stated.evidence)
    linked = [g for g in result.stated if g.activities]
    assert len(linked) >= 0.8 * len(result.stated), "most stated gaps link to the work they bear on"


def test_every_recommendation_carries_its_explanation_and_activities(network: Network) -> None:
    known = {p.activity for p in network.participations}
    recs = recommend(network, top=None)
    assert recs
    for rec in recs:
        assert rec.a < rec.b and rec.a in AGENCIES and rec.b in AGENCIES
        assert set(rec.indices) == set(INDICES) and 0 <= rec.score <= 1
        assert rec.explanation and rec.activities
        assert all(ref.iri in known for ref in rec.activities)
        for partner in rec.shared_partners:
            assert partner.label in rec.explanation or len(rec.shared_partners) > 5
    scores = [r.score for r in recs]
    assert scores == sorted(scores, reverse=True)
    joint = {(p.a, p.b, t) for p in collaboration_pairs(network) for t in p.themes}
    assert all((r.a, r.b, r.theme) not in joint for r in recs), "recommended pairs already cooperate there"
