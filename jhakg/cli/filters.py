"""The five filter options of the analytics commands, declared once (the API's query parameters' twins).

They become a `graph.filters.Filters`, checked by `Network.select` like every route: an unknown
name is one line naming the known ones, and exit code 2.
"""

from __future__ import annotations

from typing import Annotated

import typer

from graph.filters import Filters

__all__ = ["AgencyOption", "StatusOption", "ThemeOption", "TypeOption", "YearOption", "filters"]

AgencyOption = Annotated[str | None, typer.Option("--agency", help="Agency id (e.g. frontex), or another organisation's id or IRI: "
                                                                  "only what concerns it.")]
ThemeOption = Annotated[str | None, typer.Option("--theme", help="Theme id (e.g. migration); includes its narrower themes.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Activity type (e.g. Training); includes its subtypes.")]
StatusOption = Annotated[str | None, typer.Option("--status", help="Statuses counted as cooperation: happened (done and "
                                                                  "ongoing, the default), all, or a comma list of done, "
                                                                  "ongoing, planned, proposed.")]
YearOption = Annotated[int | None, typer.Option("--year", help="Only activities of this report year.")]


def filters(agency: str | None, theme: str | None, type: str | None, status: str | None, year: int | None) -> Filters:
    return Filters(agency=agency, theme=theme, type=type, status=status, year=year)
