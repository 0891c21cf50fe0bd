"""Run SPARQL queries off the event loop, under a time limit and a row limit.

pyoxigraph has no per-query timeout and its results are bound to the thread that made them, so a
query that must be abandonable runs in a worker *process* that opens the on-disk store read-only
by path, evaluates, serialises and sends back bytes. When the time limit passes the worker is
killed and a fresh one started; the server keeps answering meanwhile. After an update the runner's
generation number moves on and each worker reopens the store before its next query (a read-only
RocksDB open replays the writer's log, so it sees every committed update).

A store that is not on local disk (remote endpoint, in-memory) is queried in a thread instead: the
client still gets its answer or a timeout on time, but the abandoned evaluation runs to its end.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal, TypeVar

import pyoxigraph as ox

from graph.store.base import Store, StoreError
from graph.store.embedded import EmbeddedStore
from graph.store.formats import (
    GRAPH_FORMATS,
    TABULAR_FORMATS,
    NotAcceptable,
    ResultFormat,
    negotiate,
    result_kind,
    serialise_limited,
)
from graph.store.memory import BIG_ANSWER_BYTES, release_free_memory, resident_mb
from graph.store.result_cache import ResultCache
from graph.store.sparql_text import ForbiddenOperation, check_allowed
from jhakg.errors import BadInput, QueryTimeout

__all__ = [
    "RETIRE_AFTER_BYTES", "WORKER_MEMORY_MB", "QueryJob", "QueryOutcome", "QueryRunner", "QueryTimeout", "Term", "evaluate",
]

T = TypeVar("T")
RETIRE_AFTER_BYTES = 32 << 20  # a worker that sent an answer this big is replaced by a fresh one
# A worker that has grown by more than this (MB) is replaced after its answer too: the store's block caches
# and the heap grow with every big scan and are not given back (at 1M triples a worker stood at 130-170 MB, 40 fresh)
WORKER_MEMORY_MB = 64.0
# A parameter value crossing the process boundary: ("iri", value) or ("literal", value, datatype-or-None).
Term = tuple[str, str] | tuple[str, str, str | None]
# A worker's answer: ("ok", outcome, retiring) or ("error", exception class name, message). A worker that
# sent a very big answer retires after it (its heap stays fragmented even once trimmed): `retiring` says so.
Answer = tuple[Literal["ok"], "QueryOutcome", bool] | tuple[Literal["error"], str, str]


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query, in plain picklable values."""

    sparql: str
    accept: str = ""
    format: str | None = None
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    substitutions: Mapping[str, Term] = field(default_factory=dict)
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint URL)


@dataclass(frozen=True)
class QueryOutcome:
    body: bytes
    media_type: str
    kind: str  # tabular | boolean | graph
    truncated: bool


# -- evaluation (runs in the worker, or in a thread for stores that are not on disk) ---------------

def _term(value: Term) -> ox.NamedNode | ox.Literal:
    if value[0] == "iri":
        return ox.NamedNode(value[1])
    datatype = value[2] if len(value) == 3 else None
    return ox.Literal(value[1], datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value[1])


def evaluate(store: Store, job: QueryJob, limit: int) -> QueryOutcome:
    """Query, negotiate the format for the result's kind, serialise at most `limit` rows: one thread."""
    check_allowed(job.sparql)
    subs = {k: _term(v) for k, v in job.substitutions.items()}
    result = store.query(job.sparql, default_graph=job.default_graph, named_graphs=job.named_graphs,
                         substitutions=subs or None, base_iri=job.base_iri)
    kind = result_kind(result)
    fmt: ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat]
    fmt = (negotiate(job.accept, GRAPH_FORMATS, job.format) if kind == "graph"
           else negotiate(job.accept, TABULAR_FORMATS, job.format))
    body, cut = serialise_limited(result, fmt, limit)
    return QueryOutcome(body, fmt.media_type, kind, cut)


def _worker_main(conn: Connection, path: str, limit: int, memory_mb: float) -> None:
    """Worker loop: open the store read-only, answer jobs until the pipe closes, or until it has grown by
    more than `memory_mb` past its size once the store was open, not counting the answer it is sending
    (then it retires after that answer)."""
    generation = 0
    store = _open_generation(path)
    fresh_mb = resident_mb()
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        wanted, job = message
        size = 0
        try:
            if wanted != generation:
                store = _open_generation(path)
                generation = wanted
            outcome = evaluate(store, job, limit)
            size = len(outcome.body)
            retiring = size >= RETIRE_AFTER_BYTES or resident_mb() - size / 2**20 - fresh_mb > memory_mb
            conn.send(("ok", outcome, retiring))
            del outcome
            if retiring:
                return  # the runner starts a fresh worker in its place
        except BaseException as exc:  # every failure goes back to the server, classified there
            conn.send(("error", type(exc).__name__, str(exc)))
        if size >= BIG_ANSWER_BYTES:  # the answer is on its way: give its memory back (glibc keeps it otherwise)
            release_free_memory()


def _open_generation(path: str) -> EmbeddedStore:
    return EmbeddedStore(Path(path).parent, generation=path)


# -- the runners ---------------------------------------------------------------------------------

class _Worker:
    def __init__(self, path: str, limit: int, memory_mb: float) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, path, limit, memory_mb), daemon=True, name="jhakg-query")
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(60) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise StoreError("a query worker could not open the store (is it readable, and not mid-rebuild?)")

    async def ask(self, generation: int, job: QueryJob, timeout: float, limit_s: float) -> Answer:
        """`call` from the event loop: send, then wait for the pipe to become readable (no thread hop)."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def ready() -> None:
            if not readable.done():
                readable.set_result(None)

        try:
            self.conn.send((generation, job))  # a job is a few hundred bytes: the pipe takes it at once
            loop.add_reader(fd, ready)
            try:
                await asyncio.wait_for(readable, timeout)
            except TimeoutError as exc:
                raise QueryTimeout(f"the query ran longer than the limit of {limit_s:g} s and was stopped; "
                                   "narrow it down (LIMIT, more specific patterns) or ask the operator to raise JHAKG_QUERY_TIMEOUT"
                                   ) from exc
            finally:
                loop.remove_reader(fd)
                os.set_blocking(fd, True)  # uvloop's add_reader makes the fd non-blocking; recv needs the whole message
            answer: Answer = self.conn.recv()  # the worker writes its whole answer in one go once it starts
            return answer
        except (EOFError, OSError) as exc:  # the worker died (crash, out of memory): it is replaced
            raise StoreError(f"a query worker stopped unexpectedly: {exc!r}") from exc

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


# Errors a worker reports that are the client's doing, rebuilt on the server side; anything else is a StoreError.
# A ValueError there comes from pyoxigraph reading the client's own query text or values: bad input.
_ERRORS: dict[str, type[Exception]] = {
    "SyntaxError": SyntaxError, "NotAcceptable": NotAcceptable, "ForbiddenOperation": ForbiddenOperation,
    "BadInput": BadInput, "ValueError": BadInput,
}


def _raise(answer: Answer) -> QueryOutcome:
    if answer[0] == "ok":
        return answer[1]
    _tag, name, text = answer
    raise _ERRORS.get(name, StoreError)(text)


class QueryRunner:
    """Answers QueryJobs within `timeout` seconds; `run` is awaited from the event loop."""

    def __init__(self, store: Store, *, timeout: float, limit: int, workers: int = 2,
                 cache: ResultCache | None = None, worker_memory_mb: float = WORKER_MEMORY_MB) -> None:
        self.store = store
        self.worker_memory_mb = worker_memory_mb  # growth past which a worker is replaced after its answer
        self.cache = cache  # answers kept per store version: a repeated query needs no worker
        self.timeout = timeout
        self.limit = limit
        self.size = workers
        self.generation = 0
        self._path = _disk_path(store)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._write_lock = asyncio.Lock()
        self._big_answers = 0
        self._trimmer: asyncio.Task[None] | None = None
        self.trim_every = 2.0

    @property
    def isolated(self) -> bool:
        """True when queries run in killable worker processes."""
        return self._path is not None

    async def start(self) -> None:
        self._trimmer = asyncio.get_running_loop().create_task(self._trim_after_big_answers())
        if self._path is None:
            return
        self._idle = asyncio.Queue()
        start = [asyncio.to_thread(_Worker, self._path, self.limit, self.worker_memory_mb) for _ in range(self.size)]
        for worker in await asyncio.gather(*start):
            self._all.append(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        if self._trimmer is not None:
            self._trimmer.cancel()
        for task in list(self._tasks):
            await task
        for worker in self._all:
            worker.kill()
        self._all.clear()

    def changed(self) -> None:
        """The store was updated: workers reopen it before their next query."""
        self.generation += 1

    async def write(self, change: Callable[[], T]) -> T:
        """Run one store mutation (an update, a Graph Store write) in a thread, one at a time.

        The client gets a QueryTimeout after the time limit; the writable store lives in this
        process, so the mutation itself runs to its (transactional) end.
        """
        async with self._write_lock:
            try:
                return await asyncio.wait_for(asyncio.to_thread(change), self.timeout)
            except TimeoutError as exc:
                raise QueryTimeout(
                    f"the update ran longer than the limit of {self.timeout:g} s; it still completes in the background") from exc
            finally:
                self.changed()

    async def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """A SPARQL Update (LOAD and SERVICE refused) on the writable store."""
        check_allowed(sparql)
        await self.write(lambda: self.store.update(sparql, base_iri=base_iri))

    async def run(self, job: QueryJob) -> QueryOutcome:
        """The answer to `job`: kept from an earlier run at this store version, or computed within the time limit."""
        if self.cache is None:
            return self._noted(await self._evaluate(job))
        version = self.store.version()
        kept = self.cache.get(version, job)
        if kept is not None:
            return kept
        outcome = self._noted(await self._evaluate(job))
        if self.store.version() == version:  # no write landed meanwhile: the answer holds for this version
            self.cache.put(version, job, outcome)
        return outcome

    def _noted(self, outcome: QueryOutcome) -> QueryOutcome:
        """Remember a big answer: once it has been sent, the trimmer gives its memory back (`graph.store.memory`)."""
        if len(outcome.body) >= BIG_ANSWER_BYTES:
            self._big_answers += 1
        return outcome

    async def _trim_after_big_answers(self) -> None:
        """Every `trim_every` seconds, after big answers went out, hand the heap's free pages back to the system."""
        while True:
            await asyncio.sleep(self.trim_every)
            if self._big_answers:
                self._big_answers = 0
                await asyncio.to_thread(release_free_memory)

    async def _evaluate(self, job: QueryJob) -> QueryOutcome:
        if self._idle is None:
            return await self._run_in_thread(job)
        started = time.monotonic()
        if not self._idle.empty():  # a free worker: no waiting task to create and schedule
            worker = self._idle.get_nowait()
        else:
            try:  # waiting for a free worker counts against the time limit
                worker = await asyncio.wait_for(self._idle.get(), self.timeout)
            except TimeoutError as exc:
                raise QueryTimeout(f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again shortly") from exc
        remaining = max(0.05, self.timeout - (time.monotonic() - started))
        try:
            message = await worker.ask(self.generation, job, remaining, self.timeout)
        except BaseException:
            self._retire(worker)  # answer now, replace meanwhile
            raise
        if message[0] == "ok" and message[2]:
            self._retire(worker)  # it sent a very big answer and exits: a fresh worker takes its place
        else:
            self._idle.put_nowait(worker)
        return _raise(message)

    def _retire(self, worker: _Worker) -> None:
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, worker: _Worker) -> None:
        fresh = await asyncio.to_thread(self._replace, worker)
        if self._idle is not None:
            self._idle.put_nowait(fresh)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        fresh = _Worker(self._path or "", self.limit, self.worker_memory_mb)
        with self._lock:
            self._all = [w for w in self._all if w is not worker] + [fresh]
        return fresh

    async def _run_in_thread(self, job: QueryJob) -> QueryOutcome:
        try:
            return await asyncio.wait_for(asyncio.to_thread(evaluate, self.store, job, self.limit), self.timeout)
        except TimeoutError as exc:
            raise QueryTimeout(f"the query ran longer than the limit of {self.timeout:g} s") from exc


def _disk_path(store: Store) -> str | None:
    """The live generation folder of an embedded on-disk store, or None (remote, in memory: run in a thread)."""
    if not isinstance(store, EmbeddedStore):
        return None
    current = Path(store.location) / "current"
    return os.path.realpath(current) if current.exists() else None
