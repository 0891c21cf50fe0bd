"""GET /api/centrality, /api/communities, /api/gaps, /api/recommendations and the centrality chart.

Routes only translate HTTP to the analytics as the app serves them (`graph.analytics.cached`:
computed once per store version) and to `graph.views.charts`; the response models are the
analytics' own result types, each body serialised once per store version and served as ready
bytes (`api.ready`). Every route takes the five filters of `api.filters` (checked by the
one filter model); an unknown agency, theme, type, status or year, measure or scope is a 400
naming the known ones, in the shared error shape.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import CacheDep
from api.filters import FILTER_ERRORS, FiltersDep
from api.ready import json_body, ready
from graph.analytics import cached
from graph.analytics.centrality import MEASURES, CentralityReport
from graph.analytics.communities import CommunitiesReport
from graph.analytics.gaps import Gaps
from graph.analytics.recommend import Recommendation
from graph.cache import DerivedCache
from graph.filters import Filters
from graph.views.charts import FORMATS, bar_chart

router = APIRouter(prefix="/api", tags=["analytics"])

ERRORS = FILTER_ERRORS

ScopeQuery = Annotated[str, Query(description="`agencies` (the nine) or `all` (every organisation).")]
MeasureQuery = Annotated[str | None, Query(description=f"One of {', '.join(f'`{m}`' for m in MEASURES)}; all when absent.")]


# -- routes ----------------------------------------------------------------------------------------

@router.get("/centrality", response_model=CentralityReport, response_model_exclude_unset=True, responses=ERRORS,
            summary="Centrality and brokerage per organisation")
async def centrality(
    cache: CacheDep,
    filters: FiltersDep,
    measure: MeasureQuery = None,
    scope: ScopeQuery = "agencies",
    sample: Annotated[int | None, Query(ge=1, description="Estimate betweenness from this many seeded source nodes.")] = None,
) -> Response:
    """Degree, strength, betweenness, closeness, eigenvector, PageRank, Burt's constraint and effective
    size on the collaboration graph of the selected activities (weight = joint activities with the
    counted statuses, done or ongoing by default; distance = 1/weight), each with its meaning. The
    nine agencies are always listed; with `agency`, only its row."""
    return await ready(cache, "centrality", {**asdict(filters), "measure": measure, "scope": scope, "sample": sample},
                       lambda: json_body(CentralityReport, cached.centrality(cache, filters, measure=measure, scope=scope,
                                                                             sample=sample), exclude_unset=True))


def _chart(cache: DerivedCache, filters: Filters, measure: str, scope: str, fmt: str) -> Response:
    report = cached.centrality(cache, filters, measure=measure, scope=scope)
    title = MEASURES[measure].label + (f" — theme {report.theme}" if report.theme else "")
    parameters: dict[str, Any] = {**asdict(filters), "measure": measure, "scope": scope, "fmt": fmt}
    image = cache.get("centrality-chart", parameters, lambda: bar_chart(report.rows, measure, fmt=fmt, title=title))
    return Response(image, media_type=FORMATS[fmt])


CHART: dict[int | str, dict[str, Any]] = {200: {"content": {"image/svg+xml": {}}, "description": "A bar chart"}, **ERRORS}
PNG: dict[int | str, dict[str, Any]] = {200: {"content": {"image/png": {}}}, **ERRORS}


@router.get("/centrality/chart.svg", response_class=Response, responses=CHART, summary="Bar chart of a measure (SVG)")
def centrality_chart_svg(cache: CacheDep, filters: FiltersDep,
                         measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as an SVG bar chart, for the browser."""
    return _chart(cache, filters, measure, scope, "svg")


@router.get("/centrality/chart.png", response_class=Response, responses=PNG, summary="Bar chart of a measure (PNG)")
def centrality_chart_png(cache: CacheDep, filters: FiltersDep,
                         measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as a PNG bar chart."""
    return _chart(cache, filters, measure, scope, "png")


@router.get("/communities", response_model=CommunitiesReport, responses=ERRORS, summary="Communities beside the report's clusters")
async def communities_route(cache: CacheDep, filters: FiltersDep, scope: ScopeQuery = "agencies",
                            seed: Annotated[int, Query(description="Seed of the Louvain method.")] = 42) -> Response:
    """Seeded Louvain communities (weight = joint activities with the counted statuses), their modularity,
    and their overlap with the report's migration and security clusters; with `agency`, its community."""
    return await ready(cache, "communities", {**asdict(filters), "scope": scope, "seed": seed},
                       lambda: json_body(CommunitiesReport, cached.communities(cache, filters, scope=scope, seed=seed)))


@router.get("/gaps", response_model=Gaps, response_model_exclude_none=True, responses=ERRORS, summary="Where cooperation is missing")
async def gaps_route(cache: CacheDep, filters: FiltersDep) -> Response:
    """Agency pairs with no joint activity (overall and per theme), agencies absent from a theme where
    peers are active, and the challenges and opportunities the report states — each with its
    explanation, evidence and activities; with `agency`, the gaps that name it. `status` may narrow
    the work counted as cooperation to done or ongoing."""
    return await ready(cache, "gaps", asdict(filters), lambda: json_body(Gaps, cached.gaps(cache, filters), exclude_none=True))


@router.get("/recommendations", response_model=list[Recommendation], responses=ERRORS, summary="Suggested partnerships")
async def recommendations(cache: CacheDep, filters: FiltersDep,
                          top: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 20) -> Response:
    """Agency pairs not yet cooperating on a theme, ranked by Adamic–Adar, resource allocation and
    Jaccard over shared partners, themes and instruments, each with the evidence behind its score;
    with `agency`, the pairs with it."""
    return await ready(cache, "recommendations", {**asdict(filters), "top": top},
                       lambda: json_body(list[Recommendation], cached.recommendations(cache, filters, top=top)))
