"""GET /api/collaborations: who worked with whom, one row per pair, with the activities behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.routes.analytics import ERRORS, NetworkDep, ScopeQuery, ThemeQuery, lookup_errors
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


@router.get("/collaborations", response_model=list[CollaborationOut], responses=ERRORS, summary="Who worked with whom")
def collaborations(
    network: NetworkDep,
    theme: ThemeQuery = None,
    agency: Annotated[str | None, Query(description="Only pairs with this agency (or organisation) id.")] = None,
    scope: ScopeQuery = "agencies",
    status: Annotated[str | None, Query(description="`happened` (done and ongoing, the default), `all`, or a comma list "
                                                    "of done, ongoing, planned, proposed.")] = None,
    year: Annotated[int | None, Query(description="Only activities of this report year.")] = None,
) -> list[dict[str, object]]:
    """One row per pair with its joint activities, most first. An agency's `strength` in
    /api/centrality is the sum of `count` over its rows."""
    with lookup_errors():
        return collaboration_pairs(network, theme=theme, agency=agency, scope=scope, status=status, year=year)
