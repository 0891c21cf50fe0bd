"""Full-text search over the report's passages: SQLite FTS5 (standard library), ranked by BM25.

Where the index lives: in memory, built lazily from the store's passages (`queries/passages.rq`)
the first time a search is asked for at a store version, and held in the app's `DerivedCache`
under that version. Why not a file written next to the store at build time: a remote SPARQL
store has no folder of ours, and a write through `/sparql` or `/store` moves the version on, so an
index built once at build time would go stale; keyed on the version it is rebuilt exactly when
the data changes. Building it reads one query and inserts a few thousand rows (milliseconds on
the 2017 report; `bench/pages.py` measures it at scale).

Query syntax is FTS5's: words (all must match), `"a phrase"`, `prefix*`, `OR`, `NOT`, `NEAR(a b)`.
A query FTS5 cannot parse raises `SearchSyntaxError` with SQLite's reason.

>>> index = SearchIndex([Passage("p/1", "Europol supported the darknet action day.", "2 > Security", 2017, ("act/1",)),
...                      Passage("p/2", "Frontex trained border guards.", "1 > Migration", 2017, ())])
>>> [h.passage for h in index.search("darknet")]
['p/1']
>>> [h.passage for h in index.search('"border guards"')], [h.passage for h in index.search("train*")]
(['p/2'], ['p/2'])
>>> index.search('"unclosed')
Traceback (most recent call last):
...
graph.entities.search.SearchSyntaxError: unterminated string
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.cache import DerivedCache
from graph.store.base import Store, StoreError
from graph.store.formats import rows_as_python
from queries import get_query

__all__ = ["MAX_HITS", "Hit", "Passage", "SearchIndex", "SearchSyntaxError", "load_passages", "search", "search_index"]

MAX_HITS = 200
MAX_QUERY = 500  # characters
OPEN, CLOSE = "\x02", "\x03"  # highlight markers; never in report text


class SearchSyntaxError(ValueError):
    """A query FTS5 cannot parse; the message is SQLite's reason."""


@dataclass(frozen=True)
class Passage:
    iri: str
    quote: str
    section: str
    year: int | None
    activities: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    passage: str
    quote: str
    section: str
    year: int | None
    activities: tuple[str, ...]
    fragments: tuple[tuple[str, bool], ...]  # the quote cut into (text, matched) pieces, for highlighting
    rank: float


class SearchIndex:
    """An in-memory FTS5 table of passages; safe to share between threads."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("CREATE VIRTUAL TABLE passage USING fts5(quote, section, tokenize='unicode61 remove_diacritics 2')")
        self._rows: list[Passage] = list(passages)
        self._db.executemany("INSERT INTO passage(rowid, quote, section) VALUES (?, ?, ?)",
                             ((i, p.quote, p.section) for i, p in enumerate(self._rows)))
        self._db.commit()

    def __len__(self) -> int:
        return len(self._rows)

    def search(self, query: str, limit: int = MAX_HITS) -> list[Hit]:
        """Passages matching `query`, best first (BM25, the quote weighing more than the section)."""
        query = query.strip()
        if not query:
            raise SearchSyntaxError("empty query")
        if len(query) > MAX_QUERY:
            raise SearchSyntaxError(f"query longer than {MAX_QUERY} characters")
        sql = ("SELECT rowid, highlight(passage, 0, ?, ?), bm25(passage, 10.0, 1.0) AS score FROM passage "
               "WHERE passage MATCH ? ORDER BY score LIMIT ?")
        try:
            with self._lock:
                rows = self._db.execute(sql, (OPEN, CLOSE, query, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise SearchSyntaxError(str(exc).removeprefix("fts5: ")) from exc
        hits = []
        for rowid, marked, score in rows:
            p = self._rows[rowid]
            hits.append(Hit(p.iri, p.quote, p.section, p.year, p.activities, _fragments(marked), float(score)))
        return hits


def _fragments(marked: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for i, part in enumerate(marked.split(OPEN)):
        matched, _, rest = part.partition(CLOSE) if i else ("", "", part)
        if matched:
            out.append((matched, True))
        if rest:
            out.append((rest, False))
    return tuple(out)


def load_passages(store: Store) -> list[Passage]:
    """Every passage with its quote, section, year and the activities citing it (`queries/passages.rq`)."""
    result = store.query(get_query("passages").text)
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError("the named query 'passages' is not a SELECT query")
    _v, rows = rows_as_python(result)
    return [Passage(iri=r["passage"] or "", quote=r["quote"] or "", section=r["section"] or "",
                    year=int(r["year"]) if r["year"] else None, activities=tuple(sorted((r["activities"] or "").split())))
            for r in rows]


def search_index(cache: DerivedCache) -> SearchIndex:
    """The index of the store's current version (built on first use, then shared)."""
    return cache.get("search-index", {}, lambda: SearchIndex(load_passages(cache.store)))


def search(cache: DerivedCache, query: str, limit: int = MAX_HITS) -> list[Hit]:
    return search_index(cache).search(query, limit)
