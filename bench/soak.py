"""Soak benchmark: many analysts at once, plus runaway queries, against a real `jhakg serve`.

Not a test. Builds the bundled report into a temporary store (or takes `--store`), serves it with
`jhakg serve --no-access-log` on loopback, and runs `--clients` analysts for `--seconds` after a
warm-up. Each analyst is one asyncio task with its own HTTP client and its own loopback source
address (127.0.0.10, 127.0.0.11, …), as separate people would be, and loops over the analyst mix
with a think time between requests (`--think`, 0 = back to back): the JSON API, analytics,
entity pages and light SPARQL. Beside them, `--runaways`
clients each send a query that cannot finish in the time limit, wait for its 503, pause
`--runaway-pause` seconds and send another.

It reports the requests, the failures (any analyst answer that is not 2xx, and any transport
error, including an answer slower than 30 s; a runaway's expected 503 is not a failure), latency percentiles, and the resident memory
(RSS) of the server and of the server with its query workers, after the warm-up and at the end,
with their ratio.

Run:  .venv/bin/python -m bench.soak [--clients 64] [--seconds 60] [--warmup 15] [--think 1] [--runaways 1]
Writes bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import engines

ROOT = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
AGENCIES = ["cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
THEMES = ["migration", "counter-terrorism", "cybercrime", "fundamental-rights", "drugs", "training"]
JSON_ACCEPT = {"accept": "application/json"}
HTML_ACCEPT = {"accept": "text/html"}
SPARQL_JSON = {"accept": "application/sparql-results+json"}


KINDS = ("json", "analytics", "entity", "sparql")


def mix(rng: random.Random, kinds: tuple[str, ...] = KINDS) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """(kind, path, params, headers) of the next request of an analyst."""
    agency, other, theme = rng.choice(AGENCIES), rng.choice(AGENCIES), rng.choice(THEMES)
    choices = [
        ("json", "/api/agencies", {}, JSON_ACCEPT),
        ("json", f"/api/agencies/{agency}", {}, JSON_ACCEPT),
        ("json", "/api/activities", {"agency": agency}, JSON_ACCEPT),
        ("json", "/api/collaborations", {"theme": theme}, JSON_ACCEPT),
        ("json", "/healthz", {}, JSON_ACCEPT),
        ("analytics", "/api/centrality", {}, JSON_ACCEPT),
        ("analytics", "/api/gaps", {}, JSON_ACCEPT),
        ("analytics", "/api/recommendations", {"top": "10"}, JSON_ACCEPT),
        ("analytics", "/api/communities", {}, JSON_ACCEPT),
        ("entity", f"/id/agency/{agency}", {}, HTML_ACCEPT),
        ("entity", f"/id/agency/{agency}", {"format": "ttl"}, {}),
        ("entity", f"/id/theme/{theme}", {}, HTML_ACCEPT),
        ("sparql", "/sparql", {"query": "SELECT ?a ?l WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> ; "
                               "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"}, SPARQL_JSON),
        ("sparql", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"}, SPARQL_JSON),
        ("sparql", "/api/queries/partners_of_agency", {"agency": agency}, SPARQL_JSON),
        ("sparql", "/api/queries/evidence_for_pair", {"agency": agency, "partner": other}, SPARQL_JSON),
    ]
    return rng.choice([c for c in choices if c[0] in kinds])


@dataclass
class Tally:
    requests: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    failure_samples: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    runaway: Counter[str] = field(default_factory=Counter)

    def fail(self, what: str) -> None:
        self.failures[what.split(":")[0]] += 1
        if len(self.failure_samples) < 20:
            self.failure_samples.append(what)


async def analyst(index: int, url: str, stop: asyncio.Event, tally: Tally, counting: asyncio.Event, think: float,
                  kinds: tuple[str, ...]) -> None:
    rng = random.Random(index)
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{10 + index}")
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=30) as client:
        while not stop.is_set():
            kind, path, params, headers = mix(rng, kinds)
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params, headers=headers)
                ok = response.status_code < 400
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                ok, status = False, type(exc).__name__
            if counting.is_set():
                tally.requests[kind] += 1
                tally.latencies.append(time.perf_counter() - started)
                if not ok:
                    tally.fail(f"{kind}: {status} {path}")
            if think:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), rng.uniform(0.5 * think, 1.5 * think))


async def runaway(index: int, url: str, stop: asyncio.Event, tally: Tally, pause: float) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.1.{10 + index}")
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=120) as client:
        while not stop.is_set():
            try:
                response = await client.post("/sparql", data={"query": RUNAWAY})
                tally.runaway[str(response.status_code)] += 1
            except httpx.HTTPError as exc:
                tally.runaway[type(exc).__name__] += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(c) for c in children]
            todo += [int(c) for c in children]
    return found


def memory(pid: int) -> dict[str, float]:
    server = rss_kib(pid)
    workers = sum(rss_kib(child) for child in descendants(pid) if Path(f"/proc/{child}").exists())
    return {"server_mb": round(server / 1024, 1), "with_workers_mb": round((server + workers) / 1024, 1)}


async def soak(url: str, pid: int, clients: int, seconds: float, warmup: float, runaways: int, pause: float,
               think: float, kinds: tuple[str, ...]) -> dict[str, object]:
    tally = Tally()
    stop, counting = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(analyst(i, url, stop, tally, counting, think, kinds)) for i in range(clients)]
    tasks += [asyncio.create_task(runaway(i, url, stop, tally, pause)) for i in range(runaways)]
    await asyncio.sleep(warmup)
    start_memory = memory(pid)
    counting.set()
    started = time.monotonic()
    await asyncio.sleep(seconds)
    counting.clear()
    elapsed = time.monotonic() - started
    end_memory = memory(pid)
    stop.set()
    await asyncio.wait(tasks, timeout=150)
    latencies = sorted(tally.latencies) or [0.0]
    total = sum(tally.requests.values())
    return {
        "clients": clients, "think_seconds": think, "kinds": list(kinds),
        "seconds": round(elapsed, 1), "warmup_seconds": warmup, "runaway_clients": runaways,
        "requests": total, "requests_per_second": round(total / elapsed, 1), "by_kind": dict(tally.requests),
        "failed": sum(tally.failures.values()), "failed_by_kind": dict(tally.failures), "failure_samples": tally.failure_samples,
        "latency_ms": {"p50": round(1000 * latencies[len(latencies) // 2], 1),
                       "p95": round(1000 * latencies[int(len(latencies) * 0.95)], 1),
                       "max": round(1000 * latencies[-1], 1)},
        "runaway_answers": dict(tally.runaway),
        "rss_start": start_memory, "rss_end": end_memory,
        "rss_ratio_server": round(end_memory["server_mb"] / start_memory["server_mb"], 3),
        "rss_ratio_with_workers": round(end_memory["with_workers_mb"] / start_memory["with_workers_mb"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds an analyst waits between requests (uniform, ±50 %%); 0 = back to back")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"which parts of the mix: a comma list of {', '.join(KINDS)}")
    parser.add_argument("--runaways", type=int, default=1, help="clients sending queries that run into the time limit")
    parser.add_argument("--runaway-pause", type=float, default=5, help="seconds a runaway client waits between queries")
    parser.add_argument("--store", type=Path, help="a built store [default: the bundled report, built into a temporary folder]")
    parser.add_argument("--timeout", default="10", help="JHAKG_QUERY_TIMEOUT of the server")
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--kinds takes a comma list of {', '.join(KINDS)}")
    if not 1 <= args.clients <= 240:
        parser.error("--clients must be between 1 and 240 (one loopback address each)")

    with tempfile.TemporaryDirectory(prefix="jhakg-soak-") as tmp:
        store = args.store or Path(tmp) / "store"
        if args.store is None:
            subprocess.run([sys.executable, "-m", "jhakg", "build", "--store", str(store)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        # the server's own limits, not the benchmark's raised ones (engines.start_jhakg raises them for big queries)
        started = engines.start_jhakg(store, Path(tmp), 180, env={"JHAKG_QUERY_TIMEOUT": args.timeout, "JHAKG_RESULT_LIMIT": "10000"})
        server = started.process
        try:
            result = asyncio.run(soak(started.sparql_url.removesuffix("/sparql"), server.pid, args.clients, args.seconds, args.warmup,
                                      args.runaways, args.runaway_pause, args.think, kinds))
            result["server_alive"] = server.poll() is None
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
    result["load_average"] = os.getloadavg()[0]
    out = ROOT / "bench" / "results" / "soak.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
