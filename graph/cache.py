"""One cache for everything derived from the store, keyed on the store's version token.

Why: the projection, the measures, the gaps, the explorer's layout and the service description
each take from tenths of a second to seconds, and they only change when the store does. The
app holds one `DerivedCache`; every derived result is asked for by name and parameters, and is
computed at most once per store version (`Store.version()`, which a write moves on).

Single flight: the first request for a key computes it; requests for the same key that arrive
meanwhile wait for that computation instead of starting their own. A failed computation is not
kept: its waiters get the same error, and the next request tries again.

>>> import tempfile
>>> from graph.store.embedded import EmbeddedStore
>>> store = EmbeddedStore(tempfile.mkdtemp(), writable=True)
>>> cache = DerivedCache(store)
>>> cache.get("triples", {}, store.triple_count)
0
>>> cache.get("triples", {}, lambda: -1)  # the same version and parameters: kept, not computed
0
>>> store.update("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
>>> cache.get("triples", {}, store.triple_count)  # a write moved the version on
1
>>> cache.computed["triples"]
2
>>> cache.peek("triples", {}), cache.peek("never asked", {})
(1, None)
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar, cast

from graph.store.base import Store

__all__ = ["DerivedCache"]

T = TypeVar("T")
Key = tuple[str, str, tuple[tuple[str, Hashable], ...]]


class _Flight:
    """One computation: its result (or error) once `done` is set."""

    __slots__ = ("done", "error", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class DerivedCache:
    """Results by (store version, name, parameters), computed once each; only the newest version is kept.

    `max_entries` bounds memory: past it the least recently used result is dropped, except the
    `pinned` ones (the projection and the view data every other result is made from, so a flood
    of small entries, e.g. explorer panels, never pushes out the one expensive input). Parameters
    are a mapping of hashable values (the order of its keys does not matter).
    """

    def __init__(self, store: Store, *, max_entries: int = 1024,
                 pinned: frozenset[str] = frozenset({"network", "view-data", "organisation-graph", "opportunities"})) -> None:
        self.store = store
        self.max_entries = max_entries
        self.pinned = pinned
        self.computed: Counter[str] = Counter()  # computations started, per name: what the tests and benchmarks count
        self._entries: OrderedDict[Key, _Flight] = OrderedDict()
        self._lock = threading.Lock()

    def version(self) -> str:
        return self.store.version()

    def get(self, name: str, params: Mapping[str, Hashable], compute: Callable[[], T]) -> T:
        """The result for `name` and `params` at the store's current version, computed by `compute` at most once."""
        key: Key = (self.version(), name, tuple(sorted(params.items())))
        with self._lock:
            flight = self._entries.get(key)
            owner = flight is None
            if flight is None:
                self._drop_other_versions(key[0])
                flight = self._entries[key] = _Flight()
                self.computed[name] += 1
                self._evict()
            else:
                self._entries.move_to_end(key)
        if not owner:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return cast(T, flight.value)  # stored by the owner of this key's computation
        try:
            flight.value = compute()
        except BaseException as exc:
            flight.error = exc
            with self._lock:
                if self._entries.get(key) is flight:
                    del self._entries[key]
            raise
        finally:
            flight.done.set()
        return cast(T, flight.value)

    def peek(self, name: str, params: Mapping[str, Hashable]) -> Any | None:
        """The finished result for `name` and `params` at the current version, or None (never computes, never waits).

        What an event loop calls first, so a result that is ready is served without a thread hop.
        """
        key: Key = (self.version(), name, tuple(sorted(params.items())))
        with self._lock:
            flight = self._entries.get(key)
            if flight is None or not flight.done.is_set() or flight.error is not None:
                return None
            self._entries.move_to_end(key)
            return flight.value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _evict(self) -> None:
        """Drop least recently used results past `max_entries`, never a pinned one (what everything else is made from)."""
        excess = len(self._entries) - self.max_entries
        if excess <= 0:
            return
        for key in [k for k in self._entries if k[1] not in self.pinned][:excess]:
            del self._entries[key]

    def _drop_other_versions(self, version: str) -> None:
        """Results of an older version are never asked for again (the version only moves on)."""
        for stale in [k for k in self._entries if k[0] != version]:
            del self._entries[stale]
