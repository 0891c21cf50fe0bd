"""Bounds on every input, and the update token: each breach a 4xx in the one error shape."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.bounds import MAX_HEADER_BYTES, MAX_PATH_BYTES, MAX_QUERY_BYTES
from api.security import AUTH_FAILURES, FailureWindow
from tests.conftest import Server
from tests.hardening.helpers import LoggedServer, client_from, serve

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TOKEN = "hardening-test-token-5f1c"


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]["message"]


def test_long_paths_query_strings_and_headers_are_refused(live_server: Server) -> None:
    url = live_server.url
    assert "path" in error(httpx.get(f"{url}/id/agency/{'a' * MAX_PATH_BYTES}"), 414)
    assert "POST" in error(httpx.get(f"{url}/sparql", params={"query": "ASK {} #" + "x" * MAX_QUERY_BYTES}), 414)
    assert "headers" in error(httpx.get(f"{url}/healthz", headers={"x-filler": "x" * MAX_HEADER_BYTES}), 431)
    # just under the bounds: served
    assert httpx.get(f"{url}/sparql", params={"query": "ASK {} #" + "x" * (MAX_QUERY_BYTES - 200)}).status_code == 200
    assert httpx.get(f"{url}/healthz", headers={"x-filler": "x" * (MAX_HEADER_BYTES // 2)}).status_code == 200


@pytest.mark.parametrize("path", [
    "/api/recommendations?top=0", "/api/recommendations?top=1001", "/api/recommendations?top=99999999999999999999",
    "/explore?max_nodes=5", "/explore?max_nodes=20001", "/explore/agency/frontex?depth=3", "/explore/agency/frontex?depth=0",
    "/api/centrality?sample=0",
])
def test_numeric_parameters_out_of_range_are_422(live_server: Server, path: str) -> None:
    error(httpx.get(live_server.url + path), 422)


@pytest.fixture(scope="module")
def one_heavy(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoggedServer]:
    server = serve(built_store_path, tmp_path_factory.mktemp("heavy") / "server.log",
                   env={"JHAKG_MAX_HEAVY_PER_CLIENT": "1", "JHAKG_QUERY_TIMEOUT": "3"})
    yield server
    server.stop()


def test_heavy_requests_are_bounded_per_client_address(one_heavy: LoggedServer) -> None:
    url = one_heavy.url
    runaway = threading.Thread(target=lambda: httpx.post(f"{url}/sparql", data={"query": RUNAWAY}, timeout=30))
    runaway.start()
    time.sleep(0.5)
    try:
        second = httpx.get(f"{url}/api/queries/agencies", timeout=30)  # same address, while the runaway runs
        assert "JHAKG_MAX_HEAVY_PER_CLIENT" in error(second, 429) and second.headers["retry-after"] == "1"
        assert httpx.get(f"{url}/api/agencies").status_code == 200  # light requests are not counted
        with client_from("127.0.0.2", timeout=30) as other:  # another address is not held up by this one
            assert other.get(f"{url}/api/queries/agencies").status_code == 200
    finally:
        runaway.join(30)
    assert httpx.get(f"{url}/api/queries/agencies", timeout=30).status_code == 200  # and the slot is given back


@pytest.fixture(scope="module")
def with_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoggedServer]:
    folder = tmp_path_factory.mktemp("token")
    server = serve(folder / "store", folder / "server.log", env={"JHAKG_UPDATE_TOKEN": TOKEN})
    yield server
    server.stop()


def update(client: httpx.Client, url: str, token: str) -> httpx.Response:
    return client.post(f"{url}/sparql", content="INSERT DATA { <urn:x:s> <urn:x:p> 1 }",
                       headers={"content-type": "application/sparql-update", "authorization": f"Bearer {token}"})


def test_wrong_tokens_are_locked_out_per_address_and_never_logged(with_token: LoggedServer) -> None:
    url = with_token.url
    wrong = [f"guess-{i}-{TOKEN[:6]}" for i in range(AUTH_FAILURES)]
    with client_from("127.0.0.3") as attacker, client_from("127.0.0.4") as owner:
        for token in wrong:
            error(update(attacker, url, token), 401)
        locked = update(attacker, url, "one-more-guess")
        assert "too many wrong update tokens" in error(locked, 429)
        assert 1 <= int(locked.headers["retry-after"]) <= 61
        assert update(attacker, url, TOKEN).status_code == 429  # even the right token, until the window ends
        assert update(owner, url, TOKEN).status_code == 204  # another address is not locked out
        graph_store = attacker.put(f"{url}/store?graph=urn:x:g", content=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                                   headers={"content-type": "text/turtle", "authorization": "Bearer x"})
        error(graph_store, 429)  # the Graph Store protocol shares the check
    log = with_token.text()
    assert "wrong update token from 127.0.0.3" in log
    for secret in [TOKEN, *wrong, "one-more-guess"]:
        assert secret not in log


def test_the_lockout_table_is_bounded_and_forgets() -> None:
    now = [0.0]
    window = FailureWindow(allowed=2, window=10, size=100, clock=lambda: now[0])
    for i in range(1000):
        window.failed(f"10.0.{i // 256}.{i % 256}")
    assert len(window) <= 100
    window.failed("a")
    window.failed("a")
    assert window.retry_after("a") == 10
    now[0] = 4
    assert window.retry_after("a") == 6
    now[0] = 10.5
    assert window.retry_after("a") == 0 and "a" not in window._table
