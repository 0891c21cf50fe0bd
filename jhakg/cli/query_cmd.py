"""`jhakg query`: SPARQL against the store from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.store.formats import GRAPH_FORMATS, TABULAR_FORMATS, result_kind, rows_as_python, serialise
from jhakg.cli.app import StoreOption, app, fail, handles_errors
from jhakg.settings import get_settings

FORMATS = ("table", "csv", "tsv", "json")


@app.command("query")
@handles_errors
def query_command(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or the path of a .rq file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json (CONSTRUCT: Turtle).")] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query against the store and print the result."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", 2)
    path = Path(query_or_file)
    text = path.read_text(encoding="utf-8") if path.suffix in (".rq", ".sparql") or (
        len(query_or_file) < 255 and path.is_file()) else query_or_file
    try:
        result = get_settings(store=store).open_store().query(text)
    except SyntaxError as exc:
        fail(f"malformed SPARQL: {exc}", 2)
        return
    kind = result_kind(result)
    if kind == "graph":
        sys.stdout.buffer.write(serialise(result, GRAPH_FORMATS[0]))
        return
    if kind == "boolean":
        typer.echo("true" if bool(result) else "false")
        return
    if fmt == "table":
        variables, rows = rows_as_python(result)
        table = Table(*variables)
        for row in rows:
            table.add_row(*(row[v] or "" for v in variables))
        Console().print(table)
        typer.echo(f"{len(rows)} rows", err=True)
        return
    chosen = next(f for f in TABULAR_FORMATS if f.short == fmt)
    sys.stdout.buffer.write(serialise(result, chosen))
