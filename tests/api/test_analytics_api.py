"""The analytics routes over HTTP, against the real server on loopback (`live_server`)."""

from __future__ import annotations

import httpx
import pytest

from tests.analytics.test_analytics_real import AGENCIES
from tests.conftest import Server

MEASURES = ["degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "constraint", "effective_size"]


def get(server: Server, path: str, **params: object) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=60)


def test_centrality_covers_the_nine_agencies_with_every_measure(live_server: Server) -> None:
    response = get(live_server, "/api/centrality")
    assert response.status_code == 200
    body = response.json()
    assert [m["name"] for m in body["measures"]] == MEASURES
    assert all(m["meaning"].endswith(".") for m in body["measures"])
    assert sorted(r["id"] for r in body["rows"]) == AGENCIES
    for row in body["rows"]:
        assert all(row[m] is not None for m in MEASURES), row
    one = get(live_server, "/api/centrality", measure="pagerank", theme="migration").json()
    assert one["theme"] == "migration" and [m["name"] for m in one["measures"]] == ["pagerank"]
    assert all(set(r) == {"id", "iri", "label", "agency", "pagerank"} for r in one["rows"])


def test_strength_equals_the_sum_of_collaboration_counts(live_server: Server) -> None:
    for params in ({}, {"theme": "security"}, {"theme": "migration"}):
        rows = get(live_server, "/api/centrality", measure="strength", **params).json()["rows"]
        pairs = get(live_server, "/api/collaborations", **params).json()
        assert pairs, params
        for row in rows:
            assert row["strength"] == sum(p["count"] for p in pairs if row["id"] in (p["a"], p["b"])), (params, row["id"])


def test_collaborations_are_one_row_per_pair_with_activities(live_server: Server) -> None:
    pairs = get(live_server, "/api/collaborations").json()
    assert len({(p["a"], p["b"]) for p in pairs}) == len(pairs)
    for pair in pairs:
        assert pair["a"] < pair["b"] and pair["count"] == len(pair["activities"]) > 0
        assert not set(pair["activities"]) & set(pair["planned"]), "planned work is never counted by default"
    frontex = get(live_server, "/api/collaborations", agency="frontex").json()
    assert frontex and all("frontex" in (p["a"], p["b"]) for p in frontex)
    assert len(get(live_server, "/api/collaborations", scope="all").json()) > len(pairs)
    planned = get(live_server, "/api/collaborations", status="planned,proposed").json()
    assert all(set(p["activities"]) <= set(p["planned"]) for p in planned)


def test_gaps_and_recommendations_carry_explanations_and_activity_links(live_server: Server) -> None:
    body = get(live_server, "/api/gaps").json()
    assert set(body) == {"pairs", "absent", "stated"}
    for gap in body["pairs"] + body["absent"]:
        assert gap["explanation"] and gap["activities"]
        assert all(a["iri"].endswith("/activity/" + a["id"]) for a in gap["activities"])
    assert all(g["evidence"][0]["quote"] for g in body["stated"])
    themed = get(live_server, "/api/gaps", theme="drugs").json()
    assert all(g["theme"] == "drugs" for g in themed["pairs"] + themed["absent"])
    recs = get(live_server, "/api/recommendations", top=5).json()
    assert [r["rank"] for r in recs] == [1, 2, 3, 4, 5]
    assert all(r["explanation"] and r["activities"] for r in recs)


def test_communities_sit_beside_the_report_clusters(live_server: Server) -> None:
    body = get(live_server, "/api/communities").json()
    assert set(body["clusters"]) == {"migration", "security"}
    assert sorted(m for c in body["communities"] for m in c["members"]) == AGENCIES
    assert body == get(live_server, "/api/communities").json()


def test_chart_is_an_svg_or_png_of_the_measure(live_server: Server) -> None:
    svg = get(live_server, "/api/centrality/chart.svg", measure="betweenness")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content and b"Europol" in svg.content
    png = get(live_server, "/api/centrality/chart.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("path, params, status", [  # every unknown name is a 400 (tests/api/test_filters_api.py has them all)
    ("/api/centrality", {"measure": "fame"}, 400),
    ("/api/centrality", {"scope": "everyone"}, 400),
    ("/api/centrality", {"theme": "weather"}, 400),
    ("/api/centrality/chart.svg", {"measure": "fame"}, 400),
    ("/api/gaps", {"theme": "weather"}, 400),
    ("/api/recommendations", {"theme": "weather"}, 400),
    ("/api/collaborations", {"agency": "nasa"}, 400),
    ("/api/collaborations", {"status": "imagined"}, 400),
])
def test_unknown_names_use_the_error_shape(live_server: Server, path: str, params: dict[str, str], status: int) -> None:
    response = get(live_server, path, **params)
    assert response.status_code == status
    body = response.json()
    assert body["error"]["status"] == status
    assert next(iter(params.values())) in body["error"]["message"]


def test_openapi_documents_the_routes_with_examples(live_server: Server) -> None:
    spec = get(live_server, "/openapi.json").json()
    for path in ("/api/centrality", "/api/gaps", "/api/recommendations", "/api/collaborations", "/api/communities",
                 "/api/centrality/chart.svg"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    for model in ("CentralityReport", "Gaps", "Recommendation", "CollaborationPair", "CommunitiesReport"):
        assert schemas[model].get("examples"), model
