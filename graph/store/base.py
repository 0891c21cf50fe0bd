"""The one store interface the rest of jha-kg talks to: a protocol both backends implement in full.

Results are pyoxigraph's own result objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`)
whatever the backend, so serialisation and the API never care where the data lives; a remote
backend parses the endpoint's answer into the same objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from jhakg.errors import StoreError, StoreUnavailable

__all__ = ["Progress", "QueryResult", "Store", "StoreError", "StoreUnavailable"]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Progress = Callable[[int], None]


@runtime_checkable
class Store(Protocol):
    """What analytics, the CLI and the API need from a triple store."""

    location: str

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all graphs unless given."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update atomically; relative IRIs resolve against `base_iri`.

        Raises SyntaxError for a malformed update, StoreError when the store is read-only.
        """
        ...

    # The Graph Store HTTP Protocol (graph=None is the default graph; IRIs are absolute).
    def read_graph(self, graph: str | None, fmt: ox.RdfFormat) -> bytes | None:
        """One graph serialised in `fmt`, or None when a named graph does not exist."""
        ...

    def write_graph(self, graph: str | None, data: bytes, fmt: ox.RdfFormat, *, replace: bool) -> bool:
        """Parse `data` into the graph (PUT: replace=True, POST: merge), atomically; True if the graph is new."""
        ...

    def drop_graph(self, graph: str | None) -> bool:
        """Remove a named graph (or empty the default graph); False when it did not exist."""
        ...

    def triple_count(self) -> int:
        """Number of quads held (all graphs)."""
        ...

    def replace(self, sources: Iterable[tuple[str, bytes]], progress: Progress | None = None) -> None:
        """Atomically replace everything with N-Triples `(graph IRI, data)` pairs."""
        ...

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise all data (quads for N-Quads/TriG, the union of graphs otherwise)."""
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs in the store."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...
