"""A runner for the W3C SPARQL 1.1 Protocol tests (tests/conformance/sparql11-protocol/manifest.ttl).

Reads each test's HTTP requests from the manifest (method, path, headers, body and its character
encoding) and the expected responses (status class, result format, boolean), sends them to one
endpoint URL and says what went wrong. Data the manifest names by URL (ut:graphData) is loaded
from the local copies into the named graph of that IRI through the Graph Store protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

__all__ = ["MANIFEST", "ProtocolTest", "load_manifest", "run_test"]

MANIFEST = Path(__file__).resolve().parent.parent / "conformance" / "sparql11-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # acceptable status classes: 2, 3, 4
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)  # (local file, graph IRI)

    @property
    def negative(self) -> bool:
        return any(4 in r.statuses for r in self.requests)

    @property
    def updates(self) -> bool:
        return any((r.headers.get("content-type", "").startswith("application/sparql-update")
                    or (r.body or b"").startswith(b"update=")) for r in self.requests)


def load_manifest(path: Path = MANIFEST) -> list[ProtocolTest]:
    """The tests in manifest order."""
    g = Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = Collection(g, _required(g, manifest, MF.entries))
    tests = []
    for entry in entries:
        action = _required(g, entry, MF.action)
        requests = [_request(g, node) for node in Collection(g, _required(g, action, HT.requests))]
        data = [(path.parent / Path(str(g.value(d, UT.graph))).name, str(g.value(d, RDFS.label)))
                for d in g.objects(entry, UT.graphData)]
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)), requests, data))
    return tests


def _required(g: Graph, subject: Node, predicate: Node) -> Node:
    value = g.value(subject, predicate)
    if value is None:
        raise ValueError(f"the manifest gives {subject} no {predicate}")
    return value


def _request(g: Graph, node: Node) -> Request:
    headers = {}
    header_list = g.value(node, HT.headers)
    if header_list is not None:
        for h in Collection(g, header_list):
            headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
    body = None
    body_node = g.value(node, HT.body)
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding)
    resp = g.value(node, HT.resp)
    statuses = {int(str(s)[len(HTS)]) for s in g.objects(resp, MF.expectedStatus)}
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    return Request(str(g.value(node, HT.methodName)), str(g.value(node, HT.absolutePath)), headers, body, statuses,
                   str(fmt) if fmt is not None else None, bool(boolean.toPython()) if isinstance(boolean, Literal) else None)


def load_graph_data(client: httpx.Client, endpoint_root: str, test: ProtocolTest, token: str) -> None:
    """Put the test's data into the named graphs the manifest names (Graph Store protocol PUT)."""
    for file, iri in test.graph_data:
        response = client.put(f"{endpoint_root}/store", params={"graph": iri}, content=file.read_bytes(),
                              headers={"content-type": "application/n-triples", "authorization": f"Bearer {token}"})
        response.raise_for_status()


def run_test(client: httpx.Client, endpoint: str, test: ProtocolTest, extra_headers: dict[str, str] | None = None) -> list[str]:
    """Send the test's requests to `endpoint` (the URL standing for /sparql/); the list of failures, empty if it passed."""
    failures = []
    for i, req in enumerate(test.requests):
        url = endpoint + req.path[len("/sparql/"):] if req.path.startswith("/sparql/") else endpoint + req.path
        response = client.request(req.method, url, headers={**(extra_headers or {}), **req.headers}, content=req.body)
        where = f"request {i + 1} ({req.method})"
        if response.status_code // 100 not in req.statuses:
            failures.append(f"{where}: status {response.status_code}, expected {sorted(req.statuses)}xx: {response.text[:200]}")
            continue
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if req.expected_format in ("boolean", "tabular"):
            if media not in RESULT_TYPES:
                failures.append(f"{where}: content type {media!r} is not a SPARQL results format")
                continue
            if req.expected_format == "boolean" and media in ("text/csv", "text/tab-separated-values"):
                failures.append(f"{where}: boolean result as {media}")
                continue
            parsed = ox.parse_query_results(response.content, RESULT_TYPES[media])
            if req.expected_boolean is not None and bool(parsed) is not req.expected_boolean:
                failures.append(f"{where}: boolean {bool(parsed)}, expected {req.expected_boolean}")
        elif req.expected_format == "RDF":
            if media not in RDF_TYPES:
                failures.append(f"{where}: content type {media!r} is not an RDF format")
                continue
            list(ox.parse(response.content, format=RDF_TYPES[media]))
    return failures
