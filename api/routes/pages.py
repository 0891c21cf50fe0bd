"""Browser pages: the overview (`/`), the explorer (`/explore`, `/explore/agency/{id}`), the
explorer's click panels (JSON), and the local assets they load (nothing comes from outside).

Routes only: data comes from `graph.views.explorer`, through the app's cache; templates autoescape, and data for
scripts is embedded with `tojson`, which escapes `<`, `>` and `&`, so report text never becomes markup. The
explorer takes the five filters of every route (`api.filters`): they set the page's initial
filters (`agency` centres it on that organisation), and `Accept: application/json` gets the
explorer's data as JSON instead of the page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import pyvis
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import CacheDep, SettingsDep
from api.errors import ApiError
from api.filters import FILTER_ERRORS, FiltersDep
from api.ready import ready, ready_page
from api.routes.analyst import matrix_data, pair_json, run_search
from graph.cache import DerivedCache
from graph.filters import Filters
from graph.views.explorer import agency_iri, edge_panel, explorer_filters, explorer_view, node_panel, overview
from graph.views.network_view import MAX_NODES
from graph.views.pages import theme_counts

__all__ = ["ASSET_DIRS", "router", "templates"]

API_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = API_DIR.parent
templates = Jinja2Templates(directory=API_DIR / "templates")

# Third-party assets, served from where their package manager put them (never committed).
ASSET_DIRS = {
    "vis": Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2",
    "yasgui": REPO_DIR / "node_modules" / "@zazuko" / "yasgui" / "build",
    "swagger-ui": REPO_DIR / "node_modules" / "swagger-ui-dist",
}
REDOC_JS = REPO_DIR / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"
# ReDoc's sidebar badge loads its logo from Redocly's CDN, unconditionally; the bundle is served with
# that one URL pointed at an inline image, so the page asks nothing from outside the server.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
LOCAL_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"

router = APIRouter(tags=["pages"])
router.mount("/static", StaticFiles(directory=API_DIR / "static"), name="static")
for _name, _path in ASSET_DIRS.items():
    router.mount(f"/assets/{_name}", StaticFiles(directory=_path, check_dir=False), name=f"assets-{_name}")


@router.get("/", response_class=HTMLResponse, summary="Overview page (HTML)")
async def overview_page(
    cache: CacheDep,
    theme: Annotated[str | None, Query(description="Matrix filter: a theme id (with its narrower themes).")] = None,
    status: Annotated[str | None, Query(description="Matrix filter: `happened` (default), `all`, or a comma list of statuses.")] = None,
) -> Response:
    """What the graph holds, the agency × agency matrix (per theme and status), the agencies ranked by
    joint activities and the activities per cluster. JSON twin: /api/overview."""
    def context() -> dict[str, Any]:
        return {"data": overview(cache), "matrix": matrix_data(cache, theme or None, status or None), "themes": theme_counts(cache),
                "page": "overview", "theme": theme or "", "status": status or "happened",
                "query": urlencode({k: v for k, v in (("theme", theme), ("status", status)) if v})}
    return await ready_page(cache, templates, "overview.html", {"theme": theme, "status": status}, context)


@router.get("/collaborations/{a}/{b}", response_class=HTMLResponse, summary="Pair page (HTML)")
async def pair_page(cache: CacheDep, settings: SettingsDep, a: str, b: str) -> Response:
    """Two organisations' joint activities with roles, status, themes, dates and the report's sentences.
    JSON twin: /api/collaborations/{a}/{b}."""
    return await ready_page(cache, templates, "pair.html", {"a": a, "b": b},
                            lambda: {"data": pair_json(cache, settings, a, b), "page": "pair"})


@router.get("/search", response_class=HTMLResponse, summary="Search page (HTML)")
async def search_page(request: Request, cache: CacheDep,
                      q: Annotated[str, Query(max_length=500, description="The search query (FTS5 syntax).")] = "") -> HTMLResponse:
    """Full-text search over the report's passages. JSON twin: /api/search?q=."""
    hits, error = [], None
    if q.strip():
        try:
            hits = await run_in_threadpool(run_search, cache, q, 200)
        except ApiError as exc:
            error = exc.message
    response = templates.TemplateResponse(request, "search.html", {"q": q, "hits": hits, "error": error, "page": "search"})
    if error:
        response.status_code = 400
    return response


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI from local assets (npm swagger-ui-dist). JSON twin: /openapi.json."""
    return templates.TemplateResponse(request, "docs.html", {"page": "docs"})


@lru_cache(maxsize=1)
def _redoc_bundle(mtime: float) -> bytes:
    return REDOC_JS.read_text(encoding="utf-8").replace(REDOC_CDN_LOGO, LOCAL_LOGO).encode()


@router.get("/assets/redoc-standalone.js", include_in_schema=False)
async def redoc_js() -> Response:
    """ReDoc's standalone bundle (npm redoc, installed by scripts/setup), without its CDN logo."""
    if not REDOC_JS.is_file():
        raise ApiError(404, "ReDoc is not installed; run scripts/setup")
    return Response(await run_in_threadpool(_redoc_bundle, REDOC_JS.stat().st_mtime), media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/redoc", response_class=HTMLResponse, include_in_schema=False)
async def redoc_page(request: Request) -> HTMLResponse:
    """ReDoc from local assets (npm redoc). JSON twin: /openapi.json."""
    return templates.TemplateResponse(request, "redoc.html", {"page": "redoc"})


EXPLORER: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/html": {}, "application/json": {}}, "description": "The page, or its data as JSON"}, **FILTER_ERRORS}
DepthQuery = Annotated[int, Query(ge=1, le=2, description="Steps from the agency: 1 or 2")]


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def _explorer(request: Request, cache: DerivedCache, base_iri: str, filters: Filters, focus: str | None, depth: int,
                    max_nodes: int) -> Response:
    chosen, selected = await run_in_threadpool(explorer_filters, cache, filters)
    focus = focus or chosen
    payload = await run_in_threadpool(explorer_view, cache, base_iri, focus=focus, depth=depth, max_nodes=max_nodes)
    payload = {**payload, "selected": selected}
    if _wants_json(request):
        return JSONResponse(payload)
    return templates.TemplateResponse(request, "explore.html", {"payload": payload, "page": "explore", "depth": depth})


@router.get("/explore", response_class=HTMLResponse, responses=EXPLORER, summary="The network explorer (HTML or JSON)")
async def explore(
    request: Request, cache: CacheDep, settings: SettingsDep, filters: FiltersDep,
    max_nodes: Annotated[int, Query(ge=10, le=20_000, description="Most organisations drawn (the best connected are kept)")] = MAX_NODES,
    depth: DepthQuery = 1,
) -> Response:
    """Agencies and partner organisations, with layers, filters, search, gaps and evidence panels; the
    filters given here are the page's initial ones (`agency` centres it on that organisation)."""
    return await _explorer(request, cache, settings.base_iri, filters, None, depth, max_nodes)


@router.get("/explore/agency/{agency_id}", response_class=HTMLResponse, responses={**EXPLORER, 404: {"description": "No such agency"}},
            summary="One agency's neighbourhood (HTML or JSON)")
async def explore_agency(
    request: Request, agency_id: str, cache: CacheDep, settings: SettingsDep, filters: FiltersDep, depth: DepthQuery = 1,
) -> Response:
    """The explorer around one agency: its partners (depth 1) and their partners (depth 2)."""
    focus = await run_in_threadpool(agency_iri, cache, settings.base_iri, agency_id)
    return await _explorer(request, cache, settings.base_iri, filters, focus, depth, MAX_NODES)


@router.get("/explore/node", summary="Explorer panel for one node (JSON)")
async def explore_node(cache: CacheDep, settings: SettingsDep, iri: Annotated[str, Query(description="IRI of the node")]) -> Response:
    """Details of an organisation, instrument, system or activity, with the quotes behind its activities."""
    return await ready(cache, "node-panel", {"iri": iri, "base_iri": settings.base_iri},  # 404 unknown, 400 not an IRI
                       lambda: _json(node_panel(cache, iri, settings.base_iri)))


@router.get("/explore/edge", summary="Explorer panel for one edge (JSON)")
async def explore_edge(
    cache: CacheDep, settings: SettingsDep,
    a: Annotated[str, Query(description="IRI of one organisation")],
    b: Annotated[str, Query(description="IRI of the other organisation")],
) -> Response:
    """The activities two organisations share, each with its quote and report section."""
    return await ready(cache, "edge-panel", {"a": a, "b": b, "base_iri": settings.base_iri},  # 404 unknown, 400 not an IRI
                       lambda: _json(edge_panel(cache, a, b, settings.base_iri)))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
