"""The Store protocol, held by every backend: each test runs on the embedded store and on a real Oxigraph server.

Writes go to `writable_store` (an empty store with one seed graph); reads of the bundled report
use `any_store`, so both backends are compared on the same data.
"""

from __future__ import annotations

import inspect

import pyoxigraph as ox
import pytest

from graph.store.base import Store, StoreError
from graph.store.embedded import EmbeddedStore
from graph.store.formats import as_solutions
from graph.store.remote import RemoteStore
from tests.conftest import BASE, SEED_GRAPH

G = "urn:jhakg:test:contract"
H = "urn:jhakg:test:other"
NT = ox.RdfFormat.N_TRIPLES
REFERENCE = f"{BASE}graph/reference"
REPORT = f"{BASE}graph/jha-agencies-cooperation-2017"


def _triples(data: bytes | None, fmt: ox.RdfFormat = NT) -> set[str]:
    assert data is not None
    return {str(t) for t in ox.parse(data, format=fmt)}


def _graphs(store: Store, default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> set[str]:
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graph=default_graph,
                       named_graphs=named_graphs)
    return {row["g"].value for row in as_solutions(rows)}


def _ask(store: Store, sparql: str, default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> bool:
    return bool(store.query(sparql, default_graph=default_graph, named_graphs=named_graphs))


@pytest.mark.parametrize("backend", [EmbeddedStore, RemoteStore])
def test_every_backend_has_every_member_of_the_protocol_with_its_signature(backend: type) -> None:
    members = [name for name, value in vars(Store).items() if inspect.isfunction(value) and not name.startswith("_")]
    assert {"query", "update", "read_graph", "write_graph", "drop_graph", "dump", "replace", "named_graphs"} <= set(members)
    for name in members:
        assert inspect.signature(getattr(backend, name)) == inspect.signature(getattr(Store, name)), name


def test_the_open_stores_are_stores(writable_store: Store) -> None:
    assert isinstance(writable_store, Store)
    assert writable_store.named_graphs() == [SEED_GRAPH]
    assert writable_store.triple_count() == 1


# -- the Graph Store protocol: named graphs ------------------------------------------------------

def test_put_post_get_and_drop_a_named_graph(writable_store: Store) -> None:
    store = writable_store
    assert store.read_graph(G, NT) is None
    assert store.write_graph(G, b'<urn:a> <urn:p> "one" .', ox.RdfFormat.TURTLE, replace=True) is True
    assert store.write_graph(G, b'<urn:a> <urn:p> "two" .', ox.RdfFormat.TURTLE, replace=True) is False
    assert _triples(store.read_graph(G, NT)) == {'<urn:a> <urn:p> "two"'}
    assert store.write_graph(G, b"<urn:b> <urn:p> <urn:c> .\n", NT, replace=False) is False
    assert _triples(store.read_graph(G, NT)) == {'<urn:a> <urn:p> "two"', "<urn:b> <urn:p> <urn:c>"}
    assert _triples(store.read_graph(G, ox.RdfFormat.TURTLE), ox.RdfFormat.TURTLE) == _triples(store.read_graph(G, NT))
    assert store.named_graphs() == sorted([SEED_GRAPH, G])
    assert store.triple_count() == 3
    assert store.drop_graph(G) is True
    assert store.drop_graph(G) is False
    assert store.read_graph(G, NT) is None
    assert store.named_graphs() == [SEED_GRAPH]


def test_an_empty_graph_exists_once_created(writable_store: Store) -> None:
    assert writable_store.write_graph(G, b"", ox.RdfFormat.TURTLE, replace=True) is True
    assert G in writable_store.named_graphs()
    assert writable_store.read_graph(G, NT) == b""
    assert writable_store.write_graph(G, b"", ox.RdfFormat.TURTLE, replace=True) is False
    assert writable_store.drop_graph(G) is True
    assert G not in writable_store.named_graphs()


def test_a_body_that_does_not_parse_changes_nothing(writable_store: Store) -> None:
    writable_store.write_graph(G, b"<urn:a> <urn:p> <urn:o> .", NT, replace=True)
    with pytest.raises(SyntaxError):
        writable_store.write_graph(G, b"<urn:a> <urn:p> <urn:o2> . <urn:broken", ox.RdfFormat.TURTLE, replace=True)
    assert _triples(writable_store.read_graph(G, NT)) == {"<urn:a> <urn:p> <urn:o>"}


def test_relative_iris_in_a_body_resolve_against_the_graph(writable_store: Store) -> None:
    writable_store.write_graph("http://example.org/g/", b"<s> <p> <#o> .", ox.RdfFormat.TURTLE, replace=True)
    assert _triples(writable_store.read_graph("http://example.org/g/", NT)) == {
        "<http://example.org/g/s> <http://example.org/g/p> <http://example.org/g/#o>"}


# -- the default graph: the store's own for the Graph Store, the union for queries ---------------

def test_the_graph_store_default_graph_is_the_stores_own_not_the_union(writable_store: Store) -> None:
    store = writable_store
    assert store.read_graph(None, NT) == b""  # the seed lives in a named graph: not in the default graph
    assert store.write_graph(None, b"<urn:d> <urn:p> 1 .", ox.RdfFormat.TURTLE, replace=False) is False
    assert _triples(store.read_graph(None, NT)) == {'<urn:d> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    assert store.named_graphs() == [SEED_GRAPH]
    assert store.triple_count() == 2
    quads = store.dump(ox.RdfFormat.N_QUADS).decode()
    assert "<urn:d> <urn:p>" in quads and f"<{SEED_GRAPH}> ." in quads
    store.write_graph(None, b"<urn:e> <urn:p> 2 .", ox.RdfFormat.TURTLE, replace=True)
    assert [t.split()[0] for t in _triples(store.read_graph(None, NT))] == ["<urn:e>"]
    assert store.drop_graph(None) is True
    assert store.read_graph(None, NT) == b""
    assert store.named_graphs() == [SEED_GRAPH]


def test_queries_see_the_union_and_every_named_graph(writable_store: Store) -> None:
    store = writable_store
    store.write_graph(G, b"<urn:a> <urn:p> <urn:o> .", NT, replace=True)
    store.write_graph(H, b"<urn:b> <urn:p> <urn:o> .", NT, replace=True)
    assert _ask(store, "ASK { <urn:a> <urn:p> <urn:o> . <urn:b> <urn:p> <urn:o> }")  # the union
    assert _graphs(store) == {SEED_GRAPH, G, H}  # and GRAPH still sees each named graph
    assert _graphs(store, default_graph=[G]) == {SEED_GRAPH, G, H}
    assert not _ask(store, "ASK { <urn:b> ?p ?o }", default_graph=[G])
    assert _ask(store, "ASK { <urn:a> ?p ?o }", default_graph=[G])
    assert not _ask(store, "ASK { ?s ?p ?o }", default_graph=[])
    # named graphs alone: exactly those, and an empty default graph (SPARQL Protocol)
    assert _graphs(store, named_graphs=[H]) == {H}
    assert not _ask(store, "ASK { ?s ?p ?o }", named_graphs=[H])
    assert _graphs(store, default_graph=[G], named_graphs=[]) == set()
    # a FROM in the text wins over the union
    assert not _ask(store, f"ASK FROM <{G}> WHERE {{ <urn:b> ?p ?o }}")
    assert _ask(store, f"ASK FROM <{H}> WHERE {{ <urn:b> ?p ?o }}")


def test_substitutions_and_base_iri_together(writable_store: Store) -> None:
    writable_store.write_graph(G, b"<http://example.org/base/a> <urn:p> <urn:o> .", NT, replace=True)
    result = writable_store.query("SELECT ?s ?o WHERE { ?s <urn:p> ?o . FILTER (?s = <a>) }",
                                  substitutions={"o": ox.NamedNode("urn:o")}, base_iri="http://example.org/base/")
    assert [(r["s"].value, r["o"].value) for r in as_solutions(result)] == [("http://example.org/base/a", "urn:o")]


# -- SPARQL Update -------------------------------------------------------------------------------

def test_update_resolves_relative_iris_against_the_base(writable_store: Store) -> None:
    writable_store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <rel> <urn:p> <#frag> }} }}", base_iri="http://example.org/base/")
    assert _triples(writable_store.read_graph(G, NT)) == {
        "<http://example.org/base/rel> <urn:p> <http://example.org/base/#frag>"}
    writable_store.update(f"BASE <http://other.example/> INSERT DATA {{ GRAPH <{G}> {{ <x> <urn:p> <y> }} }}",
                          base_iri="http://example.org/base/")  # the update's own BASE wins
    assert "<http://other.example/x> <urn:p> <http://other.example/y>" in _triples(writable_store.read_graph(G, NT))


def test_update_is_seen_by_queries_and_graphs(writable_store: Store) -> None:
    writable_store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <urn:a> <urn:p> 1 }} }} ; "
                          f"INSERT {{ GRAPH <{H}> {{ ?s <urn:q> ?o }} }} WHERE {{ GRAPH <{G}> {{ ?s <urn:p> ?o }} }}")
    assert writable_store.named_graphs() == sorted([SEED_GRAPH, G, H])  # no stale list of graphs after an update
    assert _ask(writable_store, "ASK { <urn:a> <urn:q> 1 }")
    writable_store.update(f"DROP GRAPH <{H}>")
    assert writable_store.named_graphs() == sorted([SEED_GRAPH, G])


def test_a_malformed_update_is_a_syntax_error_and_changes_nothing(writable_store: Store) -> None:
    with pytest.raises(SyntaxError):
        writable_store.update("INSERT DATA { <urn:x> }")
    assert writable_store.named_graphs() == [SEED_GRAPH]
    assert writable_store.triple_count() == 1


def test_a_read_only_embedded_store_refuses_writes(store: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="read-only"):
        store.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(StoreError, match="read-only"):
        store.write_graph(G, b"<urn:x> <urn:y> <urn:z> .", NT, replace=True)
    with pytest.raises(StoreError, match="read-only"):
        store.drop_graph(REFERENCE)


# -- replace and dump ----------------------------------------------------------------------------

def test_replace_leaves_exactly_the_new_graphs(writable_store: Store) -> None:
    first, second = "urn:jhakg:test:one", "urn:jhakg:test:two"
    writable_store.replace([(first, b"<urn:a> <urn:p> <urn:o> .\n"), (second, b"<urn:b> <urn:p> <urn:o> .\n<urn:c> <urn:p> \"1\" .\n")])
    assert writable_store.named_graphs() == [first, second]  # the seed graph (same namespace) is gone
    assert writable_store.triple_count() == 3
    writable_store.replace([(second, b"<urn:d> <urn:p> <urn:o> .\n")])
    assert writable_store.named_graphs() == [second]
    assert _triples(writable_store.read_graph(second, NT)) == {"<urn:d> <urn:p> <urn:o>"}


def test_dump_holds_quads_or_the_union(writable_store: Store) -> None:
    writable_store.write_graph(G, b"<urn:a> <urn:p> <urn:o> .", NT, replace=True)
    writable_store.write_graph(H, b"<urn:a> <urn:p> <urn:o> .", NT, replace=True)
    quads = set(writable_store.dump(ox.RdfFormat.N_QUADS).decode().splitlines())
    assert quads == {f"<urn:a> <urn:p> <urn:o> <{G}> .", f"<urn:a> <urn:p> <urn:o> <{H}> .",
                     f'<urn:jhakg:test:s> <urn:jhakg:test:p> "seed" <{SEED_GRAPH}> .'}
    assert _triples(writable_store.dump(ox.RdfFormat.TURTLE), ox.RdfFormat.TURTLE) == {
        "<urn:a> <urn:p> <urn:o>", '<urn:jhakg:test:s> <urn:jhakg:test:p> "seed"'}


# -- the bundled report reads the same from every backend -----------------------------------------

def test_graphs_read_the_same_from_every_backend(any_store: Store, store: EmbeddedStore) -> None:
    for graph in (REFERENCE, REPORT):
        assert _triples(any_store.read_graph(graph, NT)) == _triples(store.read_graph(graph, NT))
    assert any_store.read_graph(None, NT) == b""  # the build writes named graphs only
    assert any_store.read_graph("urn:jhakg:test:no-such-graph", NT) is None
    assert _graphs(any_store) == {REFERENCE, REPORT}


def test_releasing_caches_keeps_the_version_and_the_answers(any_store: Store, writable_store: Store) -> None:
    """A read-only embedded store reopens its generation (RocksDB gives its block caches back on close); the
    version and every answer stay the same. A writable store, and a remote one, keep their handle."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    version, before = any_store.version(), as_solutions(any_store.query(count)).__next__()["n"]
    running = as_solutions(any_store.query("SELECT ?s WHERE { ?s ?p ?o }"))
    assert any_store.release_caches() is isinstance(any_store, EmbeddedStore)
    assert any_store.version() == version
    assert as_solutions(any_store.query(count)).__next__()["n"] == before
    assert sum(1 for _ in running) == int(before.value)  # a query running meanwhile finishes on the old handle
    assert writable_store.release_caches() is False
