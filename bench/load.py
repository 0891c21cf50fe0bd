"""Load a generated dataset into a fresh on-disk store, in its own process, and report time and peak memory.

Run as a child of `bench.run` so the peak RSS is the load's own, not the runner's:
`python -m bench.load --engine jhakg|pyoxigraph --data DIR --store DIR` prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import pyoxigraph as ox

from bench.generate import Dataset
from graph.store.embedded import EmbeddedStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("jhakg", "pyoxigraph"), required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    data = Dataset.open(args.data)
    start = time.perf_counter()
    if args.engine == "jhakg":  # what `jhakg build` does: N-Triples bytes per graph → a new generation, swapped in
        store = EmbeddedStore(args.store, writable=True)
        store.replace(data.sources())
        triples = store.triple_count()
    else:  # the engine alone: bulk load straight from the files
        raw = ox.Store(str(args.store))
        for graph, path, _n in data.graphs:
            raw.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        raw.flush()
        triples = len(raw)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "triples": triples, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()
