"""The one table of RDF and SPARQL-results media types, and results → bytes.

Everything that names a media type reads it here: content negotiation on /sparql and /store, the
CLI's output formats, and the remote store's parsing of an endpoint's answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

import pyoxigraph as ox

from graph.store.base import QueryResult
from jhakg.errors import NotAcceptable

__all__ = [
    "BOOLEAN_FORMATS",
    "GRAPH_FORMATS",
    "TABULAR_FORMATS",
    "NotAcceptable",
    "ResultFormat",
    "as_solutions",
    "as_triples",
    "format_of_media",
    "negotiate",
    "result_kind",
    "rows_as_python",
    "serialise",
    "serialise_limited",
]

F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)


@dataclass(frozen=True)
class ResultFormat(Generic[F]):
    """One media type with its pyoxigraph format: results tables (F = QueryResultsFormat) or RDF (F = RdfFormat)."""

    media_type: str
    short: str  # the `format=` / `--format` name
    oxigraph: F
    aliases: tuple[str, ...] = ()  # other media types clients send for the same thing
    names: tuple[str, ...] = ()  # other `format=` names (SPARQLWrapper sends format=xml for RDF/XML, json for JSON-LD)

    def matches(self, media: str) -> bool:
        return media in (self.media_type, *self.aliases)

    def named(self, name: str) -> bool:
        return name in (self.short, *self.names) or self.matches(name)


# SELECT / ASK results
TABULAR_FORMATS: tuple[ResultFormat[ox.QueryResultsFormat], ...] = (
    ResultFormat("application/sparql-results+json", "json", ox.QueryResultsFormat.JSON, ("application/json",), ("srj",)),
    ResultFormat("application/sparql-results+xml", "xml", ox.QueryResultsFormat.XML, ("application/xml", "text/xml"), ("srx",)),
    ResultFormat("text/csv", "csv", ox.QueryResultsFormat.CSV),
    ResultFormat("text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
)
BOOLEAN_FORMATS = TABULAR_FORMATS
# CONSTRUCT / DESCRIBE results
GRAPH_FORMATS: tuple[ResultFormat[ox.RdfFormat], ...] = (
    ResultFormat("text/turtle", "ttl", ox.RdfFormat.TURTLE, ("application/x-turtle", "application/turtle"), ("turtle",)),
    ResultFormat("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, ("text/plain",), ("ntriples", "n-triples")),
    ResultFormat("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, ("application/json",), ("json-ld", "json")),
    ResultFormat("application/rdf+xml", "rdfxml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml"), ("xml", "rdf")),
)


def format_of_media(media: str) -> ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat] | None:
    """The format a response's media type names (results tables first: `application/json` is SPARQL JSON)."""
    media = media.split(";")[0].strip().lower()
    for fmt in TABULAR_FORMATS:
        if fmt.matches(media):
            return fmt
    for graph_fmt in GRAPH_FORMATS:
        if graph_fmt.matches(media):
            return graph_fmt
    return None


def negotiate(accept: str, formats: tuple[ResultFormat[F], ...], override: str | None = None) -> ResultFormat[F]:
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


def serialise(result: QueryResult, fmt: ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat]) -> bytes:
    """Serialise a result in a format that fits its kind (TypeError when it does not)."""
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=_rdf(fmt)) or b""
    return result.serialize(format=_tabular(fmt)) or b""


def _rdf(fmt: ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat]) -> ox.RdfFormat:
    if not isinstance(fmt.oxigraph, ox.RdfFormat):
        raise TypeError(f"{fmt.media_type} cannot carry a graph (CONSTRUCT/DESCRIBE result)")
    return fmt.oxigraph


def _tabular(fmt: ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat]) -> ox.QueryResultsFormat:
    if not isinstance(fmt.oxigraph, ox.QueryResultsFormat):
        raise TypeError(f"{fmt.media_type} cannot carry a results table (SELECT/ASK result)")
    return fmt.oxigraph


def serialise_limited(result: QueryResult, fmt: ResultFormat[ox.QueryResultsFormat] | ResultFormat[ox.RdfFormat],
                      limit: int) -> tuple[bytes, bool]:
    """Serialise at most `limit` rows (or triples); says whether the result was cut.

    Oxigraph serialises whole iterators only, so a SELECT result is read up to the limit and
    handed back to Oxigraph's own writers through a SPARQL JSON document.
    """
    if isinstance(result, ox.QueryBoolean):
        return serialise(result, fmt), False
    if isinstance(result, ox.QueryTriples):
        triples = list(islice(result, limit + 1))
        cut = len(triples) > limit
        return ox.serialize(triples[:limit], format=_rdf(fmt)) or b"", cut
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
    if _tabular(fmt) == ox.QueryResultsFormat.JSON:
        return document, cut
    reparsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    return reparsed.serialize(format=_tabular(fmt)) or b"", cut


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


def as_triples(result: QueryResult) -> ox.QueryTriples:
    """A CONSTRUCT/DESCRIBE result as such (TypeError for SELECT/ASK, which has no triples)."""
    if not isinstance(result, ox.QueryTriples):
        raise TypeError(f"expected the triples of a CONSTRUCT or DESCRIBE query, got a {result_kind(result)} result")
    return result


def as_solutions(result: QueryResult) -> ox.QuerySolutions:
    """A SELECT result as such (TypeError for ASK/CONSTRUCT/DESCRIBE, which have no rows)."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected the rows of a SELECT query, got a {result_kind(result)} result")
    return result


def rows_as_python(result: QueryResult) -> tuple[list[str], list[dict[str, str | None]]]:
    """Variables and rows of a SELECT with plain string values, for tables and JSON APIs (TypeError otherwise)."""
    result = as_solutions(result)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({v: (solution[v].value if solution[v] is not None else None) for v in variables})
    return variables, rows
