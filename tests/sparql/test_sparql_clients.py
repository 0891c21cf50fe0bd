"""Real SPARQL clients against the live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.conftest import Server

JHA = "https://w3id.org/jha-kg/ontology#"
AGENCIES = f"SELECT ?a WHERE {{ ?a a <{JHA}Agency> }} ORDER BY ?a"


def test_sparqlwrapper_select_in_json_xml_and_csv(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(AGENCIES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["a"]["value"].rsplit("/", 1)[-1] for r in rows] == [
        "cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert len(xml.getElementsByTagName("result")) == 9
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1] == "https://w3id.org/jha-kg/agency/cepol"


def test_sparqlwrapper_ask_and_post(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(f"ASK {{ <https://w3id.org/jha-kg/agency/frontex> a <{JHA}Agency> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setMethod("POST")
    client.setQuery(f"ASK {{ <https://w3id.org/jha-kg/agency/nowhere> a <{JHA}Agency> }}")
    assert client.query().convert()["boolean"] is False


def test_sparqlwrapper_construct_as_rdf(live_server: Server) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(f"CONSTRUCT {{ ?a a <{JHA}Agency> }} WHERE {{ ?a a <{JHA}Agency> }}")
    graph = client.query().convert()  # default: RDF/XML parsed by rdflib
    assert isinstance(graph, Graph) and len(graph) == 9
    client.setReturnFormat(TURTLE)
    turtle = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(turtle) == 9


def test_rdflib_sparqlstore_select_ask_construct(live_server: Server) -> None:
    store = SPARQLStore(f"{live_server.url}/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(AGENCIES))
    assert len(rows) == 9 and rows[-1][0] == URIRef("https://w3id.org/jha-kg/agency/frontex")
    assert graph.query(f"ASK {{ ?a a <{JHA}Agency> }}").askAnswer is True
    constructed = graph.query(f"CONSTRUCT {{ ?a a <{JHA}Agency> }} WHERE {{ ?a a <{JHA}Agency> }}").graph
    assert len(constructed) == 9
    assert (URIRef("https://w3id.org/jha-kg/agency/europol"), None, None) in graph
