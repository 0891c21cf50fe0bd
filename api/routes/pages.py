"""Browser pages: the overview (`/`), the explorer (`/explore`, `/explore/agency/{id}`), the
explorer's click panels (JSON), and the local assets they load (nothing comes from outside).

Routes only: data comes from `graph.views.explorer`, through the app's cache; templates autoescape, and data for
scripts is embedded with `tojson`, which escapes `<`, `>` and `&`, so report text never becomes markup. The
explorer takes the five filters of every route (`api.filters`): they set the page's initial
filters (`agency` centres it on that organisation), and `Accept: application/json` gets the
explorer's data as JSON instead of the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pyvis
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import CacheDep, SettingsDep
from api.filters import FILTER_ERRORS, FiltersDep
from graph.cache import DerivedCache
from graph.filters import Filters
from graph.views.explorer import agency_iri, edge_panel, explorer_filters, explorer_view, node_panel, overview
from graph.views.network_view import MAX_NODES

__all__ = ["ASSET_DIRS", "router", "templates"]

API_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = API_DIR.parent
templates = Jinja2Templates(directory=API_DIR / "templates")

# Third-party assets, served from where their package manager put them (never committed).
ASSET_DIRS = {
    "vis": Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2",
    "yasgui": REPO_DIR / "node_modules" / "@zazuko" / "yasgui" / "build",
}

router = APIRouter(tags=["pages"])
router.mount("/static", StaticFiles(directory=API_DIR / "static"), name="static")
for _name, _path in ASSET_DIRS.items():
    router.mount(f"/assets/{_name}", StaticFiles(directory=_path, check_dir=False), name=f"assets-{_name}")


@router.get("/", response_class=HTMLResponse, summary="Overview page (HTML)")
async def overview_page(request: Request, cache: CacheDep) -> HTMLResponse:
    """What the graph holds, the agencies ranked by joint activities, and where to go next."""
    data = await run_in_threadpool(overview, cache)
    return templates.TemplateResponse(request, "overview.html", {"data": data, "page": "overview"})


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
async def explore_node(cache: CacheDep, settings: SettingsDep, iri: Annotated[str, Query(description="IRI of the node")]) -> dict[str, Any]:
    """Details of an organisation, instrument, system or activity, with the quotes behind its activities."""
    return await run_in_threadpool(node_panel, cache, iri, settings.base_iri)  # 404 unknown, 400 not an IRI


@router.get("/explore/edge", summary="Explorer panel for one edge (JSON)")
async def explore_edge(
    cache: CacheDep, settings: SettingsDep,
    a: Annotated[str, Query(description="IRI of one organisation")],
    b: Annotated[str, Query(description="IRI of the other organisation")],
) -> dict[str, Any]:
    """The activities two organisations share, each with its quote and report section."""
    return await run_in_threadpool(edge_panel, cache, a, b, settings.base_iri)  # 404 unknown, 400 not an IRI
