"""`jhakg evaluate`: score the extractor against a hand-annotated gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jhakg.cli.app import app, fail, handles_errors
from loaders.evaluation import GoldError, load_gold, score
from loaders.report import BUNDLED_REPORTS, load_report
from ontology.registry import load_registry

GOLD_2017 = Path("tests/data/gold-2017.yaml")


@app.command("evaluate")
@handles_errors
def evaluate_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotation (YAML, or JSON) [default: tests/data/gold-2017.yaml].")] = GOLD_2017,
    report: Annotated[
        Path | None, typer.Option("--report", help="Report text the gold file annotates [default: the bundled 2017 report].")
    ] = None,
    show_errors: Annotated[bool, typer.Option("--errors", help="Also list every disagreement with the gold file.")] = False,
) -> None:
    """Print activity recall, participation precision/recall/F1 and lead, type, theme and status accuracy."""
    registry = load_registry()
    try:
        slug, activities = load_gold(gold, registry)
    except GoldError as exc:
        fail(str(exc))
    record = load_report(report or BUNDLED_REPORTS[0], registry)
    if slug and slug != record.slug:
        fail(f"{gold} annotates {slug}, but the report read is {record.slug}; pass the matching --report")
    result = score(record, activities, registry)
    table = Table(title=f"{record.source} against {gold.name}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in result.rows():
        table.add_row(name, value)
    Console().print(table)
    if show_errors:
        for line in result.misses:
            typer.echo(line)
