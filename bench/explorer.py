"""Benchmark: time to a stable drawing of /explore in Chromium at ~200 and ~2,000 nodes.

Not a test: it builds two synthetic stores (organisations, activities with quotes, themes, as
the loader would write them), serves each with `jhakg serve`, and measures in headless
Chromium (Debian's /usr/bin/chromium):

- server: the first /explore (queries, layout, centrality; then cached) and a cached one;
- browser: navigation start → the first full drawing with filters applied (physics is off,
  positions come from the server, so that drawing is the stable one);
- a theme filter applied to the whole graph.

Run:  .venv/bin/python bench/explorer.py [--repeat 3]
Prints a table and writes bench/results/explorer.json. Ratios (2,000 / 200) matter more than
the absolute figures, which depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store.embedded import EmbeddedStore  # noqa: E402

BASE = "https://w3id.org/jha-kg/"
JHA = f"{BASE}ontology#"
AGENCIES = ["cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
KINDS = ["EUInstitution", "EUBody", "EUAgency", "Network", "InternationalOrganisation", "MemberState", "ThirdCountry"]
TYPES = ["Meeting", "Training", "Workshop", "Conference", "Publication", "JointOperation", "InformationExchange"]
STATUSES = ["Done"] * 6 + ["Ongoing"] * 2 + ["Planned", "Proposed"]
THEMES = [f"theme-{i}" for i in range(12)]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]


def _lit(text: str) -> str:
    return json.dumps(text)


def synthetic_ntriples(organisations: int, seed: int = 1) -> bytes:
    """Agencies, organisations and ~2.5 activities per organisation, with passages and themes."""
    rng = random.Random(seed)
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    skos = "http://www.w3.org/2004/02/skos/core#"
    dct = "http://purl.org/dc/terms/"
    prov = "http://www.w3.org/ns/prov#"
    out: list[str] = []
    report = f"{BASE}report/synthetic-2017"
    out.append(f"<{report}> <{rdf}> <{JHA}Report> .")
    out.append(f'<{report}> <{JHA}year> "2017"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    for t in THEMES:
        out.append(f"<{BASE}theme/{t}> <{rdf}> <{JHA}Theme> .")
        out.append(f"<{BASE}theme/{t}> <{skos}prefLabel> {_lit('Theme ' + t[6:])} .")
    orgs = []
    for a in AGENCIES:
        iri = f"{BASE}agency/{a}"
        orgs.append(iri)
        out += [f"<{iri}> <{rdf}> <{JHA}Agency> .", f"<{iri}> <{skos}prefLabel> {_lit(a.upper() + ' agency')} .",
                f"<{iri}> <{JHA}acronym> {_lit(a.upper())} .", f"<{iri}> <{dct}identifier> {_lit(a)} ."]
    for i in range(organisations - len(AGENCIES)):
        iri = f"{BASE}organisation/org-{i}"
        orgs.append(iri)
        out += [f"<{iri}> <{rdf}> <{JHA}{rng.choice(KINDS)}> .", f"<{iri}> <{skos}prefLabel> {_lit(f'Organisation {i}')} ."]
    for i in range(int(organisations * 2.5)):
        act = f"{BASE}activity/act-{i}"
        passage = f"{BASE}passage/p-{i}"
        members = {rng.choice(orgs[:9])} if rng.random() < 0.7 else set()
        while len(members) < rng.choice([2, 2, 2, 3, 4]):
            members.add(orgs[min(len(orgs) - 1, int(rng.paretovariate(0.8))) - 1] if rng.random() < 0.3 else rng.choice(orgs))
        out += [f"<{act}> <{rdf}> <{JHA}{rng.choice(TYPES)}> .", f"<{act}> <{JHA}status> <{JHA}{rng.choice(STATUSES)}> .",
                f"<{act}> <http://www.w3.org/2000/01/rdf-schema#label> {_lit(f'Synthetic activity {i}')} .",
                f"<{act}> <{prov}wasDerivedFrom> <{passage}> .", f"<{passage}> <{rdf}> <{JHA}Passage> .",
                f"<{passage}> <{dct}isPartOf> <{report}> .", f"<{passage}> <{JHA}quote> {_lit(f'Quote of synthetic activity {i}.')} .",
                f"<{passage}> <{JHA}sectionPath> {_lit('1. Synthetic > 1.1 Section')} ."]
        for t in rng.sample(THEMES, rng.choice([1, 1, 2])):
            out.append(f"<{act}> <{dct}subject> <{BASE}theme/{t}> .")
        for m in members:
            out.append(f"<{act}> <{JHA}participant> <{m}> .")
    return ("\n".join(out) + "\n").encode()


def build_store(path: Path, organisations: int) -> None:
    ontology = ox.serialize(ox.parse(path=str(ROOT / "ontology" / "jha.ttl"), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    store = EmbeddedStore(path, writable=True)
    store.replace([(f"{BASE}graph/reference", ontology or b""), (f"{BASE}graph/synthetic", synthetic_ntriples(organisations))])
    store.close()


def serve(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "jhakg", "serve", "--port", str(port), "--store", str(path)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def measure(url: str, repeat: int, shot: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    t = time.perf_counter()
    first = httpx.get(f"{url}/explore", timeout=300)
    server_first = time.perf_counter() - t
    t = time.perf_counter()
    httpx.get(f"{url}/explore", timeout=300)
    server_cached = time.perf_counter() - t
    draws, filters, nodes = [], [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{url}/explore", wait_until="load")
            page.wait_for_function("() => window.jhakgNetwork && window.jhakgNetwork.ready", timeout=300_000)
            draws.append(page.evaluate("() => window.jhakgNetwork.drawnAt") / 1000)
            nodes = page.evaluate("() => window.jhakgNetwork.drawnNodeCount()")
            if shot is not None:
                page.screenshot(path=str(shot))
            filters.append(page.evaluate("""() => new Promise((resolve) => {
                const s = document.getElementById('filter-theme'); const t0 = performance.now();
                s.value = '0'; s.dispatchEvent(new Event('change'));
                window.jhakgNetwork.network.once('afterDrawing', () => resolve((performance.now() - t0) / 1000));
                window.jhakgNetwork.network.redraw(); })"""))
            page.close()
        browser.close()
    return {"nodes_drawn": nodes, "page_bytes": len(first.content), "server_first_s": server_first, "server_cached_s": server_cached,
            "draw_s": statistics.median(draws), "theme_filter_s": statistics.median(filters)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    args = parser.parse_args()
    results = {}
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"store-{size}"
            build_store(path, size)
            process, url = serve(path)
            try:
                results[size] = measure(url, args.repeat, ROOT / "bench" / "results" / f"explorer-{size}.png")
            finally:
                process.terminate()
                process.wait(timeout=10)
    print(f"{'organisations':>13} {'drawn':>6} {'page KB':>8} {'server 1st s':>12} {'cached s':>9} {'draw s':>7} {'filter s':>8}")
    for size, r in results.items():
        print(f"{size:>13} {r['nodes_drawn']:>6} {r['page_bytes'] / 1024:>8.0f} {r['server_first_s']:>12.2f} {r['server_cached_s']:>9.3f}"
              f" {r['draw_s']:>7.2f} {r['theme_filter_s']:>8.3f}")
    if len(results) >= 2:
        small, large = results[min(results)], results[max(results)]
        print(f"ratio {max(results)}/{min(results)}: draw {large['draw_s'] / small['draw_s']:.1f}x, "
              f"server first {large['server_first_s'] / small['server_first_s']:.1f}x, "
              f"filter {large['theme_filter_s'] / small['theme_filter_s']:.1f}x")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "explorer.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
