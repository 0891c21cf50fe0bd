"""/sparql: the SPARQL 1.1 Protocol endpoint (first form: queries by GET and POST).

Content negotiation is a table lookup (graph.results), not a chain of ifs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import StoreDep
from api.errors import ApiError
from api.routes.editor import editor_page, wants_html
from graph.results import GRAPH_FORMATS, TABULAR_FORMATS, ResultFormat, execute

router = APIRouter(tags=["sparql"])


def negotiate(accept: str, formats: tuple[ResultFormat, ...], override: str | None) -> ResultFormat:
    """Pick the result format from `format=` or the Accept header (q-values honoured)."""
    if override:
        for f in formats:
            if override in (f.short, f.media_type):
                return f
        raise ApiError(406, f"format {override!r} is not available for this query")
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
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
            if media in (f.media_type, "*/*", f.media_type.split("/")[0] + "/*"):
                return f
    raise ApiError(406, "none of the accepted media types fits this result; try " + ", ".join(f.media_type for f in formats))


async def _query_text(request: Request) -> str | None:
    if request.method == "GET":
        return request.query_params.get("query")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8")
    if content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        value = form.get("query")
        return str(value) if value is not None else None
    raise ApiError(415, f"unsupported content type {content_type!r}; use application/sparql-query or a form")


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint")
async def sparql(request: Request, store: StoreDep) -> Response:
    """Run a SPARQL query given as `query=` (GET or form POST) or as an application/sparql-query body."""
    text = await _query_text(request)
    if not text:
        if request.method == "GET" and wants_html(request):
            return editor_page(request)
        raise ApiError(400, "no query: pass the SPARQL query as 'query'")
    accept = request.headers.get("accept", "")
    override = request.query_params.get("format")

    def choose(kind: str) -> ResultFormat:
        return negotiate(accept, GRAPH_FORMATS if kind == "graph" else TABULAR_FORMATS, override)

    try:
        body, fmt = await run_in_threadpool(execute, lambda: store.query(text), choose)
    except SyntaxError as exc:
        raise ApiError(400, f"malformed query: {exc}") from exc
    return Response(body, media_type=fmt.media_type)
