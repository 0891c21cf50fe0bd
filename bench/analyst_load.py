"""Benchmark: many analysts at once — jha-kg against the same client on the Oxigraph server, in one run.

Not a test. Builds the bundled report (the real graph) into a temporary store, or serves a built
store (`--store`), with `jhakg serve`; loads the same quads into an Oxigraph server
(`oxigraph serve-read-only`, the peer); then, in the same run and interleaved (jha-kg, Oxigraph,
jha-kg, Oxigraph, …):

- load: `wrk` with `--clients` connections for `--seconds` sends the analyst mix — the JSON API
  (agencies, activities, collaborations), the analytics (centrality, communities, gaps,
  recommendations), entity and explorer pages, the overview, and light SPARQL — to jha-kg; the
  same client sends the peer's mix to the Oxigraph server: for every request of the mix, the
  light SPARQL read of the same thing (the entity's triples for a page, the partner counts of
  an agency for an analytic, the same text for SPARQL). That is the client's ceiling on this
  data: what the raw engine answers per second when nothing is derived.
- /sparql: sequential latency of five generic queries on both, interleaved; median per query.

Every distinct request is sent once to both servers before the measurement (a first request after
a build may compute; that is not what is measured under load). Reports ratios only (jha-kg / peer):
rate, p50, p99, errors, the /sparql geometric mean, and both servers' RSS after the run.

    .venv/bin/python -m bench.analyst_load [--clients 64] [--seconds 20] [--rounds 2] [--store DIR] [--readme]

Writes bench/results/analyst_load.json and prints the Markdown table the README carries; with
--readme it also writes that table into README.md, between the analyst-load markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from bench import engines
from bench.readme import write_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASE = "https://w3id.org/jha-kg/"
JHA = "https://w3id.org/jha-kg/ontology#"

PARTNERS = ("PREFIX jha: <https://w3id.org/jha-kg/ontology#> SELECT ?partner (COUNT(DISTINCT ?act) AS ?n) WHERE { "
            "?act jha:participant <{agency}>, ?partner ; jha:status ?s . FILTER (?s IN (jha:Done, jha:Ongoing)) "
            "FILTER (?partner != <{agency}>) } GROUP BY ?partner ORDER BY DESC(?n)")
SPARQL = {  # five generic queries: a lookup, a type scan, a join with aggregation, a count, a 10-row page
    "ask": "ASK { ?s a <https://w3id.org/jha-kg/ontology#Agency> }",
    "agencies": "SELECT ?a ?l WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> ; "
                "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
    "partners": PARTNERS.replace("{agency}", f"{BASE}agency/frontex"),
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "lookup-10": "SELECT ?s ?o WHERE { ?s <https://w3id.org/jha-kg/ontology#participant> ?o } LIMIT 10",
}


def _entity(iri: str) -> str:
    return f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"


def mix(url: str) -> list[tuple[str, str]]:
    """The analyst mix as (jha-kg path, peer SPARQL text) pairs, read from the running jha-kg server."""
    with httpx.Client(base_url=url, timeout=120) as client:
        agencies = client.get("/api/agencies").json()
        activities = client.get("/api/activities", params={"agency": "frontex"}).json()[:6]
        pairs = client.get("/api/collaborations").json()[:3]
    out: list[tuple[str, str]] = []
    for a in agencies:
        out.append((f"/api/agencies/{a['id']}", PARTNERS.replace("{agency}", a["iri"])))
        out.append((f"/id/agency/{a['id']}", _entity(a["iri"])))
    for act in activities:
        out.append((f"/api/activities/{act['id']}", _entity(act["iri"])))
    frontex = f"{BASE}agency/frontex"
    analytics = ["/api/collaborations", "/api/collaborations?scope=all", "/api/collaborations?theme=migration",
                 "/api/centrality", "/api/centrality?theme=security", "/api/communities", "/api/gaps",
                 "/api/recommendations", "/api/agencies", "/api/activities?agency=frontex", "/",
                 "/explore/node?" + urlencode({"iri": frontex})]
    for path in analytics:
        out.append((path, PARTNERS.replace("{agency}", frontex)))
    for p in pairs:
        a, b = f"{BASE}agency/{p['a']}", f"{BASE}agency/{p['b']}"
        out.append(("/explore/edge?" + urlencode({"a": a, "b": b}), _entity(a)))
    for text in SPARQL.values():
        out.append(("/sparql?" + urlencode({"query": text}), text))
    return out


def _lua(paths: list[str], accept: str) -> str:
    items = ",\n".join(f'  "{p}"' for p in paths)
    return f"""
local paths = {{
{items}
}}
local n = 0
setup = function(thread) thread:set("offset", math.random(1, #paths)) end
request = function()
  n = n + 1
  local path = paths[((n + (offset or 0)) % #paths) + 1]
  return wrk.format("GET", path, {{["Accept"] = "{accept}"}})
end
"""


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(f"cannot read wrk time {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk(base: str, paths: list[str], accept: str, clients: int, seconds: float, scripts: Path) -> dict[str, float]:
    """One wrk run over the paths: requests/s, p50, p99 (s) and failed requests (non-2xx and socket errors)."""
    script = scripts / f"mix-{abs(hash((base, accept))) % 10**8}.lua"
    script.write_text(_lua(paths, accept))
    threads = max(1, min(2, clients))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s", "--latency",
                          "-s", str(script), base], capture_output=True, text=True, timeout=seconds + 120, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s*(50|99)(?:\.000)?%\s+(\S+)\s*$", out, re.M))
    if "50" not in lat or "99" not in lat:
        raise RuntimeError(f"cannot read wrk latencies from:\n{out}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rate": rate, "p50": _seconds(lat["50"]), "p99": _seconds(lat["99"]), "errors": errors, "requests": total}


def sparql_latency(servers: dict[str, engines.Server], runs: int, *, fresh: bool = False) -> dict[str, dict[str, float]]:
    """Median seconds per generic query and server, runs interleaved across servers.

    `fresh`: every run's text differs by a trailing comment, so no kept answer (jha-kg's result
    cache) can serve it: the engine path. Otherwise the same text repeats, as a client's does.
    """
    times: dict[str, dict[str, list[float]]] = {q: {s: [] for s in servers} for q in SPARQL}
    with httpx.Client(timeout=60) as client:
        for run in range(runs):
            for q, text in SPARQL.items():
                if fresh:
                    text = f"{text}\n# run {run}"
                for name, server in servers.items():
                    start = time.perf_counter()
                    r = client.post(server.sparql_url, data={"query": text}, headers={"accept": "application/sparql-results+json"})
                    r.raise_for_status()
                    times[q][name].append(time.perf_counter() - start)
    return {q: {s: statistics.median(v) for s, v in per.items()} for q, per in times.items()}


def _warm(url: str, paths: list[str], accept: str) -> None:
    with httpx.Client(base_url=url, timeout=300, headers={"accept": accept}) as client:
        for path in dict.fromkeys(paths):
            r = client.get(path)
            if r.status_code >= 400:
                raise RuntimeError(f"{path} answered {r.status_code}: {r.text[:300]}")


def build_real(store: Path) -> None:
    subprocess.run([str(engines.BIN / "jhakg"), "build", "--store", str(store)], check=True, cwd=ROOT, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved wrk rounds per server")
    parser.add_argument("--sparql-runs", type=int, default=30)
    parser.add_argument("--store", type=Path, help="a built jha-kg store (default: build the bundled report)")
    parser.add_argument("--workers", type=int, default=1, help="HTTP worker processes of jhakg serve")
    parser.add_argument("--readme", action="store_true", help="also write the table into README.md (section analyst-load)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: scripts/setup --bench installs it")
    work = Path(tempfile.mkdtemp(prefix="jhakg-load-"))
    servers: dict[str, engines.Server] = {}
    try:
        store = args.store
        if store is None:
            store = work / "store"
            build_real(store)
        dump = work / "all.nq"
        subprocess.run([str(engines.BIN / "jhakg"), "export", "--store", str(store), "--format", "nq", "--output", str(dump)],
                       check=True, cwd=ROOT, capture_output=True)
        oxi = work / "oxigraph"
        subprocess.run([engines.oxigraph_binary(), "load", "--location", str(oxi), "--file", str(dump)], check=True, capture_output=True)
        subprocess.run([engines.oxigraph_binary(), "optimize", "--location", str(oxi)], check=True, capture_output=True)
        # every wrk connection comes from the one loopback address: let each be its own analyst
        servers["jhakg"] = engines.start_jhakg(store, work, 120, workers=args.workers,
                                               env={"JHAKG_MAX_HEAVY_PER_CLIENT": str(args.clients)})
        servers["oxigraph-server"] = engines.start_oxigraph(oxi, work, 120)
        jh_url = servers["jhakg"].sparql_url.removesuffix("/sparql")
        ox_url = servers["oxigraph-server"].sparql_url.removesuffix("/query")
        pairs = mix(jh_url)
        jh_paths = [p for p, _ in pairs]
        ox_paths = ["/query?" + urlencode({"query": text}, quote_via=quote) for _, text in pairs]
        _warm(jh_url, jh_paths, "*/*")
        _warm(ox_url, ox_paths, "application/sparql-results+json")
        load: dict[str, list[dict[str, float]]] = {"jhakg": [], "oxigraph-server": []}
        for _ in range(args.rounds):
            load["jhakg"].append(wrk(jh_url, jh_paths, "*/*", args.clients, args.seconds, work))
            load["oxigraph-server"].append(wrk(ox_url, ox_paths, "application/sparql-results+json", args.clients, args.seconds, work))
        latency = sparql_latency(servers, args.sparql_runs)
        fresh = sparql_latency(servers, args.sparql_runs, fresh=True)
        rss = {name: s.rss_mb() for name, s in servers.items()}
    finally:
        for s in servers.values():
            s.stop()
        shutil.rmtree(work, ignore_errors=True)

    def med(engine: str, key: str) -> float:
        return statistics.median(r[key] for r in load[engine])

    per_query = {q: v["jhakg"] / v["oxigraph-server"] for q, v in latency.items()}
    per_query_fresh = {q: v["jhakg"] / v["oxigraph-server"] for q, v in fresh.items()}
    result = {
        "started": time.strftime("%Y-%m-%d %H:%M"), "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                                  "load_average": os.getloadavg()},
        "clients": args.clients, "seconds": args.seconds, "rounds": args.rounds, "mix_size": len(pairs),
        "load": load, "sparql_latency": latency, "sparql_latency_fresh": fresh, "rss_mb": rss,
        "ratios": {
            "rate": med("jhakg", "rate") / med("oxigraph-server", "rate"),
            "p50": med("jhakg", "p50") / med("oxigraph-server", "p50"),
            "p99": med("jhakg", "p99") / med("oxigraph-server", "p99"),
            "jhakg_failed": sum(int(r["errors"]) for r in load["jhakg"]),
            "sparql_per_query": per_query,
            "sparql_geomean": statistics.geometric_mean(list(per_query.values())),
            "sparql_per_query_fresh": per_query_fresh,
            "sparql_geomean_fresh": statistics.geometric_mean(list(per_query_fresh.values())),
            "rss": rss["jhakg"] / rss["oxigraph-server"],
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "analyst_load.json").write_text(json.dumps(result, indent=2))
    print(table(result))
    if args.readme:
        write_section("analyst-load", table(result))


def table(result: dict) -> str:
    r = result["ratios"]
    lines = [f"Analyst mix, {result['clients']} clients (wrk), {result['rounds']} interleaved rounds of {result['seconds']:g} s, "
             f"{result['mix_size']} distinct requests; {result['machine']['cpus']} CPUs, load average "
             f"{result['machine']['load_average'][0]:.1f} at the end (shared machine). jha-kg / Oxigraph server, same run:",
             "", "| measure | jha-kg / Oxigraph server | target |", "|---|---|---|",
             f"| requests per second | {r['rate']:.2f}× ({_span(result, 'jhakg')} against "
             f"{_span(result, 'oxigraph-server')} per second) | ≥ 0.8× |",
             f"| median latency | {r['p50']:.2f}× | |",
             f"| p99 latency | {r['p99']:.2f}× | ≤ 2× |",
             f"| failed requests (jha-kg) | {r['jhakg_failed']} | 0 |",
             f"| `/sparql` latency, geometric mean of 5 queries, each repeated | {r['sparql_geomean']:.2f}× | ≤ 1.5× |"]
    lines += [f"| `/sparql` {q}, repeated | {v:.2f}× | |" for q, v in r["sparql_per_query"].items()]
    if "sparql_geomean_fresh" in r:
        lines.append(f"| `/sparql` latency, geometric mean, every text new (no kept answer) | {r['sparql_geomean_fresh']:.2f}× | |")
        lines += [f"| `/sparql` {q}, new text | {v:.2f}× | |" for q, v in r["sparql_per_query_fresh"].items()]
    rss = result["rss_mb"]
    lines.append(f"| server RSS after the run | {r['rss']:.2f}× ({rss['jhakg']:,.0f} MB against {rss['oxigraph-server']:,.0f} MB) | |")
    return "\n".join(lines)


def _span(result: dict, engine: str) -> str:
    rates = [r["rate"] for r in result["load"][engine]]
    return f"{min(rates):,.0f}–{max(rates):,.0f}"


if __name__ == "__main__":
    main()
