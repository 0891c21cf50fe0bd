"""The benchmark: jha-kg against the engines a user would otherwise pick, on the same data and queries.

    .venv/bin/python -m bench.run --sizes 10k,100k,1M        # add 5M with --sizes …,5M (optional, slow)

For each size: generate the seeded synthetic graph (cached under bench/results/data), load it with
jha-kg's build path, bare pyoxigraph, `oxigraph load` and rdflib; run every query (named queries in
queries/ plus bench/queries/) in-process on pyoxigraph and over HTTP on `jhakg serve`, the Oxigraph
server and rdflib-endpoint; measure light-query throughput with 1, 8 and 32 clients; time the
analytics projection; record each server's RSS. Every phase is bounded in time; a request that
runs past its limit is recorded as a timeout. Writes bench/results/results.json and results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench import engines, measure
from bench.generate import Dataset, generate, parse_size
from bench.ratios import ratios
from bench.report import markdown
from graph.analytics.projection import collaboration_graph, collaboration_rows
from graph.store.embedded import EmbeddedStore
from graph.store.remote import bind_values
from queries import QUERIES_DIR, load_queries

BENCH = Path(__file__).resolve().parent
# every wrk connection comes from one loopback address: let each be its own client (the default bound is 4 at once)
ONE_ADDRESS = {"JHAKG_MAX_HEAVY_PER_CLIENT": "64"}
KEPT = "jhakg (answers kept)"  # jhakg serve with its defaults: a repeated query is answered from memory
PARTICIPANT = ox.NamedNode("https://w3id.org/jha-kg/ontology#participant")
PARAMS = {"_agency": ox.NamedNode("https://w3id.org/jha-kg/agency/frontex")}
LIGHT = "agencies"  # the light query for throughput


def query_set() -> dict[str, str]:
    """Every named query (parameters bound to a value) and the bench's own analyst queries, as plain text."""
    texts: dict[str, str] = {}
    for directory in (QUERIES_DIR, BENCH / "queries"):
        for name, q in load_queries(directory).items():
            if any(p not in PARAMS for p in q.params):
                continue  # a parameter the bench has no value for
            texts[name] = bind_values(q.text, {p: PARAMS[p] for p in q.params}) if q.params else q.text
    return texts


def _load(engine: str, data: Dataset, store: Path, cap: float) -> dict[str, object]:
    shutil.rmtree(store, ignore_errors=True)
    out = subprocess.run([sys.executable, "-m", "bench.load", "--engine", engine, "--data", str(data.folder), "--store", str(store)],
                         capture_output=True, text=True, timeout=cap, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["triples_per_second"] = result["triples"] / result["seconds"]
    return result


def _http_latencies(servers: dict[str, engines.Server], queries: dict[str, str], runs: int, cap: float, timeout: float,
                    deadline: float, extra: dict[str, Callable[[str], measure.Once]]) -> dict[str, dict[str, dict[str, object]]]:
    """Per query: interleaved runs on every server and in-process engine, so machine noise falls on all alike."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=5)) as client:
        for name, text in queries.items():
            if time.monotonic() > deadline:
                out[name] = {e: measure.Latency(error="not run: phase time cap").as_dict() for e in [*extra, *servers]}
                continue
            once = {e: factory(text) for e, factory in extra.items()}
            once.update({e: measure.over_http(client, s.sparql_url, text) for e, s in servers.items()})
            out[name] = {e: lat.as_dict() for e, lat in measure.interleaved(once, runs, cap).items()}
    return out


def _rdflib_latencies(data: Dataset, logs: Path, queries: dict[str, str], runs: int, cap: float, timeout: float,
                      deadline: float, phase_cap: float) -> tuple[dict[str, dict[str, object]], engines.Server | None, float]:
    """rdflib-endpoint alone: a timed-out query keeps running in its event loop, so restart it after one."""
    server: engines.Server | None = engines.start_rdflib(data, logs, phase_cap)
    load_seconds = float(server.extra["load_seconds"])
    out: dict[str, dict[str, object]] = {}
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=5)) as client:
        for name, text in queries.items():
            if server is None or time.monotonic() > deadline:
                out[name] = measure.Latency(error="not run: phase time cap").as_dict()
                continue
            latency = measure.interleaved({"rdflib": measure.over_http(client, server.sparql_url, text)}, runs, cap)["rdflib"]
            if latency.error and latency.error.startswith("timeout"):
                latency.error = f"timeout (> {timeout:.0f} s)"
                server.stop()
                server = engines.start_rdflib(data, logs, phase_cap) if time.monotonic() + 120 < deadline else None
            out[name] = latency.as_dict()
    return out, server, load_seconds


def _throughputs(server: engines.Server, text: str, seconds: float, timeout: float) -> dict[str, dict[str, object]]:
    out = {}
    for clients in (1, 8, 32):
        t = measure.throughput(server.sparql_url, text, clients, seconds, timeout)
        out[str(clients)] = t.__dict__
    return out


def _api_latencies(server: engines.Server, queries: dict[str, str], runs: int, cap: float, timeout: float) -> dict[str, object]:
    """Named queries through `/api/queries/{name}` when the service has that route."""
    base = server.sparql_url.removesuffix("/sparql")
    paths = httpx.get(f"{base}/openapi.json", timeout=10).json().get("paths", {})
    if "/api/queries/{name}" not in paths:
        return {}
    out = {}
    named = load_queries()
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=5)) as client:
        for name in queries:
            if name in named:
                # only the parameters the query declares (the API refuses others with a 400)
                params = {k.lstrip("_"): v.value for k, v in PARAMS.items() if k in named[name].params}
                once = {"api": measure.over_api(client, f"{base}/api/queries/{name}", params)}
                out[name] = measure.interleaved(once, runs, cap)["api"].as_dict()
    return out


def run_size(label: str, args: argparse.Namespace, work: Path) -> dict[str, object]:
    target = parse_size(label)
    folder = args.data / label
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("seed") == args.seed:
        data = Dataset.open(folder)
    else:
        data = generate(target, folder, args.seed)
    big = data.triples >= 500_000
    runs, cap, timeout = (3, 20.0, args.timeout) if big else (7, 10.0, args.timeout)
    queries = query_set()
    result: dict[str, object] = {"size": label, "triples": data.triples, "graphs": len(data.graphs),
                                 "load_average_before": os.getloadavg()[0]}
    print(f"== {label}: {data.triples} triples", file=sys.stderr, flush=True)

    jhakg_store, pyox_store, oxi_store = work / "jhakg", work / "pyoxigraph", work / "oxigraph"
    runs_load: dict[str, list[dict[str, object]]] = {"jhakg": [], "pyoxigraph": []}
    for _ in range(args.load_runs):  # interleaved: the two builds see the same machine
        runs_load["jhakg"].append(_load("jhakg", data, jhakg_store, args.phase_cap))
        runs_load["pyoxigraph"].append(_load("pyoxigraph", data, pyox_store, args.phase_cap))
    result["load"] = {engine: _median_load(runs) for engine, runs in runs_load.items()}
    shutil.rmtree(oxi_store, ignore_errors=True)
    seconds = engines.load_oxigraph(data, oxi_store, args.phase_cap)
    result["load"]["oxigraph-server"] = {"seconds": seconds, "triples": data.triples, "triples_per_second": data.triples / seconds}
    print("   loaded", file=sys.stderr, flush=True)

    store = EmbeddedStore(jhakg_store)
    rows_runs: list[float] = []
    scan_runs: list[float] = []
    for _ in range(3):  # interleaved with its peer, a bare pattern scan of the participation triples, in the same process
        start = time.perf_counter()
        rows = collaboration_rows(store)
        rows_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        scanned = sum(1 for _ in store.oxigraph.quads_for_pattern(None, PARTICIPANT, None, None))
        scan_runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    graph = collaboration_graph(rows, scope="all")
    graph_s = time.perf_counter() - start
    result["analytics"] = {"collaboration_rows_s": _median(rows_runs), "graph_s": graph_s, "participation_scan_s": _median(scan_runs),
                           "collaboration_rows_runs_s": rows_runs, "participation_scan_runs_s": scan_runs,
                           "participation_triples": scanned, "rows": len(rows), "nodes": graph.number_of_nodes(),
                           "edges": graph.number_of_edges()}
    del rows, graph
    print("   analytics done", file=sys.stderr, flush=True)

    throughput: dict[str, dict[str, object]] = {}
    rss: dict[str, float] = {}
    rss_parts: dict[str, list[tuple[str, float]]] = {}
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    engine_store = store.oxigraph  # the engine's limit: pyoxigraph in this process, on jha-kg's own store files
    # the engine path: no answer kept between runs (JHAKG_QUERY_CACHE_MB=0), so every query is evaluated as on the peers;
    # the default server (answers kept until the store changes) is measured for throughput and memory after it
    servers = {"jhakg": engines.start_jhakg(jhakg_store, logs, args.phase_cap, workers=args.jhakg_workers,
                                            env={"JHAKG_QUERY_CACHE_MB": "0", **ONE_ADDRESS}),
               "oxigraph-server": engines.start_oxigraph(oxi_store, logs, args.phase_cap)}
    try:
        rss["jhakg (idle)"] = servers["jhakg"].rss_mb()
        rss_parts["jhakg (idle)"] = servers["jhakg"].rss_by_process()
        latency = _http_latencies(servers, queries, runs, cap, timeout, time.monotonic() + args.phase_cap,
                                  {"pyoxigraph": lambda text: measure.in_process(engine_store, text)})
        print("   latency done (pyoxigraph, jhakg, Oxigraph server)", file=sys.stderr, flush=True)
        result["api"] = _api_latencies(servers["jhakg"], queries, runs, cap, timeout)
        for clients in (1, 8, 32):
            for name, server in servers.items():
                t = measure.throughput(server.sparql_url, queries[LIGHT], clients, args.duration, timeout)
                throughput.setdefault(name, {})[str(clients)] = t.__dict__
        for name, server in servers.items():
            rss[name] = server.rss_mb()
            rss_parts[name] = server.rss_by_process()
    finally:
        for server in servers.values():
            server.stop()
    kept = engines.start_jhakg(jhakg_store, logs, args.phase_cap, workers=args.jhakg_workers, env=ONE_ADDRESS)
    try:
        for clients in (1, 8, 32):
            t = measure.throughput(kept.sparql_url, queries[LIGHT], clients, args.duration, timeout)
            throughput.setdefault(KEPT, {})[str(clients)] = t.__dict__
        rss[KEPT] = kept.rss_mb()
        rss_parts[KEPT] = kept.rss_by_process()
    finally:
        kept.stop()
        store.close()
    print("   throughput done", file=sys.stderr, flush=True)

    if not args.no_rdflib:
        started = time.perf_counter()
        by_query, rdflib, load_s = _rdflib_latencies(data, logs, queries, runs, cap, args.rdflib_timeout,
                                                     time.monotonic() + args.rdflib_cap, args.phase_cap)
        result["load"]["rdflib-endpoint"] = {"seconds": load_s, "triples": data.triples, "triples_per_second": data.triples / load_s}
        if rdflib is not None:
            try:
                throughput["rdflib-endpoint"] = _throughputs(rdflib, queries[LIGHT], args.duration, args.rdflib_timeout)
                rss["rdflib-endpoint"] = rdflib.rss_mb()
            finally:
                rdflib.stop()
        for name, value in by_query.items():
            latency[name]["rdflib-endpoint"] = value
        print(f"   rdflib-endpoint done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    result["load_average_after"] = os.getloadavg()[0]
    result.update(latency=latency, throughput=throughput, rss_mb=rss, rss_by_process_mb=rss_parts,
                  ratios=ratios(latency, throughput, args.rdflib_timeout),
                  rdflib_timeout_s=args.rdflib_timeout)
    return result


def _median_load(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run with the median time, and every run's seconds."""
    ordered = sorted(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    return {**ordered[len(ordered) // 2], "runs_s": [r["seconds"] for r in runs]}


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None




def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated sizes: 10k, 100k, 1M, 5M (5M is slow)")
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="where results.json and results.md go")
    parser.add_argument("--data", type=Path, default=BENCH / "results" / "data", help="cache of generated graphs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per throughput run (1, 8 and 32 clients)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one request may take (jhakg, Oxigraph server)")
    parser.add_argument("--rdflib-timeout", type=float, default=30.0, help="seconds one rdflib-endpoint request may take")
    parser.add_argument("--rdflib-cap", type=float, default=420.0, help="seconds for all rdflib-endpoint runs of one size")
    parser.add_argument("--phase-cap", type=float, default=600.0, help="seconds any one load or query phase may take")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    parser.add_argument("--load-runs", type=int, default=3, help="interleaved builds per engine (the median is reported)")
    parser.add_argument("--jhakg-workers", type=int, default=2, help="HTTP worker processes for jhakg serve (--workers)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": {"python": platform.python_version(), "cpus": _cpus(), "platform": platform.platform(),
                    "pyoxigraph": ox.__version__, "oxigraph": _oxigraph_version()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "sizes": [],
    }
    for label in args.sizes.split(","):
        work = args.out / "work" / label
        work.mkdir(parents=True, exist_ok=True)
        results["sizes"].append(run_size(label.strip(), args, work))
        shutil.rmtree(work, ignore_errors=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=2))
        (args.out / "results.md").write_text(markdown(results))
    print((args.out / "results.md").read_text())


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def _oxigraph_version() -> str:
    try:
        return subprocess.run([engines.oxigraph_binary(), "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


if __name__ == "__main__":
    main()
