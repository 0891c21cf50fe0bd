"""Finished SPARQL answers kept by store version: a repeated query is answered without the engine.

Why: analysts' tools (YASGUI tabs, dashboards, SPARQLWrapper scripts, the explorer's links) send
the same few queries over and over. Each one costs a hand-off to a query worker even when the
engine's work takes microseconds, and under load those hand-offs queue behind a runaway query.
An answer depends only on the store's contents, the query text and its negotiation, so it is kept
until the store's version (`Store.version()`) moves on.

Bounded in bytes (least recently used answers dropped first, and no single answer above
`max_item_bytes`). Queries whose answer may differ from one run to the next (NOW, RAND, UUID,
STRUUID, BNODE) are never kept.

>>> from graph.store.runner import QueryJob, QueryOutcome
>>> cache = ResultCache(max_bytes=10, max_item_bytes=6)
>>> job = QueryJob("ASK {}")
>>> cache.put("v1", job, QueryOutcome(b"true", "text/plain", "boolean", False))
>>> cache.get("v1", job).body
b'true'
>>> cache.put("v1", QueryJob("SELECT (RAND() AS ?r) {}"), QueryOutcome(b"0.5", "text/plain", "tabular", False))
>>> len(cache)  # RAND(): never kept
1
>>> cache.get("v2", job) is None, len(cache)  # the store changed: nothing kept is served
(True, 0)
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the runner imports this module; the types only are needed here
    from graph.store.runner import QueryJob, QueryOutcome

__all__ = ["ResultCache", "repeatable"]

_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def repeatable(sparql: str) -> bool:
    """True when running the query twice on the same data must give the same answer (no NOW, RAND, UUID, BNODE…)."""
    return _VOLATILE.search(sparql) is None


def _key(job: QueryJob) -> tuple[Hashable, ...]:
    return (job.sparql, job.accept, job.format, job.default_graph, job.named_graphs,
            tuple(sorted(job.substitutions.items())), job.base_iri)


class ResultCache:
    """Serialised answers by (store version, query job), least recently used dropped past `max_bytes`."""

    def __init__(self, *, max_bytes: int, max_item_bytes: int = 1 << 20) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = min(max_item_bytes, max_bytes)
        self.hits = 0
        self.misses = 0
        self._version: str | None = None
        self._entries: OrderedDict[tuple[Hashable, ...], QueryOutcome] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, version: str, job: QueryJob) -> QueryOutcome | None:
        """The kept answer to `job` at `version`, or None."""
        with self._lock:
            if version != self._version:
                self._reset(version)
            outcome = self._entries.get(_key(job))
            if outcome is None:
                self.misses += 1
                return None
            self._entries.move_to_end(_key(job))
            self.hits += 1
            return outcome

    def put(self, version: str, job: QueryJob, outcome: QueryOutcome) -> None:
        """Keep `outcome` for `job` at `version`, unless it is too big or the query is not repeatable."""
        size = len(outcome.body)
        if size > self.max_item_bytes or not repeatable(job.sparql):
            return
        with self._lock:
            if version != self._version:
                self._reset(version)
            key = _key(job)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = outcome
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def _reset(self, version: str) -> None:
        """A new store version: every kept answer may be wrong now."""
        self._entries.clear()
        self._bytes = 0
        self._version = version
