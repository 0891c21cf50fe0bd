"""The explorer's data and JSON panels: what the browser pages are built from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analytics.gaps import pair_gaps
from graph.analytics.projection import load_network
from graph.store.embedded import EmbeddedStore
from graph.views.network_view import explorer_payload
from graph.views.view_data import entity_evidence, load_view_data
from jhakg.settings import Settings
from ontology import ONTOLOGY_TTL
from tests.conftest import BASE, DATA, Server


def _nt(path: Path) -> bytes:
    return ox.serialize(ox.parse(path=str(path)), format=ox.RdfFormat.N_TRIPLES) or b""


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The hand-made network of tests/data/analytics-tiny.ttl (its header lists who did what)."""
    store = EmbeddedStore(tmp_path_factory.mktemp("tiny") / "store", writable=True)
    store.replace([(BASE + "graph/reference", _nt(ONTOLOGY_TTL)), (BASE + "graph/tiny", _nt(DATA / "analytics-tiny.ttl"))])
    return store


def gap_edges(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in payload["edges"] if e["layer"] == "gaps"]


def test_gap_edges_are_the_pair_gaps_with_their_theme_and_explanation(tiny_store: EmbeddedStore) -> None:
    """By hand (see test_gaps_on_the_tiny_network): EASO–FRA and Europol–FRA are gaps overall and on
    migration; EASO–FRA's only joint activity, act3, is planned, so its edges say so."""
    network = load_network(tiny_store)
    payload = explorer_payload(load_view_data(tiny_store), network.collaborations, BASE, gaps=pair_gaps(network))
    agency = f"{BASE}agency/"
    drawn = [(e["from"], e["to"], e["theme"], e["gap"]) for e in gap_edges(payload)]
    assert drawn == [(agency + "easo", agency + "fra", None, "planned"), (agency + "europol", agency + "fra", None, "missing"),
                     (agency + "easo", agency + "fra", "migration", "planned"),
                     (agency + "europol", agency + "fra", "migration", "missing")]
    assert [e["explanation"] for e in gap_edges(payload)] == [g.explanation for g in pair_gaps(network)]
    assert all(e["title"] == e["explanation"] and e["dashes"] and e["hidden"] for e in gap_edges(payload))
    assert payload["gaps"] == 4 and {"missing", "planned"} == set(payload["gapColours"])
    assert {"id": "migration", "iri": f"{BASE}theme/migration", "label": "Migration"} in [
        {k: t[k] for k in ("id", "iri", "label")} for t in payload["themes"]]


def test_the_explorer_draws_exactly_the_api_gaps_for_each_theme(store: EmbeddedStore, settings: Settings) -> None:
    """The page shows the gap edges of the theme it is filtered on (the overall ones without a
    theme): for every theme, the same pairs with the same explanations as /api/gaps?theme=…"""
    with TestClient(create_app(settings, store=store)) as client:
        page = client.get("/explore")
        assert page.status_code == 200
        embedded = re.search(r'<script id="explorer-data" type="application/json">(.*?)</script>', page.text, re.S)
        assert embedded is not None
        payload = json.loads(embedded[1])
        edges = gap_edges(payload)

        def drawn(theme: str | None) -> list[tuple[set[str], str]]:
            return [({e["from"].rsplit("/", 1)[1], e["to"].rsplit("/", 1)[1]}, e["explanation"]) for e in edges if e["theme"] == theme]

        def listed(pairs: list[dict[str, Any]]) -> list[tuple[set[str], str]]:
            return [(set(g["agencies"]), g["explanation"]) for g in pairs]

        every = client.get("/api/gaps").json()["pairs"]
        assert len(edges) == len(every) > 0
        assert drawn(None) == listed([g for g in every if "theme" not in g])
        themes = [t["id"] for t in payload["themes"]]
        assert {g["theme"] for g in every if "theme" in g} <= set(themes)
        for theme in themes:
            assert drawn(theme) == listed(client.get("/api/gaps", params={"theme": theme}).json()["pairs"]), theme


def test_large_views_keep_the_best_connected_and_say_so(store: EmbeddedStore) -> None:
    from graph.analytics.projection import collaboration_rows

    data, rows = load_view_data(store), collaboration_rows(store)
    whole = explorer_payload(data, rows, BASE)
    assert whole["note"] is None
    small = explorer_payload(data, rows, BASE, max_nodes=15)
    organisations = [n for n in small["nodes"] if n["layer"] == "organisation"]
    assert len(organisations) == 15
    assert sum(n["agency"] for n in organisations) == 9
    assert small["note"].startswith("Showing the 15 best connected of ")
    assert all(n.get("x") is not None and n["physics"] is False for n in organisations)


def test_edge_panel_sparql_link_reproduces_its_evidence(live_server: Server) -> None:
    panel = httpx.get(f"{live_server.url}/explore/edge", params={"a": f"{BASE}agency/frontex", "b": f"{BASE}agency/europol"}).json()
    assert panel["evidence"] and all(e["quote"] for e in panel["evidence"])
    results = httpx.get(live_server.url + panel["sparql"]["results"]).json()
    assert {b["activity"]["value"] for b in results["results"]["bindings"]} == {e["activity"] for e in panel["evidence"]}


def test_unknown_agency_and_bad_iri_are_errors_that_say_why(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/explore/agency/nowhere")
    assert response.status_code == 404
    assert "known agencies: cepol, easo" in response.json()["error"]["message"]
    response = httpx.get(f"{live_server.url}/explore/node", params={"iri": "not an iri"})
    assert response.status_code == 400 and "IRI" in response.json()["error"]["message"]


def test_sparql_in_a_browser_is_the_editor_with_named_queries(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script src="/assets/yasgui/yasgui.min.js">' in response.text
    for name in ("agencies", "collaborations", "view_pair_activities"):
        assert f'data-name="{name}"' in response.text
    assert httpx.get(f"{live_server.url}/assets/yasgui/yasgui.min.js").status_code == 200


def test_activity_nodes_carry_no_iri_as_label(store: EmbeddedStore) -> None:
    from graph.analytics.projection import collaboration_rows

    payload = explorer_payload(load_view_data(store), collaboration_rows(store), BASE)
    activities = [n for n in payload["nodes"] if n["layer"] == "activity"]
    assert activities and all(not n["label"].strip() for n in activities)


def test_entity_evidence_shows_the_clause_its_sentence_and_inferences(store: EmbeddedStore) -> None:
    items = entity_evidence(store, f"{BASE}agency/eurojust", BASE)
    assert all(item["quote"] in item["sentence"] for item in items)
    assert any(item["quote"] != item["sentence"] for item in items)  # a clause of a longer sentence
    inferred = [item for item in items if item["inferred_from"]]
    assert inferred and all(any("all JADs" in q for q in item["inferred_from"]) for item in inferred)
