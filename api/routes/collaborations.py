"""GET /api/collaborations: who worked with whom, one row per pair, with the activities behind it."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CacheDep
from api.filters import FILTER_ERRORS, FiltersDep
from api.routes.analytics import ScopeQuery
from graph.analytics import cached
from graph.analytics.collaborations import CollaborationPair

router = APIRouter(prefix="/api", tags=["collaborations"])


@router.get("/collaborations", response_model=list[CollaborationPair], responses=FILTER_ERRORS, summary="Who worked with whom")
def collaborations(cache: CacheDep, filters: FiltersDep, scope: ScopeQuery = "agencies") -> tuple[CollaborationPair, ...]:
    """One row per pair with its joint activities (those with the counted statuses: `happened`, done and
    ongoing, by default), most first; with `agency`, the pairs with it. An agency's `strength` in
    /api/centrality is the sum of `count` over its rows."""
    return cached.collaborations(cache, filters, scope=scope)
