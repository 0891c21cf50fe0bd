"""Analytics on tiny hand-made graphs: expected values computed by hand (worked out in each docstring).

`tests/data/analytics-tiny.ttl` holds four agencies, one other organisation and seven activities;
its header lists them. It is loaded with the ontology into a real embedded Oxigraph store, so the
named queries, the projection and the analytics run exactly as on the real graph.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.analytics.centrality import compute, large_graph_notes
from graph.analytics.collaborations import collaboration_pairs
from graph.analytics.communities import communities
from graph.analytics.gaps import gaps, load_opportunities, pair_gaps
from graph.analytics.projection import Network, UnknownNameError, activity_graph, load_network, theme_graph
from graph.analytics.recommend import recommend
from graph.store.embedded import EmbeddedStore
from ontology import ONTOLOGY_TTL
from tests.conftest import BASE, DATA

A = BASE + "agency/"
EUROPOL, FRONTEX, EASO, FRA = (A + x for x in ("europol", "frontex", "easo", "fra"))
INTERPOL = BASE + "organisation/interpol"


def _nt(path: Path) -> bytes:
    return ox.serialize(ox.parse(path=str(path)), format=ox.RdfFormat.N_TRIPLES) or b""


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("tiny") / "store", writable=True)
    store.replace([(BASE + "graph/reference", _nt(ONTOLOGY_TTL)), (BASE + "graph/tiny", _nt(DATA / "analytics-tiny.ttl"))])
    return store


@pytest.fixture(scope="module")
def tiny(tiny_store: EmbeddedStore) -> Network:
    return load_network(tiny_store)


def test_projection_counts_done_and_ongoing_joint_activities_only(tiny: Network) -> None:
    """By hand: Europol–Frontex share act1 and act2 (2); Europol–EASO and Frontex–EASO act1 (1);
    Frontex–FRA act6 (1). EASO–FRA's only joint activity (act3) is planned: no edge; act7 has one
    participant: no edge; act4 and act5 involve Interpol, outside the agencies scope."""
    g = tiny.graph()
    weights = {frozenset((u, v)): d["weight"] for u, v, d in g.edges(data=True)}
    assert weights == {frozenset((EUROPOL, FRONTEX)): 2, frozenset((EUROPOL, EASO)): 1,
                       frozenset((FRONTEX, EASO)): 1, frozenset((FRONTEX, FRA)): 1}
    assert g.edges[EUROPOL, FRONTEX]["distance"] == 0.5
    planned = tiny.graph(statuses="planned", include_agencies=False)
    assert list(planned.edges) == [(EASO, FRA)] or list(planned.edges) == [(FRA, EASO)]


def test_theme_filter_includes_narrower_themes(tiny: Network) -> None:
    """By hand: act1 is tagged hotspots (narrower than migration), act6 migration, so "migration"
    selects both; "hotspots" only act1; "security" selects act2 (security) and, in scope all, act4
    (drugs, narrower than security)."""
    assert {frozenset(e) for e in tiny.graph(theme="migration", include_agencies=False).edges} == {
        frozenset((EUROPOL, FRONTEX)), frozenset((EUROPOL, EASO)), frozenset((FRONTEX, EASO)), frozenset((FRONTEX, FRA))}
    assert tiny.graph(theme="hotspots", include_agencies=False).number_of_edges() == 3
    security_all = tiny.graph(theme="security", scope="all", include_agencies=False)
    assert {frozenset(e) for e in security_all.edges} == {frozenset((EUROPOL, FRONTEX)), frozenset((EUROPOL, INTERPOL))}
    assert tiny.graph(type="Training", scope="all", include_agencies=False).number_of_edges() == 2  # act4 webinar, act5 training
    with pytest.raises(UnknownNameError) as err:
        tiny.graph(theme="no-such-theme")
    assert err.value.kind == "theme" and "migration" in str(err.value)


def test_bipartite_projections(tiny: Network) -> None:
    """Projecting the organisation side of the bipartite organisation–activity graph gives back the
    collaboration weights; the organisation–theme graph counts activities per theme as tagged
    (by hand: Europol has act2 and act7 on security, act1 on hotspots, act4 on drugs)."""
    b = activity_graph(tiny.participations, scope="all")
    orgs = [n for n, d in b.nodes(data=True) if d["bipartite"] == 0]
    projected = nx.bipartite.weighted_projected_graph(b, orgs)
    direct = tiny.graph(scope="all", include_agencies=False)
    assert {frozenset(e): d["weight"] for e, d in ((e[:2], e[2]) for e in projected.edges(data=True))} == {
        frozenset(e[:2]): e[2]["weight"] for e in direct.edges(data=True)}
    t = theme_graph(tiny.participations)
    assert t.edges[EUROPOL, BASE + "theme/security"]["weight"] == 2
    assert t.edges[EUROPOL, BASE + "theme/hotspots"]["weight"] == 1
    assert t.edges[EUROPOL, BASE + "theme/drugs"]["weight"] == 1


def test_centrality_on_the_tiny_network_matches_hand_computation(tiny: Network) -> None:
    """By hand, on the agencies graph (distance = 1/weight: Europol–Frontex 0.5, the others 1):
    - degree / strength: Europol 2/3, Frontex 3/4, EASO 2/2, FRA 1/1;
    - betweenness: only Frontex lies on shortest paths (EASO–FRA, Europol–FRA): 2 of 3 pairs → 2/3;
    - closeness = 3 / (sum of distances): Frontex 3/2.5 = 1.2, Europol 3/3 = 1, EASO 3/4, FRA 3/4.5;
    - Burt's constraint Σ_j (p_ij + Σ_q p_iq p_qj)²: FRA (one partner) 1; EASO (½+½·½)² + (½+½·⅔)² =
      0.5625 + 0.69444 = 1.25694; Europol (⅔+⅓·½)² + (⅓+⅔·¼)² = 0.69444 + 0.25 = 0.94444;
    - effective size Σ_j (1 − Σ_q p_iq m_jq): Frontex 0.875 + 0.5 + 1 = 2.375, Europol 5/6 + 1/3 = 7/6."""
    values = compute(tiny.graph())
    assert {n: (v["degree"], v["strength"]) for n, v in values.items()} == {
        EUROPOL: (2, 3), FRONTEX: (3, 4), EASO: (2, 2), FRA: (1, 1)}
    assert values[FRONTEX]["betweenness"] == pytest.approx(2 / 3)
    assert all(values[n]["betweenness"] == 0 for n in (EUROPOL, EASO, FRA))
    assert [values[n]["closeness"] for n in (FRONTEX, EUROPOL, EASO, FRA)] == pytest.approx([1.2, 1.0, 0.75, 3 / 4.5])
    assert values[FRA]["constraint"] == pytest.approx(1.0)
    assert values[EASO]["constraint"] == pytest.approx(0.5625 + 25 / 36)
    assert values[EUROPOL]["constraint"] == pytest.approx(25 / 36 + 0.25)
    assert values[FRONTEX]["effective_size"] == pytest.approx(2.375)
    assert values[EUROPOL]["effective_size"] == pytest.approx(7 / 6)


def test_eigenvector_and_pagerank_on_textbook_graphs() -> None:
    """By hand: on a triangle every eigenvector entry is 1/√3 and PageRank ⅓. On a star with three
    leaves and damping 0.85: PR_c = 0.0375 + 0.85·3·PR_l and PR_l = 0.0375 + 0.85·PR_c/3, so
    PR_c = 0.133125 / 0.2775 = 0.479730 and PR_l = (1 − PR_c)/3 = 0.173423. On a path a–b–c,
    b lies on the one shortest path between a and c: betweenness 1."""
    triangle = nx.Graph([(1, 2), (2, 3), (1, 3)])
    nx.set_edge_attributes(triangle, dict.fromkeys(triangle.edges, 1), "weight")
    nx.set_edge_attributes(triangle, dict.fromkeys(triangle.edges, 1.0), "distance")
    t = compute(triangle, ["eigenvector", "pagerank"])
    assert [t[n]["eigenvector"] for n in triangle] == pytest.approx([1 / math.sqrt(3)] * 3)
    assert [t[n]["pagerank"] for n in triangle] == pytest.approx([1 / 3] * 3)
    star = nx.star_graph(3)
    nx.set_edge_attributes(star, dict.fromkeys(star.edges, 1), "weight")
    s = compute(star, ["pagerank", "constraint", "effective_size"])
    assert s[0]["pagerank"] == pytest.approx(0.133125 / 0.2775, abs=1e-6)
    assert s[1]["pagerank"] == pytest.approx((1 - 0.133125 / 0.2775) / 3, abs=1e-6)
    assert s[0]["constraint"] == pytest.approx(1 / 3)  # three partners, ⅓ each, none linked: 3·(⅓)²
    assert s[0]["effective_size"] == pytest.approx(3)
    path = nx.path_graph(["a", "b", "c"])
    nx.set_edge_attributes(path, dict.fromkeys(path.edges, 1.0), "distance")
    assert compute(path, ["betweenness"])["b"]["betweenness"] == 1.0


def test_isolated_agency_gets_undefined_brokerage_not_zero(tiny: Network) -> None:
    """On "security" only Europol and Frontex work together; EASO and FRA are isolated nodes:
    degree 0, and Burt's measures undefined (None), as networkx returns NaN."""
    values = compute(tiny.graph(theme="security"))
    assert values[EASO]["degree"] == 0 and values[EASO]["constraint"] is None and values[EASO]["effective_size"] is None


def test_scope_all_betweenness_matches_hand_computation(tiny: Network) -> None:
    """By hand, scope all adds Interpol (act4 with Europol, act5 with FRA). Shortest paths
    (distance 1/weight): Frontex lies on Europol–FRA (via Frontex, 1.5 < Europol–Interpol–FRA 2) and
    EASO–FRA; Europol on EASO–Interpol and Frontex–Interpol; 5 nodes → 6 pairs per normalisation:
    each 2/6."""
    values = compute(tiny.graph(scope="all"), ["betweenness"])
    assert values[FRONTEX]["betweenness"] == pytest.approx(1 / 3)
    assert values[EUROPOL]["betweenness"] == pytest.approx(1 / 3)
    assert values[INTERPOL]["betweenness"] == 0


def test_sampled_betweenness_is_seeded_and_large_graphs_say_so() -> None:
    """Sampling uses networkx's own k= estimator with a fixed seed, so two runs agree."""
    g = nx.barabasi_albert_graph(300, 3, seed=7)
    nx.set_edge_attributes(g, dict.fromkeys(g.edges, 1.0), "distance")
    first = compute(g, ["betweenness"], sample=30)
    assert first == compute(g, ["betweenness"], sample=30)
    expected = nx.betweenness_centrality(g, k=30, seed=42, weight="distance")
    assert {n: v["betweenness"] for n, v in first.items()} == expected
    assert "sample" in large_graph_notes(10_000, ["betweenness"], None)[0]
    assert "estimate" in large_graph_notes(10_000, ["betweenness"], 100)[0]
    assert large_graph_notes(10_000, ["degree"], None) == [] and large_graph_notes(9, ["betweenness"], None) == []


def test_collaboration_pairs_keep_planned_work_apart(tiny: Network) -> None:
    rows = collaboration_pairs(tiny)
    assert rows[0].model_dump() == {"a": "europol", "b": "frontex", "count": 2, "themes": ("hotspots", "security"),
                                    "activities": ("act1", "act2"), "planned": ()}
    assert not any({r.a, r.b} == {"easo", "fra"} for r in rows)
    planned = collaboration_pairs(tiny, status="planned,proposed")
    assert [p.model_dump(mode="json") for p in planned] == [
        {"a": "easo", "b": "fra", "count": 1, "themes": ["migration"], "activities": ["act3"], "planned": ["act3"]}]
    assert [(r.a, r.b) for r in collaboration_pairs(tiny, agency="fra")] == [("fra", "frontex")]


def test_gaps_on_the_tiny_network(tiny: Network, tiny_store: EmbeddedStore) -> None:
    """By hand: overall, EASO–FRA (act3 planned only) and Europol–FRA never worked together; on
    migration the same two pairs (all four are active there); absent: FRA from hotspots, EASO and
    FRA from security, EASO, Frontex and FRA from drugs; stated: opp1, whose two agencies have no
    joint done work, so it links their own migration work (act1, act5, act6)."""
    result = gaps(tiny, load_opportunities(tiny_store))
    overall = [g for g in result.pairs if g.theme is None]
    assert [g.agencies for g in overall] == [("easo", "fra"), ("europol", "fra")]
    assert [a.id for a in overall[0].planned] == ["act3"] and "planned" in overall[0].explanation
    assert [(g.theme, g.agencies) for g in result.pairs if g.theme] == [
        ("migration", ("easo", "fra")), ("migration", ("europol", "fra"))]
    assert sorted((g.theme, g.agencies[0]) for g in result.absent) == [
        ("drugs", "easo"), ("drugs", "fra"), ("drugs", "frontex"), ("hotspots", "fra"), ("security", "easo"), ("security", "fra")]
    (stated,) = result.stated
    assert stated.agencies == ("easo", "fra")
    assert [a.id for a in stated.activities] == ["act1", "act5", "act6"]
    assert [e.model_dump() for e in stated.evidence] == [
        {"section": "1 > Challenges", "quote": "EASO and FRA could work together more on migration."}]
    assert gaps(tiny, load_opportunities(tiny_store), theme="security").pairs == ()
    assert pair_gaps(tiny) == result.pairs and pair_gaps(tiny, theme="migration") == result.pairs[len(overall):]


def test_recommendations_on_the_tiny_network(tiny: Network) -> None:
    """By hand, on migration (scope all): EASO–FRA and Europol–FRA both share one partner, Frontex
    (3 partners there): Adamic–Adar 1/ln 3 = 0.910239, resource allocation ⅓, Jaccard over partners
    ⅓ ({Frontex} of {Europol or EASO, Frontex, Interpol}); themes as tagged share nothing (0);
    both sides work with EURODAC (instruments 1). Each index scaled by its maximum: (1+1+1+0+1)/5 = 0.8;
    the tie is broken by ids."""
    recs = recommend(tiny)
    assert [(r.rank, r.a, r.b, r.theme) for r in recs] == [(1, "easo", "fra", "migration"), (2, "europol", "fra", "migration")]
    first = recs[0]
    assert first.score == pytest.approx(0.8)
    assert first.indices == pytest.approx({"adamic_adar": 1 / math.log(3), "resource_allocation": 1 / 3,
                                           "jaccard_partners": 1 / 3, "jaccard_themes": 0.0, "jaccard_instruments": 1.0})
    assert [p.id for p in first.shared_partners] == ["frontex"]
    assert [a.id for a in first.activities] == ["act1", "act6"]
    assert [a.id for a in first.planned] == ["act3"]
    assert "Frontex" in first.explanation and "planned" in first.explanation
    assert recommend(tiny, top=1) == recs[:1]


def test_communities_beside_the_report_clusters(tiny: Network) -> None:
    """By hand: migration cluster = agencies with done work on migration or hotspots (all four);
    security cluster = Europol and Frontex (act2, act4 on drugs, act7); both = Europol, Frontex.
    Leaning: Europol has 1 migration and 3 security activities, Frontex 2 and 1, EASO 1 and 0, FRA 2 and 0."""
    result = communities(tiny)
    assert result.clusters == {"migration": ("easo", "europol", "fra", "frontex"), "security": ("europol", "frontex")}
    assert result.bridges == ("europol", "frontex")
    assert result.cluster_activities["europol"] == {"migration": 1, "security": 3}
    assert result.leaning == {"migration": ("easo", "fra", "frontex"), "security": ("europol",)}  # Frontex 2 vs 1
    assert sorted(m for c in result.communities for m in c.members) == ["easo", "europol", "fra", "frontex"]
    assert result == communities(tiny)


def test_effective_size_equals_networkx_per_node_path_on_a_weighted_graph() -> None:
    """Checked against networkx's per-node effective size (Burt's formula as documented); networkx
    3.6's all-nodes shortcut disagrees on weighted graphs (networkx PR #8906), ours must not."""
    import random

    g = nx.barabasi_albert_graph(150, 3, seed=3)
    rng = random.Random(3)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.randint(1, 6)
    g.add_node("alone")
    ours = compute(g, ["effective_size"])
    reference = nx.effective_size(g, nodes=list(g), weight="weight")
    assert ours["alone"]["effective_size"] is None and math.isnan(reference["alone"])
    assert all(ours[n]["effective_size"] == pytest.approx(reference[n], abs=1e-9) for n in g if n != "alone")
