"""GET /api/changes: year-over-year change between two reports in the graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import StoreDep
from graph.analytics.changes import Changes, changes

router = APIRouter(prefix="/api", tags=["changes"])


@router.get("/changes", response_model=Changes, summary="What changed between two report years",
            responses={400: {"description": "A year the graph holds no report for (the message lists the years it holds)"}})
async def year_over_year(
    store: StoreDep,
    from_year: Annotated[int, Query(alias="from", description="Earlier report year", examples=[2017])],
    to_year: Annotated[int, Query(alias="to", description="Later report year", examples=[2018])],
) -> Changes:
    """Agency pairs that started (`new_pairs`), stopped (`ended_pairs`) or continued working together,
    with joint activity counts (done or ongoing) per year, and each agency's count per year."""
    return await run_in_threadpool(changes, store, from_year, to_year)  # a year the graph lacks: 400 naming the years held
