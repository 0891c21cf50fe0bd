"""SPARQL results → bytes, from one table of media types (shared by the CLI and /sparql)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from graph.store.base import QueryResult
from jhakg.errors import NotAcceptable

__all__ = [
    "BOOLEAN_FORMATS",
    "GRAPH_FORMATS",
    "TABULAR_FORMATS",
    "NotAcceptable",
    "ResultFormat",
    "execute",
    "negotiate",
    "result_kind",
    "rows_as_python",
    "serialise",
    "serialise_limited",
]


@dataclass(frozen=True)
class ResultFormat:
    media_type: str
    short: str  # the `format=` / `--format` name
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()  # other media types clients send for the same thing
    names: tuple[str, ...] = ()  # other `format=` names (SPARQLWrapper sends format=xml for RDF/XML, json for JSON-LD)

    def matches(self, media: str) -> bool:
        return media in (self.media_type, *self.aliases)

    def named(self, name: str) -> bool:
        return name in (self.short, *self.names) or self.matches(name)


# SELECT / ASK results
TABULAR_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("application/sparql-results+json", "json", ox.QueryResultsFormat.JSON, ("application/json",), ("srj",)),
    ResultFormat("application/sparql-results+xml", "xml", ox.QueryResultsFormat.XML, ("application/xml", "text/xml"), ("srx",)),
    ResultFormat("text/csv", "csv", ox.QueryResultsFormat.CSV),
    ResultFormat("text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
)
BOOLEAN_FORMATS = TABULAR_FORMATS
# CONSTRUCT / DESCRIBE results
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("text/turtle", "ttl", ox.RdfFormat.TURTLE, ("application/x-turtle", "application/turtle"), ("turtle",)),
    ResultFormat("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, ("text/plain",), ("ntriples", "n-triples")),
    ResultFormat("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, ("application/json",), ("json-ld", "json")),
    ResultFormat("application/rdf+xml", "rdfxml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml"), ("xml", "rdf")),
)


def negotiate(accept: str, formats: tuple[ResultFormat, ...], override: str | None = None) -> ResultFormat:
    """Pick the result format from `format=` (short name or media type) or the Accept header (q-values honoured).

    An empty Accept gets the first format of the table; nothing acceptable raises NotAcceptable.
    """
    if override:
        for f in formats:
            if f.named(override.lower()):
                return f
        raise NotAcceptable(f"format {override!r} is not available for this result; use one of "
                            + ", ".join(f.short for f in formats))
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.replace(" ", "").startswith("q="):
                try:
                    q = float(param.split("=", 1)[1])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((q, -i, media.lower()))
    if not ranges:
        return formats[0]
    for q, _i, media in sorted(ranges, reverse=True):
        if q <= 0:
            continue
        for f in formats:
            if media in ("*/*", f.media_type.split("/")[0] + "/*") or f.matches(media):
                return f
    raise NotAcceptable("none of the accepted media types fits this result; accepted here: "
                        + ", ".join(f.media_type for f in formats))


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


def serialise_limited(result: QueryResult, fmt: ResultFormat, limit: int) -> tuple[bytes, bool]:
    """Serialise at most `limit` rows (or triples); says whether the result was cut.

    Oxigraph serialises whole iterators only, so a SELECT result is read up to the limit and
    handed back to Oxigraph's own writers through a SPARQL JSON document.
    """
    if isinstance(result, ox.QueryBoolean):
        return serialise(result, fmt), False
    if isinstance(result, ox.QueryTriples):
        triples = list(islice(result, limit + 1))
        cut = len(triples) > limit
        return ox.serialize(triples[:limit], format=fmt.oxigraph) or b"", cut
    variables = [v.value for v in result.variables]
    rows = list(islice(result, limit + 1))
    cut = len(rows) > limit
    bindings = []
    for solution in rows[:limit]:
        row = {}
        for name in variables:
            term = solution[name]
            if term is not None:
                row[name] = _term_json(term)
        bindings.append(row)
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode()
    if fmt.oxigraph == ox.QueryResultsFormat.JSON:
        return document, cut
    reparsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    return reparsed.serialize(format=fmt.oxigraph) or b"", cut


def _term_json(term: object) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 JSON results shape (RDF-star triples included)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def solutions(result: QueryResult) -> ox.QuerySolutions:
    """The rows of a SELECT result; any other kind of result is a programming error in the caller."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected the rows of a SELECT query, got {type(result).__name__}")
    return result


def rows_as_python(result: QueryResult) -> tuple[list[str], list[dict[str, str | None]]]:
    """Variables and rows with plain string values, for tables and JSON APIs."""
    result = solutions(result)
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
