"""The one store interface the rest of jha-kg talks to: a protocol both backends implement in full.

Results are pyoxigraph's own result objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`)
whatever the backend, so serialisation and the API never care where the data lives; a remote
backend parses the endpoint's answer into the same objects.

Two meanings of "default graph", kept apart on purpose and the same on every backend:

- a *query* without a dataset of its own sees the union of all graphs as its default graph, so
  jha-kg's data (kept in one named graph per source) answers plain `?s ?p ?o` patterns;
- the *Graph Store* methods and SPARQL Update's `DEFAULT` address the store's own default graph
  (`graph=None`), which holds only what was written there explicitly; `read_graph(None)` never
  returns the union, like `GET /store?default` on any Graph Store protocol server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from jhakg.errors import StoreError, StoreUnavailable

__all__ = ["Progress", "QueryResult", "Store", "StoreError", "StoreUnavailable", "Term"]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Progress = Callable[[int], None]
Term = ox.NamedNode | ox.Literal | ox.BlankNode


@runtime_checkable
class Store(Protocol):
    """What analytics, the CLI and the API need from a triple store.

    Each backend module asserts `type[Store]` for its class, so the type checker fails when a
    backend misses a member or changes a signature.
    """

    location: str

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; SyntaxError for a malformed one.

        The dataset follows the SPARQL Protocol: with neither `default_graph` nor `named_graphs`
        (and no FROM in the text) the default graph is the union of all graphs and every named
        graph is available to GRAPH. `default_graph` alone keeps every named graph available;
        `named_graphs` alone leaves the default graph empty; `[]` means an empty default graph or
        no named graphs. `substitutions` pre-bind variables to terms (never pasted text);
        relative IRIs resolve against `base_iri`.
        """
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update atomically; relative IRIs resolve against `base_iri`.

        Raises SyntaxError for a malformed update, StoreError when the store is read-only.
        """
        ...

    # The Graph Store HTTP Protocol: graph=None is the store's own default graph (not the
    # union, see the module docstring); named graphs are absolute IRIs.
    def read_graph(self, graph: str | None, fmt: ox.RdfFormat) -> bytes | None:
        """One graph serialised in `fmt`, or None when a named graph does not exist."""
        ...

    def write_graph(self, graph: str | None, data: bytes, fmt: ox.RdfFormat, *, replace: bool) -> bool:
        """Parse `data` into the graph (PUT: replace=True, POST: merge), atomically; True if the graph is new.

        SyntaxError when `data` is not valid `fmt` (nothing is written then).
        """
        ...

    def drop_graph(self, graph: str | None) -> bool:
        """Remove a named graph (or empty the default graph); False when it did not exist."""
        ...

    def triple_count(self) -> int:
        """Number of quads held (all graphs, the default graph included)."""
        ...

    def replace(self, sources: Iterable[tuple[str, bytes]], progress: Progress | None = None) -> None:
        """Atomically replace the data with N-Triples `(graph IRI, data)` pairs: afterwards the store holds
        exactly these graphs (a remote store leaves graphs outside their namespace to their owners)."""
        ...

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise all data (quads for N-Quads/TriG, the union of graphs otherwise)."""
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs in the store, sorted, empty graphs included."""
        ...

    def version(self) -> str:
        """A token that changes whenever the data may have: results derived from the store are cached under it."""
        ...

    def release_caches(self) -> bool:
        """Give back the memory the engine keeps for reading (a local store's block caches) without changing
        `version()`; True when there was some to give back. Called after big scans, e.g. the warm-up."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...
