"""The app's one cache of derived results, through the routes (FastAPI's TestClient on real stores):
served twice without recomputation, moved on by SPARQL Update and Graph Store PUT, and computed
once under concurrent first requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.cache import DerivedCache
from graph.store.embedded import EmbeddedStore
from jhakg.settings import Settings
from ontology import ONTOLOGY_TTL
from tests.conftest import BASE, DATA

TOKEN = "cache-test-token"
TINY_GRAPH = BASE + "graph/tiny"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def _nt(path: Path) -> bytes:
    return ox.serialize(ox.parse(path=str(path)), format=ox.RdfFormat.N_TRIPLES) or b""


@dataclass
class Served:
    client: TestClient
    cache: DerivedCache


@contextmanager
def serve(settings: Settings, store: EmbeddedStore) -> Iterator[Served]:
    """The app over the store, started (its lifespan runs), with the cache it holds."""
    app = create_app(settings, store=store)
    with TestClient(app) as client:
        yield Served(client, app.state.cache)


@pytest.fixture()
def tiny(tmp_path: Path, settings: Settings) -> Iterator[Served]:
    """The hand-made network of tests/data/analytics-tiny.ttl in a writable store, updates enabled."""
    store = EmbeddedStore(tmp_path / "store", writable=True)
    store.replace([(BASE + "graph/reference", _nt(ONTOLOGY_TTL)), (TINY_GRAPH, _nt(DATA / "analytics-tiny.ttl"))])
    with serve(settings.model_copy(update={"update_token": TOKEN}), store) as served:
        yield served


def overall_gaps(client: TestClient) -> list[tuple[str, ...]]:
    response = client.get("/api/gaps")
    assert response.status_code == 200, response.text
    return [tuple(g["agencies"]) for g in response.json()["pairs"] if "theme" not in g]


def test_a_result_is_served_twice_without_recomputation(tiny: Served) -> None:
    client, cache = tiny.client, tiny.cache
    first, second = client.get("/api/gaps"), client.get("/api/gaps")
    assert first.status_code == 200 and first.json() == second.json()
    assert cache.computed["gaps"] == 1
    for path in ("/api/centrality", "/api/communities", "/api/recommendations", "/api/collaborations", "/explore", "/"):
        assert client.get(path).status_code == 200, path
        assert client.get(path).status_code == 200, path
    assert cache.computed["network"] == 1, "one projection serves every analytic and the explorer"
    for name in ("centrality", "communities", "recommendations", "collaborations", "explorer", "overview"):
        assert cache.computed[name] == 1, name


def test_a_sparql_update_then_a_graph_store_put_move_the_version_and_the_answers(tiny: Served) -> None:
    """By hand: EASO and FRA's only joint activity, act3, is planned, so they are an overall gap; once
    act3 is done they are not, and putting the original graph back brings the gap back."""
    client, cache = tiny.client, tiny.cache
    assert overall_gaps(client) == [("easo", "fra"), ("europol", "fra")]
    version = cache.version()
    done = ("PREFIX jha: <https://w3id.org/jha-kg/ontology#> "
            f"DELETE DATA {{ GRAPH <{TINY_GRAPH}> {{ <{BASE}activity/act3> jha:status jha:Planned }} }} ; "
            f"INSERT DATA {{ GRAPH <{TINY_GRAPH}> {{ <{BASE}activity/act3> jha:status jha:Done }} }}")
    assert client.post("/sparql", data={"update": done}).status_code in (401, 403)
    assert cache.version() == version, "a refused write changes nothing"
    assert client.post("/sparql", data={"update": done}, headers=AUTH).status_code == 204
    assert cache.version() != version
    assert overall_gaps(client) == [("europol", "fra")]
    pairs = client.get("/api/collaborations").json()
    assert {"a": "easo", "b": "fra", "count": 1, "themes": ["migration"], "activities": ["act3"], "planned": []} in pairs
    version = cache.version()
    put = client.put("/store", params={"graph": TINY_GRAPH}, content=(DATA / "analytics-tiny.ttl").read_bytes(),
                          headers={**AUTH, "content-type": "text/turtle"})
    assert put.status_code in (200, 204), put.text
    assert cache.version() != version
    assert overall_gaps(client) == [("easo", "fra"), ("europol", "fra")]
    assert cache.computed["gaps"] == 3 and cache.computed["network"] == 3


def test_the_service_description_is_cached_and_moves_with_the_store(tiny: Served) -> None:
    client, cache = tiny.client, tiny.cache
    turtle = {"accept": "text/turtle"}
    first = client.get("/sparql", headers=turtle)
    assert first.status_code == 200 and client.get("/sparql", headers=turtle).status_code == 200
    assert client.get("/.well-known/void", headers=turtle).status_code == 200
    assert cache.computed["service-description:body"] == 1 and cache.computed["dataset-description:body"] == 1
    update = f"INSERT DATA {{ GRAPH <{BASE}graph/extra> {{ <urn:x:s> <urn:x:p> <urn:x:o> }} }}"
    assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert f"{BASE}graph/extra" in client.get("/sparql", headers=turtle).text
    assert f"{BASE}graph/extra" not in first.text and cache.computed["service-description:body"] == 2


def test_concurrent_first_requests_compute_once(store: EmbeddedStore, settings: Settings) -> None:
    """Eight clients ask for the gaps of the real graph at the same moment; loading the projection and
    finding the gaps take tenths of a second, so all arrive while the first computes: one computation."""
    # eight at once from one address: above the default per-client bound on heavy requests (429)
    with serve(settings.model_copy(update={"max_heavy_per_client": 8}), store) as served:
        client, cache = served.client, served.cache
        start = threading.Barrier(8)
        answers: list[httpx.Response] = []

        def ask() -> None:
            start.wait()
            answers.append(client.get("/api/gaps"))

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [a.status_code for a in answers] == [200] * 8
        assert all(a.content == answers[0].content for a in answers)
        assert cache.computed["gaps"] == 1 and cache.computed["network"] == 1
