"""Linked Data (/id/{kind}/{slug}), the VoID + DCAT description and the SPARQL Service Description."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef

from tests.conftest import Server

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FRONTEX = "https://w3id.org/jha-kg/agency/frontex"


def test_agency_as_turtle_jsonld_and_html(live_server: Server) -> None:
    url = f"{live_server.url}/id/agency/frontex"
    turtle = httpx.get(url, timeout=60, headers={"accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(FRONTEX), URIRef("https://w3id.org/jha-kg/ontology#acronym"), Literal("Frontex")) in graph
    jsonld = httpx.get(url, timeout=60, headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    page = httpx.get(url, timeout=60, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>European Border and Coast Guard Agency <span class=\"muted\">(Frontex)</span></h1>" in page.text
    assert "http://" not in page.text.split("<body>")[0].replace("http://www.w3.org", "")  # no outside assets
    assert httpx.get(url, timeout=60, headers={"accept": "image/png"}).status_code == 406


def test_activity_page_links_and_escapes(live_server: Server) -> None:
    activity = httpx.get(f"{live_server.url}/api/activities").json()[0]
    page = httpx.get(f"{live_server.url}/id/activity/{activity['id']}", params={"format": "html"})
    assert page.status_code == 200
    assert 'href="/id/' in page.text  # links stay on this server
    triples = list(ox.parse(httpx.get(f"{live_server.url}/id/activity/{activity['id']}", params={"format": "nt"}).content,
                            format=ox.RdfFormat.N_TRIPLES))
    assert any(t.predicate.value == "http://www.w3.org/ns/prov#hadRole" for t in triples)  # the roles come along


def test_unknown_entity_is_404(live_server: Server) -> None:
    assert httpx.get(f"{live_server.url}/id/agency/interpol").status_code == 404
    assert httpx.get(f"{live_server.url}/id/spaceship/x").status_code == 404


def test_void_describes_the_dataset(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/.well-known/void", headers={"accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef("https://w3id.org/jha-kg/dataset")
    triples = int(graph.value(dataset, VOID.triples))
    assert triples == httpx.get(f"{live_server.url}/healthz").json()["triples"]
    assert int(graph.value(dataset, VOID.classes)) > 10
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{live_server.url}/sparql")
    assert graph.value(dataset, DCT.license) is not None
    assert len(list(graph.objects(dataset, VOID.dataDump))) == 3
    source = graph.value(dataset, DCT.source)
    assert source == URIRef("https://w3id.org/jha-kg/report/jha-agencies-cooperation-2017")
    assert graph.value(source, DCT.license) is not None
    assert (None, DCAT.accessURL, URIRef(f"{live_server.url}/sparql")) in graph
    as_jsonld = httpx.get(f"{live_server.url}/.well-known/void", params={"format": "jsonld"})
    assert json.loads(as_jsonld.text)


def test_service_description_for_rdf_clients_editor_for_browsers(live_server: Server) -> None:
    described = httpx.get(f"{live_server.url}/sparql", headers={"accept": "text/turtle"})
    graph = Graph().parse(data=described.text, format="turtle")
    service = URIRef(f"{live_server.url}/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph  # read-only by default
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert len(list(graph.objects(service, SD.resultFormat))) == 8
    dataset = graph.value(service, SD.defaultDataset)
    assert int(graph.value(dataset, VOID.triples)) > 0
    assert httpx.get(f"{live_server.url}/sparql", headers={"accept": "application/rdf+xml"}).headers[
        "content-type"].startswith("application/rdf+xml")
    page = httpx.get(f"{live_server.url}/sparql", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")


def test_service_description_announces_update_when_enabled(update_server: Server) -> None:
    graph = Graph().parse(data=httpx.get(f"{update_server.url}/sparql", params={"format": "ttl"}).text, format="turtle")
    assert (URIRef(f"{update_server.url}/sparql"), SD.supportedLanguage, SD.SPARQL11Update) in graph
