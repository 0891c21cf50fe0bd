"""GET /api/centrality, /api/communities, /api/gaps, /api/recommendations and the centrality chart.

Routes only translate HTTP to the analytics as the app serves them (`graph.analytics.cached`:
computed once per store version) and to `graph.views.charts`; the response models are the
analytics' own result types. An unknown theme or organisation is a 404, an unknown measure,
scope or status a 400, both in the shared error shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import CacheDep
from api.errors import ApiError
from graph.analytics import cached
from graph.analytics.centrality import MEASURES, CentralityReport
from graph.analytics.communities import CommunitiesReport
from graph.analytics.gaps import Gaps
from graph.analytics.projection import UnknownNameError
from graph.analytics.recommend import Recommendation
from graph.cache import DerivedCache
from graph.views.charts import FORMATS, bar_chart

router = APIRouter(prefix="/api", tags=["analytics"])

NOT_FOUND_KINDS = ("theme", "organisation")
ERRORS: dict[int | str, dict[str, Any]] = {400: {"description": "Unknown measure, scope or status"},
                                           404: {"description": "Unknown theme or organisation"}}


@contextmanager
def lookup_errors() -> Iterator[None]:
    """Unknown names become 404 (a theme or organisation that is not there) or 400 (a bad option)."""
    try:
        yield
    except UnknownNameError as exc:
        raise ApiError(404 if exc.kind in NOT_FOUND_KINDS else 400, str(exc)) from exc


ThemeQuery = Annotated[str | None, Query(description="Theme id (e.g. `migration`) or IRI; includes its narrower themes.")]
ScopeQuery = Annotated[str, Query(description="`agencies` (the nine) or `all` (every organisation).")]
MeasureQuery = Annotated[str | None, Query(description=f"One of {', '.join(f'`{m}`' for m in MEASURES)}; all when absent.")]


# -- routes ----------------------------------------------------------------------------------------

@router.get("/centrality", response_model=CentralityReport, response_model_exclude_unset=True, responses=ERRORS,
            summary="Centrality and brokerage per organisation")
def centrality(
    cache: CacheDep,
    measure: MeasureQuery = None,
    theme: ThemeQuery = None,
    scope: ScopeQuery = "agencies",
    year: Annotated[int | None, Query(description="Only activities of this report year.")] = None,
    sample: Annotated[int | None, Query(ge=1, description="Estimate betweenness from this many seeded source nodes.")] = None,
) -> CentralityReport:
    """Degree, strength, betweenness, closeness, eigenvector, PageRank, Burt's constraint and effective
    size on the collaboration graph (weight = done or ongoing joint activities, distance = 1/weight),
    each with its meaning. The nine agencies are always listed."""
    with lookup_errors():
        return cached.centrality(cache, measure=measure, theme=theme, scope=scope, year=year, sample=sample)


def _chart(cache: DerivedCache, measure: str, theme: str | None, scope: str, fmt: str) -> Response:
    with lookup_errors():
        report = cached.centrality(cache, measure=measure, theme=theme, scope=scope)
    title = MEASURES[measure].label + (f" — theme {report.theme}" if report.theme else "")
    image = cache.get("centrality-chart", {"measure": measure, "theme": theme, "scope": scope, "fmt": fmt},
                      lambda: bar_chart(report.rows, measure, fmt=fmt, title=title))
    return Response(image, media_type=FORMATS[fmt])


CHART = {200: {"content": {"image/svg+xml": {}}, "description": "A bar chart"}, **ERRORS}


@router.get("/centrality/chart.svg", response_class=Response, responses=CHART, summary="Bar chart of a measure (SVG)")
def centrality_chart_svg(cache: CacheDep, measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         theme: ThemeQuery = None, scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as an SVG bar chart, for the browser."""
    return _chart(cache, measure, theme, scope, "svg")


@router.get("/centrality/chart.png", response_class=Response, responses={200: {"content": {"image/png": {}}}, **ERRORS},
            summary="Bar chart of a measure (PNG)")
def centrality_chart_png(cache: CacheDep, measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         theme: ThemeQuery = None, scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as a PNG bar chart."""
    return _chart(cache, measure, theme, scope, "png")


@router.get("/communities", response_model=CommunitiesReport, responses=ERRORS, summary="Communities beside the report's clusters")
def communities_route(cache: CacheDep, theme: ThemeQuery = None, scope: ScopeQuery = "agencies",
                      seed: Annotated[int, Query(description="Seed of the Louvain method.")] = 42) -> CommunitiesReport:
    """Seeded Louvain communities (weight = joint activities), their modularity, and their overlap with the
    report's migration and security clusters."""
    with lookup_errors():
        return cached.communities(cache, theme=theme, scope=scope, seed=seed)


@router.get("/gaps", response_model=Gaps, response_model_exclude_none=True, responses=ERRORS, summary="Where cooperation is missing")
def gaps_route(cache: CacheDep, theme: ThemeQuery = None) -> Gaps:
    """Agency pairs with no joint activity (overall and per theme), agencies absent from a theme where
    peers are active, and the challenges and opportunities the report states — each with its
    explanation, evidence and activities."""
    with lookup_errors():
        return cached.gaps(cache, theme=theme)


@router.get("/recommendations", response_model=list[Recommendation], responses=ERRORS, summary="Suggested partnerships")
def recommendations(cache: CacheDep, top: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 20,
                    theme: ThemeQuery = None) -> tuple[Recommendation, ...]:
    """Agency pairs not yet cooperating on a theme, ranked by Adamic–Adar, resource allocation and
    Jaccard over shared partners, themes and instruments, each with the evidence behind its score."""
    with lookup_errors():
        return cached.recommendations(cache, theme=theme, top=top)
