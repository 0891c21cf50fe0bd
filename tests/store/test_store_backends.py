"""Store-facing behaviour, once per backend (embedded Oxigraph and a real Oxigraph server), and the remote store's own duties:
resumable loads, atomic switch, 503 while the endpoint is down and recovery when it returns."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph.analytics.projection import collaboration_graph, collaboration_rows
from graph.build.export import export
from graph.build.pipeline import build, class_counts, serialise_sources
from graph.build.validate import validate_store
from graph.entities.agencies import list_agencies
from graph.store.base import Store, StoreUnavailable
from graph.store.embedded import EmbeddedStore
from graph.store.formats import as_solutions
from graph.store.remote import STAGING, RemoteOptions, RemoteStore, bind_values, endpoint_urls
from loaders.report import BUNDLED_REPORTS, load_report
from ontology.registry import load_registry
from tests.conftest import BASE, JHAKG, ROOT, OxigraphServer, start_oxigraph, start_server, stop_server

JHA = "https://w3id.org/jha-kg/ontology#"
FRONTEX = ox.NamedNode(f"{BASE}agency/frontex")


def _quads(store: Store) -> set[str]:
    return set(store.dump(ox.RdfFormat.N_QUADS).decode().splitlines())


# -- the same answers from every backend ---------------------------------------------------------

def test_query_lists_the_nine_agencies(any_store: Store) -> None:
    rows = list_agencies(any_store)
    assert [r["id"] for r in rows] == ["cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
    assert rows[-1]["label"] == "European Border and Coast Guard Agency"


def test_build_gives_the_same_counts_and_graphs(any_store: Store, store: EmbeddedStore) -> None:
    assert any_store.triple_count() == store.triple_count() > 5000
    assert any_store.named_graphs() == [f"{BASE}graph/jha-agencies-cooperation-2017", f"{BASE}graph/reference"]
    counts = class_counts(any_store)
    assert counts == class_counts(store)
    assert counts["Agency"] == 9 and counts["Activity"] > 100


def test_collaboration_projection_is_the_same(any_store: Store, store: EmbeddedStore) -> None:
    rows = collaboration_rows(any_store)
    assert sorted(rows, key=repr) == sorted(collaboration_rows(store), key=repr)
    graph = collaboration_graph(rows)
    assert graph.number_of_nodes() == 9
    assert graph.edges[f"{BASE}agency/europol", f"{BASE}agency/frontex"]["weight"] >= 1


def test_export_holds_every_quad(any_store: Store, store: EmbeddedStore) -> None:
    assert _quads(any_store) == _quads(store)
    turtle = Graph().parse(data=export(any_store, "ttl"), format="turtle")
    assert len(turtle) == len(Graph().parse(data=export(store, "nt"), format="nt"))


def test_validate_conforms(any_store: Store) -> None:
    report = validate_store(any_store)
    assert report.conforms, report.text


def test_substitutions_bind_parameters(any_store: Store) -> None:
    query = (f"PREFIX jha: <{JHA}> SELECT ?_agency ?partner (COUNT(DISTINCT ?act) AS ?n) WHERE {{ "
             "?act jha:participant ?_agency , ?partner . FILTER (?partner != ?_agency) } GROUP BY ?_agency ?partner")
    rows = list(as_solutions(any_store.query(query, substitutions={"_agency": FRONTEX})))
    assert len(rows) > 5
    assert {r["_agency"] for r in rows} == {FRONTEX}
    assert f"{BASE}agency/europol" in {r["partner"].value for r in rows}


def test_construct_ask_and_malformed_queries(any_store: Store) -> None:
    triples = any_store.query(f"CONSTRUCT WHERE {{ ?a a <{JHA}Agency> }}")
    assert isinstance(triples, ox.QueryTriples)
    assert len(list(triples)) == 9
    assert bool(any_store.query(f"ASK {{ ?a a <{JHA}Agency> }}")) is True
    assert bool(any_store.query("ASK { <urn:no> ?p ?o }")) is False
    with pytest.raises(SyntaxError):
        any_store.query("SELECT ?x WHERE {")


def test_default_graph_is_the_union_unless_given(any_store: Store) -> None:
    agencies = f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{JHA}Agency> }}"
    assert int(next(iter(as_solutions(any_store.query(agencies))))["n"].value) == 9
    only_report = [f"{BASE}graph/jha-agencies-cooperation-2017"]
    assert int(next(iter(as_solutions(any_store.query(agencies, default_graph=only_report))))["n"].value) == 0


# -- the remote store's own duties ---------------------------------------------------------------

def test_endpoint_urls_follow_the_server_kind() -> None:
    settings = RemoteOptions()
    assert endpoint_urls("sparql+http://h:7878/query", settings) == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoint_urls("sparql+https://h/ds/query", settings)[1] == "https://h/ds/update"
    assert endpoint_urls("sparql+http://h:8890/sparql", settings) == ("http://h:8890/sparql", "http://h:8890/sparql", None)
    custom = RemoteOptions(graph_store_url="http://h:3030/ds/data")
    assert endpoint_urls("sparql+http://h:3030/ds/query", custom)[2] == "http://h:3030/ds/data"
    assert endpoint_urls("sparql+http://h:7878/query", RemoteOptions(graph_store_url="none"))[2] is None


def test_bind_values_goes_inside_the_where_group() -> None:
    text = 'SELECT ?x WHERE { ?x <urn:p> "a { b" . # a { comment\n ?x <urn:q> ?_v }'
    bound = bind_values(text, {"_v": ox.Literal('say "hi"')})
    assert bound.startswith('SELECT ?x WHERE { VALUES (?_v) { ("say \\"hi\\"") }')
    ox.Store().query(bound)  # still valid SPARQL


@pytest.fixture()
def fresh_oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


def _sources() -> list[tuple[str, bytes]]:
    registry = load_registry()
    return serialise_sources([load_report(BUNDLED_REPORTS[0], registry)], registry, BASE)


@pytest.fixture()
def remote(fresh_oxigraph: OxigraphServer) -> Iterator[RemoteStore]:
    store = RemoteStore(fresh_oxigraph.store_url, RemoteOptions(batch_triples=500))
    yield store
    store.close()


def test_a_failed_load_resumes_and_leaves_the_old_data(remote: RemoteStore, tmp_path: Path) -> None:
    sources = _sources()
    old = [(f"{BASE}graph/old-report", b"<urn:a> <urn:b> <urn:c> .\n")]
    remote.replace(old)
    appended: list[str] = []  # staging graphs each Graph Store POST went to, seen on the wire
    remote._client.event_hooks["request"].append(
        lambda request: appended.append(request.url.params["graph"])
        if request.url.path == "/store" and request.method == "POST" else None)
    assert remote.named_graphs() == [f"{BASE}graph/old-report"]

    def failing() -> Iterator[tuple[str, bytes]]:
        yield sources[0]
        raise RuntimeError("connection lost")

    with pytest.raises(RuntimeError, match="connection lost"):
        remote.replace(failing())
    assert remote.named_graphs() == [f"{BASE}graph/old-report"]  # nothing switched
    assert remote.triple_count() == 1
    first_run = len(appended)
    assert first_run == -(-sources[0][1].count(b"\n") // 500) > 1  # every batch of the first graph, in 500-line requests

    progress: list[int] = []
    remote.replace(sources, progress=progress.append)
    assert sum(progress) == sum(len(data) for _g, data in sources)
    assert all(g.startswith(STAGING) for g in appended)
    resumed = appended[first_run:]
    assert resumed and set(resumed).isdisjoint(appended[:first_run])  # the reference graph was not sent again
    reference = EmbeddedStore(tmp_path / "embedded", writable=True)
    reference.replace(sources)
    assert _quads(remote) == _quads(reference)  # old graph dropped, staging graphs gone
    assert not [g for g in remote.named_graphs() if g.startswith(STAGING)]
    everything = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graph=[])
    assert {r["g"].value for r in as_solutions(everything)} == {g for g, _ in sources}


def test_load_without_graph_store_protocol_uses_insert_data(fresh_oxigraph: OxigraphServer, store: EmbeddedStore) -> None:
    remote = RemoteStore(fresh_oxigraph.store_url, RemoteOptions(graph_store_url="none", batch_triples=2000))
    try:
        assert remote.graph_store_url is None
        build(remote, None, BASE)
        assert _quads(remote) == _quads(store)  # every literal form (language, datatype, escapes) survives INSERT DATA
    finally:
        remote.close()


def test_cli_builds_into_a_remote_store_and_queries_it(fresh_oxigraph: OxigraphServer) -> None:
    built = subprocess.run([*JHAKG, "build", "--store", fresh_oxigraph.store_url],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert built.returncode == 0, built.stderr
    assert "Agency" in built.stdout and "triples" in built.stdout
    queried = subprocess.run([*JHAKG, "query", "--store", fresh_oxigraph.store_url, "--format", "csv",
                              f"SELECT ?a WHERE {{ ?a a <{JHA}Agency> }} ORDER BY ?a"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert queried.returncode == 0, queried.stderr
    assert queried.stdout.splitlines()[1:3] == [f"{BASE}agency/cepol", f"{BASE}agency/easo"]


def _is_503(response: httpx.Response) -> bool:
    body = response.json()
    return response.status_code == 503 and body["error"]["status"] == 503 and "cannot be reached" in body["error"]["message"]


def test_endpoint_down_is_503_and_the_service_recovers(fresh_oxigraph: OxigraphServer) -> None:
    loader = RemoteStore(fresh_oxigraph.store_url)
    build(loader, None, BASE)
    loader.close()
    server = start_server(fresh_oxigraph.store_url)
    try:
        assert httpx.get(f"{server.url}/api/agencies", timeout=30).status_code == 200

        # down mid-request: a query that runs for ever on the endpoint, which dies under it
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        answers: list[httpx.Response] = []
        worker = threading.Thread(target=lambda: answers.append(
            httpx.get(f"{server.url}/sparql", params={"query": heavy}, timeout=60)))
        worker.start()
        time.sleep(1.0)
        assert worker.is_alive(), "the heavy query finished before the endpoint could be stopped"
        fresh_oxigraph.stop()
        worker.join(timeout=30)
        assert answers and _is_503(answers[0]), answers[0].text if answers else "no answer"

        # down before the request (a named query goes to the store each time; /api/agencies is a
        # derived page, served from the cache until the remote store's version window moves on)
        down = httpx.get(f"{server.url}/api/queries/agencies", timeout=30)
        assert _is_503(down), down.text
        assert down.headers["retry-after"] == "5"
        assert _is_503(httpx.get(f"{server.url}/healthz", timeout=30))

        fresh_oxigraph.start()  # same folder, same port
        back = httpx.get(f"{server.url}/api/queries/agencies", timeout=30)
        assert back.status_code == 200 and len(back.json()["results"]["bindings"]) == 9
        assert httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True
    finally:
        stop_server(server)


def test_unreachable_endpoint_raises_store_unavailable() -> None:
    from tests.conftest import free_port

    remote = RemoteStore(f"sparql+http://127.0.0.1:{free_port()}/query")
    try:
        with pytest.raises(StoreUnavailable, match="cannot be reached"):
            remote.query("ASK { ?s ?p ?o }")
    finally:
        remote.close()
