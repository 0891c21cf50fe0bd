"""GET /api/collaborations: who worked with whom, one row per pair, with the activities behind it."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import CacheDep
from api.filters import FILTER_ERRORS, FiltersDep
from api.ready import json_body, ready
from api.routes.analytics import ScopeQuery
from graph.analytics import cached
from graph.analytics.collaborations import CollaborationPair

router = APIRouter(prefix="/api", tags=["collaborations"])


@router.get("/collaborations", response_model=list[CollaborationPair], responses=FILTER_ERRORS, summary="Who worked with whom")
async def collaborations(cache: CacheDep, filters: FiltersDep, scope: ScopeQuery = "agencies") -> Response:
    """One row per pair with its joint activities (those with the counted statuses: `happened`, done and
    ongoing, by default), most first; with `agency`, the pairs with it. An agency's `strength` in
    /api/centrality is the sum of `count` over its rows."""
    return await ready(cache, "collaborations", {**asdict(filters), "scope": scope},
                       lambda: json_body(list[CollaborationPair], cached.collaborations(cache, filters, scope=scope)))
