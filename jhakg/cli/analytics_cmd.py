"""`jhakg centrality`, `jhakg communities`, `jhakg gaps`, `jhakg recommend`: the analyst's questions.

Each prints a table (default), CSV or JSON; the JSON is the same as the API's. Each takes the five
filters of every route (`jhakg.cli.filters`). Errors (an unknown measure, theme, agency, type,
status, year or scope) get one line on stderr naming the known ones, and exit code 2.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from graph.analytics.centrality import MEASURES, centrality_report
from graph.analytics.communities import communities
from graph.analytics.evidence import ActivityRef
from graph.analytics.gaps import AbsentGap, PairGap, StatedGap, gaps, load_opportunities
from graph.analytics.projection import Network, load_network
from graph.analytics.recommend import INDICES, recommend
from jhakg.cli.app import StoreOption, app, fail, handles_errors
from jhakg.cli.filters import AgencyOption, StatusOption, ThemeOption, TypeOption, YearOption, filters
from jhakg.settings import get_settings

FORMATS = ("table", "csv", "json")
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


def _network(store: str | None, fmt: str) -> Network:
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", 2)
    target = get_settings(store=store).open_store()
    if target.triple_count() == 0:
        fail("the store is empty; build it first with `jhakg build`")
    return load_network(target)


def _plain(result: BaseModel | Sequence[BaseModel], *, exclude_unset: bool = False) -> Any:
    """A result as JSON-ready data, serialised as the API serialises it."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json", exclude_unset=exclude_unset)
    return [item.model_dump(mode="json", exclude_unset=exclude_unset) for item in result]


def _csv(header: list[str], rows: list[list[object]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


def _table(header: list[str], rows: list[list[object]], title: str | None = None) -> None:
    table = Table(*header, title=title)
    for row in rows:
        table.add_row(*("" if v is None else (f"{v:.4g}" if isinstance(v, float) else str(v)) for v in row))
    Console(width=200).print(table)


def _json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _ids(refs: Sequence[ActivityRef]) -> str:
    return " ".join(r.id for r in refs)


@app.command("centrality")
@handles_errors
def centrality_command(
    measure: Annotated[str | None, typer.Option("--measure", "-m", help=f"One of {', '.join(MEASURES)} [default: all].")] = None,
    theme: ThemeOption = None,
    agency: AgencyOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    year: YearOption = None,
    scope: Annotated[str, typer.Option("--scope", help="agencies (the nine) or all (every organisation).")] = "agencies",
    sample: Annotated[int | None, typer.Option("--sample", min=1, help="Estimate betweenness from this many seeded "
                                               "source nodes (for large graphs).")] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Also write a bar chart of the measure (default strength) "
                                               "to this .svg or .png file.")] = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Who carries and who bridges the network: degree, strength, betweenness, closeness, eigenvector,
    PageRank, Burt's constraint and effective size, each explained."""
    if chart is not None and chart.suffix.lower() not in (".svg", ".png"):
        fail(f"chart file must end in .svg or .png, not {chart.name!r}", 2)
    network, where = _network(store, fmt).select(filters(agency, theme, type, status, year))
    report = centrality_report(network, measure=measure, theme=where.theme_id, scope=scope, statuses=where.statuses,
                               sample=sample, agency=where.agency)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    names = [m.name for m in report.measures]
    rows = report.rows
    if chart is not None:
        from graph.views.charts import bar_chart  # matplotlib loads only when a chart is asked for

        kind = chart.suffix.lstrip(".").lower()
        shown = measure or "strength"
        chart_rows = rows if measure else centrality_report(network, measure=shown, theme=where.theme_id, scope=scope,
                                                            statuses=where.statuses, sample=sample, agency=where.agency).rows
        chart.write_bytes(bar_chart(chart_rows, shown, fmt=kind,
                                    title=f"{MEASURES[shown].label}" + (f" — {report.theme}" if report.theme else "")))
        typer.echo(f"chart written to {chart}", err=True)
    if fmt == "json":
        _json(_plain(report, exclude_unset=True))
        return
    header = ["id", "label", "agency", *names]
    values = [[r.id, r.label, r.agency, *(getattr(r, n) for n in names)] for r in rows]
    if fmt == "csv":
        _csv(header, values)
        return
    _table(header, values, title=f"centrality — scope {scope}" + (f", theme {report.theme}" if report.theme else ""))
    for m in report.measures:
        typer.echo(f"{m.name}: {m.meaning}")


@app.command("communities")
@handles_errors
def communities_command(
    theme: ThemeOption = None,
    agency: AgencyOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    year: YearOption = None,
    scope: Annotated[str, typer.Option("--scope", help="agencies or all.")] = "agencies",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Louvain method (same seed, same communities).")] = 42,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Seeded modularity communities, beside the report's own migration and security clusters."""
    network, where = _network(store, fmt).select(filters(agency, theme, type, status, year))
    result = communities(network, theme=where.theme_id, scope=scope, seed=seed, statuses=where.statuses, agency=where.agency)
    if fmt == "json":
        _json(_plain(result))
        return
    clusters = list(result.clusters)
    header = ["community", "members", *(f"overlap {c}" for c in clusters), *(f"leaning {c}" for c in clusters)]
    rows: list[list[object]] = [
        [i + 1, " ".join(c.members), *(c.overlap[k] for k in clusters), *(c.leaning_overlap[k] for k in clusters)]
        for i, c in enumerate(result.communities)]
    if fmt == "csv":
        _csv(header, rows)
        return
    _table(header, rows, title=f"communities (Louvain, seed {seed}), modularity {result.modularity}")
    for name, members in result.clusters.items():
        typer.echo(f"report cluster {name}: {' '.join(members)}")
    typer.echo(f"in both clusters: {' '.join(result.bridges) or '(none)'}")
    for name, members in result.leaning.items():
        typer.echo(f"leaning to {name}: {' '.join(members)}")


@app.command("gaps")
@handles_errors
def gaps_command(
    theme: ThemeOption = None,
    agency: AgencyOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    year: YearOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only one kind: pair, absent or stated.")] = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """Where cooperation is missing: agency pairs with no joint activity (overall and per theme),
    agencies absent from a theme where peers are active, and the opportunities the report states."""
    network, where = _network(store, fmt).select(filters(agency, theme, type, status, year))
    if kind not in (None, "pair", "absent", "stated"):
        fail(f"unknown kind {kind!r}; choose pair, absent or stated", 2)
    result = gaps(network, load_opportunities(get_settings(store=store).open_store()), theme=where.theme_id,
                  agency=where.agency, statuses=where.statuses)
    lists: dict[str, Sequence[PairGap | AbsentGap | StatedGap]] = {"pair": result.pairs, "absent": result.absent,
                                                                   "stated": result.stated}
    chosen = [g for k, items in lists.items() if kind in (None, k) for g in items]
    if fmt == "json":
        _json(_plain(result) if kind is None else {f"{kind}s" if kind == "pair" else kind: _plain(chosen)})
        return
    header = ["kind", "theme", "agencies", "explanation", "activities"]
    rows: list[list[object]] = [[g.kind, g.theme or "", " ".join(g.agencies), g.explanation, _ids(g.activities)] for g in chosen]
    if fmt == "csv":
        _csv(header, rows)
        return
    _table(header[:4], [r[:4] for r in rows], title=f"{len(rows)} gaps")


@app.command("recommend")
@handles_errors
def recommend_command(
    top: Annotated[int, typer.Option("--top", "-k", min=1, help="How many recommendations.")] = 20,
    theme: ThemeOption = None,
    agency: AgencyOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    year: YearOption = None,
    fmt: FormatOption = "table",
    store: StoreOption = None,
) -> None:
    """New partnerships the evidence suggests: agency pairs not yet cooperating on a theme, ranked by
    Adamic–Adar, resource allocation and Jaccard over shared partners, themes and instruments."""
    network, where = _network(store, fmt).select(filters(agency, theme, type, status, year))
    result = recommend(network, theme=where.theme_id, top=top, agency=where.agency, statuses=where.statuses)
    if fmt == "json":
        _json(_plain(result))
        return
    header = ["rank", "a", "b", "theme", "score", *INDICES, "explanation", "activities"]
    rows: list[list[object]] = [[r.rank, r.a, r.b, r.theme, r.score, *(r.indices[i] for i in INDICES), r.explanation,
                                 _ids(r.activities)] for r in result]
    if fmt == "csv":
        _csv(header, rows)
        return
    _table(["rank", "a", "b", "theme", "score", "explanation"], [[r[0], r[1], r[2], r[3], r[4], r[10]] for r in rows],
           title=f"top {len(rows)} recommendations")
