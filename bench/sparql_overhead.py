"""Benchmark: what /sparql's safety (worker processes, limits, SERVICE guard) costs per request.

Not a test. Builds the bundled report into a temporary store, serves it with `jhakg serve` and
with the Oxigraph server (`oxigraph serve-read-only`, the peer) on loopback, then sends the same
queries to both in the same run:

- latency: median of sequential requests, one client;
- throughput: requests per second with 8 concurrent clients for a few seconds.

Run:  .venv/bin/python bench/sparql_overhead.py [--requests 300] [--seconds 3]
Prints a table and writes bench/results/sparql_overhead.json. The ratios matter, not the
absolute figures (they depend on the machine and on what else runs on it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.build.pipeline import build  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402

BASE = "https://w3id.org/jha-kg/"
QUERIES = {
    "ASK {}": "ASK {}",
    "agencies": "SELECT ?a WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> }",
    "partners of frontex": (
        "PREFIX jha: <https://w3id.org/jha-kg/ontology#> SELECT ?partner (COUNT(DISTINCT ?act) AS ?n) WHERE { "
        "?act jha:participant <https://w3id.org/jha-kg/agency/frontex>, ?partner ; jha:status ?s . "
        "FILTER (?s IN (jha:Done, jha:Ongoing)) FILTER (?partner != <https://w3id.org/jha-kg/agency/frontex>) } "
        "GROUP BY ?partner ORDER BY DESC(?n)"),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def latency(url: str, query: str, n: int) -> float:
    with httpx.Client() as client:
        for _ in range(20):
            client.get(url, params={"query": query}, headers={"accept": "application/sparql-results+json"})
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = client.get(url, params={"query": query}, headers={"accept": "application/sparql-results+json"})
            times.append(time.perf_counter() - start)
            response.raise_for_status()
    return statistics.median(times) * 1000


def throughput(url: str, query: str, seconds: float, clients: int = 8) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        with httpx.Client() as client:
            while time.monotonic() < stop:
                client.get(url, params={"query": query}, headers={"accept": "application/sparql-results+json"}).raise_for_status()
                done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "store"
        store = EmbeddedStore(store_path, writable=True)
        build(store, None, BASE)
        store.close()
        ours_port, peer_port = _port(), _port()
        ours = subprocess.Popen([sys.executable, "-m", "jhakg", "serve", "--port", str(ours_port), "--store", str(store_path)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        oxigraph = Path(sys.executable).parent / "oxigraph"
        peer = subprocess.Popen([str(oxigraph), "serve-read-only", "--location", os.path.realpath(store_path / "current"),
                                 "--bind", f"127.0.0.1:{peer_port}", "--union-default-graph"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            urls = {"jha-kg /sparql": f"http://127.0.0.1:{ours_port}/sparql", "oxigraph /query": f"http://127.0.0.1:{peer_port}/query"}
            for url in urls.values():
                _wait(url, ours if "sparql" in url else peer)
            results = []
            for name, query in QUERIES.items():
                row = {"query": name}
                for label, url in urls.items():
                    row[f"{label} median ms"] = round(latency(url, query, args.requests), 2)
                    row[f"{label} req/s (8 clients)"] = round(throughput(url, query, args.seconds))
                row["latency ratio"] = round(row["jha-kg /sparql median ms"] / row["oxigraph /query median ms"], 2)
                row["throughput ratio"] = round(row["jha-kg /sparql req/s (8 clients)"] / row["oxigraph /query req/s (8 clients)"], 2)
                results.append(row)
                print(json.dumps(row))
        finally:
            for process in (ours, peer):
                process.terminate()
                process.wait(10)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sparql_overhead.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
