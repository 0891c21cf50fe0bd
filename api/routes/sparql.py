"""/sparql: the SPARQL 1.1 Protocol — query, update and service description on one URL.

The route only reads the protocol (which operation, its text, its dataset) and hands the work to
the query runner (`graph.store.runner`: time limit, row limit, worker processes); formats come from
the one table in `graph.store.formats`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import RunnerDep, SettingsDep, StoreDep, cache_of
from api.errors import ApiError
from api.ready import ready
from api.routes.editor import editor_page, wants_html
from api.security import verify_bearer
from graph.store.formats import GRAPH_FORMATS, TABULAR_FORMATS, NotAcceptable, negotiate
from graph.store.runner import QueryJob
from graph.store.service_description import serialise_description, service_description
from graph.store.sparql_text import UsingConflict, with_using
from jhakg.settings import Settings

__all__ = ["Operation", "check_update_rights", "read_operation", "router"]

router = APIRouter(tags=["sparql"])

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
_SELECT_EXAMPLE = ("SELECT ?agency ?label WHERE { ?agency a <https://w3id.org/jha-kg/ontology#Agency> ; "
                   "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }")


@dataclass
class Operation:
    """One protocol request: a query or an update, its text and the dataset parameters."""

    kind: str | None  # "query", "update" or None (no operation: service description / editor)
    text: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def all(self, name: str) -> list[str]:
        return self.params.get(name, [])


def _pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {what} is not valid UTF-8 (percent-encode UTF-8 bytes)") from exc


def _utf8(body: bytes, content_type: str) -> str:
    charset = _param(content_type, "charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ApiError(415, f"charset {charset} is not supported; send the request body as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "the request body is not valid UTF-8") from exc


def _param(content_type: str, name: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"')
    return None


async def read_operation(request: Request) -> Operation:
    """The operation of a GET or POST, per SPARQL 1.1 Protocol §2.1/§2.2 (exactly one query or update)."""
    params: dict[str, list[str]] = {}
    for key, value in _pairs(request.scope.get("query_string", b""), "query string"):
        params.setdefault(key, []).append(value)
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    body_text: str | None = None
    if request.method == "POST":
        body = await request.body()
        if media == FORM_TYPE:
            for key, value in _pairs(body, "form body"):
                params.setdefault(key, []).append(value)
        elif media in (QUERY_TYPE, UPDATE_TYPE):
            body_text = _utf8(body, content_type)
        elif not media:
            raise ApiError(415, f"no Content-Type: send {QUERY_TYPE}, {UPDATE_TYPE} or {FORM_TYPE}")
        else:
            raise ApiError(415, f"unsupported Content-Type {media!r}; send {QUERY_TYPE}, {UPDATE_TYPE} or {FORM_TYPE}")
    queries, updates = params.pop("query", []), params.pop("update", [])
    if body_text is not None:
        (queries if media == QUERY_TYPE else updates).append(body_text)
    if len(queries) + len(updates) > 1:
        raise ApiError(400, "give exactly one query or one update per request")
    if updates and request.method != "POST":
        raise ApiError(400, "updates must be sent by POST (form field 'update' or an application/sparql-update body)")
    if queries:
        return Operation("query", queries[0], params)
    if updates:
        return Operation("update", updates[0], params)
    return Operation(None, "", params)


def check_update_rights(request: Request, settings: Settings) -> None:
    """Updates need JHAKG_UPDATE_TOKEN set and `Authorization: Bearer <token>`: 403 when off, 401 without the token,
    429 after too many wrong tokens from one address."""
    if not settings.update_token:
        raise ApiError(403, "this endpoint is read-only: updates and Graph Store writes are disabled (JHAKG_UPDATE_TOKEN is not set)")
    verify_bearer(request, settings.update_token)  # constant time; wrong tokens locked out per address (429)


def _iris(values: list[str], name: str) -> tuple[str, ...]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise ApiError(400, f"{name} must be an absolute IRI, got {value!r}") from exc
    return tuple(values)


def acceptable_somehow(accept: str, override: str | None) -> None:
    """Raise NotAcceptable when neither a results table nor a graph could be sent in an accepted format."""
    try:
        negotiate(accept, TABULAR_FORMATS, override)
        return
    except NotAcceptable as exc:
        first = str(exc)
    try:
        negotiate(accept, GRAPH_FORMATS, override)
        return
    except NotAcceptable:
        pass
    media = [f.media_type for f in TABULAR_FORMATS] + [f.media_type for f in GRAPH_FORMATS]
    raise NotAcceptable(first if override else "none of the accepted media types can carry SPARQL results; accepted here: "
                        + ", ".join(media))


def _root(request: Request) -> str:
    return str(request.base_url)


async def _answer(request: Request, op: Operation, runner: RunnerDep, settings: Settings, store: StoreDep) -> Response:
    if op.kind is None:
        if request.method == "GET" and wants_html(request):
            return editor_page(request)
        if request.method == "POST":
            raise ApiError(400, "no query or update: send 'query' or 'update' (form), or a SPARQL body")
        fmt = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, request.query_params.get("format"))
        root, update = _root(request), bool(settings.update_token)
        return await ready(cache_of(request), "service-description",
                           {"root": root, "base_iri": settings.base_iri, "update": update, "format": fmt.media_type},
                           lambda: serialise_description(service_description(store, root, settings.base_iri, update=update),
                                                         fmt.oxigraph), fmt.media_type)
    if op.kind == "update":
        check_update_rights(request, settings)
        try:
            text = with_using(op.text, _iris(op.all("using-graph-uri"), "using-graph-uri"),
                              _iris(op.all("using-named-graph-uri"), "using-named-graph-uri"))
            await runner.update(text, base_iri=f"{_root(request)}sparql")
        except UsingConflict as exc:
            raise ApiError(400, str(exc)) from exc
        except SyntaxError as exc:
            raise ApiError(400, f"malformed update: {exc}") from exc
        return Response(status_code=204)
    default = op.all("default-graph-uri")
    named = op.all("named-graph-uri")
    formats = op.all("format")
    accept, override = request.headers.get("accept", ""), formats[0] if formats else None
    acceptable_somehow(accept, override)  # 406 before any work when no result kind could be served
    job = QueryJob(
        op.text, accept=accept, format=override,
        default_graph=_iris(default, "default-graph-uri") if default else None,
        named_graphs=_iris(named, "named-graph-uri") if named else None, base_iri=f"{_root(request)}sparql",
    )
    try:
        outcome = await runner.run(job)
    except SyntaxError as exc:
        raise ApiError(400, f"malformed query: {exc}") from exc
    headers = {"X-Result-Truncated": "true", "X-Result-Limit": str(settings.result_limit)} if outcome.truncated else None
    return Response(outcome.body, media_type=outcome.media_type, headers=headers)


_PARAMS = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"}, "example": _SELECT_EXAMPLE,
     "description": "The SPARQL query. Without it: the Service Description (RDF) or, for browsers, the editor."},
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
     "description": "IRIs whose merge is the default graph (overrides FROM). Default: the union of all graphs."},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
     "description": "IRIs of the named graphs available to GRAPH (overrides FROM NAMED)."},
    {"name": "format", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdfxml"]},
     "description": "Result format, overriding Accept."},
]
_RESPONSES = {
    "200": {"description": "Results (SELECT/ASK: SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML)",
            "content": {m: {} for m in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                        "text/tab-separated-values", "text/turtle", "application/n-triples",
                                        "application/ld+json", "application/rdf+xml")}},
    "204": {"description": "Update done"},
    "400": {"description": "Malformed query or update (the parser's message), SERVICE or LOAD refused"},
    "401": {"description": "Update without the bearer token"},
    "403": {"description": "Update on a read-only endpoint"},
    "406": {"description": "No acceptable result format"},
    "413": {"description": "Request body over JHAKG_MAX_REQUEST_BYTES"},
    "415": {"description": "Unsupported Content-Type or charset"},
    "503": {"description": "Query cut at JHAKG_QUERY_TIMEOUT"},
}


@router.get("/sparql", summary="SPARQL 1.1 query by GET; the Service Description without a query",
            openapi_extra={"parameters": _PARAMS, "responses": _RESPONSES})
async def sparql_get(request: Request, runner: RunnerDep, settings: SettingsDep, store: StoreDep) -> Response:
    """`GET /sparql?query=…` runs a query; without `query` RDF clients get the SPARQL Service Description
    (Turtle, N-Triples, JSON-LD or RDF/XML by Accept) and browsers the SPARQL editor."""
    return await _answer(request, await read_operation(request), runner, settings, store)


@router.post("/sparql", summary="SPARQL 1.1 query or update by POST", openapi_extra={
    "parameters": _PARAMS[1:],
    "requestBody": {"required": True, "content": {
        QUERY_TYPE: {"schema": {"type": "string"}, "example": _SELECT_EXAMPLE},
        UPDATE_TYPE: {"schema": {"type": "string"}, "example": "INSERT DATA { GRAPH <urn:example:g> { <urn:a> <urn:b> <urn:c> } }"},
        FORM_TYPE: {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"},
            "default-graph-uri": {"type": "string"}, "named-graph-uri": {"type": "string"},
            "using-graph-uri": {"type": "string"}, "using-named-graph-uri": {"type": "string"}}},
            "example": {"query": _SELECT_EXAMPLE}},
    }},
    "responses": _RESPONSES,
})
async def sparql_post(request: Request, runner: RunnerDep, settings: SettingsDep, store: StoreDep) -> Response:
    """A query (form field `query` or an `application/sparql-query` body) or an update (form field `update` or an
    `application/sparql-update` body; needs `Authorization: Bearer <JHAKG_UPDATE_TOKEN>`)."""
    return await _answer(request, await read_operation(request), runner, settings, store)
