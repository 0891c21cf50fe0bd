"""Ratios of jhakg against its peers measured in the same run: the only figures the benchmark reports."""

from __future__ import annotations

import statistics


def _geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return statistics.geometric_mean(values) if values else None


def ratios(
    latency: dict[str, dict[str, dict[str, object]]], throughput: dict[str, object], rdflib_timeout: float = 30.0
) -> dict[str, object]:
    """Per query and over the set (geometric mean): jhakg/oxigraph-server, rdflib/jhakg, jhakg/pyoxigraph.

    An rdflib-endpoint timeout counts as its time limit, so its ratio is a lower bound (listed in
    `rdflib_lower_bounds`), never left out: leaving it out would hide the slowest queries.
    """
    per_query: dict[str, dict[str, float | None]] = {}
    lower_bounds = []
    for name, engines_ in latency.items():
        m = {engine: v.get("median") for engine, v in engines_.items()}
        rdflib = engines_.get("rdflib-endpoint", {})
        if m.get("rdflib-endpoint") is None and str(rdflib.get("error", "")).startswith("timeout"):
            m["rdflib-endpoint"] = rdflib_timeout
            lower_bounds.append(name)
        jh = m.get("jhakg")
        per_query[name] = {
            "jhakg/oxigraph-server": jh / m["oxigraph-server"] if jh and m.get("oxigraph-server") else None,
            "rdflib-endpoint/jhakg": m["rdflib-endpoint"] / jh if jh and m.get("rdflib-endpoint") else None,
            "jhakg/pyoxigraph": jh / m["pyoxigraph"] if jh and m.get("pyoxigraph") else None,
        }
    overall = {key: _geomean([r[key] for r in per_query.values() if r[key]]) for key in
               ("jhakg/oxigraph-server", "rdflib-endpoint/jhakg", "jhakg/pyoxigraph")}
    tput = {}
    jh = throughput.get("jhakg", {})
    for key, ox_ in throughput.get("oxigraph-server", {}).items():
        if jh.get(key) and ox_["per_second"]:
            tput[key] = jh[key]["per_second"] / ox_["per_second"]
    return {"per_query": per_query, "set": overall, "throughput_jhakg/oxigraph-server": tput, "rdflib_lower_bounds": lower_bounds}
