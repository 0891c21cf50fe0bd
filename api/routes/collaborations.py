"""GET /api/collaborations: who worked with whom, one row per pair, with the activities behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CacheDep
from api.routes.analytics import ERRORS, ScopeQuery, ThemeQuery, lookup_errors
from graph.analytics import cached
from graph.analytics.collaborations import CollaborationPair

router = APIRouter(prefix="/api", tags=["collaborations"])


@router.get("/collaborations", response_model=list[CollaborationPair], responses=ERRORS, summary="Who worked with whom")
def collaborations(
    cache: CacheDep,
    theme: ThemeQuery = None,
    agency: Annotated[str | None, Query(description="Only pairs with this agency (or organisation) id.")] = None,
    scope: ScopeQuery = "agencies",
    status: Annotated[str | None, Query(description="`happened` (done and ongoing, the default), `all`, or a comma list "
                                                    "of done, ongoing, planned, proposed.")] = None,
    year: Annotated[int | None, Query(description="Only activities of this report year.")] = None,
) -> tuple[CollaborationPair, ...]:
    """One row per pair with its joint activities, most first. An agency's `strength` in
    /api/centrality is the sum of `count` over its rows."""
    with lookup_errors():
        return cached.collaborations(cache, theme=theme, agency=agency, scope=scope, status=status, year=year)
