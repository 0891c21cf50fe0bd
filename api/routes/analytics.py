"""GET /api/centrality, /api/communities, /api/gaps, /api/recommendations and the centrality chart.

Routes only translate HTTP to calls of `graph.centrality`, `graph.communities`, `graph.gaps`,
`graph.recommend` and `graph.charts`. Every route takes the five filters of `api.filters`
(checked by `Network.select`); an unknown agency, theme, type, status or year, measure or scope
is a 400 naming the known ones, in the shared error shape.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.filters import FILTER_ERRORS, FiltersDep
from graph.analytics.centrality import MEASURES, centrality_report
from graph.analytics.communities import communities
from graph.analytics.gaps import gaps, load_opportunities
from graph.analytics.projection import Network, load_network
from graph.analytics.recommend import recommend
from graph.filters import Filters
from graph.views.charts import FORMATS, bar_chart

router = APIRouter(prefix="/api", tags=["analytics"])

ERRORS = FILTER_ERRORS


def get_network(store: StoreDep) -> Network:
    return load_network(store)


NetworkDep = Annotated[Network, Depends(get_network)]
ScopeQuery = Annotated[str, Query(description="`agencies` (the nine) or `all` (every organisation).")]
MeasureQuery = Annotated[str | None, Query(description=f"One of {', '.join(f'`{m}`' for m in MEASURES)}; all when absent.")]


# -- models ----------------------------------------------------------------------------------------

class MeasureOut(BaseModel):
    name: str
    label: str
    meaning: str = Field(description="What the measure means for an analyst, in one sentence.")
    quadratic: bool = Field(description="True when its cost grows with nodes × edges (slow on large graphs).")


class CentralityRow(BaseModel):
    id: str
    iri: str
    label: str
    agency: bool
    degree: int | None = None
    strength: int | None = None
    betweenness: float | None = None
    closeness: float | None = None
    eigenvector: float | None = None
    pagerank: float | None = None
    constraint: float | None = Field(None, description="Undefined (null) for an organisation with no partner.")
    effective_size: float | None = Field(None, description="Undefined (null) for an organisation with no partner.")


class CentralityOut(BaseModel):
    scope: str
    theme: str | None
    nodes: int
    edges: int
    measures: list[MeasureOut]
    notes: list[str] = Field(description="Cost and sampling notes for large graphs.")
    rows: list[CentralityRow]

    model_config = {"json_schema_extra": {"examples": [{
        "scope": "agencies", "theme": None, "nodes": 9, "edges": 36,
        "measures": [{"name": "strength", "label": "Joint activities (weighted degree)",
                      "meaning": "How many joint activities it took part in, summed over its partners: the volume of its cooperation.",
                      "quadratic": False}],
        "notes": [],
        "rows": [{"id": "europol", "iri": "https://w3id.org/jha-kg/agency/europol", "label": "Europol", "agency": True,
                  "strength": 113}]}]}}


class CommunityOut(BaseModel):
    members: list[str]
    labels: list[str]
    overlap: dict[str, float] = Field(description="Jaccard overlap with each of the report's clusters.")
    leaning_overlap: dict[str, float] = Field(description="Jaccard overlap with the agencies leaning to each cluster.")


class CommunitiesOut(BaseModel):
    modularity: float
    seed: int
    communities: list[CommunityOut]
    clusters: dict[str, list[str]] = Field(description="The report's clusters: agencies with done or ongoing work on the theme.")
    bridges: list[str] = Field(description="Agencies in both clusters.")
    leaning: dict[str, list[str]] = Field(description="Agencies by the cluster where they have most done or ongoing activities.")
    cluster_activities: dict[str, dict[str, int]]

    model_config = {"json_schema_extra": {"examples": [{
        "modularity": 0.12, "seed": 42,
        "communities": [{"members": ["easo", "frontex"], "labels": ["EASO", "Frontex"], "overlap": {"migration": 0.22, "security": 0.2},
                         "leaning_overlap": {"migration": 1.0, "security": 0.0}}],
        "clusters": {"migration": ["easo", "frontex"], "security": ["europol"]}, "bridges": [],
        "leaning": {"migration": ["easo", "frontex"], "security": ["europol"]},
        "cluster_activities": {"frontex": {"migration": 30, "security": 23}}}]}}


class ActivityRef(BaseModel):
    id: str = Field(description="Activity id, as in /api/activities/{id}.")
    iri: str
    label: str
    status: str


class OrgRef(BaseModel):
    id: str
    iri: str
    label: str


class PeerRef(OrgRef):
    activities: int


class QuoteOut(BaseModel):
    """A passage of the report as a stated gap quotes it."""

    section: str
    quote: str = Field(description="Verbatim text of the report.")


class OpportunityRef(BaseModel):
    id: str
    iri: str
    kind: str
    label: str


class GapOut(BaseModel):
    kind: str = Field(description="`pair`, `absent` or `stated`.")
    theme: str | None
    agencies: list[str]
    explanation: str
    activities: list[ActivityRef] = Field(description="The activities that show the gap (each agency's own work, the peers' work, "
                                                      "or the concerned organisations' work on the stated themes).")
    planned: list[ActivityRef] | None = Field(None, description="Planned or proposed work that would close the gap.")
    peers: list[PeerRef] | None = None
    opportunity: OpportunityRef | None = None
    concerns: list[OrgRef] | None = None
    themes: list[str] | None = None
    evidence: list[QuoteOut] | None = None


class GapsOut(BaseModel):
    pairs: list[GapOut]
    absent: list[GapOut]
    stated: list[GapOut]

    model_config = {"json_schema_extra": {"examples": [{
        "pairs": [{"kind": "pair", "theme": "drugs", "agencies": ["cepol", "eurojust"],
                   "explanation": "CEPOL and Eurojust have no done or ongoing joint activity on Drugs (or a narrower theme), "
                                  "although CEPOL has 2 activities and Eurojust has 1 activity there.",
                   "activities": [{"id": "jha-agencies-cooperation-2017-webinar-a98303824a",
                                   "iri": "https://w3id.org/jha-kg/activity/jha-agencies-cooperation-2017-webinar-a98303824a",
                                   "label": "…", "status": "done"}], "planned": []}],
        "absent": [], "stated": []}]}}


class SharedPartner(OrgRef):
    activities: list[str] = Field(description="Ids of the activities linking either agency to this partner on the theme.")


class Recommendation(BaseModel):
    rank: int
    a: str
    b: str
    theme: str
    score: float = Field(description="Mean of the five indices, each scaled by its largest value among the candidates.")
    indices: dict[str, float]
    explanation: str
    shared_partners: list[SharedPartner]
    shared_themes: list[str]
    shared_instruments: list[str]
    activities: list[ActivityRef] = Field(description="The activities that drive the score.")
    planned: list[ActivityRef]

    model_config = {"json_schema_extra": {"examples": [{
        "rank": 1, "a": "cepol", "b": "eurojust", "theme": "drugs", "score": 0.68,
        "indices": {"adamic_adar": 0.95, "resource_allocation": 0.24, "jaccard_partners": 1.0, "jaccard_themes": 0.69,
                    "jaccard_instruments": 1.0},
        "explanation": "CEPOL (2 activities) and Eurojust (1) both work on Drugs but have no joint activity there. …",
        "shared_partners": [{"id": "europol", "iri": "https://w3id.org/jha-kg/agency/europol", "label": "Europol",
                             "activities": ["jha-agencies-cooperation-2017-webinar-a98303824a"]}],
        "shared_themes": ["drugs", "security"], "shared_instruments": ["eu-policy-cycle"],
        "activities": [], "planned": []}]}}


# -- routes ----------------------------------------------------------------------------------------

@router.get("/centrality", response_model=CentralityOut, response_model_exclude_unset=True, responses=ERRORS,
            summary="Centrality and brokerage per organisation")
def centrality(
    network: NetworkDep,
    filters: FiltersDep,
    measure: MeasureQuery = None,
    scope: ScopeQuery = "agencies",
    sample: Annotated[int | None, Query(ge=1, description="Estimate betweenness from this many seeded source nodes.")] = None,
) -> dict[str, object]:
    """Degree, strength, betweenness, closeness, eigenvector, PageRank, Burt's constraint and effective
    size on the collaboration graph of the selected activities (weight = joint activities with the
    counted statuses, done or ongoing by default; distance = 1/weight), each with its meaning. The
    nine agencies are always listed; with `agency`, only its row."""
    selected, where = network.select(filters)
    return centrality_report(selected, measure=measure, theme=where.theme_id, scope=scope, statuses=where.statuses,
                             sample=sample, agency=where.agency)


def _chart(network: Network, filters: Filters, measure: str, scope: str, fmt: str) -> Response:
    selected, where = network.select(filters)
    report = centrality_report(selected, measure=measure, theme=where.theme_id, scope=scope, statuses=where.statuses,
                               agency=where.agency)
    title = MEASURES[measure].label + (f" — theme {report['theme']}" if report["theme"] else "")
    return Response(bar_chart(report["rows"], measure, fmt=fmt, title=title), media_type=FORMATS[fmt])  # type: ignore[arg-type]


CHART: dict[int | str, dict[str, object]] = {200: {"content": {"image/svg+xml": {}}, "description": "A bar chart"}, **ERRORS}
PNG: dict[int | str, dict[str, object]] = {200: {"content": {"image/png": {}}}, **ERRORS}


@router.get("/centrality/chart.svg", response_class=Response, responses=CHART, summary="Bar chart of a measure (SVG)")
def centrality_chart_svg(network: NetworkDep, filters: FiltersDep,
                         measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as an SVG bar chart, for the browser."""
    return _chart(network, filters, measure, scope, "svg")


@router.get("/centrality/chart.png", response_class=Response, responses=PNG, summary="Bar chart of a measure (PNG)")
def centrality_chart_png(network: NetworkDep, filters: FiltersDep,
                         measure: Annotated[str, Query(description="The measure to draw.")] = "strength",
                         scope: ScopeQuery = "agencies") -> Response:
    """The chosen measure per organisation as a PNG bar chart."""
    return _chart(network, filters, measure, scope, "png")


@router.get("/communities", response_model=CommunitiesOut, responses=ERRORS, summary="Communities beside the report's clusters")
def communities_route(network: NetworkDep, filters: FiltersDep, scope: ScopeQuery = "agencies",
                      seed: Annotated[int, Query(description="Seed of the Louvain method.")] = 42) -> dict[str, object]:
    """Seeded Louvain communities (weight = joint activities with the counted statuses), their modularity,
    and their overlap with the report's migration and security clusters; with `agency`, its community."""
    selected, where = network.select(filters)
    return communities(selected, theme=where.theme_id, scope=scope, seed=seed, statuses=where.statuses, agency=where.agency)


@router.get("/gaps", response_model=GapsOut, response_model_exclude_none=True, responses=ERRORS, summary="Where cooperation is missing")
def gaps_route(network: NetworkDep, store: StoreDep, filters: FiltersDep) -> dict[str, list[dict[str, object]]]:
    """Agency pairs with no joint activity (overall and per theme), agencies absent from a theme where
    peers are active, and the challenges and opportunities the report states — each with its
    explanation, evidence and activities; with `agency`, the gaps that name it. `status` may narrow
    the work counted as cooperation to done or ongoing."""
    selected, where = network.select(filters)
    return gaps(selected, load_opportunities(store), theme=where.theme_id, agency=where.agency, statuses=where.statuses)


@router.get("/recommendations", response_model=list[Recommendation], responses=ERRORS, summary="Suggested partnerships")
def recommendations(network: NetworkDep, filters: FiltersDep,
                    top: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 20) -> list[dict[str, object]]:
    """Agency pairs not yet cooperating on a theme, ranked by Adamic–Adar, resource allocation and
    Jaccard over shared partners, themes and instruments, each with the evidence behind its score;
    with `agency`, the pairs with it."""
    selected, where = network.select(filters)
    return recommend(selected, theme=where.theme_id, top=top, agency=where.agency, statuses=where.statuses)
