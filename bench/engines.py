"""The servers the benchmark compares, each started on a loopback port and stopped by its own process id.

jha-kg (`jhakg serve`), the Oxigraph server (`oxigraph serve-read-only`, loaded with `oxigraph load`)
and rdflib-endpoint (`bench.rdflib_app`, uvicorn). All answer SPARQL 1.1 Protocol POSTs at `sparql_url`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from bench.generate import Dataset

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _role(proc: psutil.Process, root: int) -> str:
    """Where a server process sits: the server itself, an HTTP worker (has children), or a leaf worker."""
    if proc.pid == root:
        return "server"
    return "HTTP worker" if proc.children() else "worker"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    sparql_url: str
    process: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, object] = field(default_factory=dict)

    def rss_mb(self) -> float:
        """Resident memory of the server and its worker processes."""
        try:
            proc = psutil.Process(self.process.pid)
            procs = [proc, *proc.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs) / 2**20
        except psutil.Error:
            return float("nan")

    def rss_by_process(self) -> list[tuple[str, float]]:
        """(role, MB) per process: where the memory is (the server, each HTTP or query worker)."""
        try:
            proc = psutil.Process(self.process.pid)
            procs = [proc, *proc.children(recursive=True)]
            return [(_role(p, proc.pid), p.memory_info().rss / 2**20) for p in procs]
        except psutil.Error:
            return []

    def stop(self) -> None:
        if self.process.poll() is None:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                child.kill()
            self.process.kill()
        self.process.wait(timeout=30)


def _wait(server: Server, timeout: float) -> Server:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {server.log.read_text()[-2000:]}")
        try:
            r = httpx.post(server.sparql_url, data={"query": "ASK { ?s ?p ?o }"}, timeout=2,
                           headers={"accept": "application/sparql-results+json"})
            if r.status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise TimeoutError(f"{server.name} did not answer within {timeout:.0f} s")


def _spawn(name: str, argv: list[str], url_path: str, port: int, logs: Path, env: dict[str, str] | None = None) -> Server:
    log = logs / f"{name}.log"
    with log.open("wb") as fh:
        process = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})})
    return Server(name, f"http://127.0.0.1:{port}{url_path}", process, log)


def start_jhakg(store: Path, logs: Path, timeout: float, workers: int = 1, env: dict[str, str] | None = None) -> Server:
    """`jhakg serve` as an operator would run it for load: `workers` HTTP processes, no access log."""
    port = free_port()
    env = {"JHAKG_QUERY_TIMEOUT": "600", "JHAKG_RESULT_LIMIT": "100000000", "JHAKG_UPDATE_TOKEN": "", **(env or {})}
    argv = [str(BIN / "jhakg"), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--no-access-log"]
    return _wait(_spawn("jhakg", argv, "/sparql", port, logs, env), timeout)


def oxigraph_binary() -> str:
    found = BIN / "oxigraph"
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


def load_oxigraph(data: Dataset, location: Path, timeout: float) -> float:
    """`oxigraph load` of every graph (no `optimize`, as jhakg's build); returns seconds."""
    start = time.perf_counter()
    for graph, path, _n in data.graphs:
        subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(path), "--graph", graph],
                       check=True, capture_output=True, timeout=max(1.0, timeout - (time.perf_counter() - start)))
    return time.perf_counter() - start


def start_oxigraph(location: Path, logs: Path, timeout: float) -> Server:
    port = free_port()
    argv = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return _wait(_spawn("oxigraph-server", argv, "/query", port, logs), timeout)


def start_rdflib(data: Dataset, logs: Path, timeout: float) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "bench.rdflib_app", "--data", str(data.folder), "--port", str(port)]
    start = time.perf_counter()
    server = _wait(_spawn("rdflib-endpoint", argv, "/sparql", port, logs), timeout)
    server.extra["load_seconds"] = time.perf_counter() - start
    return server
