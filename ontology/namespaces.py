"""The one table of namespace prefixes, shared by loaders, queries, exports and the API."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

__all__ = [
    "DCAT",
    "DCTERMS",
    "ELI",
    "FOAF",
    "JHA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SKOS",
    "VOID",
    "XSD",
    "bind_prefixes",
    "sparql_prologue",
]

JHA = Namespace("https://w3id.org/jha-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, str] = {
    "jha": str(JHA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "eli": str(ELI),
    "foaf": str(FOAF),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": str(SD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the shared prefixes so every serialisation reads the same."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for all shared prefixes, for queries written without their own."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
