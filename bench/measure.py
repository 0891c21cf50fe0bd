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


Once = Callable[[], int]  # one run of a query; returns the number of rows


def interleaved(runs_by_engine: dict[str, Once], runs: int, cap: float) -> dict[str, Latency]:
    """Round-robin runs across engines, so machine noise falls on all of them alike.

    Each engine gets up to `runs` runs while its own budget `cap` lasts (at least one); a timeout
    or an error ends that engine's runs and is recorded.
    """
    results = {name: Latency() for name in runs_by_engine}
    spent = dict.fromkeys(runs_by_engine, 0.0)
    for _round in range(runs):
        for name, once in runs_by_engine.items():
            result = results[name]
            if result.error or (result.runs and spent[name] + result.runs[-1] > cap):
                continue
            start = time.perf_counter()
            try:
                rows = once()
            except httpx.TimeoutException as exc:
                result.error = f"timeout ({exc.__class__.__name__})"
                continue
            except Exception as exc:  # an engine that rejects a query is a result, not a crash of the run
                result.error = f"{exc.__class__.__name__}: {exc}"[:200]
                continue
            elapsed = time.perf_counter() - start
            result.runs.append(elapsed)
            result.rows = rows
            spent[name] += elapsed
    return results


def in_process(store: ox.Store, text: str) -> Once:
    """pyoxigraph in the same process: query + JSON serialisation, the engine's own limit."""

    def once() -> int:
        result = store.query(text, use_default_graph_as_union=True)
        return _count_rows(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")

    return once


def _count_rows(body: bytes) -> int:
    data = json.loads(body)
    return len(data["results"]["bindings"]) if "results" in data else 1


def over_http(client: httpx.Client, url: str, text: str) -> Once:
    """POST the query to a SPARQL endpoint (form encoded), asking for SPARQL JSON."""

    def once() -> int:
        response = client.post(url, data={"query": text}, headers=ACCEPT)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:150]}")
        return _count_rows(response.content)

    return once


def over_api(client: httpx.Client, url: str, params: dict[str, str]) -> Once:
    """GET a named query through the JSON API (returns bytes, not rows)."""

    def once() -> int:
        response = client.get(url, params=params)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:150]}")
        return len(response.content)

    return once


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
