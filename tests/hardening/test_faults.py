"""Faults under a real server: a full disk during a build, a store folder deleted or corrupted while
serving, a remote store that answers slowly, and SIGTERM in the middle of a request."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import DATA, JHAKG, ROOT, OxigraphServer
from tests.hardening.helpers import LoggedServer, folder_state, serve

AGENCIES = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def is_error(response: httpx.Response, status: int) -> bool:
    return response.status_code == status and response.json()["error"]["status"] == status


def build(store: Path, *reports: Path) -> subprocess.CompletedProcess[str]:
    args = [arg for r in reports for arg in ("--report", str(r))]
    return subprocess.run([*JHAKG, "build", "--store", str(store), *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture()
def own_store(tmp_path: Path, built_store_path: Path) -> Path:
    """A private copy of the built store (the tests below damage it)."""
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy, symlinks=True)
    return copy


@pytest.fixture()
def running(own_store: Path, tmp_path: Path) -> Iterator[LoggedServer]:
    server = serve(own_store, tmp_path / "server.log")
    yield server
    server.stop()


# -- the disk fills up during a build -----------------------------------------------------------

def disk_usage(path: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in path.rglob("*")) + 4096


@pytest.fixture()
def full_disk(tmp_path: Path, built_store_path: Path) -> Iterator[Path]:
    """The built store on a tmpfs with 256 KiB to spare: too little for any new generation."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = disk_usage(built_store_path) + 256 * 1024
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], check=True)
    try:
        shutil.copytree(built_store_path, mount / "store", symlinks=True)
        yield mount / "store"
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_a_build_leaves_the_old_store_serving(full_disk: Path, tmp_path: Path) -> None:
    store = full_disk
    server = serve(store, tmp_path / "server.log")
    before = folder_state(store)
    try:
        triples = httpx.get(f"{server.url}/healthz").json()["triples"]
        answer = httpx.get(f"{server.url}/sparql", params={"query": AGENCIES}).json()

        failed = build(store, DATA / "mini-report-2019.txt")  # its store needs more than the 256 KiB left

        assert failed.returncode != 0
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("jhakg: error:"), failed.stderr
        assert "no space left on device" in lines[0].lower(), lines[0]
        assert "Traceback" not in failed.stderr
        assert folder_state(store) == before  # no partial generation left, the live one untouched
        health = httpx.get(f"{server.url}/healthz")
        assert health.status_code == 200 and health.json()["triples"] == triples
        assert httpx.get(f"{server.url}/sparql", params={"query": AGENCIES}).json() == answer
        assert httpx.get(f"{server.url}/api/agencies").status_code == 200
    finally:
        server.stop()
    assert server.ended_cleanly(), server.text()


# -- the store folder deleted or corrupted under a running server -----------------------------------

def wait_for_status(url: str, status: int, timeout: float = 15) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(url, timeout=30)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.3)


def test_a_deleted_store_folder_gives_503s_and_a_log_line(running: LoggedServer, own_store: Path) -> None:
    assert httpx.get(f"{running.url}/api/agencies").status_code == 200
    shutil.rmtree(own_store)
    for path in ("/healthz", "/api/agencies", "/api/centrality", "/explore", "/id/agency/frontex",
                 "/sparql?query=ASK%7B%7D", "/api/queries/agencies"):
        response = httpx.get(running.url + path, timeout=30)
        assert is_error(response, 503), (path, response.status_code, response.text[:200])
        assert response.headers["retry-after"] and "server log" in response.json()["error"]["message"]
        assert str(own_store) not in response.text
    assert httpx.get(f"{running.url}/static/site.css").status_code == 200  # what needs no store is still served
    assert running.process.poll() is None, "the server crashed"
    log = running.text()
    assert log.count("cannot be served: its folder was deleted or moved") == 1, log  # one line, not one per request
    assert "Traceback" not in log
    assert running.stop(), log


def test_a_corrupted_store_gives_503s_and_a_log_line(running: LoggedServer, own_store: Path) -> None:
    assert httpx.get(f"{running.url}/api/agencies").status_code == 200
    generation = Path(os.path.realpath(own_store / "current"))
    for table in generation.glob("*.sst"):  # overwritten in place, as a failing disk or a stray process would
        table.write_bytes(os.urandom(table.stat().st_size))
    response = wait_for_status(f"{running.url}/healthz", 503)
    assert is_error(response, 503), response.text
    for path in ("/api/agencies", "/sparql?query=ASK%7B%7D", "/explore"):
        assert is_error(httpx.get(running.url + path, timeout=30), 503), path
    assert running.process.poll() is None, "the server crashed"
    log = running.text()
    assert "cannot be served: it no longer opens (Corruption" in log, log
    assert "Traceback" not in log
    assert running.stop(), log


# -- a remote store that answers slowly ----------------------------------------------------------------

class SlowProxy:
    """An HTTP proxy on loopback in front of a real Oxigraph server; `stall` seconds before answering,
    or `trickle`: the headers at once, then the body one byte every 0.2 s."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.stall = 0.0
        self.trickle = False
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                upstream = httpx.request(self.command, proxy.target + self.path, content=body, headers=headers, timeout=60)
                if proxy.stall:
                    time.sleep(proxy.stall)
                self.send_response(upstream.status_code)
                self.send_header("content-type", upstream.headers.get("content-type", "application/octet-stream"))
                self.send_header("content-length", str(len(upstream.content)))
                self.end_headers()
                try:
                    if proxy.trickle:
                        for i in range(len(upstream.content)):
                            self.wfile.write(upstream.content[i:i + 1])
                            self.wfile.flush()
                            time.sleep(0.2)
                    else:
                        self.wfile.write(upstream.content)
                except OSError:
                    pass  # the client gave up: that is the point

            do_GET = do_POST = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def slow_remote(oxigraph_server: OxigraphServer) -> Iterator[SlowProxy]:
    proxy = SlowProxy(f"http://127.0.0.1:{oxigraph_server.port}")
    yield proxy
    proxy.stall, proxy.trickle = 0.0, False
    proxy.close()


def test_a_slow_remote_store_is_cut_at_the_time_limit(slow_remote: SlowProxy, tmp_path: Path) -> None:
    server = serve(f"sparql+http://127.0.0.1:{slow_remote.port}/query", tmp_path / "server.log",
                   env={"JHAKG_QUERY_TIMEOUT": "2"})
    try:
        assert httpx.get(f"{server.url}/api/agencies", timeout=30).status_code == 200
        for mode in ("stall", "trickle"):
            slow_remote.stall, slow_remote.trickle = (20.0, False) if mode == "stall" else (0.0, True)
            # paths that go to the store each time: a derived page (/api/agencies) asked before the stall is
            # served from the cache until the remote store's version window moves on
            for path in ("/sparql?query=ASK%7B%7D", "/api/queries/agencies", "/healthz"):
                started = time.monotonic()
                response = httpx.get(server.url + path, timeout=60)
                took = time.monotonic() - started
                assert is_error(response, 503), (mode, path, response.status_code, response.text[:200])
                assert took < 6, f"{mode} {path}: answered after {took:.1f} s with a 2 s limit"
        slow_remote.stall, slow_remote.trickle = 0.0, False
        assert httpx.get(f"{server.url}/api/agencies", timeout=30).status_code == 200  # served again once it is fast
        assert server.process.poll() is None
    finally:
        server.stop()


# -- SIGTERM in the middle of a request -------------------------------------------------------------------

@pytest.mark.parametrize("whom", ["server", "process group"])
def test_sigterm_during_a_request_finishes_it_then_exits_cleanly(own_store: Path, tmp_path: Path, whom: str) -> None:
    server = serve(own_store, tmp_path / "server.log", env={"JHAKG_QUERY_TIMEOUT": "3"}, new_session=True)
    outcome: dict[str, httpx.Response | Exception] = {}

    def ask() -> None:
        try:
            outcome["r"] = httpx.post(f"{server.url}/sparql", data={"query": RUNAWAY}, timeout=30)
        except Exception as exc:  # recorded and asserted below
            outcome["r"] = exc

    request = threading.Thread(target=ask)
    request.start()
    time.sleep(1.0)  # the query is running in a worker
    if whom == "server":
        server.process.send_signal(signal.SIGTERM)
    else:  # as systemd or a terminal does: the server and its query workers at once
        os.killpg(server.process.pid, signal.SIGTERM)
    request.join(30)
    code = server.process.wait(timeout=30)
    response = outcome["r"]
    assert isinstance(response, httpx.Response), f"the request got no answer: {response!r}"
    assert response.status_code in (200, 503), response.text
    assert response.json()["error"]["status"] == 503 if response.status_code == 503 else True
    assert code in (0, -signal.SIGTERM) and server.ended_cleanly(), server.text()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/healthz", timeout=2)
