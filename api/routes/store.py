"""/store: the SPARQL 1.1 Graph Store HTTP Protocol (`?graph=IRI`, or `?default` / `?graph=default`).

Reads are open; PUT, POST and DELETE need the update token like SPARQL Update does. Everything
goes through the Store protocol, so an embedded store and a remote endpoint answer alike; the
default graph is the store's own, never the union that queries see (see `graph.store.base`).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import ApiError
from api.routes.sparql import check_update_rights
from graph.store.formats import GRAPH_FORMATS, negotiate

router = APIRouter(tags=["graph store"])

_PARAMS = [
    {"name": "graph", "in": "query", "required": False, "schema": {"type": "string"},
     "example": "https://w3id.org/jha-kg/graph/reference", "description": "IRI of a named graph, or `default`."},
    {"name": "default", "in": "query", "required": False, "schema": {"type": "string"}, "allowEmptyValue": True,
     "description": "Present (empty) to address the default graph."},
]
_CONTENT: dict[str, dict[str, object]] = {f.media_type: {"schema": {"type": "string"}} for f in GRAPH_FORMATS}
_CONTENT["text/turtle"]["example"] = "<urn:example:s> <urn:example:p> <urn:example:o> ."
_BODY = {"required": True, "content": _CONTENT}


def _target(request: Request) -> str | None:
    """The addressed graph: None for the default graph, else an absolute IRI."""
    params = request.query_params
    graphs = params.getlist("graph")
    if "default" in params and not graphs:
        return None
    if len(graphs) != 1 or ("default" in params):
        raise ApiError(400, "address exactly one graph: ?graph=IRI, ?graph=default or ?default")
    if graphs[0] == "default":
        return None
    try:
        ox.NamedNode(graphs[0])
    except ValueError as exc:
        raise ApiError(400, f"graph must be an absolute IRI or 'default', got {graphs[0]!r}") from exc
    return graphs[0]


def _body_format(request: Request) -> ox.RdfFormat:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    for fmt in GRAPH_FORMATS:
        if fmt.matches(media):
            return fmt.oxigraph
    raise ApiError(415, f"unsupported Content-Type {media!r}; send one of " + ", ".join(f.media_type for f in GRAPH_FORMATS))


@router.get("/store", summary="Graph Store protocol: read a graph", openapi_extra={
    "parameters": _PARAMS,
    "responses": {"200": {"description": "The graph", "content": {f.media_type: {} for f in GRAPH_FORMATS}},
                  "404": {"description": "No such named graph"}, "406": {"description": "No acceptable format"}}})
async def read(request: Request, store: StoreDep) -> Response:
    """The graph as Turtle, N-Triples, JSON-LD or RDF/XML (by Accept or `format=`)."""
    graph = _target(request)
    fmt = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, request.query_params.get("format"))
    data = await run_in_threadpool(store.read_graph, graph, fmt.oxigraph)
    if data is None:
        raise ApiError(404, f"no graph named {graph}")
    return Response(data, media_type=fmt.media_type)


async def _write(request: Request, store: StoreDep, runner: RunnerDep, settings: SettingsDep, *, replace: bool) -> Response:
    check_update_rights(request, settings)
    graph = _target(request)
    fmt = _body_format(request)
    data = await request.body()
    try:
        created = await runner.write(lambda: store.write_graph(graph, data, fmt, replace=replace))
    except SyntaxError as exc:
        raise ApiError(400, f"the RDF body could not be parsed: {exc}") from exc
    return Response(status_code=201 if created else 204)


_WRITE_DOC = {"parameters": _PARAMS, "requestBody": _BODY, "responses": {
    "201": {"description": "Graph created"}, "204": {"description": "Graph changed"},
    "400": {"description": "Unparseable RDF"}, "401": {"description": "No bearer token"},
    "403": {"description": "Read-only endpoint"}, "415": {"description": "Unsupported RDF media type"}}}


@router.put("/store", summary="Graph Store protocol: replace a graph", openapi_extra=_WRITE_DOC)
async def replace(request: Request, store: StoreDep, runner: RunnerDep, settings: SettingsDep) -> Response:
    """Replace the graph's content with the body (needs the update token)."""
    return await _write(request, store, runner, settings, replace=True)


@router.post("/store", summary="Graph Store protocol: add to a graph", openapi_extra=_WRITE_DOC)
async def merge(request: Request, store: StoreDep, runner: RunnerDep, settings: SettingsDep) -> Response:
    """Add the body's triples to the graph (needs the update token)."""
    return await _write(request, store, runner, settings, replace=False)


@router.delete("/store", summary="Graph Store protocol: delete a graph", openapi_extra={"parameters": _PARAMS, "responses": {
    "204": {"description": "Deleted"}, "404": {"description": "No such graph"}, "401": {"description": "No bearer token"},
    "403": {"description": "Read-only endpoint"}}})
async def delete(request: Request, store: StoreDep, runner: RunnerDep, settings: SettingsDep) -> Response:
    """Drop a named graph or empty the default graph (needs the update token)."""
    check_update_rights(request, settings)
    graph = _target(request)
    if not await runner.write(lambda: store.drop_graph(graph)):
        raise ApiError(404, f"no graph named {graph}")
    return Response(status_code=204)
