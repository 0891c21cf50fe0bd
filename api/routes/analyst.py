"""The JSON twins of the analyst pages: the agency profile, the pair page, the entity pages, the
overview matrix and the search, with CSV and chart downloads of their tables.

Routes only: data comes from `graph.views.pages`, `graph.views.linked_data` and
`graph.entities.search`, through the app's cache, so a page and its twin show the same numbers.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import CacheDep, SettingsDep
from api.errors import ApiError
from api.routes.analytics import ERRORS
from graph.entities.search import SearchSyntaxError, search
from graph.store.named_queries import ENTITY_KINDS
from graph.views.charts import FORMATS, heatmap
from graph.views.linked_data import describe, entity_iri, entity_view
from graph.views.pages import UnknownPage, agency_profile, matrix, pair_detail, theme_counts
from graph.views.tables import to_csv

__all__ = ["matrix_data", "pair_json", "router", "run_search"]

router = APIRouter(prefix="/api", tags=["analyst pages"])

FormatQuery = Annotated[Literal["json", "csv"], Query(description="`json` (default) or `csv` (the page's main table).")]
ThemeQuery = Annotated[str | None, Query(description="Theme id (e.g. `migration`) or IRI; includes its narrower themes.")]
StatusQuery = Annotated[str | None, Query(description="`happened` (done and ongoing, the default), `all`, or a comma list "
                                                      "of done, ongoing, planned, proposed.")]
CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {}, "text/csv": {}}}}


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


# -- pair ------------------------------------------------------------------------------------------

class Evidence(BaseModel):
    section: str = Field(description="Section path of the passage in the report.")
    quote: str = Field(description="Verbatim text of the report.")


class ThemeRef(BaseModel):
    id: str
    iri: str
    label: str


class PairActivity(BaseModel):
    id: str = Field(description="Activity id, as in /api/activities/{id}.")
    label: str
    type: str
    status: str = Field(description="done | ongoing | planned | proposed")
    year: int
    date: str | None = Field(description="ISO 8601 at the precision the report gives, if it gives one.")
    roles: dict[str, list[str]] = Field(description="Each agency's roles in the activity (lead, partner, supporter, attendee, recipient).")
    themes: list[ThemeRef]
    evidence: list[Evidence]


class Pair(BaseModel):
    a: str = Field(description="Id of one organisation (a < b).")
    b: str
    a_label: str
    b_label: str
    count: int = Field(description="Joint activities that happened (done or ongoing): the pair's `count` in /api/collaborations.")
    themes: list[str] = Field(description="Theme ids of those activities, as in /api/collaborations.")
    activities: list[PairActivity] = Field(description="The `count` joint activities, each with roles and evidence.")
    planned: list[PairActivity] = Field(description="Planned or proposed joint work, kept apart (not counted).")
    shared_themes: list[ThemeRef] = Field(description="Report clusters (broadest themes) of the joint activities.")
    only_a: list[ThemeRef] = Field(description="Clusters where `a` works (done or ongoing) without `b`.")
    only_b: list[ThemeRef] = Field(description="Clusters where `b` works without `a`.")


PAIR_COLUMNS = ["id", "label", "type", "status", "year", "date", "roles", "themes", "evidence"]


def pair_json(cache: CacheDep, settings: SettingsDep, a: str, b: str) -> dict[str, Any]:
    try:
        return pair_detail(cache, settings.base_iri, a, b)
    except UnknownPage as exc:
        raise ApiError(404, str(exc)) from exc


@router.get("/collaborations/{a}/{b}", response_model=Pair, responses={**CSV, 404: {"description": "Unknown organisation"}},
            summary="One pair: its joint activities with roles and evidence")
async def pair(cache: CacheDep, settings: SettingsDep, a: str, b: str, format: FormatQuery = "json") -> Any:
    """Every joint activity of two organisations (ids such as `europol`, `frontex`; any order) with roles,
    status, themes, date and the report's sentences; planned and proposed work apart; the clusters they
    share and those where one works without the other. `count` equals the pair's `count` in
    /api/collaborations. The page is /collaborations/{a}/{b}."""
    data = await run_in_threadpool(pair_json, cache, settings, a, b)
    if format == "csv":
        return _csv(to_csv(data["activities"] + data["planned"], PAIR_COLUMNS), f"{data['a']}-{data['b']}")
    return data


# -- agency profile ----------------------------------------------------------------------------------

PROFILE_TABLES = {
    "partners": ["id", "label", "count", "planned", "themes", "href"],
    "activities": ["id", "label", "type", "status", "year", "date", "roles", "themes", "evidence"],
    "measures": ["name", "label", "value", "rank", "of", "meaning"],
    "instruments": ["label", "iri", "count"], "systems": ["label", "iri", "count"],
    "opportunities": ["kind", "label", "iri", "evidence"],
}


@router.get("/agencies/{agency_id}/profile", responses={**CSV, 404: {"description": "Unknown agency"}},
            summary="An agency's profile: partners, activities with quotes, measures, gaps")
async def profile(cache: CacheDep, settings: SettingsDep, agency_id: str, format: FormatQuery = "json",
                  table: Annotated[Literal["partners", "activities", "measures", "instruments", "systems", "opportunities"],
                                   Query(description="Which table `format=csv` downloads.")] = "partners") -> Any:
    """What the page /id/agency/{id} shows: partners ranked by joint activities (done or ongoing, planned
    apart), activities grouped by cluster and status with their quotes and sections, each centrality
    measure with its meaning and rank among the nine, gaps, recommended partners, instruments, IT
    systems and the opportunities the report states for it."""
    try:
        data = await run_in_threadpool(agency_profile, cache, settings.base_iri, agency_id)
    except UnknownPage as exc:
        raise ApiError(404, str(exc)) from exc
    if format == "csv":
        return _csv(to_csv(data[table], PROFILE_TABLES[table]), f"{agency_id}-{table}")
    return data


# -- entities ------------------------------------------------------------------------------------------

@router.get("/entities/{kind}/{slug}", responses={404: {"description": "No such entity"}},
            summary="What an entity page shows")
async def entity(cache: CacheDep, settings: SettingsDep, kind: str, slug: str) -> dict[str, Any]:
    """The JSON twin of /id/{kind}/{slug}: label, statements, what points at it (`incoming`), the
    evidence; for a theme its activities and the agencies active in it."""
    if kind not in ENTITY_KINDS:
        raise ApiError(404, f"no entity kind {kind!r}; kinds: {', '.join(ENTITY_KINDS)}")
    iri = entity_iri(settings.base_iri, kind, slug)
    triples = await run_in_threadpool(describe, cache.store, iri)
    if not triples:
        raise ApiError(404, f"nothing is known about {iri}")
    return await run_in_threadpool(entity_view, cache, settings.base_iri, kind, iri, triples)


# -- overview: matrix and theme counts ----------------------------------------------------------------

def matrix_data(cache: CacheDep, theme: str | None, status: str | None) -> dict[str, Any]:
    return matrix(cache, theme=theme, status=status)  # an unknown theme or status is the error tree's UnknownName


@router.get("/matrix", responses={**CSV, **ERRORS}, summary="The agency × agency matrix of joint activities")
async def matrix_route(cache: CacheDep, theme: ThemeQuery = None, status: StatusQuery = None, format: FormatQuery = "json") -> Any:
    """Counts per pair of agencies, as /api/collaborations counts them under the same `theme` and
    `status` (the diagonal is null). The overview draws it as a heat map."""
    data = await run_in_threadpool(matrix_data, cache, theme, status)
    if format == "csv":
        rows = [{"agency": a["label"], **{b["label"]: c for b, c in zip(data["agencies"], row, strict=True)}}
                for a, row in zip(data["agencies"], data["counts"], strict=True)]
        return _csv(to_csv(rows, ["agency", *(a["label"] for a in data["agencies"])]), "matrix")
    return data


def _matrix_chart(cache: CacheDep, theme: str | None, status: str | None, fmt: str) -> bytes:
    data = matrix_data(cache, theme, status)
    title = "Joint activities per pair of agencies" + (f" — {theme}" if theme else "") + f" ({', '.join(data['status'])})"
    return cache.get("matrix-chart", {"theme": theme, "status": ",".join(data["status"]), "fmt": fmt},
                     lambda: heatmap([a["label"] for a in data["agencies"]], data["counts"], fmt=fmt, title=title))


@router.get("/matrix/chart.{fmt}", response_class=Response, responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}, **ERRORS},
            summary="The matrix as a heat map (SVG or PNG)")
async def matrix_chart(cache: CacheDep, fmt: Literal["svg", "png"], theme: ThemeQuery = None, status: StatusQuery = None) -> Response:
    """The heat map of /api/matrix, with the count in each cell: `chart.svg` or `chart.png`."""
    return Response(await run_in_threadpool(_matrix_chart, cache, theme, status, fmt), media_type=FORMATS[fmt])


@router.get("/overview", summary="What the overview page shows")
async def overview_route(cache: CacheDep, theme: ThemeQuery = None, status: StatusQuery = None) -> dict[str, Any]:
    """The JSON twin of `/`: the matrix (under `theme` and `status`) and the activities per report cluster."""
    data = await run_in_threadpool(matrix_data, cache, theme, status)
    return {"matrix": data, "themes": await run_in_threadpool(theme_counts, cache)}


# -- search ----------------------------------------------------------------------------------------------

class SearchHit(BaseModel):
    passage: str = Field(description="IRI of the passage (its page: /id/passage/{slug}).")
    quote: str = Field(description="The passage, verbatim from the report.")
    section: str
    year: int | None
    activities: list[str] = Field(description="Ids of the activities citing the passage (/api/activities/{id}).")
    rank: float = Field(description="BM25 score (lower is better); hits come best first.")


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]


def run_search(cache: CacheDep, q: str, limit: int) -> list[Any]:
    try:
        return search(cache, q, limit)
    except SearchSyntaxError as exc:
        raise ApiError(400, f"bad search query: {exc}") from exc


SearchQuery = Annotated[str, Query(min_length=1, max_length=500, description="Words (all must match), `\"a phrase\"`, `prefix*`, "
                                   "`OR`, `NOT`, `NEAR(a b)` — SQLite FTS5 syntax.", examples=["darknet"])]


@router.get("/search", response_model=SearchResult, responses={**CSV, 400: {"description": "The query cannot be parsed"}},
            summary="Full-text search over the report's passages")
async def search_route(cache: CacheDep, q: SearchQuery, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                       format: FormatQuery = "json") -> Any:
    """Passages of the report matching `q`, ranked (BM25), each with its section and the activities
    citing it. A query that cannot be parsed is a 400 with the reason. The page is /search?q=."""
    hits = await run_in_threadpool(run_search, cache, q, limit)
    rows = [{"passage": h.passage, "quote": h.quote, "section": h.section, "year": h.year, "activities":
             [a.rsplit("/", 1)[-1] for a in h.activities], "rank": h.rank} for h in hits]
    if format == "csv":
        return _csv(to_csv(rows, ["passage", "section", "quote", "activities", "rank"]), "search")
    return {"query": q, "hits": rows}

