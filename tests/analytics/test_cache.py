"""The one cache of derived results (`graph.cache.DerivedCache`) on real stores: each result computed
once per store version, a write moving the version on, and concurrent first requests computing once."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.cache import DerivedCache
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from tests.conftest import OxigraphServer, start_oxigraph

TRIPLE = "<urn:x:s> <urn:x:p> <urn:x:o>"


@pytest.fixture()
def store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store", writable=True)
    store.replace([("urn:x:g", f"{TRIPLE} .\n".encode())])
    return store


class Counted:
    """A computation that counts its calls and returns a fresh object each time."""

    def __init__(self, store: EmbeddedStore | RemoteStore, pause: float = 0.0) -> None:
        self.store, self.pause, self.calls = store, pause, 0
        self._lock = threading.Lock()

    def __call__(self) -> list[int]:
        with self._lock:
            self.calls += 1
        time.sleep(self.pause)
        return [self.store.triple_count()]


def test_a_result_is_computed_once_and_served_as_the_same_object(store: EmbeddedStore) -> None:
    cache, count = DerivedCache(store), Counted(store)
    first = cache.get("triples", {"scope": "all"}, count)
    assert cache.get("triples", {"scope": "all"}, count) is first
    assert count.calls == 1 and cache.computed["triples"] == 1
    cache.get("triples", {"scope": "agencies"}, count)  # other parameters: another result
    assert count.calls == 2


def test_every_kind_of_write_moves_the_version_and_the_next_answer_reflects_it(store: EmbeddedStore) -> None:
    cache, count = DerivedCache(store), Counted(store)
    assert cache.get("triples", {}, count) == [1]
    versions = [store.version()]
    store.update("INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o2> }")
    versions.append(store.version())
    assert cache.get("triples", {}, count) == [2]
    store.write_graph("urn:x:h", f"{TRIPLE} .\n".encode(), ox.RdfFormat.N_TRIPLES, replace=True)
    versions.append(store.version())
    assert cache.get("triples", {}, count) == [3]
    store.drop_graph("urn:x:h")
    versions.append(store.version())
    store.replace([("urn:x:g", b"")])  # a rebuild: a new generation
    versions.append(store.version())
    assert cache.get("triples", {}, count) == [0]
    assert len(set(versions)) == len(versions) and count.calls == 4
    assert len(cache) == 1, "results of older versions are dropped"


def test_reads_and_refused_writes_keep_the_version(store: EmbeddedStore, tmp_path: Path) -> None:
    before = store.version()
    store.query("SELECT * WHERE { ?s ?p ?o }")
    store.triple_count()
    with pytest.raises(SyntaxError):
        store.update("INSERT DATA { not sparql")
    assert store.version() == before
    reader = EmbeddedStore(tmp_path / "store")
    assert reader.version() == before.split("+")[0] + "+0", "a reader names the same generation"


def test_concurrent_first_requests_compute_once(store: EmbeddedStore) -> None:
    """Eight threads ask at the same moment; the computation takes 0.3 s, so all but one arrive while
    it runs: they wait for it and get its object, none starts its own."""
    cache, count = DerivedCache(store), Counted(store, pause=0.3)
    start = threading.Barrier(8)
    results: list[list[int]] = []

    def ask() -> None:
        start.wait()
        results.append(cache.get("slow", {}, count))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count.calls == 1 and len(results) == 8
    assert all(r is results[0] for r in results)


def test_a_failed_computation_reaches_its_waiters_and_is_not_kept(store: EmbeddedStore) -> None:
    cache, attempts = DerivedCache(store), []
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def failing() -> int:
        attempts.append(1)
        time.sleep(0.2)
        raise RuntimeError("no answer")

    def ask() -> None:
        start.wait()
        try:
            cache.get("broken", {}, failing)
        except RuntimeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(attempts) == 1 and len(errors) == 4
    assert cache.get("broken", {}, lambda: 7) == 7, "the next request computes afresh"


def test_least_recently_used_results_go_past_the_bound(store: EmbeddedStore) -> None:
    cache = DerivedCache(store, max_entries=2)
    for n in range(3):
        cache.get("n", {"n": n}, functools.partial(int, n))
    assert len(cache) == 2
    assert cache.get("n", {"n": 0}, lambda: -1) == -1, "the oldest was dropped"
    assert cache.get("n", {"n": 2}, lambda: -1) == 2


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


def test_a_remote_store_moves_its_version_on_writes_through_it_and_after_its_window(oxigraph: OxigraphServer) -> None:
    remote = RemoteStore(oxigraph.store_url)
    try:
        remote.version_ttl = 3600.0  # no window ends during this part
        cache, count = DerivedCache(remote), Counted(remote)
        assert cache.get("triples", {}, count) == [0]
        before = remote.version()
        remote.update(f"INSERT DATA {{ GRAPH <urn:x:g> {{ {TRIPLE} }} }}")
        assert remote.version() != before
        assert cache.get("triples", {}, count) == [1]
        assert cache.get("triples", {}, count) == [1] and count.calls == 2
        remote.version_ttl = 0.05  # a write by another client of the endpoint shows once the window ends
        time.sleep(0.1)
        assert cache.get("triples", {}, count) == [1] and count.calls == 3
    finally:
        remote.close()
