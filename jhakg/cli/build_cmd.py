"""`jhakg build`, `jhakg validate`, `jhakg export`: writing and checking the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.build.export import EXPORT_FORMATS, export
from graph.build.pipeline import build
from graph.build.validate import validate_store
from jhakg.cli.app import StoreOption, app, fail, handles_errors
from jhakg.settings import get_settings

err = Console(stderr=True)


@app.command("build")
@handles_errors
def build_command(
    report: Annotated[
        list[Path] | None,
        typer.Option("--report", help="Annual report as text (.txt) or PDF with a text layer (.pdf); repeat it for "
                                      "several years (the year is read from the report) [default: the bundled 2017 report]."),
    ] = None,
    scorecard: Annotated[
        list[Path] | None,
        typer.Option("--scorecard", help="Scorecard table (.csv or .xlsx), one row per joint activity: an activity "
                                         "column and the agencies (Lead/Partners columns, or a column per agency "
                                         "with a tick); repeatable. Rows that tell a report activity are merged into it."),
    ] = None,
    store: StoreOption = None,
    corrections: Annotated[
        Path | None,
        typer.Option("--corrections", help="Analysts' corrections (YAML) [default: curation/corrections.yaml if present]."),
    ] = None,
) -> None:
    """Load reports and scorecards into the store, atomically, and print counts per class and the triple count.

    Examples: `jhakg build --report report-2017.pdf --report report-2018.pdf`,
    `jhakg build --report report-2017.txt --scorecard scorecard-2017.xlsx`.
    """
    settings = get_settings(store=store)
    target = settings.open_store()  # read-only: a build writes a new generation, so a failed one changes no byte
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("building", total=None)
        result = build(
            target, report, settings.base_iri,
            step=lambda text: progress.update(task, description=text),
            advance=lambda n: progress.advance(task, n), corrections=corrections,
            scorecards=scorecard or (),
        )
    table = Table(title=f"jha-kg store at {target.location}")
    table.add_column("class")
    table.add_column("count", justify="right")
    for name, count in sorted(result.counts.items()):
        table.add_row(name, str(count))
    table.add_row("triples", str(result.triples), style="bold")
    Console().print(table)
    for record in result.reports:
        err.print(
            f"{record.source}: {len(record.activities)} activities, {len(record.opportunities)} opportunities, "
            f"{len(record.unplaced)} sentences naming agencies not placed (kept as passages with jha:unplaced), "
            f"{len(record.set_aside)} footnote/noise blocks set aside"
        )
    for card in result.scorecards:
        err.print(
            f"{card.source}: {len(card.rows)} rows → {len(card.merged)} merged with report activities, "
            f"{card.activities} new activities ({', '.join(str(y) for y in sorted(card.records))})"
        )


@app.command("validate")
@handles_errors
def validate_command(store: StoreOption = None) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); non-zero exit on violations."""
    settings = get_settings(store=store)
    report = validate_store(settings.open_store())
    if report.conforms:
        typer.echo("conforms: the graph satisfies every shape in ontology/shapes.ttl")
        return
    table = Table(title=f"{len(report.violations)} SHACL violations")
    for column in ("shape", "focus node", "path", "message"):
        table.add_column(column, overflow="fold")
    for v in report.violations[:200]:
        table.add_row(v.shape.rsplit("#", 1)[-1], v.focus, v.path or "", v.message)
    Console(stderr=True).print(table)
    fail(f"{len(report.violations)} SHACL violations (see the table above)")


@app.command("export")
@handles_errors
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "ttl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write [default: stdout].")] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole graph as RDF (ttl, nt, nq, jsonld) or the collaboration network (graphml, gexf, csv)."""
    if fmt not in EXPORT_FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}", 2)
    data = export(get_settings(store=store).open_store(), fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(output)
        err.print(f"wrote {len(data)} bytes to {output}")
