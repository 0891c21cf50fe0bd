"""Year-over-year change between two reports, through the CLI and over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from graph.build.pipeline import build
from graph.store.embedded import EmbeddedStore
from loaders.report import BUNDLED_REPORTS
from tests.cli.test_cli import run
from tests.conftest import BASE, DATA, Server, start_server, stop_server


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("two") / "store"
    store = EmbeddedStore(path, writable=True)
    build(store, [BUNDLED_REPORTS[0], DATA / "mini-report-2019.txt"], BASE)
    store.close()
    return path


@pytest.fixture(scope="module")
def two_year_server(two_years: Path) -> Iterator[Server]:
    server = start_server(two_years)
    yield server
    stop_server(server)


def test_changes_cli_json(two_years: Path) -> None:
    result = run("changes", "--from", "2017", "--to", "2019", "--format", "json", "--store", str(two_years))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    pairs = {(p["a"], p["b"]) for p in data["continued_pairs"] + data["new_pairs"]}
    # the invented 2019 text has Frontex and FRA organising a workshop together
    assert ("fra", "frontex") in pairs
    for p in data["new_pairs"]:
        assert p["from_count"] == 0 and p["to_count"] > 0
    for p in data["ended_pairs"]:
        assert p["to_count"] == 0 and p["from_count"] > 0
    assert all(r["delta"] == r["to_count"] - r["from_count"] for r in data["agencies"])


def test_changes_for_a_missing_year_is_a_clear_error(two_years: Path) -> None:
    result = run("changes", "--from", "2017", "--to", "2018", "--store", str(two_years))
    assert result.returncode == 2  # a user's mistake, as every unknown name
    assert result.stderr.strip() == "jhakg: error: unknown year 2018; known years: 2017, 2019"


def test_changes_over_http(two_year_server: Server) -> None:
    ok = httpx.get(f"{two_year_server.url}/api/changes", params={"from": 2017, "to": 2019})
    assert ok.status_code == 200
    assert ok.json()["from_year"] == 2017 and ok.json()["to_year"] == 2019
    missing = httpx.get(f"{two_year_server.url}/api/changes", params={"from": 2016, "to": 2019})
    assert missing.status_code == 400  # a query-parameter value the graph does not know, as every filter
    assert missing.json()["error"]["message"] == "unknown year 2016; known years: 2017, 2019"


def test_export_over_http(two_year_server: Server) -> None:
    response = httpx.get(f"{two_year_server.url}/api/export/ttl", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    years = {str(o) for o in graph.objects(None, URIRef("https://w3id.org/jha-kg/ontology#year"))}
    assert {"2017", "2019"} <= years
    assert httpx.get(f"{two_year_server.url}/api/export/xls").status_code == 422
