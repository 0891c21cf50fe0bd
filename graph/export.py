"""Export the store as Turtle, N-Triples, N-Quads or JSON-LD (graph formats come with Analytics)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph.store import Store
from ontology.namespaces import bind_prefixes

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}


def export(store: Store, fmt: str) -> bytes:
    """The whole graph in one of EXPORT_FORMATS."""
    if fmt == "nt":
        return store.dump(ox.RdfFormat.N_TRIPLES)
    if fmt == "nq":
        return store.dump(ox.RdfFormat.N_QUADS)
    if fmt in ("ttl", "jsonld"):
        graph = bind_prefixes(Graph())
        graph.parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
        if fmt == "ttl":
            return graph.serialize(format="turtle", encoding="utf-8")
        return graph.serialize(format="json-ld", encoding="utf-8", auto_compact=True)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
