"""`jhakg changes`: what changed between two reports in the graph."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.analytics.changes import changes
from jhakg.cli.app import StoreOption, app, fail, handles_errors
from jhakg.settings import get_settings


@app.command("changes")
@handles_errors
def changes_command(
    from_year: Annotated[int, typer.Option("--from", help="Earlier report year.")],
    to_year: Annotated[int, typer.Option("--to", help="Later report year.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    store: StoreOption = None,
) -> None:
    """Agency pairs that started, stopped or continued working together, and per-agency counts."""
    if fmt not in ("table", "json"):
        fail(f"unknown format {fmt!r}; choose table or json", 2)
    result = changes(get_settings(store=store).open_store(), from_year, to_year)  # an unknown year: exit 2, the years held
    if fmt == "json":
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2))
        return
    console = Console()
    for title, rows in (("new pairs", result.new_pairs), ("ended pairs", result.ended_pairs),
                        ("continued pairs", result.continued_pairs)):
        table = Table("a", "b", str(from_year), str(to_year), "change", title=f"{title} ({len(rows)})")
        for r in rows:
            table.add_row(r.a, r.b, str(r.from_count), str(r.to_count), f"{r.delta:+d}")
        console.print(table)
    table = Table("agency", str(from_year), str(to_year), "change", title="joint activities per agency")
    for change in result.agencies:
        table.add_row(change.agency, str(change.from_count), str(change.to_count), f"{change.delta:+d}")
    console.print(table)
