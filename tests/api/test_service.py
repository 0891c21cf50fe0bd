"""The first service, over HTTP on loopback: /healthz, /sparql, /api/agencies."""

from __future__ import annotations

import time

import httpx

from tests.conftest import Server


def test_healthz_reports_the_triple_count_and_the_warm_up(live_server: Server, store) -> None:
    """The server warms up at start (JHAKG_WARM_UP defaults to on); /healthz says when the derived results are ready."""
    deadline = time.monotonic() + 120
    while True:
        response = httpx.get(f"{live_server.url}/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok" and body["triples"] == store.triple_count()
        assert body["warm_up"] in ("warming", "ready")
        if body["warm_up"] == "ready" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert body["warm_up"] == "ready"


def test_sparql_get_and_post_answer_json(live_server: Server) -> None:
    query = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> }"
    for response in (
        httpx.get(f"{live_server.url}/sparql", params={"query": query}),
        httpx.post(f"{live_server.url}/sparql", data={"query": query}),
        httpx.post(f"{live_server.url}/sparql", content=query, headers={"content-type": "application/sparql-query"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "9"


def test_malformed_query_is_400_with_the_parser_message(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/sparql", params={"query": "SELECT ?x WHERE {"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["status"] == 400
    assert "malformed query" in body["error"]["message"]


def test_api_agencies_lists_the_nine(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/api/agencies")
    assert response.status_code == 200
    agencies = response.json()
    assert [a["id"] for a in agencies] == [
        "cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
    frontex = agencies[-1]
    assert frontex["iri"] == "https://w3id.org/jha-kg/agency/frontex"
    assert frontex["acronym"] == "Frontex"
    assert frontex["label"] == "European Border and Coast Guard Agency"


def test_unknown_path_uses_the_error_shape(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/no/such/page")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "Not Found"}}


def test_several_http_workers_serve_the_same_read_only_store(built_store_path) -> None:
    from tests.conftest import start_server, stop_server

    server = start_server(built_store_path, args=("--workers", "2", "--no-access-log"))
    try:
        query = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> }"
        answers = [httpx.get(f"{server.url}/sparql", params={"query": query}) for _ in range(6)]
        assert all(r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "9" for r in answers)
        assert len(httpx.get(f"{server.url}/api/agencies").json()) == 9
    finally:
        stop_server(server)


def test_several_workers_refuse_a_writable_store(built_store_path) -> None:
    import os
    import subprocess

    from tests.conftest import JHAKG, ROOT

    result = subprocess.run([*JHAKG, "serve", "--workers", "2", "--store", str(built_store_path)], capture_output=True,
                            text=True, cwd=ROOT, timeout=60, env={**os.environ, "JHAKG_UPDATE_TOKEN": "t"})
    assert result.returncode == 1
    assert result.stderr.strip() == ("jhakg: error: --workers above 1 needs a read-only store: unset JHAKG_UPDATE_TOKEN, "
                                     "or serve with one worker")
