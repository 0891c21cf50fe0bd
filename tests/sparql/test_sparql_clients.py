"""Real SPARQL clients against the live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

from typing import Any
from xml.dom.minidom import Document

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import ResultRow
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.conftest import Server

JHA = "https://w3id.org/jha-kg/ontology#"
AGENCIES = f"SELECT ?a WHERE {{ ?a a <{JHA}Agency> }} ORDER BY ?a"


def _converted(client: SPARQLWrapper, kind: type) -> Any:
    """The client's parsed answer, checked to be of the kind its return format promises."""
    result = client.query().convert()
    assert isinstance(result, kind), type(result)
    return result


def test_sparqlwrapper_select_in_json_xml_and_csv(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(AGENCIES)
    client.setReturnFormat(JSON)
    rows = _converted(client, dict)["results"]["bindings"]
    assert [r["a"]["value"].rsplit("/", 1)[-1] for r in rows] == [
        "cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
    client.setReturnFormat(XML)
    assert len(_converted(client, Document).getElementsByTagName("result")) == 9
    client.setReturnFormat(CSV)
    assert _converted(client, bytes).decode().splitlines()[1] == "https://w3id.org/jha-kg/agency/cepol"


def test_sparqlwrapper_ask_and_post(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(f"ASK {{ <https://w3id.org/jha-kg/agency/frontex> a <{JHA}Agency> }}")
    client.setReturnFormat(JSON)
    assert _converted(client, dict)["boolean"] is True
    client.setMethod("POST")
    client.setQuery(f"ASK {{ <https://w3id.org/jha-kg/agency/nowhere> a <{JHA}Agency> }}")
    assert _converted(client, dict)["boolean"] is False


def test_sparqlwrapper_construct_as_rdf(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(f"CONSTRUCT {{ ?a a <{JHA}Agency> }} WHERE {{ ?a a <{JHA}Agency> }}")
    assert len(_converted(client, Graph)) == 9  # default: RDF/XML parsed by rdflib
    client.setReturnFormat(TURTLE)
    turtle = Graph().parse(data=_converted(client, bytes), format="turtle")
    assert len(turtle) == 9


def test_rdflib_sparqlstore_select_ask_construct(live_server: Server) -> None:
    store = SPARQLStore(f"{live_server.url}/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(AGENCIES))
    assert len(rows) == 9 and isinstance(rows[-1], ResultRow)
    assert rows[-1][0] == URIRef("https://w3id.org/jha-kg/agency/frontex")
    assert graph.query(f"ASK {{ ?a a <{JHA}Agency> }}").askAnswer is True
    constructed = graph.query(f"CONSTRUCT {{ ?a a <{JHA}Agency> }} WHERE {{ ?a a <{JHA}Agency> }}").graph
    assert constructed is not None and len(constructed) == 9
    assert (URIRef("https://w3id.org/jha-kg/agency/europol"), None, None) in graph
