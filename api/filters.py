"""The five filter query parameters, declared once for every route that filters.

Routes take `FiltersDep` and hand the `Filters` to `graph.filters` (directly, or through
`Network.select` for the analytics), which checks each name against the graph: an unknown
agency, theme, type, status or year is a 400 naming the known ones, on every route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from graph.filters import Filters

__all__ = ["FILTER_ERRORS", "FiltersDep", "filters"]

FILTER_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"description": "An unknown agency, theme, type, status or year (the message lists the known ones), or a bad option"},
}


async def filters(  # async: FastAPI runs a plain `def` dependency in a thread, one hop per request
    agency: Annotated[str | None, Query(description="Agency id (`frontex`), or another organisation's id or IRI: "
                                                    "activities it takes part in.", examples=["frontex"])] = None,
    theme: Annotated[str | None, Query(description="Theme id (`migration`) or IRI; includes its narrower themes.",
                                       examples=["migration"])] = None,
    type: Annotated[str | None, Query(description="Activity type (`Training`, any case); includes its subtypes.",
                                      examples=["Training"])] = None,
    status: Annotated[str | None, Query(description="`done`, `ongoing`, `planned`, `proposed`, a comma list of them, "
                                                    "`happened` (done and ongoing) or `all`. Default: every status on "
                                                    "lists, `happened` on the analytics (the work counted as cooperation).",
                                        examples=["done"])] = None,
    year: Annotated[int | None, Query(description="A report year the graph holds.", examples=[2017])] = None,
) -> Filters:
    return Filters(agency=agency, theme=theme, type=type, status=status, year=year)


FiltersDep = Annotated[Filters, Depends(filters)]
