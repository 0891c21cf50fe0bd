"""Safety of /sparql on a network: no outbound requests, time and size limits, one error shape, CORS off."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import UPDATE_TOKEN, Server, start_server, stop_server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A real TCP server on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/turtle\r\ncontent-length: 0\r\n\r\n")
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def test_the_listener_does_see_a_real_request(listener: Listener) -> None:
    """The control: the listener records a plain HTTP request, so a silent listener below means no request."""
    httpx.get(f"http://127.0.0.1:{listener.port}/probe", timeout=2)
    time.sleep(0.3)
    assert len(listener.connections) == 1 and b"/probe" in listener.connections[0]


def test_pyoxigraph_alone_would_call_a_service(listener: Listener) -> None:
    """Why the guard exists: the engine itself performs SERVICE over HTTP (and FROM it does not fetch)."""
    import pyoxigraph as ox

    from graph.store.formats import as_solutions

    with pytest.raises((OSError, RuntimeError)):  # the listener answers with an unusable body
        list(as_solutions(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}")))
    time.sleep(0.3)
    assert len(listener.connections) == 1 and b"POST /sparql" in listener.connections[0]


def test_service_is_refused_and_nothing_is_fetched(live_server: Server, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
                  f"ASK {{ ?s ?p ?o . {{ SELECT * {{ service <{target}> {{ ?x ?y ?z }} }} }} }}"):
        response = httpx.post(f"{live_server.url}/sparql", data={"query": query})
        assert response.status_code == 400
        assert "SERVICE" in response.json()["error"]["message"]
    time.sleep(0.5)
    assert listener.connections == []


def test_from_and_dataset_iris_are_never_fetched(live_server: Server, listener: Listener) -> None:
    data = f"http://127.0.0.1:{listener.port}/data.ttl"
    responses = [
        httpx.get(f"{live_server.url}/sparql", params={"query": f"SELECT * FROM <{data}> WHERE {{ ?s ?p ?o }}"}),
        httpx.get(f"{live_server.url}/sparql", params={"query": f"SELECT * FROM NAMED <{data}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        httpx.get(f"{live_server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": data,
                                                        "named-graph-uri": data}),
    ]
    for response in responses:
        assert response.status_code == 200
        assert response.json()["results"]["bindings"] == []  # a graph the store does not hold is empty
    time.sleep(0.5)
    assert listener.connections == []


def test_load_is_refused_even_with_the_token(update_server: Server, listener: Listener) -> None:
    response = httpx.post(f"{update_server.url}/sparql", content=f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>",
                          headers={"content-type": "application/sparql-update", "authorization": f"Bearer {UPDATE_TOKEN}"})
    assert response.status_code == 400
    assert "LOAD" in response.json()["error"]["message"]
    time.sleep(0.5)
    assert listener.connections == []


@pytest.fixture(scope="module")
def limited_server(built_store_path: Path) -> Iterator[Server]:
    """The real service with tight limits: 2 s per query, 5 rows, 2,000-byte bodies, one worker, CORS for one origin."""
    server = start_server(built_store_path, env={
        "JHAKG_QUERY_TIMEOUT": "2", "JHAKG_RESULT_LIMIT": "5", "JHAKG_MAX_REQUEST_BYTES": "2000",
        "JHAKG_QUERY_WORKERS": "1", "JHAKG_CORS_ORIGINS": '["http://allowed.example"]'})
    yield server
    stop_server(server)


def test_runaway_query_is_cut_while_healthz_answers(limited_server: Server) -> None:
    outcome: dict[str, httpx.Response] = {}
    runaway = threading.Thread(target=lambda: outcome.setdefault(
        "r", httpx.post(f"{limited_server.url}/sparql", data={"query": RUNAWAY}, timeout=30)))
    started = time.monotonic()
    runaway.start()
    answered_meanwhile = 0
    while runaway.is_alive() and time.monotonic() - started < 20:
        health = httpx.get(f"{limited_server.url}/healthz", timeout=5)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        if runaway.is_alive():
            answered_meanwhile += 1
        time.sleep(0.1)
    runaway.join(20)
    assert answered_meanwhile >= 3, "healthz was not answered while the runaway ran"
    response = outcome["r"]
    assert response.status_code == 503, response.text
    assert "ran longer than the limit of 2 s" in response.json()["error"]["message"], response.text
    # the killed worker is replaced: the next query is answered
    deadline = time.monotonic() + 20
    while True:
        again = httpx.get(f"{limited_server.url}/sparql", params={"query": "ASK {}"}, timeout=10)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200 and again.json()["boolean"] is True, again.text


def test_results_are_cut_at_the_row_limit(limited_server: Server) -> None:
    response = httpx.get(f"{limited_server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                         headers={"accept": "text/csv"}, timeout=20)
    assert response.status_code == 200
    assert response.headers["x-result-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 1 + 5
    construct = httpx.get(f"{limited_server.url}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert len(construct.text.strip().splitlines()) == 5 and construct.headers["x-result-truncated"] == "true"
    small = httpx.get(f"{limited_server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(small.json()["results"]["bindings"]) == 3 and "x-result-truncated" not in small.headers


def test_oversized_bodies_get_413(limited_server: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    declared = httpx.post(f"{limited_server.url}/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert declared.status_code == 413
    assert "JHAKG_MAX_REQUEST_BYTES" in declared.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"#" + b"y" * 499 + b"\n"

    streamed = httpx.post(f"{limited_server.url}/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert streamed.status_code == 413


def test_cors_only_for_configured_origins(limited_server: Server, live_server: Server) -> None:
    allowed = httpx.get(f"{limited_server.url}/healthz", headers={"origin": "http://allowed.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://allowed.example"
    other = httpx.get(f"{limited_server.url}/healthz", headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    default = httpx.get(f"{live_server.url}/healthz", headers={"origin": "http://allowed.example"})
    assert "access-control-allow-origin" not in default.headers


def test_errors_have_one_shape_and_no_internals(live_server: Server, built_store_path: Path) -> None:
    requests = [
        httpx.get(f"{live_server.url}/sparql", params={"query": "SELEC"}),
        httpx.put(f"{live_server.url}/sparql"),
        httpx.post(f"{live_server.url}/sparql", content="ASK {}", headers={"content-type": "text/plain"}),
        httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"}),
        httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}),
        httpx.post(f"{live_server.url}/sparql", data={"update": "CLEAR ALL"}),
        httpx.get(f"{live_server.url}/api/activities/no-such-activity"),
        httpx.get(f"{live_server.url}/api/queries/no_such_query"),
    ]
    assert [r.status_code for r in requests] == [400, 405, 415, 406, 400, 403, 404, 404]
    for response in requests:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
        assert body["error"]["status"] == response.status_code
        assert "Traceback" not in response.text and str(built_store_path) not in response.text
        assert "/tmp" not in response.text and ".py" not in response.text


def test_a_query_queued_behind_a_runaway_gets_an_answer_not_a_hang(limited_server: Server) -> None:
    """One worker, busy with a runaway: the next query waits at most the time limit, then gets a clear 503 (or its answer)."""
    runaway = threading.Thread(target=lambda: httpx.post(f"{limited_server.url}/sparql", data={"query": RUNAWAY}, timeout=30))
    runaway.start()
    time.sleep(0.3)
    started = time.monotonic()
    queued = httpx.get(f"{limited_server.url}/sparql", params={"query": "ASK {}"}, timeout=30)
    waited = time.monotonic() - started
    runaway.join(30)
    assert queued.status_code in (200, 503)
    if queued.status_code == 503:
        assert "busy" in queued.json()["error"]["message"] and queued.headers["retry-after"] == "1"
    assert waited < 15  # bounded by the 2 s limit (plus a worker restart), never an open-ended hang
