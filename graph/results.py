"""SPARQL results → bytes, from one table of media types (shared by the CLI and /sparql)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.store import QueryResult

__all__ = [
    "BOOLEAN_FORMATS",
    "GRAPH_FORMATS",
    "TABULAR_FORMATS",
    "ResultFormat",
    "execute",
    "result_kind",
    "rows_as_python",
    "serialise",
]


@dataclass(frozen=True)
class ResultFormat:
    media_type: str
    short: str  # the `format=` / `--format` name
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat


# SELECT / ASK results
TABULAR_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("application/sparql-results+json", "json", ox.QueryResultsFormat.JSON),
    ResultFormat("application/sparql-results+xml", "xml", ox.QueryResultsFormat.XML),
    ResultFormat("text/csv", "csv", ox.QueryResultsFormat.CSV),
    ResultFormat("text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
)
BOOLEAN_FORMATS = TABULAR_FORMATS
# CONSTRUCT / DESCRIBE results
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ResultFormat("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ResultFormat("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    ResultFormat("application/rdf+xml", "rdfxml", ox.RdfFormat.RDF_XML),
)


def result_kind(result: QueryResult) -> str:
    """'tabular' (SELECT), 'boolean' (ASK) or 'graph' (CONSTRUCT/DESCRIBE)."""
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    if isinstance(result, ox.QueryTriples):
        return "graph"
    return "tabular"


def serialise(result: QueryResult, fmt: ResultFormat) -> bytes:
    """Serialise a result in a format that fits its kind."""
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=fmt.oxigraph) or b""
    return result.serialize(format=fmt.oxigraph) or b""


def rows_as_python(result: ox.QuerySolutions) -> tuple[list[str], list[dict[str, str | None]]]:
    """Variables and rows with plain string values, for tables and JSON APIs."""
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({v: (solution[v].value if solution[v] is not None else None) for v in variables})
    return variables, rows


def execute(store_query: Callable[[], QueryResult], choose: Callable[[str], ResultFormat]) -> tuple[bytes, ResultFormat]:
    """Run a query and serialise it on the same thread.

    pyoxigraph results are bound to the thread that made them, so the query, the choice of
    format (which depends on the result's kind) and the serialisation happen in one call.
    """
    result = store_query()
    fmt = choose(result_kind(result))
    return serialise(result, fmt), fmt
