"""rdflib-endpoint (the Python peer) over an rdflib Dataset holding a generated graph, served by uvicorn.

`python -m bench.rdflib_app --data DIR --port N`; the default graph is the union of the named graphs,
as in jha-kg. Prints the load time on stderr before it starts serving.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import uvicorn
from rdflib import Dataset as RdfDataset
from rdflib import URIRef
from rdflib_endpoint import SparqlEndpoint

from bench.generate import Dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    start = time.perf_counter()
    dataset = RdfDataset(default_union=True)
    for graph, path, _n in Dataset.open(args.data).graphs:
        dataset.graph(URIRef(graph)).parse(str(path), format="nt")
    print(f"loaded {len(dataset)} triples in {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
