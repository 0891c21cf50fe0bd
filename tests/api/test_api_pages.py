"""The JSON twins of the analyst pages against the real server on the bundled report: the pair page
agrees with /api/collaborations, the profile with /api/centrality, search finds what the report
says (FTS5, phrase and prefix, 400 on bad syntax), the matrix is /api/collaborations as a grid,
and the search index follows the store's version."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store.embedded import EmbeddedStore
from jhakg.settings import Settings
from ontology import ONTOLOGY_TTL
from tests.conftest import BASE, Server

JHA = "https://w3id.org/jha-kg/ontology#"


def store_quotes(store: EmbeddedStore) -> dict[str, str]:
    """Every passage IRI → its verbatim quote, read straight from the store (the oracle)."""
    return {r["p"].value: r["q"].value for r in store.query(f"SELECT ?p ?q WHERE {{ ?p <{JHA}quote> ?q }}")}


def test_every_pair_count_equals_api_collaborations(live_server: Server, store: EmbeddedStore) -> None:
    quotes = set(store_quotes(store).values())
    rows = httpx.get(f"{live_server.url}/api/collaborations").json()
    assert len(rows) >= 20
    for row in rows:
        pair = httpx.get(f"{live_server.url}/api/collaborations/{row['b']}/{row['a']}").json()  # either order
        assert (pair["a"], pair["b"]) == (row["a"], row["b"])
        assert pair["count"] == row["count"] == len(pair["activities"]), (row["a"], row["b"])
        assert sorted(a["id"] for a in pair["activities"]) == sorted(row["activities"])
        assert sorted(a["id"] for a in pair["planned"]) == sorted(row["planned"])
        assert pair["themes"] == row["themes"]
        for act in pair["activities"] + pair["planned"]:
            assert act["evidence"] and all(e["quote"] in quotes for e in act["evidence"])
            assert set(act["roles"]) == {row["a"], row["b"]}
        assert all(a["status"] in ("done", "ongoing") for a in pair["activities"])
        assert all(a["status"] in ("planned", "proposed") for a in pair["planned"])


def test_pair_themes_split_into_shared_and_one_sided(live_server: Server) -> None:
    pair = httpx.get(f"{live_server.url}/api/collaborations/europol/frontex").json()
    shared = {t["id"] for t in pair["shared_themes"]}
    assert shared and not shared & {t["id"] for t in pair["only_a"]} and not shared & {t["id"] for t in pair["only_b"]}
    # a one-sided cluster really has no joint activity of the pair
    joint = {t["id"] for a in pair["activities"] for t in a["themes"]}
    assert not {t["id"] for t in pair["only_a"] + pair["only_b"]} & joint


def test_pair_of_unknown_organisation_is_404_and_csv_downloads(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/api/collaborations/europol/atlantis")
    assert response.status_code == 404 and "europol" in response.json()["error"]["message"]
    assert httpx.get(f"{live_server.url}/collaborations/europol/atlantis").status_code == 404
    text = httpx.get(f"{live_server.url}/api/collaborations/europol/frontex", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    pair = httpx.get(f"{live_server.url}/api/collaborations/europol/frontex").json()
    assert len(rows) == pair["count"] + len(pair["planned"]) and rows[0]["evidence"]


def test_profile_agrees_with_collaborations_and_centrality(live_server: Server) -> None:
    profile = httpx.get(f"{live_server.url}/api/agencies/frontex/profile").json()
    rows = httpx.get(f"{live_server.url}/api/collaborations", params={"agency": "frontex"}).json()
    expected = {r["b"] if r["a"] == "frontex" else r["a"]: r["count"] for r in rows}
    got = {p["id"]: p["count"] for p in profile["partners"] if p["count"]}
    assert got == expected and len(got) >= 5
    assert [p["count"] for p in profile["partners"]] == sorted((p["count"] for p in profile["partners"]), reverse=True)
    report = httpx.get(f"{live_server.url}/api/centrality").json()
    for m in profile["measures"]:
        values = sorted((r[m["name"]] for r in report["rows"] if r["agency"] and r.get(m["name"]) is not None), reverse=True)
        mine = next(r[m["name"]] for r in report["rows"] if r["id"] == "frontex")
        assert m["value"] == mine and m["rank"] == values.index(mine) + 1 and m["of"] == 9 and m["meaning"]
    grouped = {a["id"] for t in profile["themes"] for s in t["statuses"] for a in s["activities"]}
    assert grouped == {a["id"] for a in profile["activities"]}
    assert profile["counts"]["activities"] == len(httpx.get(f"{live_server.url}/api/activities", params={"agency": "frontex"}).json())
    assert profile["opportunities"] and profile["systems"] and profile["gaps"] is not None


def test_search_finds_every_darknet_sentence_and_ranks(live_server: Server, store: EmbeddedStore) -> None:
    darknet = {p for p, q in store_quotes(store).items() if re.search(r"\bdarknet\b", q, re.I)}
    assert len(darknet) >= 3
    body = httpx.get(f"{live_server.url}/api/search", params={"q": "darknet"}).json()
    assert body["query"] == "darknet" and {h["passage"] for h in body["hits"]} == darknet
    assert [h["rank"] for h in body["hits"]] == sorted(h["rank"] for h in body["hits"])
    assert any(h["activities"] for h in body["hits"]) and all(h["section"] for h in body["hits"])
    phrase = httpx.get(f"{live_server.url}/api/search", params={"q": '"darknet markets"'}).json()["hits"]
    assert phrase and all(re.search(r"darknet\s+markets", h["quote"], re.I) for h in phrase)
    assert len(phrase) < len(body["hits"])
    prefix = httpx.get(f"{live_server.url}/api/search", params={"q": "darkn*"}).json()["hits"]
    assert {h["passage"] for h in prefix} >= darknet


@pytest.mark.parametrize("q", ['"unclosed', "darknet AND", "NEAR(", "(a OR"])
def test_bad_search_syntax_is_400_with_the_reason(live_server: Server, q: str) -> None:
    response = httpx.get(f"{live_server.url}/api/search", params={"q": q})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("bad search query: ")
    page = httpx.get(f"{live_server.url}/search", params={"q": q})
    assert page.status_code == 400 and "bad search query" in page.text


def test_matrix_is_collaborations_as_a_grid(live_server: Server) -> None:
    for params in ({}, {"theme": "migration"}, {"status": "all"}):
        grid = httpx.get(f"{live_server.url}/api/matrix", params=params).json()
        rows = httpx.get(f"{live_server.url}/api/collaborations", params=params).json()
        ids = [a["id"] for a in grid["agencies"]]
        assert len(ids) == 9
        counts = {(r["a"], r["b"]): r["count"] for r in rows}
        for i, x in enumerate(ids):
            for j, y in enumerate(ids):
                assert grid["counts"][i][j] == (None if x == y else counts.get((min(x, y), max(x, y)), 0))
    unknown = httpx.get(f"{live_server.url}/api/matrix", params={"theme": "nope"})
    assert unknown.status_code == 400 and "migration" in unknown.json()["error"]["message"]  # the filter model lists known themes
    assert httpx.get(f"{live_server.url}/api/matrix", params={"status": "maybe"}).status_code == 400
    svg = httpx.get(f"{live_server.url}/api/matrix/chart.svg")
    png = httpx.get(f"{live_server.url}/api/matrix/chart.png")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    lines = httpx.get(f"{live_server.url}/api/matrix", params={"format": "csv"}).text.splitlines()
    assert len(lines) == 10 and lines[0].startswith("agency,")


def test_entity_pages_show_links_both_ways(live_server: Server) -> None:
    theme = httpx.get(f"{live_server.url}/api/entities/theme/migration").json()
    assert theme["label"] and theme["activities"] and len(theme["agencies"]) >= 5
    assert any(r["predicate"]["text"] == "dcterms:subject" for r in theme["incoming"])
    act = theme["activities"][0]["href"].rsplit("/", 1)[-1]
    activity = httpx.get(f"{live_server.url}/api/entities/activity/{act}").json()
    assert activity["evidence"] and activity["participants"]
    page = httpx.get(f"{live_server.url}/id/activity/{act}", headers={"accept": "text/html"})
    assert page.status_code == 200 and "What points at it" in page.text
    ttl = httpx.get(f"{live_server.url}/id/agency/frontex", headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    for kind, slug in (("organisation", "nope"), ("planet", "x")):
        assert httpx.get(f"{live_server.url}/api/entities/{kind}/{slug}").status_code == 404


def test_the_search_index_follows_the_store_version(tmp_path: Path, settings: Settings) -> None:
    """A passage written through SPARQL Update is found by the next search (the index is keyed on the store version)."""
    store = EmbeddedStore(tmp_path / "store", writable=True)
    store.replace([(BASE + "graph/reference", ox.serialize(ox.parse(path=str(ONTOLOGY_TTL)), format=ox.RdfFormat.N_TRIPLES) or b"")])
    app = create_app(settings.model_copy(update={"update_token": "t"}), store=store)
    with TestClient(app) as client:
        assert client.get("/api/search", params={"q": "zeppelin"}).json()["hits"] == []
        insert = (f"INSERT DATA {{ GRAPH <{BASE}graph/x> {{ <{BASE}passage/p1> a <{JHA}Passage> ; "
                  f"<{JHA}quote> \"The zeppelin landed.\" ; <{JHA}sectionPath> \"1 > Air\" }} }}")
        assert client.post("/sparql", data={"update": insert}, headers={"authorization": "Bearer t"}).status_code == 204
        hits = client.get("/api/search", params={"q": "zeppelin"}).json()["hits"]
        assert [(h["passage"], h["section"]) for h in hits] == [(f"{BASE}passage/p1", "1 > Air")]
        assert app.state.cache.computed["search-index"] == 2
