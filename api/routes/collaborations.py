"""GET /api/collaborations: who worked with whom, one row per pair, with the activities behind it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.filters import FILTER_ERRORS, FiltersDep
from api.routes.analytics import NetworkDep, ScopeQuery
from graph.analytics.collaborations import collaboration_pairs

router = APIRouter(prefix="/api", tags=["collaborations"])


class CollaborationOut(BaseModel):
    a: str = Field(description="Id of one organisation (a < b).")
    b: str
    count: int = Field(description="Joint activities with the chosen statuses (done and ongoing by default).")
    themes: list[str] = Field(description="Theme ids of those activities.")
    activities: list[str] = Field(description="Activity ids, as in /api/activities/{id}.")
    planned: list[str] = Field(description="Planned or proposed joint activities: intentions, not counted by default.")

    model_config = {"json_schema_extra": {"examples": [{
        "a": "europol", "b": "frontex", "count": 29, "themes": ["migration", "security"],
        "activities": ["jha-agencies-cooperation-2017-training-5092932e9f"],
        "planned": ["jha-agencies-cooperation-2017-project-0a1b2c3d4e"]}]}}


@router.get("/collaborations", response_model=list[CollaborationOut], responses=FILTER_ERRORS, summary="Who worked with whom")
def collaborations(network: NetworkDep, filters: FiltersDep, scope: ScopeQuery = "agencies") -> list[dict[str, object]]:
    """One row per pair with its joint activities (those with the counted statuses: `happened`, done and
    ongoing, by default), most first; with `agency`, the pairs with it. An agency's `strength` in
    /api/centrality is the sum of `count` over its rows."""
    selected, where = network.select(filters)
    return collaboration_pairs(selected, theme=where.theme_id, agency=where.agency, scope=scope, status=where.statuses)
