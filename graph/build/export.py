"""Export the store: RDF (Turtle, N-Triples, N-Quads, JSON-LD) or the collaboration network
(GraphML, GEXF, CSV edge list) for network tools such as Gephi, Cytoscape or a spreadsheet."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from graph.analytics.projection import collaboration_graph, collaboration_rows
from graph.store.base import Store
from graph.store.formats import as_solutions
from jhakg.errors import UnknownName
from ontology.namespaces import bind_prefixes
from queries import get_query

__all__ = ["EXPORT_FORMATS", "export", "network_for_export"]

EXPORT_FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "text/csv",
}


def network_for_export(store: Store, scope: str = "all") -> nx.Graph[str]:
    """The collaboration network with plain attributes (labels, counts) that every tool reads."""
    graph = collaboration_graph(collaboration_rows(store), scope=scope)
    labels = {row["resource"].value: row["label"].value for row in as_solutions(store.query(get_query("labels").text))}
    out: nx.Graph[str] = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, label=labels.get(node, node.rsplit("/", 1)[-1]), agency=bool(data.get("agency")))
    for a, b, data in graph.edges(data=True):
        out.add_edge(a, b, weight=data["weight"], activities=" ".join(sorted(data["activities"])),
                     themes=" ".join(sorted(data["themes"])))
    return out


def _edge_csv(graph: nx.Graph) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "source_label", "target", "target_label", "weight", "themes", "activities"])
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1])):
        writer.writerow([a, graph.nodes[a]["label"], b, graph.nodes[b]["label"], data["weight"], data["themes"],
                         data["activities"]])
    return buffer.getvalue().encode("utf-8")


def export(store: Store, fmt: str) -> bytes:
    """The whole graph in one of EXPORT_FORMATS (network formats: the collaboration network)."""
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
    if fmt in ("graphml", "gexf", "csv"):
        network = network_for_export(store)
        if fmt == "csv":
            return _edge_csv(network)
        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(network, buffer)
        return buffer.getvalue()
    raise UnknownName("export format", fmt, EXPORT_FORMATS)
