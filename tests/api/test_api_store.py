"""The Graph Store HTTP Protocol at /store, with and without the update token."""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from tests.conftest import UPDATE_TOKEN, Server

AUTH = {"authorization": f"Bearer {UPDATE_TOKEN}"}
G = "urn:jhakg:test:gsp"


def _triples(body: bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> set[str]:
    return {str(t) for t in ox.parse(body, format=fmt)}


def test_put_get_post_delete(update_server: Server) -> None:
    url = f"{update_server.url}/store"
    created = httpx.put(url, params={"graph": G}, content=b"<urn:a> <urn:p> \"one\" .", headers={**AUTH, "content-type": "text/turtle"})
    assert created.status_code == 201
    replaced = httpx.put(url, params={"graph": G}, content=b"<urn:a> <urn:p> \"two\" .", headers={**AUTH, "content-type": "text/turtle"})
    assert replaced.status_code == 204
    merged = httpx.post(url, params={"graph": G}, content=b"<urn:b> <urn:p> <urn:c> .",
                        headers={**AUTH, "content-type": "application/n-triples"})
    assert merged.status_code == 204
    got = httpx.get(url, params={"graph": G, "format": "nt"})
    assert _triples(got.content) == {'<urn:a> <urn:p> "two"', "<urn:b> <urn:p> <urn:c>"}
    # the change is visible to SPARQL at once (query workers reopen the store)
    ask = httpx.get(f"{update_server.url}/sparql", params={"query": f'ASK {{ GRAPH <{G}> {{ <urn:a> <urn:p> "two" }} }}'})
    assert ask.json()["boolean"] is True
    assert httpx.delete(url, params={"graph": G}, headers=AUTH).status_code == 204
    assert httpx.get(url, params={"graph": G}).status_code == 404
    assert httpx.delete(url, params={"graph": G}, headers=AUTH).status_code == 404


def test_default_graph_and_bad_bodies(update_server: Server) -> None:
    url = f"{update_server.url}/store"
    assert httpx.post(url, params={"default": ""}, content=b"<urn:d> <urn:p> 1 .",
                      headers={**AUTH, "content-type": "text/turtle"}).status_code == 204
    assert "<urn:d> <urn:p>" in httpx.get(url, params={"graph": "default"}, headers={"accept": "application/n-triples"}).text
    broken = httpx.put(url, params={"graph": G}, content=b"<urn:a> <urn:p", headers={**AUTH, "content-type": "text/turtle"})
    assert broken.status_code == 400 and "could not be parsed" in broken.json()["error"]["message"]
    assert httpx.put(url, params={"graph": G}, content=b"x", headers={**AUTH, "content-type": "text/plain-ish"}).status_code == 415
    assert httpx.get(url).status_code == 400


def test_writes_need_the_token(update_server: Server, live_server: Server) -> None:
    body = {"content": b"<urn:a> <urn:p> 1 .", "headers": {"content-type": "text/turtle"}}
    missing = httpx.put(f"{update_server.url}/store", params={"graph": G}, **body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = httpx.put(f"{update_server.url}/store", params={"graph": G},
                      content=body["content"], headers={**body["headers"], "authorization": "Bearer nope"})
    assert wrong.status_code == 401
    read_only = httpx.put(f"{live_server.url}/store", params={"graph": G},
                          content=body["content"], headers={**body["headers"], **AUTH})
    assert read_only.status_code == 403
    assert httpx.get(f"{live_server.url}/store", params={"graph": "https://w3id.org/jha-kg/graph/reference"},
                     headers={"accept": "text/turtle"}).status_code == 200


def test_sparql_update_with_token(update_server: Server) -> None:
    update = "INSERT DATA { GRAPH <urn:jhakg:test:upd> { <urn:x> <urn:y> <urn:z> } }"
    denied = httpx.post(f"{update_server.url}/sparql", content=update, headers={"content-type": "application/sparql-update"})
    assert denied.status_code == 401
    done = httpx.post(f"{update_server.url}/sparql", data={"update": update}, headers=AUTH)
    assert done.status_code == 204
    ask = httpx.get(f"{update_server.url}/sparql", params={"query": "ASK { GRAPH <urn:jhakg:test:upd> { <urn:x> <urn:y> <urn:z> } }"})
    assert ask.json()["boolean"] is True
    malformed = httpx.post(f"{update_server.url}/sparql", data={"update": "INSERT DATA { <urn:x> }"}, headers=AUTH)
    assert malformed.status_code == 400 and malformed.json()["error"]["message"].startswith("malformed update")
