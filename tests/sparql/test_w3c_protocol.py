"""The W3C SPARQL 1.1 Protocol tests against the live server's one /sparql URL.

With updates enabled (JHAKG_UPDATE_TOKEN set) on a scratch store all 34 tests pass; on the
read-only default every negative test gets its 4xx, every query test passes and every update is
refused with 403. Both hold on each store backend: an embedded store and a real Oxigraph server.
The manifest's data URLs (kasei.us) are never fetched: the local copies are loaded into named
graphs with those IRIs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from tests.conftest import BACKENDS, Server, start_oxigraph, start_server, stop_server
from tests.sparql.w3c_protocol import ProtocolTest, load_graph_data, load_manifest, run_test

TOKEN = "w3c-test-token"
TESTS = load_manifest()
IDS = [t.name for t in TESTS]


def _data() -> list[tuple[str, bytes]]:
    return [(iri, file.read_bytes()) for iri, file in {iri: f for t in TESTS for f, iri in t.graph_data}.items()]


@contextmanager
def _server(backend: str, folder: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """A jha-kg server over the manifest's data, in an embedded store or a real Oxigraph server."""
    if backend == "embedded":
        store = EmbeddedStore(folder / "store", writable=True)
        store.replace(_data())
        store.close()
        server = start_server(folder / "store", env=env)
        yield server
        stop_server(server)
        return
    oxigraph = start_oxigraph(folder / "oxigraph")
    try:
        remote = RemoteStore(oxigraph.store_url)
        remote.replace(_data())
        remote.close()
        server = start_server(oxigraph.store_url, env=env)
        yield server
        stop_server(server)
    finally:
        oxigraph.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def update_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with _server(request.param, tmp_path_factory.mktemp("w3c-rw"), env={"JHAKG_UPDATE_TOKEN": TOKEN}) as server:
        yield server


@pytest.fixture(scope="module", params=BACKENDS)
def readonly_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with _server(request.param, tmp_path_factory.mktemp("w3c-ro"), env={"JHAKG_UPDATE_TOKEN": ""}) as server:
        yield server


def test_the_manifest_has_34_tests() -> None:
    assert len(TESTS) == 34
    assert sum(t.negative for t in TESTS) == 14
    assert sum(t.updates and not t.negative for t in TESTS) == 7  # refused with 403 when read-only


@pytest.mark.parametrize("test", TESTS, ids=IDS)
def test_with_updates_enabled_every_test_passes(update_server: Server, test: ProtocolTest) -> None:
    with httpx.Client(timeout=30) as client:
        load_graph_data(client, update_server.url, test, TOKEN)
        failures = run_test(client, f"{update_server.url}/sparql", test, {"authorization": f"Bearer {TOKEN}"})
    assert failures == [], f"{test.name} ({test.title})"


@pytest.mark.parametrize("test", TESTS, ids=IDS)
def test_read_only_refuses_updates_and_passes_the_rest(readonly_server: Server, test: ProtocolTest) -> None:
    with httpx.Client(timeout=30) as client:
        failures = run_test(client, f"{readonly_server.url}/sparql", test)
        if test.updates and not test.negative:
            assert failures, "an update must not succeed on the read-only endpoint"
            response = client.post(f"{readonly_server.url}/sparql", content="CLEAR ALL",
                                   headers={"content-type": "application/sparql-update"})
            assert response.status_code == 403
            assert "read-only" in response.json()["error"]["message"]
            return
    assert failures == [], f"{test.name} ({test.title})"
