"""results.json → a Markdown report: per size, load, query latency with ratios, throughput, memory; then the targets."""

from __future__ import annotations

from bench.ratios import ratios

ENGINES = ("pyoxigraph", "jhakg", "oxigraph-server", "rdflib-endpoint")
HEAD = {"pyoxigraph": "pyoxigraph in-process", "jhakg": "jhakg /sparql", "oxigraph-server": "Oxigraph server",
        "rdflib-endpoint": "rdflib-endpoint"}


def _ms(value: object) -> str:
    return f"{value * 1000:,.1f}" if isinstance(value, int | float) else "–"


def _x(value: object, at_least: bool = False) -> str:
    return f"{'≥ ' if at_least else ''}{value:.2f}×" if isinstance(value, int | float) else "–"


def _cell(entry: dict[str, object] | None) -> str:
    if not entry:
        return "–"
    if entry.get("median") is None:
        return str(entry.get("error") or "–")
    return _ms(entry["median"])


def _size(s: dict) -> list[str]:
    out = [f"### {s['size']} ({s['triples']:,} triples, {s['graphs']} named graphs)", ""]
    if "load_average_before" in s:
        out += [f"Machine load average (1 min) before / after: {s['load_average_before']:.1f} / {s['load_average_after']:.1f}.", ""]
    out += ["| load | seconds | triples/s | peak memory (MB) |", "| --- | ---: | ---: | ---: |"]
    for engine, load in s["load"].items():
        peak = f"{load['peak_mb']:,.0f}" if "peak_mb" in load else "–"
        out.append(f"| {engine} | {load['seconds']:.2f} | {load['triples_per_second']:,.0f} | {peak} |")
    out += ["", "Median latency in ms (rows returned in brackets):", ""]
    present = [e for e in ENGINES if any(e in v for v in s["latency"].values())]
    out.append("| query | " + " | ".join(HEAD[e] for e in present) + " | jhakg / Oxigraph server | rdflib-endpoint / jhakg |")
    out.append("| --- |" + " ---: |" * (len(present) + 2))
    for name, per in s["latency"].items():
        rows = next((v.get("rows") for v in per.values() if v.get("rows") is not None), None)
        r = s["ratios"]["per_query"][name]
        label = f"{name} ({rows:,})" if rows is not None else name
        cells = " | ".join(_cell(per.get(e)) for e in present)
        bound = name in s["ratios"].get("rdflib_lower_bounds", [])
        out.append(f"| {label} | {cells} | {_x(r['jhakg/oxigraph-server'])} | {_x(r['rdflib-endpoint/jhakg'], bound)} |")
    overall = s["ratios"]["set"]
    out += ["", f"Over the query set (geometric mean of the per-query ratios): jhakg / Oxigraph server "
                f"**{_x(overall['jhakg/oxigraph-server'])}**, rdflib-endpoint / jhakg "
                f"**{_x(overall['rdflib-endpoint/jhakg'], bool(s['ratios'].get('rdflib_lower_bounds')))}**, "
                f"jhakg / pyoxigraph in-process **{_x(overall['jhakg/pyoxigraph'])}**."]
    if s.get("api"):
        out += ["", "Named queries through `/api/queries/{name}`: " + ", ".join(
            f"{name} {_cell(v)} ms" for name, v in s["api"].items())]
    tp = s["throughput"]
    if tp:
        engines = list(tp)
        out += ["", "Light query (`agencies`) throughput, requests/s (median latency ms):", "",
                "| clients | " + " | ".join(engines) + " | jhakg / Oxigraph server |", "| ---: |" + " ---: |" * (len(engines) + 1)]
        for clients in ("1", "8", "32"):
            cells = []
            for e in engines:
                t = tp[e].get(clients)
                errors = f" {t['errors']} errors" if t and t["errors"] else ""
                cells.append(f"{t['per_second']:,.0f} ({_ms(t['median_latency'])}){errors}" if t else "–")
            out.append(f"| {clients} | " + " | ".join(cells) + f" | {_x(s['ratios']['throughput_jhakg/oxigraph-server'].get(clients))} |")
    out += ["", "Serve RSS after the runs (MB): " + ", ".join(f"{k} {v:,.0f}" for k, v in s["rss_mb"].items()) + "."]
    for name, parts in s.get("rss_by_process_mb", {}).items():
        if name.startswith("jhakg"):
            out.append(f"{name} by process (MB): " + ", ".join(f"{role} {mb:,.0f}" for role, mb in parts) + ".")
    a = s["analytics"]
    out += [f"Analytics (`graph.projection` on the embedded store, median of 3 runs interleaved with the scan): "
            f"collaboration_rows {a['collaboration_rows_s']:.2f} s "
            f"({a['rows']:,} rows), networkx graph {a['graph_s']:.2f} s ({a['nodes']:,} nodes, {a['edges']:,} edges)"
            + (f"; a bare pyoxigraph scan of the {a['participation_triples']:,} participation triples {a['participation_scan_s']:.2f} s "
               f"(projection / scan {a['collaboration_rows_s'] / a['participation_scan_s']:.1f}×)" if a.get("participation_scan_s") else "")
            + ".", ""]
    return out


def _best_kept(s: dict) -> float | None:
    kept, peer = s["throughput"].get("jhakg (answers kept)", {}), s["throughput"].get("oxigraph-server", {})
    ratios = [kept[c]["per_second"] / peer[c]["per_second"] for c in kept if c in peer and peer[c]["per_second"]]
    return max(ratios) if ratios else None


def _scan_ratio(a: dict) -> float | None:
    return a["collaboration_rows_s"] / a["participation_scan_s"] if a.get("participation_scan_s") else None


def targets(s: dict) -> list[str]:
    """The issue's targets, checked on one size (the largest ≥ 1M run)."""
    overall = s["ratios"]["set"]
    load = s["load"]["jhakg"]
    rss = s["rss_mb"].get("jhakg")
    tput = s["ratios"]["throughput_jhakg/oxigraph-server"]
    best = max(tput.values()) if tput else None
    bound = bool(s["ratios"].get("rdflib_lower_bounds"))
    checks = [
        ("/sparql median latency within 1.5× of the Oxigraph server (query set)", overall["jhakg/oxigraph-server"], lambda v: v <= 1.5, _x),
        ("≥ 10× faster than rdflib-endpoint (query set; its timeouts count as the time limit)", overall["rdflib-endpoint/jhakg"],
         lambda v: v >= 10, lambda v: _x(v, bound)),
        ("build ≥ 200k triples/s", load["triples_per_second"], lambda v: v >= 200_000, lambda v: f"{v:,.0f}/s"),
        ("build ≤ 1.1× bare pyoxigraph's bulk load (seconds)", load["seconds"] / s["load"]["pyoxigraph"]["seconds"],
         lambda v: v <= 1.1, _x),
        ("collaboration projection within 3× of a bare scan of the participation triples", _scan_ratio(s["analytics"]),
         lambda v: v <= 3, _x),
        ("serve RSS ≤ 600 MB (after the query set and the throughput runs)", rss, lambda v: v <= 600, lambda v: f"{v:,.0f} MB"),
        ("light-query throughput ≥ 30 % of the Oxigraph server's (best of 1/8/32 clients; every query evaluated)", best,
         lambda v: v >= 0.3, lambda v: f"{v:.0%}"),
        ("the same with jhakg's defaults (a repeated answer kept until the store changes)", _best_kept(s), lambda v: v >= 0.3,
         lambda v: f"{v:.0%}"),
    ]
    out = [f"### Targets at {s['size']}", "", "| target | measured | met |", "| --- | ---: | :---: |"]
    for text, value, ok, fmt in checks:
        out.append(f"| {text} | {fmt(value) if value is not None else '–'} | {'yes' if value is not None and ok(value) else 'no'} |")
    return [*out, ""]


def markdown(results: dict) -> str:
    """The whole report; ratios are recomputed from the raw latencies, so an old results.json renders the same way."""
    for s in results["sizes"]:
        s["ratios"] = ratios(s["latency"], s["throughput"], s.get("rdflib_timeout_s", 30.0))
    m = results["machine"]
    out = ["## Benchmark results", "", f"`{results['command']}` — {results['started']}, {m['cpus']} CPUs, Python {m['python']}, "
           f"pyoxigraph {m['pyoxigraph']}, {m['oxigraph']}.", ""]
    for s in results["sizes"]:
        out += _size(s)
    big = [s for s in results["sizes"] if s["triples"] >= 900_000]
    if big:
        out += targets(big[-1])
    return "\n".join(out)


def readme_section(report: str) -> str:
    """The report as the README carries it: under the README's own "Results of one run" heading, one level down."""
    body = report.split("\n", 1)[1].lstrip("\n")  # the "## Benchmark results" title is the README's heading
    return body.replace("\n### ", "\n#### ")


def main() -> None:
    """`python -m bench.report [results.json] [--readme]`: rewrite results.md next to it (and the README's run)."""
    import argparse
    import json
    from pathlib import Path

    from bench.readme import write_section

    parser = argparse.ArgumentParser(description="Render a bench.run results.json as Markdown (results.md next to it).")
    parser.add_argument("results", nargs="?", type=Path, default=Path(__file__).resolve().parent / "results" / "results.json")
    parser.add_argument("--readme", action="store_true", help="also write it into README.md (section run)")
    args = parser.parse_args()
    report = markdown(json.loads(args.results.read_text()))
    args.results.with_name("results.md").write_text(report)
    print(report)
    if args.readme:
        write_section("run", readme_section(report))


if __name__ == "__main__":
    main()
