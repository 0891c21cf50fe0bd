"""The analyst pages at scale: first render of an agency profile and a search, as ratios to a bare
store query of the same data.

`python -m bench.pages --triples 100k` generates the synthetic graph (bench/generate.py), loads it into
an embedded store, then times, each in a fresh app (empty cache):

- profile: `GET /id/agency/europol` (HTML) on a cold cache, against the bare named query
  `entity_activities` for the same agency (the rows the page's evidence comes from);
- search: `GET /api/search?q=…` cold (the FTS5 index is built from the store's passages on first
  use) and warm, against a bare SPARQL scan of the same passages (`CONTAINS` over jha:quote);
- both again after the warm-up a server runs at start-up (`graph.views.warm`, timed too): the
  first render an analyst sees once the server is up.

It prints one JSON object. Never run by the tests.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient

from api.app import create_app
from bench.generate import Dataset, generate, parse_size
from graph.store.embedded import EmbeddedStore
from graph.views.warm import warm
from jhakg.settings import Settings
from queries import get_query

BASE = "https://w3id.org/jha-kg/"
JHA = "https://w3id.org/jha-kg/ontology#"
WORD = "synthetic"


def timed(fn: object) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()  # type: ignore[operator]
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="100k")
    parser.add_argument("--work", type=Path, default=None, help="folder for the data and store (a temporary one by default)")
    parser.add_argument("--agency", default="europol")
    parser.add_argument("--word", default=None, help="search word (default: a word of the first passage)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="jhakg-pages-bench-"))
    data_dir, store_dir = work / "data", work / "store"
    gen_s, _ = timed(lambda: generate(parse_size(args.triples), data_dir))
    store = EmbeddedStore(store_dir, writable=True)
    load_s, _ = timed(lambda: store.replace(Dataset.open(data_dir).sources()))
    agency = ox.NamedNode(f"{BASE}agency/{args.agency}")
    bare_profile_s, rows = timed(lambda: list(store.query(get_query("entity_activities").text, substitutions={"_org": agency})))
    first = next(iter(store.query(f"SELECT ?q WHERE {{ ?p <{JHA}quote> ?q }} LIMIT 1")))["q"].value
    word = args.word or max(first.split(), key=len).strip(".,;:()").lower()
    scan = (f'SELECT ?p ?q WHERE {{ ?p <{JHA}quote> ?q FILTER(CONTAINS(LCASE(?q), "{word}")) }}')
    bare_search_s, hits = timed(lambda: list(store.query(scan)))
    result: dict[str, object] = {"triples": store.triple_count(), "generate_s": gen_s, "load_s": load_s, "agency": args.agency,
                                 "word": word, "bare_profile_query_s": bare_profile_s, "bare_profile_rows": len(rows),  # type: ignore[arg-type]
                                 "bare_search_scan_s": bare_search_s, "bare_search_rows": len(hits)}  # type: ignore[arg-type]
    # cold: no warm-up, the first visitor pays for every shared result; warmed: the server made them at start-up
    page = f"/id/agency/{args.agency}"
    html = {"accept": "text/html"}
    cold = Settings(base_iri=BASE, warm_up=False)
    with TestClient(create_app(cold, store=store)) as client:
        profile_s, response = timed(lambda: client.get(page, headers=html))
        assert response.status_code == 200, response.text[:300]  # type: ignore[attr-defined]
        again_s, _ = timed(lambda: client.get(page, headers=html))
    with TestClient(create_app(cold, store=store)) as client:
        search_cold_s, response = timed(lambda: client.get("/api/search", params={"q": word, "limit": 200}))
        assert response.status_code == 200, response.text[:300]  # type: ignore[attr-defined]
        search_warm_s, _ = timed(lambda: client.get("/api/search", params={"q": word, "limit": 200}))
    app = create_app(Settings(base_iri=BASE, warm_up=False), store=store)
    with TestClient(app) as client:
        warm_s, steps = timed(lambda: warm(app.state.cache))  # what start-up does in the background
        warmed_profile_s, response = timed(lambda: client.get(page, headers=html))
        assert response.status_code == 200, response.text[:300]  # type: ignore[attr-defined]
        warmed_search_s, _ = timed(lambda: client.get("/api/search", params={"q": word, "limit": 200}))
    result.update({
        "profile_first_render_s": profile_s, "profile_cached_render_s": again_s,
        "profile_first_ratio": profile_s / bare_profile_s, "profile_cached_ratio": again_s / bare_profile_s,
        "search_first_s": search_cold_s, "search_warm_s": search_warm_s,
        "search_first_ratio": search_cold_s / bare_search_s, "search_warm_ratio": search_warm_s / bare_search_s,
        "warm_up_s": warm_s, "warm_up_steps_s": steps,
        "profile_first_render_after_warm_up_s": warmed_profile_s, "profile_first_after_warm_up_ratio": warmed_profile_s / bare_profile_s,
        "search_first_after_warm_up_s": warmed_search_s, "search_first_after_warm_up_ratio": warmed_search_s / bare_search_s,
    })
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
