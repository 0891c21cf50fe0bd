"""Benchmark (not a test): analytics end to end on the real graph and on a 10,000-organisation synthetic graph.

    .venv/bin/python bench/analytics.py                 # both parts, figures printed
    .venv/bin/python bench/analytics.py --orgs 2000     # a smaller synthetic graph
    .venv/bin/python bench/analytics.py --exact         # also exact betweenness/closeness at full size (minutes)
    .venv/bin/python bench/analytics.py --out figures.json

Timings are medians of `--repeat` runs on this machine; the useful figures are the ratios within one
run (sampled against exact betweenness, our effective size path against networkx's all-nodes path,
the projection against the SPARQL load), since absolute times move with the machine's load.

The synthetic graph is generated with a seed: 9 agencies and `orgs - 9` other organisations,
`activities` activities of 2–6 participants drawn with Zipf-like weights (a few hubs, a long tail;
every organisation in at least one activity that happened, so the projection holds all of them),
40 % with one or two agencies (some busier than others), themes from the real scheme, statuses
mostly done. It is written as
N-Triples into a real embedded store next to the reference graph, so the whole path (SPARQL
projection → networkx → measures → gaps → recommendations) runs as in the service.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from graph.analytics.centrality import LARGE, MEASURES, compute
from graph.analytics.communities import communities
from graph.analytics.gaps import gaps, load_opportunities
from graph.analytics.projection import load_network
from graph.analytics.recommend import recommend
from graph.build.pipeline import build
from graph.store.embedded import EmbeddedStore
from loaders.to_rdf import graph_iri, reference_graph
from ontology.registry import load_registry

BASE = "https://w3id.org/jha-kg/"
JHA = "https://w3id.org/jha-kg/ontology#"
SEED = 20171


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def synthetic_triples(orgs: int, activities: int, seed: int) -> bytes:
    """The synthetic report graph as N-Triples (see the module docstring)."""
    rng = random.Random(seed)
    registry = load_registry()
    agencies = [f"{BASE}agency/{a.id}" for a in registry.agencies]
    others = [f"{BASE}organisation/synthetic-{i:05d}" for i in range(orgs - len(agencies))]
    themes = [f"{BASE}theme/{t.id}" for t in registry.themes]
    types = ["Meeting", "Training", "Workshop", "Publication", "JointOperation", "Project", "InformationExchange"]
    statuses = ["Done"] * 7 + ["Ongoing"] * 2 + ["Planned", "Proposed"]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(others))]
    lines: list[str] = []
    add = lines.append
    report = f"{BASE}report/synthetic"
    add(f"<{report}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{JHA}Report> .")
    add(f'<{report}> <{JHA}year> "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> .')
    for org in others:
        add(f"<{org}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{JHA}OtherOrganisation> .")
        add(f'<{org}> <http://www.w3.org/2004/02/skos/core#prefLabel> "{org.rsplit("/", 1)[-1]}"@en .')
    agency_weights = [1 / (i + 1) for i in range(len(agencies))]  # a few busy agencies, some quiet ones
    for i in range(activities):
        act, passage = f"{BASE}activity/synthetic-{i:06d}", f"{BASE}passage/synthetic-{i:06d}"
        size = rng.randint(2, 6)
        members = {others[i % len(others)]}  # every organisation takes part in at least one activity
        if rng.random() < 0.4:
            members.update(rng.choices(agencies, agency_weights, k=rng.randint(1, 2)))
        while len(members) < size:
            members.add(rng.choices(others, weights)[0])
        status = rng.choice(statuses[:9]) if i < len(others) else rng.choice(statuses)  # the covering ones happened
        add(f"<{act}> <{JHA}status> <{JHA}{status}> .")
        add(f"<{act}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{JHA}{rng.choice(types)}> .")
        add(f'<{act}> <http://www.w3.org/2000/01/rdf-schema#label> "synthetic activity {i}"@en .')
        add(f"<{act}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{passage}> .")
        add(f'<{passage}> <{JHA}quote> "Synthetic passage {i}." .')
        add(f"<{passage}> <http://purl.org/dc/terms/isPartOf> <{report}> .")
        for theme in rng.sample(themes, rng.randint(1, 2)):
            add(f"<{act}> <http://purl.org/dc/terms/subject> <{theme}> .")
        for org in members:
            add(f"<{act}> <{JHA}participant> <{org}> .")
    return ("\n".join(lines) + "\n").encode()


class Figures(dict):
    """A dict that prints each figure as it is recorded, so a long run shows where it is."""

    def __setitem__(self, key: str, value: object) -> None:
        print(f"  {key}: {value}", flush=True)
        super().__setitem__(key, value)


def run_suite(store: EmbeddedStore, label: str, repeat: int, sample: int | None, exact: bool) -> dict[str, object]:
    """Every analytic once per repeat; returns the figures."""
    figures: dict[str, object] = Figures(graph=label)
    t, network = timed(lambda: load_network(store), repeat)
    figures["load_network_s"] = round(t, 4)
    figures["collaboration_rows"] = len(network.collaborations)  # type: ignore[union-attr]
    for scope in ("agencies", "all"):
        t, g = timed(lambda scope=scope: network.graph(scope=scope), repeat)  # type: ignore[union-attr]
        figures[f"{scope}_nodes"], figures[f"{scope}_edges"] = g.number_of_nodes(), g.number_of_edges()  # type: ignore[union-attr]
        figures[f"{scope}_projection_s"] = round(t, 4)
        large = g.number_of_nodes() >= LARGE  # type: ignore[union-attr]
        for name, measure in MEASURES.items():
            if large and measure.name in ("betweenness", "closeness") and not exact:
                continue
            t, _ = timed(lambda name=name, g=g: compute(g, [name]), 1 if large else repeat)
            figures[f"{scope}_{name}_s"] = round(t, 4)
        if large and sample:
            t, est = timed(lambda g=g: compute(g, ["betweenness"], sample=sample), 1)
            figures[f"{scope}_betweenness_k{sample}_s"] = round(t, 4)
            top = sorted(est, key=lambda n: -(est[n]["betweenness"] or 0))[:10]  # type: ignore[index,operator]
            figures[f"{scope}_betweenness_k{sample}_top10"] = [n.rsplit("/", 1)[-1] for n in top]
            # Peer in the same run: networkx's own all-nodes (sparse) effective size, against our per-node path.
            t, _ = timed(lambda g=g: nx.effective_size(g, weight="weight"), 1)
            figures[f"{scope}_effective_size_networkx_sparse_s"] = round(t, 4)
            if exact:
                exact_top = sorted(nx.betweenness_centrality(g, weight="distance").items(), key=lambda kv: -kv[1])[:10]
                figures[f"{scope}_betweenness_top10_overlap"] = len({n for n, _ in exact_top} & set(top))
    t, _ = timed(lambda: communities(network), repeat)  # type: ignore[arg-type]
    figures["communities_agencies_s"] = round(t, 4)
    t, result = timed(lambda: communities(network, scope="all"), 1)  # type: ignore[arg-type]
    figures["communities_all_s"], figures["communities_all_count"] = round(t, 4), len(result.communities)  # type: ignore[attr-defined]
    t, result = timed(lambda: gaps(network, load_opportunities(store)), repeat)  # type: ignore[arg-type]
    figures["gaps_s"] = round(t, 4)
    figures["gaps_counts"] = {k: len(v) for k, v in dict(result).items()}  # type: ignore[call-overload]
    t, result = timed(lambda: recommend(network, top=None), repeat)  # type: ignore[arg-type]
    figures["recommend_s"], figures["recommend_candidates"] = round(t, 4), len(result)  # type: ignore[arg-type]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000, help="organisations in the synthetic graph")
    parser.add_argument("--activities", type=int, default=15_000, help="activities in the synthetic graph")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sample", type=int, default=100, help="k for sampled betweenness on the large graph")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exact", action="store_true", help="also exact betweenness and closeness on the large graph")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        real = EmbeddedStore(Path(tmp) / "real", writable=True)
        start = time.perf_counter()
        build(real, None, BASE)
        built = time.perf_counter() - start
        print(f"real graph built in {built:.2f} s ({real.triple_count()} triples)", flush=True)
        results.append(run_suite(real, "real 2017 report", args.repeat, None, exact=True))

        synth = EmbeddedStore(Path(tmp) / "synthetic", writable=True)
        start = time.perf_counter()
        data = synthetic_triples(args.orgs, args.activities, args.seed)
        reference = reference_graph(load_registry(), BASE).serialize(format="nt", encoding="utf-8")
        synth.replace([(graph_iri(BASE, "reference"), reference), (graph_iri(BASE, "synthetic"), data)])
        loaded = time.perf_counter() - start
        print(f"synthetic graph ({args.orgs} organisations, {args.activities} activities, seed {args.seed}) generated and "
              f"loaded in {loaded:.2f} s ({synth.triple_count()} triples)", flush=True)
        results[-1]["build_s"] = round(built, 3)
        figures = run_suite(synth, f"synthetic {args.orgs} organisations", 1, args.sample, args.exact)
        figures["load_store_s"] = round(loaded, 3)
        results.append(figures)
        real.close()
        synth.close()
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
