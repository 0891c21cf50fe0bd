"""The query runner and the lexical guards, without HTTP: worker and in-thread modes, USING rewriting."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from graph.store.embedded import EmbeddedStore
from graph.store.memory import BIG_ANSWER_BYTES
from graph.store.result_cache import ResultCache
from graph.store.runner import RETIRE_AFTER_BYTES, QueryJob, QueryOutcome, QueryRunner, QueryTimeout
from graph.store.sparql_text import ForbiddenOperation, UsingConflict, check_allowed, has_from, with_using


def run_async(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """asyncio.run on a thread of its own: other tests (Playwright's sync API) may leave a loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, main()).result()


def test_keywords_inside_strings_iris_comments_and_names_do_not_count() -> None:
    check_allowed('SELECT * WHERE { ?s <http://x.example/SERVICE#LOAD> "SERVICE" ; ex:service ?load } # SERVICE <http://y>')
    check_allowed("SELECT ?service WHERE { ?service ?p '''LOAD <x>''' }")
    for text in ("SELECT * { SERVICE <http://x> { ?s ?p ?o } }", "select * { service silent <http://x> {} }",
                 "LOAD <http://x> INTO GRAPH <urn:g>", "PREFIX s: <urn:s> INSERT DATA {} ; load silent <http://x>"):
        with pytest.raises(ForbiddenOperation):
            check_allowed(text)


def test_from_is_seen_only_as_a_dataset_clause() -> None:
    assert has_from("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    assert has_from("select * from named <urn:g> { graph ?g { ?s ?p ?o } }")
    assert not has_from('SELECT * WHERE { ?s ?p "FROM" . ?from ?p <urn:FROM> }')


def test_using_clauses_go_before_each_modify_where() -> None:
    update = ('PREFIX a: <http://x#WHERE> DELETE { ?s ?p "WHERE" } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ; '
              "DELETE WHERE { ?a ?b ?c } ; INSERT { ?a ?b ?c } WHERE { ?a ?b ?c }")
    rewritten = with_using(update, ["urn:g1"], ["urn:g2"])
    assert rewritten.count("USING <urn:g1> USING NAMED <urn:g2> WHERE") == 2
    assert "DELETE WHERE { ?a ?b ?c }" in rewritten  # DELETE WHERE takes no USING
    assert with_using(update, [], []) == update
    with pytest.raises(UsingConflict):
        with_using("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:g1"], [])


def test_in_thread_mode_for_a_store_not_on_disk(tmp_path: Path) -> None:
    """An embedded store with nothing built is in memory: queries run in a thread, still limited."""
    store = EmbeddedStore(tmp_path / "empty")
    runner = QueryRunner(store, timeout=5, limit=2, workers=1)
    assert not runner.isolated

    async def go() -> None:
        await runner.start()
        outcome = await runner.run(QueryJob("SELECT ?n WHERE { VALUES ?n { 1 2 3 } }"))
        assert json.loads(outcome.body)["results"]["bindings"] == [{"n": {"type": "literal", "value": "1",
                                                                        "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
                                                                 {"n": {"type": "literal", "value": "2",
                                                                        "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
        assert outcome.truncated
        with pytest.raises(ForbiddenOperation):
            await runner.run(QueryJob("SELECT * { SERVICE <http://127.0.0.1:9/> {} }"))
        await runner.stop()

    run_async(go)


def test_worker_mode_cuts_a_runaway_and_recovers(built_store_path: Path) -> None:
    runner = QueryRunner(EmbeddedStore(built_store_path), timeout=1, limit=10, workers=1)
    assert runner.isolated

    async def go() -> None:
        await runner.start()
        with pytest.raises(QueryTimeout):
            await runner.run(QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
        await asyncio.sleep(0)  # let the replacement start
        for _ in range(50):
            try:
                outcome = await runner.run(QueryJob("ASK { ?s a <https://w3id.org/jha-kg/ontology#Agency> }"))
                break
            except QueryTimeout:
                continue
        assert json.loads(outcome.body)["boolean"] is True
        await runner.stop()

    run_async(go)


def test_a_repeated_query_is_kept_until_the_store_changes(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", writable=True)
    runner = QueryRunner(store, timeout=5, limit=100, workers=1, cache=ResultCache(max_bytes=1 << 20))
    assert runner.cache is not None
    count = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="application/sparql-results+json")

    def n(outcome: QueryOutcome) -> int:
        return int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])

    async def go() -> None:
        await runner.start()
        first = await runner.run(count)
        assert n(first) == 0 and await runner.run(count) is first and runner.cache.hits == 1
        await runner.update("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
        assert n(await runner.run(count)) == 1, "an update moves the version: the kept answer is not served"
        csv = await runner.run(QueryJob(count.sparql, accept="text/csv"))
        assert csv.media_type.startswith("text/csv"), "another negotiation is another answer"
        rand = QueryJob("SELECT (RAND() AS ?r) WHERE {}")
        await runner.run(rand)
        await runner.run(rand)
        assert runner.cache.hits == 1, "RAND() is run every time"
        await runner.stop()

    run_async(go)


def test_a_kept_answer_needs_no_worker_while_a_runaway_holds_it(built_store_path: Path) -> None:
    runner = QueryRunner(EmbeddedStore(built_store_path), timeout=3, limit=10, workers=1, cache=ResultCache(max_bytes=1 << 20))
    ask = QueryJob("ASK { ?s a <https://w3id.org/jha-kg/ontology#Agency> }")

    async def go() -> None:
        await runner.start()
        await runner.run(ask)
        runaway = asyncio.ensure_future(runner.run(QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")))
        await asyncio.sleep(0.2)  # the runaway holds the only worker
        assert json.loads((await asyncio.wait_for(runner.run(ask), 0.5)).body)["boolean"] is True
        assert not runaway.done()
        with pytest.raises(QueryTimeout):
            await runaway
        await runner.stop()

    run_async(go)


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def _replaced(runner: QueryRunner, pid: int | None) -> bool:
    """Whether the worker `pid` has been replaced within 10 s (a retired worker's replacement starts in the background)."""
    for _ in range(100):
        if runner._all[0].process.pid != pid:
            return True
        await asyncio.sleep(0.1)
    return False


def test_a_worker_gives_back_the_memory_of_a_big_answer(built_store_path: Path) -> None:
    """A 40,000-row answer (about 20 MB of JSON) passes through a worker; afterwards the worker is back near
    where it started instead of holding the answer's pages (glibc keeps freed memory otherwise). A
    200,000-row answer (about 100 MB) retires its worker, and a fresh one answers the next query."""
    runner = QueryRunner(EmbeddedStore(built_store_path), timeout=60, limit=200_000, workers=1)

    def rows(n: int) -> QueryJob:
        return QueryJob(f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {n}", accept="application/sparql-results+json")

    async def go() -> None:
        await runner.start()
        await runner.run(QueryJob("ASK { ?s ?p ?o }"))
        pid = runner._all[0].process.pid
        assert pid is not None
        before = _rss_mb(pid)
        outcome = await runner.run(rows(40_000))
        assert BIG_ANSWER_BYTES <= len(outcome.body) < RETIRE_AFTER_BYTES
        await runner.run(QueryJob("ASK { ?s ?p ?o }"))  # the worker trimmed after sending the big answer
        after = _rss_mb(pid)
        assert after < before + 10, f"worker RSS {before:.0f} → {after:.0f} MB after a {len(outcome.body) / 2**20:.0f} MB answer"
        assert len((await runner.run(rows(200_000))).body) >= RETIRE_AFTER_BYTES
        assert await _replaced(runner, pid), "a worker that sent a very big answer is replaced"
        assert json.loads((await runner.run(QueryJob("ASK { ?s ?p ?o }"))).body)["boolean"] is True
        await runner.stop()

    run_async(go)


def test_a_worker_that_grew_past_its_budget_is_replaced(built_store_path: Path) -> None:
    """With a budget of 1 MB of growth, a worker that scanned the store for a 40,000-row answer has grown past it
    (store caches, heap) and is replaced after answering; the fresh worker answers the next query. With the
    default budget the same query keeps its worker (the test above)."""
    runner = QueryRunner(EmbeddedStore(built_store_path), timeout=60, limit=200_000, workers=1, worker_memory_mb=1)
    job = QueryJob("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 40000", accept="application/sparql-results+json")

    async def go() -> None:
        await runner.start()
        pid = runner._all[0].process.pid
        outcome = await runner.run(job)
        assert len(json.loads(outcome.body)["results"]["bindings"]) == 40_000
        assert await _replaced(runner, pid), "a worker past its memory budget is replaced"
        assert json.loads((await runner.run(QueryJob("ASK { ?s ?p ?o }"))).body)["boolean"] is True
        await runner.stop()

    run_async(go)
