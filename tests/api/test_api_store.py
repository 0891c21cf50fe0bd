"""The Graph Store protocol (/store), SPARQL Update and the JSON API of a real jha-kg server, on each store backend.

`writable_server` runs `jhakg serve` with the update token over the bundled report, once on an
embedded store and once on a real Oxigraph server (`JHAKG_STORE=sparql+http://…/query`);
`read_only_server` is the same without the token. Each test writes graphs of its own.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from tests.conftest import BASE, UPDATE_TOKEN, Server

AUTH = {"authorization": f"Bearer {UPDATE_TOKEN}"}
TURTLE = {"content-type": "text/turtle"}
REFERENCE = f"{BASE}graph/reference"
REPORT = f"{BASE}graph/jha-agencies-cooperation-2017"


def _triples(body: bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> set[str]:
    return {str(t) for t in ox.parse(body, format=fmt)}


def _ask(server: Server, query: str) -> bool:
    response = httpx.get(f"{server.url}/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


# -- the Graph Store protocol ----------------------------------------------------------------------

def test_put_get_post_delete_a_named_graph(writable_server: Server) -> None:
    url, g = f"{writable_server.url}/store", "urn:jhakg:test:gsp"
    created = httpx.put(url, params={"graph": g}, content=b'<urn:a> <urn:p> "one" .', headers={**AUTH, **TURTLE})
    assert created.status_code == 201, created.text
    replaced = httpx.put(url, params={"graph": g}, content=b'<urn:a> <urn:p> "two" .', headers={**AUTH, **TURTLE})
    assert replaced.status_code == 204, replaced.text
    merged = httpx.post(url, params={"graph": g}, content=b"<urn:b> <urn:p> <urn:c> .",
                        headers={**AUTH, "content-type": "application/n-triples"})
    assert merged.status_code == 204, merged.text
    got = httpx.get(url, params={"graph": g, "format": "nt"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/n-triples")
    assert _triples(got.content) == {'<urn:a> <urn:p> "two"', "<urn:b> <urn:p> <urn:c>"}
    as_turtle = httpx.get(url, params={"graph": g}, headers={"accept": "text/turtle"})
    assert _triples(as_turtle.content, ox.RdfFormat.TURTLE) == _triples(got.content)
    # the change is visible to SPARQL at once (query workers reopen the store; a remote store lists graphs anew)
    assert _ask(writable_server, f'ASK {{ GRAPH <{g}> {{ <urn:a> <urn:p> "two" }} }}')
    assert _ask(writable_server, 'ASK { <urn:a> <urn:p> "two" }')  # and in the union default graph
    assert httpx.delete(url, params={"graph": g}, headers=AUTH).status_code == 204
    assert httpx.get(url, params={"graph": g}).status_code == 404
    assert httpx.delete(url, params={"graph": g}, headers=AUTH).status_code == 404
    assert not _ask(writable_server, 'ASK { <urn:a> <urn:p> "two" }')


def test_get_a_report_graph_reads_the_same_on_every_backend(writable_server: Server, live_server: Server) -> None:
    for graph in (REFERENCE, REPORT):
        here = httpx.get(f"{writable_server.url}/store", params={"graph": graph, "format": "nt"}, timeout=30)
        there = httpx.get(f"{live_server.url}/store", params={"graph": graph, "format": "nt"}, timeout=30)
        assert here.status_code == there.status_code == 200
        assert _triples(here.content) == _triples(there.content) != set()


def test_the_default_graph_is_the_stores_own_not_the_union(writable_server: Server) -> None:
    url = f"{writable_server.url}/store"
    nt = {"accept": "application/n-triples"}
    assert httpx.get(url, params={"default": ""}, headers=nt).content == b""  # the report lives in named graphs only
    posted = httpx.post(url, params={"default": ""}, content=b"<urn:d> <urn:p> 1 .", headers={**AUTH, **TURTLE})
    assert posted.status_code == 204, posted.text
    expected = {'<urn:d> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    assert _triples(httpx.get(url, params={"default": ""}, headers=nt).content) == expected
    assert _triples(httpx.get(url, params={"graph": "default"}, headers=nt).content) == expected
    put = httpx.put(url, params={"graph": "default"}, content=b"<urn:e> <urn:p> 2 .", headers={**AUTH, **TURTLE})
    assert put.status_code == 204, put.text
    assert [t.split()[0] for t in _triples(httpx.get(url, params={"default": ""}, headers=nt).content)] == ["<urn:e>"]
    assert httpx.delete(url, params={"default": ""}, headers=AUTH).status_code == 204
    assert httpx.get(url, params={"default": ""}, headers=nt).content == b""


def test_bad_requests_name_the_problem(writable_server: Server) -> None:
    url, g = f"{writable_server.url}/store", "urn:jhakg:test:bad"
    broken = httpx.put(url, params={"graph": g}, content=b"<urn:a> <urn:p", headers={**AUTH, **TURTLE})
    assert broken.status_code == 400 and "could not be parsed" in broken.json()["error"]["message"]
    assert httpx.get(url, params={"graph": g}).status_code == 404  # nothing was written
    unsupported = httpx.put(url, params={"graph": g}, content=b"x", headers={**AUTH, "content-type": "text/plain-ish"})
    assert unsupported.status_code == 415
    assert httpx.get(url).status_code == 400
    assert httpx.get(url, params={"graph": "not an iri"}).status_code == 400


# -- SPARQL Update through /sparql -----------------------------------------------------------------

def test_sparql_update_by_form_and_by_direct_post(writable_server: Server) -> None:
    sparql = f"{writable_server.url}/sparql"
    form = httpx.post(sparql, data={"update": "INSERT DATA { GRAPH <urn:jhakg:test:form> { <urn:x> <urn:y> <urn:z> } }"},
                      headers=AUTH)
    assert form.status_code == 204, form.text
    direct = httpx.post(sparql, content="INSERT DATA { GRAPH <urn:jhakg:test:direct> { <rel> <urn:y> <urn:z> } }",
                        headers={**AUTH, "content-type": "application/sparql-update"})
    assert direct.status_code == 204, direct.text
    assert _ask(writable_server, "ASK { GRAPH <urn:jhakg:test:form> { <urn:x> <urn:y> <urn:z> } }")
    # relative IRIs resolve against the endpoint's URL, on every backend
    assert _ask(writable_server, f"ASK {{ GRAPH <urn:jhakg:test:direct> {{ <{writable_server.url}/rel> <urn:y> <urn:z> }} }}")
    using = httpx.post(sparql, data={"update": "INSERT { GRAPH <urn:jhakg:test:copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
                                     "using-graph-uri": "urn:jhakg:test:form"}, headers=AUTH)
    assert using.status_code == 204, using.text
    copied = httpx.get(f"{writable_server.url}/store", params={"graph": "urn:jhakg:test:copy", "format": "nt"})
    assert _triples(copied.content) == {"<urn:x> <urn:y> <urn:z>"}
    dropped = httpx.post(sparql, data={"update": "DROP GRAPH <urn:jhakg:test:form> ; DROP GRAPH <urn:jhakg:test:direct> ; "
                                                 "DROP GRAPH <urn:jhakg:test:copy>"}, headers=AUTH)
    assert dropped.status_code == 204, dropped.text
    assert not _ask(writable_server, "ASK { GRAPH <urn:jhakg:test:form> { ?s ?p ?o } }")


def test_a_malformed_update_is_a_400(writable_server: Server) -> None:
    malformed = httpx.post(f"{writable_server.url}/sparql", data={"update": "INSERT DATA { <urn:x> }"}, headers=AUTH)
    assert malformed.status_code == 400 and malformed.json()["error"]["message"].startswith("malformed update")


def test_queries_see_every_named_graph_and_the_union(writable_server: Server) -> None:
    rows = httpx.get(f"{writable_server.url}/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), 'https://')) }"}).json()
    assert {row["g"]["value"] for row in rows["results"]["bindings"]} == {REFERENCE, REPORT}
    assert _ask(writable_server, f"ASK {{ <{BASE}agency/frontex> a <https://w3id.org/jha-kg/ontology#Agency> }}")
    only = httpx.get(f"{writable_server.url}/sparql", params={
        "query": "ASK { ?a a <https://w3id.org/jha-kg/ontology#Agency> }", "default-graph-uri": REPORT}).json()
    assert only["boolean"] is False  # the agencies are in the reference graph


# -- without the token ---------------------------------------------------------------------------

@pytest.mark.parametrize("token", [None, "nope"], ids=["no-token", "wrong-token"])
def test_writes_without_the_token_are_refused(writable_server: Server, token: str | None) -> None:
    auth = {"authorization": f"Bearer {token}"} if token else {}
    url, g = f"{writable_server.url}/store", "urn:jhakg:test:refused"
    for method in ("PUT", "POST"):
        response = httpx.request(method, url, params={"graph": g}, content=b"<urn:a> <urn:p> 1 .", headers={**auth, **TURTLE})
        assert response.status_code == 401, (method, response.text)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert httpx.delete(url, params={"graph": REFERENCE}, headers=auth).status_code == 401
    update = "INSERT DATA { GRAPH <urn:jhakg:test:refused> { <urn:a> <urn:p> 1 } }"
    direct = httpx.post(f"{writable_server.url}/sparql", content=update, headers={**auth, "content-type": "application/sparql-update"})
    assert direct.status_code == 401
    assert httpx.post(f"{writable_server.url}/sparql", data={"update": update}, headers=auth).status_code == 401
    assert httpx.get(url, params={"graph": g}).status_code == 404  # nothing was written
    assert httpx.get(url, params={"graph": REFERENCE, "format": "nt"}).status_code == 200  # nor deleted


def test_a_read_only_server_refuses_writes_and_serves_reads(read_only_server: Server) -> None:
    url, g = f"{read_only_server.url}/store", "urn:jhakg:test:read-only"
    put = httpx.put(url, params={"graph": g}, content=b"<urn:a> <urn:p> 1 .", headers={**AUTH, **TURTLE})
    assert put.status_code == 403 and "read-only" in put.json()["error"]["message"]
    assert httpx.delete(url, params={"graph": REFERENCE}, headers=AUTH).status_code == 403
    update = httpx.post(f"{read_only_server.url}/sparql", data={"update": "CLEAR ALL"}, headers=AUTH)
    assert update.status_code == 403
    reference = httpx.get(url, params={"graph": REFERENCE}, headers={"accept": "text/turtle"}, timeout=30)
    assert reference.status_code == 200 and len(_triples(reference.content, ox.RdfFormat.TURTLE)) > 100


# -- the JSON API answers the same on every backend ----------------------------------------------

@pytest.mark.parametrize("path", ["/api/activities", "/api/activities?agency=frontex", "/api/collaborations",
                                  "/api/agencies"])
def test_the_json_api_answers_the_same_on_every_backend(writable_server: Server, live_server: Server, path: str) -> None:
    here = httpx.get(f"{writable_server.url}{path}", timeout=60)
    there = httpx.get(f"{live_server.url}{path}", timeout=60)
    assert here.status_code == there.status_code == 200, here.text
    assert here.json() == there.json()
    assert len(here.json()) > 5
