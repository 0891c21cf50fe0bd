"""Shared fixtures: a store built from the bundled report, and a real server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.build.pipeline import build
from graph.store.base import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from jhakg.settings import Settings
from loaders.report import BUNDLED_REPORTS

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BASE = "https://w3id.org/jha-kg/"
JHAKG = [sys.executable, "-m", "jhakg"]


@pytest.fixture(scope="session")
def report_path() -> Path:
    return BUNDLED_REPORTS[0]


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with the bundled report built into it (read-only for tests)."""
    path = tmp_path_factory.mktemp("store") / "jhakg-store"
    store = EmbeddedStore(path, writable=True)
    build(store, None, BASE)
    store.close()
    return path


@pytest.fixture(scope="session")
def store(built_store_path: Path) -> EmbeddedStore:
    return EmbeddedStore(built_store_path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


def start_server(store_path: Path | str, env: dict[str, str] | None = None, timeout: float = 60,
                 args: tuple[str, ...] = ()) -> Server:
    """`jhakg serve` in a subprocess on a free loopback port, waited for until /healthz answers.

    `store_path` is a store folder or a remote store URL (`sparql+http://…`).
    """
    port = free_port()
    process = subprocess.Popen(
        [*JHAKG, "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store_path), *args],
        env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return Server(url, process)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not answer /healthz in time")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stderr:
        server.process.stderr.close()


@pytest.fixture(scope="session")
def live_server(built_store_path: Path) -> Iterator[Server]:
    """The real service (uvicorn) on loopback over the built store."""
    server = start_server(built_store_path)
    yield server
    stop_server(server)


@pytest.fixture()
def settings() -> Settings:
    return Settings.model_validate({"base_iri": BASE})


UPDATE_TOKEN = "test-update-token"


@pytest.fixture(scope="session")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with updates enabled (JHAKG_UPDATE_TOKEN) over a small scratch store of its own."""
    path = tmp_path_factory.mktemp("scratch") / "store"
    scratch = EmbeddedStore(path, writable=True)
    scratch.replace([("urn:jhakg:test:seed", b"<urn:jhakg:test:s> <urn:jhakg:test:p> \"seed\" .\n")])
    scratch.close()
    server = start_server(path, env={"JHAKG_UPDATE_TOKEN": UPDATE_TOKEN})
    yield server
    stop_server(server)


# -- store backends: the embedded store and a real Oxigraph server on loopback -----------------

OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


@dataclass
class OxigraphServer:
    """`oxigraph serve` on a loopback port over a folder; stop and start it again on the same port."""

    location: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def store_url(self) -> str:
        return f"sparql+http://127.0.0.1:{self.port}/query"

    def start(self, timeout: float = 30) -> OxigraphServer:
        binary = str(OXIGRAPH) if OXIGRAPH.exists() else "oxigraph"
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode} (port {self.port} taken?)")
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/query", params={"query": "ASK {}"}, timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


def start_oxigraph(location: Path) -> OxigraphServer:
    return OxigraphServer(location, free_port()).start()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server (read-write) on loopback with the bundled report built into it; tests only read it."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    remote = RemoteStore(server.store_url)
    build(remote, None, BASE)
    remote.close()
    yield server
    server.stop()


BACKENDS = ("embedded", "oxigraph-server")


@pytest.fixture(scope="session", params=BACKENDS)
def any_store(request: pytest.FixtureRequest, built_store_path: Path) -> Iterator[Store]:
    """The bundled report in each store backend, read-only; store-facing tests run once per backend."""
    if request.param == "embedded":
        yield EmbeddedStore(built_store_path)
        return
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    remote = RemoteStore(server.store_url)
    yield remote
    remote.close()


SEED_GRAPH = "urn:jhakg:test:seed"
SEED = b'<urn:jhakg:test:s> <urn:jhakg:test:p> "seed" .\n'


@pytest.fixture(scope="session")
def scratch_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server that write tests empty and reuse (never the one the read-only tests compare)."""
    server = start_oxigraph(tmp_path_factory.mktemp("scratch-oxigraph"))
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def writable_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty writable store of each backend holding one seed graph (`SEED_GRAPH`): for tests that write."""
    store: Store
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "store", writable=True)
    else:
        server: OxigraphServer = request.getfixturevalue("scratch_oxigraph")
        store = RemoteStore(server.store_url)
        store.update("DROP SILENT ALL")
    store.replace([(SEED_GRAPH, SEED)])
    yield store
    store.close()


@pytest.fixture(scope="session", params=BACKENDS)
def writable_server(request: pytest.FixtureRequest, built_store_path: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A jha-kg server with updates on (`UPDATE_TOKEN`) over the bundled report, in each backend.

    Embedded: a copy of the built store. Oxigraph server: a fresh one the report is built into,
    served through `JHAKG_STORE=sparql+http://…/query`. Tests write only graphs of their own.
    """
    location: Path | str
    oxigraph: OxigraphServer | None = None
    if request.param == "embedded":
        location = tmp_path_factory.mktemp("writable") / "store"
        shutil.copytree(built_store_path, location, symlinks=True)
    else:
        oxigraph = start_oxigraph(tmp_path_factory.mktemp("writable-oxigraph"))
        remote = RemoteStore(oxigraph.store_url)
        build(remote, None, BASE)
        remote.close()
        location = oxigraph.store_url
    server = start_server(location, env={"JHAKG_UPDATE_TOKEN": UPDATE_TOKEN})
    yield server
    stop_server(server)
    if oxigraph is not None:
        oxigraph.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def read_only_server(request: pytest.FixtureRequest) -> Iterator[Server]:
    """A jha-kg server without an update token over the bundled report, in each backend."""
    if request.param == "embedded":
        yield request.getfixturevalue("live_server")
        return
    oxigraph: OxigraphServer = request.getfixturevalue("oxigraph_server")
    server = start_server(oxigraph.store_url, env={"JHAKG_UPDATE_TOKEN": ""})
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def pdf_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """`pdf_of(text_file)`: the report text printed to PDF by real Chromium (tests/report_pdf.py), once per session."""
    from tests.report_pdf import text_to_pdf

    folder = tmp_path_factory.mktemp("pdf")
    made: dict[Path, Path] = {}

    def make(path: Path) -> Path:
        if path not in made:
            made[path] = text_to_pdf(path.read_text(encoding="utf-8"), folder, path.stem)
        return made[path]

    return make
