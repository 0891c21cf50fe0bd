"""Latency and throughput measurements, each bounded in time and count.

One request is a SPARQL 1.1 Protocol form POST asking for SPARQL JSON results, the same for every
server; in-process runs serialise to the same JSON so the engine's baseline pays for it too.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

ACCEPT = {"accept": "application/sparql-results+json"}


@dataclass
class Latency:
    """Seconds per run of one query on one engine; `error` says why there are fewer runs than asked."""

    runs: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "median": self.median}


def _sample(once: Callable[[], int], runs: int, cap: float) -> Latency:
    """Up to `runs` timed runs while the query's time budget `cap` lasts (at least one)."""
    result = Latency()
    spent = 0.0
    while len(result.runs) < runs and (not result.runs or spent + result.runs[-1] < cap):
        start = time.perf_counter()
        rows = once()
        elapsed = time.perf_counter() - start
        result.runs.append(elapsed)
        result.rows = rows
        spent += elapsed
    return result


def in_process(store: ox.Store, text: str, runs: int, cap: float) -> Latency:
    """pyoxigraph in the same process: query + JSON serialisation, the engine's own limit."""

    def once() -> int:
        result = store.query(text, use_default_graph_as_union=True)
        body = result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}"
        return _count_rows(body)

    try:
        return _sample(once, runs, cap)
    except Exception as exc:  # a query the engine rejects is a result, not a crash of the run
        return Latency(error=f"{exc.__class__.__name__}: {exc}"[:200])


def _count_rows(body: bytes) -> int:
    data = json.loads(body)
    return len(data["results"]["bindings"]) if "results" in data else 1


def over_http(client: httpx.Client, url: str, text: str, runs: int, cap: float) -> Latency:
    """POST the query to a SPARQL endpoint; a timeout or an error status is recorded, not raised."""

    def once() -> int:
        response = client.post(url, data={"query": text}, headers=ACCEPT)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:150]}")
        return _count_rows(response.content)

    try:
        return _sample(once, runs, cap)
    except httpx.TimeoutException:
        return Latency(error=f"timeout (> {client.timeout.read:.0f} s)")
    except (httpx.TransportError, RuntimeError) as exc:
        return Latency(error=str(exc)[:200])


def over_api(client: httpx.Client, url: str, params: dict[str, str], runs: int, cap: float) -> Latency:
    """GET a named query through the JSON API."""

    def once() -> int:
        response = client.get(url, params=params)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:150]}")
        return len(response.content)

    try:
        return _sample(once, runs, cap)
    except httpx.TimeoutException:
        return Latency(error=f"timeout (> {client.timeout.read:.0f} s)")
    except (httpx.TransportError, RuntimeError) as exc:
        return Latency(error=str(exc)[:200])


@dataclass
class Throughput:
    clients: int
    requests: int
    errors: int
    seconds: float
    per_second: float
    median_latency: float | None
    p95_latency: float | None


WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = "query=%s"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/sparql-results+json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%f %%f %%f\\n", summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e6, latency:percentile(95) / 1e6))
end
"""


def throughput(url: str, text: str, clients: int, seconds: float, timeout: float) -> Throughput:
    """`clients` concurrent keep-alive clients sending one query for `seconds`.

    Uses `wrk` (a C load generator, Debian package) when installed, so the client's own cost does
    not cap what fast servers can show; otherwise an httpx asyncio client (which tops out at a few
    hundred requests/s and then measures itself).
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        return _httpx_throughput(url, text, clients, seconds, timeout)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % urllib.parse.quote_plus(text))
        script = fh.name
    try:
        out = subprocess.run([wrk, "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds:.0f}s",
                              "--timeout", f"{timeout:.0f}s", "-s", script, url],
                             capture_output=True, text=True, timeout=seconds + timeout + 30, check=True).stdout
    finally:
        Path(script).unlink()
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    requests, errors, elapsed, p50, p95 = line.split()[1:]
    ok = int(requests) - int(errors)
    return Throughput(clients, ok, int(errors), float(elapsed), ok / float(elapsed), float(p50), float(p95))


def _httpx_throughput(url: str, text: str, clients: int, seconds: float, timeout: float, max_requests: int = 200_000) -> Throughput:

    async def run() -> Throughput:
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
            start = time.perf_counter()
            stop = start + seconds

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < stop and len(latencies) + errors < max_requests:
                    t0 = time.perf_counter()
                    try:
                        response = await client.post(url, data={"query": text}, headers=ACCEPT)
                        ok = response.status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    if ok:
                        latencies.append(time.perf_counter() - t0)
                    else:
                        errors += 1

            await asyncio.gather(*(worker() for _ in range(clients)))
            elapsed = time.perf_counter() - start
        ordered = sorted(latencies)
        return Throughput(
            clients, len(latencies), errors, elapsed, len(latencies) / elapsed if elapsed else 0.0,
            statistics.median(ordered) if ordered else None,
            ordered[int(0.95 * (len(ordered) - 1))] if ordered else None,
        )

    return asyncio.run(run())
