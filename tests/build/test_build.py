"""Builds are reproducible and atomic; the shapes catch a broken graph."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.build.pipeline import build
from graph.build.validate import validate_graph
from graph.store.embedded import EmbeddedStore
from ontology.namespaces import JHA, PROV
from tests.conftest import BASE, DATA, JHAKG, ROOT


def _quads(store: EmbeddedStore) -> set[str]:
    return set(store.dump(ox.RdfFormat.N_QUADS).decode().splitlines())


def test_two_builds_are_isomorphic_with_the_same_iris(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "a", writable=True)
    second = EmbeddedStore(tmp_path / "b", writable=True)
    build(first, None, BASE)
    build(second, None, BASE)
    assert _quads(first) == _quads(second)  # no blank nodes: equal sets = isomorphic, same IRIs
    g1 = Graph().parse(data=first.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    g2 = Graph().parse(data=second.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    assert isomorphic(g1, g2)


def test_base_iri_is_a_setting(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", writable=True)
    build(store, [DATA / "mini-report-2019.txt"], "https://example.org/kg/")
    agencies = list(store.query("SELECT ?a WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> }"))
    assert {row["a"].value for row in agencies} >= {"https://example.org/kg/agency/frontex"}


def test_a_failing_build_leaves_the_previous_store(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", writable=True)
    build(store, [DATA / "mini-report-2019.txt"], BASE)
    before = _quads(store)

    def sources() -> Iterator[tuple[str, bytes]]:
        yield (f"{BASE}graph/x", b"<urn:a> <urn:b> <urn:c> .\n")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.replace(sources())
    assert _quads(store) == before
    assert _quads(EmbeddedStore(tmp_path / "s")) == before
    assert not [p for p in (tmp_path / "s").iterdir() if p.name.endswith(".partial")]


def test_a_build_killed_part_way_leaves_the_old_store_readable(tmp_path: Path) -> None:
    path = tmp_path / "s"
    subprocess.run([*JHAKG, "build", "--store", str(path), "--report", str(DATA / "mini-report-2019.txt")],
                   check=True, capture_output=True, cwd=ROOT, timeout=120)
    before = _quads(EmbeddedStore(path))
    process = subprocess.Popen([*JHAKG, "build", "--store", str(path)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_while_loading = False
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".partial") for p in path.iterdir()):
            process.send_signal(signal.SIGKILL)
            killed_while_loading = True
            break
        time.sleep(0.001)
    process.wait()
    assert killed_while_loading, "the build finished before it could be killed while loading"
    assert _quads(EmbeddedStore(path)) == before
    # the next build succeeds and clears the killed build's leftovers
    subprocess.run([*JHAKG, "build", "--store", str(path)], check=True, capture_output=True, cwd=ROOT, timeout=120)
    assert not [p for p in path.iterdir() if p.name.endswith(".partial")]
    assert len(_quads(EmbeddedStore(path))) > len(before)


def test_shapes_report_a_broken_graph_with_the_failing_shape(store: EmbeddedStore) -> None:
    graph = Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    assert validate_graph(graph).conforms
    activity = next(iter(graph.subjects(JHA.status, JHA.Done)))
    graph.remove((activity, PROV.wasDerivedFrom, None))
    graph.add((activity, JHA.status, JHA.Proposed))
    passage = next(iter(graph.subjects(JHA.quote, None)))
    graph.add((passage, JHA.quote, Literal("a second quote")))
    graph.add((URIRef(f"{BASE}agency/interpol"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), JHA.Agency))
    report = validate_graph(graph)
    assert not report.conforms
    failing = {(v.shape.rsplit("#", 1)[-1], v.focus) for v in report.violations}
    assert ("Activity", str(activity)) in failing
    assert ("Passage", str(passage)) in failing
    assert any(shape == "Agency" and focus.endswith("/interpol") for shape, focus in failing)
    messages = " ".join(v.message for v in report.violations)
    assert "derived from a report passage" in messages
