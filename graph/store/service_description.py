"""The SPARQL Service Description and the VoID + DCAT dataset description, as RDF built here once.

Both describe the same dataset (triples, classes, entities, the reports it was built from, the
endpoint and the dumps), so one function makes the dataset node and the service description
embeds it as its default dataset.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graph.store.base import Store
from graph.store.formats import GRAPH_FORMATS, TABULAR_FORMATS, rows_as_python
from ontology.namespaces import PREFIXES
from queries import get_query

__all__ = ["NS", "dataset_description", "serialise_description", "service_description"]

# The prefixes these descriptions use, from the one table in ontology.namespaces (plus W3C format IRIs).
NS = {**{p: PREFIXES[p] for p in ("sd", "void", "dcat", "dcterms", "foaf", "rdf", "xsd", "jha")},
      "formats": "http://www.w3.org/ns/formats/"}
# The licence jha-kg's own data is published under, and the reuse policy of EU agencies' reports.
DATA_LICENSE = "https://interoperable-europe.ec.europa.eu/licence/european-union-public-licence-version-12-eupl"
REPORT_LICENSE = "http://data.europa.eu/eli/dec/2011/833/oj"
# W3C format IRIs for the media types of graph.store.formats
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}
_DUMPS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}

Triple = ox.Triple


def _n(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("xsd:integer"))


def dataset_description(store: Store, root: str, base_iri: str) -> tuple[ox.NamedNode, list[Triple]]:
    """The dataset as void:Dataset and dcat:Dataset: size, classes, endpoint, dumps, licence, source reports."""
    ds = ox.NamedNode(f"{base_iri}dataset")
    out: list[Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> None:
        out.append(Triple(s, _n(p), o))

    _v, stats = rows_as_python(store.query(get_query("dataset_stats").text))
    row = stats[0] if stats else {}
    add(ds, "rdf:type", _n("void:Dataset"))
    add(ds, "rdf:type", _n("dcat:Dataset"))
    add(ds, "dcterms:title", ox.Literal("jha-kg: the EU Justice and Home Affairs agencies' network", language="en"))
    add(ds, "dcterms:description", ox.Literal(
        "Who cooperates with whom in the EU JHA agencies' network, on what, through which instruments, "
        "each fact traced to the sentence of the report it came from.", language="en"))
    add(ds, "dcterms:license", ox.NamedNode(DATA_LICENSE))
    add(ds, "void:uriSpace", ox.Literal(base_iri))
    add(ds, "void:vocabulary", ox.NamedNode(NS["jha"]))
    add(ds, "void:sparqlEndpoint", ox.NamedNode(f"{root}sparql"))
    add(ds, "void:rootResource", ox.NamedNode(f"{base_iri}agency/europol"))
    for key, name in (("triples", "void:triples"), ("entities", "void:entities"), ("classes", "void:classes"),
                      ("properties", "void:properties")):
        if row.get(key) is not None:
            add(ds, name, _int(int(row[key] or 0)))
    endpoint = ox.BlankNode()
    add(ds, "dcat:distribution", endpoint)
    add(endpoint, "rdf:type", _n("dcat:Distribution"))
    add(endpoint, "dcat:accessURL", ox.NamedNode(f"{root}sparql"))
    add(endpoint, "dcterms:conformsTo", ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    for short, media in _DUMPS.items():
        dump = ox.NamedNode(f"{root}api/export/{short}")
        add(ds, "void:dataDump", dump)
        dist = ox.BlankNode()
        add(ds, "dcat:distribution", dist)
        add(dist, "rdf:type", _n("dcat:Distribution"))
        add(dist, "dcat:downloadURL", dump)
        add(dist, "dcat:mediaType", ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media}"))
        add(dist, "dcterms:license", ox.NamedNode(DATA_LICENSE))
    _v, classes = rows_as_python(store.query(get_query("class_counts").text))
    for item in classes:
        part = ox.BlankNode()
        add(ds, "void:classPartition", part)
        add(part, "void:class", ox.NamedNode(item["class"] or ""))
        add(part, "void:entities", _int(int(item["count"] or 0)))
    _v, reports = rows_as_python(store.query(get_query("reports").text))
    for report in reports:
        source = ox.NamedNode(report["report"] or "")
        add(ds, "dcterms:source", source)
        if title := report.get("title"):
            add(source, "dcterms:title", ox.Literal(title, language="en"))
        if year := report.get("year"):
            add(source, "dcterms:issued", ox.Literal(year, datatype=_n("xsd:gYear")))
        add(source, "dcterms:license", ox.NamedNode(REPORT_LICENSE))
        if publisher := report.get("publisher"):
            add(source, "dcterms:publisher", ox.NamedNode(publisher))
    return ds, _dedupe(out)


def service_description(store: Store, root: str, base_iri: str, *, update: bool) -> list[Triple]:
    """sd:Service for /sparql: languages, result formats, features and the dataset it serves."""
    service = ox.NamedNode(f"{root}sparql")
    out: list[Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> None:
        out.append(Triple(s, _n(p), o))

    add(service, "rdf:type", _n("sd:Service"))
    add(service, "sd:endpoint", service)
    add(service, "sd:supportedLanguage", _n("sd:SPARQL11Query"))
    if update:
        add(service, "sd:supportedLanguage", _n("sd:SPARQL11Update"))
    add(service, "sd:feature", _n("sd:UnionDefaultGraph"))
    add(service, "sd:feature", _n("sd:EmptyGraphs"))  # no sd:BasicFederatedQuery: SERVICE is refused
    for short in (*(f.short for f in TABULAR_FORMATS), *(f.short for f in GRAPH_FORMATS)):
        add(service, "sd:resultFormat", ox.NamedNode(NS["formats"] + _FORMAT_IRIS[short]))
    ds, triples = dataset_description(store, root, base_iri)
    default = ds  # the served dataset is the one VoID/DCAT describe
    add(service, "sd:defaultDataset", default)
    add(default, "rdf:type", _n("sd:Dataset"))
    graph = ox.BlankNode()
    add(default, "sd:defaultGraph", graph)
    add(graph, "rdf:type", _n("sd:Graph"))
    add(graph, "void:triples", _int(store.triple_count()))
    for name in store.named_graphs():
        named = ox.BlankNode()
        add(default, "sd:namedGraph", named)
        add(named, "sd:name", ox.NamedNode(name))
    return _dedupe(out + triples)


def serialise_description(triples: Iterable[Triple], fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(list(triples), format=fmt, prefixes=NS) or b""


def _dedupe(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))
