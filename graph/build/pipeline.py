"""Report texts → records → RDF → a store, atomically, with per-class counts at the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.store.base import Store
from graph.store.formats import as_solutions
from jhakg.errors import BadInput
from loaders.records import ReportRecord
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.to_rdf import graph_iri, reference_graph, report_graph
from ontology.registry import Registry, load_registry
from queries import get_query

__all__ = ["BuildResult", "build", "class_counts", "serialise_sources"]

Step = Callable[[str], None]


@dataclass
class BuildResult:
    reports: list[ReportRecord]
    triples: int
    counts: dict[str, int]


def serialise_sources(
    reports: Sequence[ReportRecord], registry: Registry, base: str
) -> list[tuple[str, bytes]]:
    """(named graph, N-Triples) pairs: the reference graph, then one graph per report."""
    sources = [(graph_iri(base, "reference"), reference_graph(registry, base).serialize(format="nt", encoding="utf-8"))]
    for record in reports:
        data = report_graph(record, registry, base).serialize(format="nt", encoding="utf-8")
        sources.append((graph_iri(base, record.slug), data))
    return sources


def class_counts(store: Store) -> dict[str, int]:
    """Entities per main class, subclasses included (local names as keys)."""
    counts = {}
    for row in as_solutions(store.query(get_query("class_counts").text)):
        counts[row["class"].value.rsplit("#", 1)[-1]] = int(row["count"].value)
    return counts


def build(
    store: Store,
    report_paths: Sequence[Path] | None,
    base: str,
    *,
    registry: Registry | None = None,
    step: Step | None = None,
    advance: Callable[[int], None] | None = None,
) -> BuildResult:
    """Parse every report first (so bad input fails before the store is touched), then swap."""
    registry = registry or load_registry()
    paths = list(report_paths or BUNDLED_REPORTS)
    records: list[ReportRecord] = []
    years: dict[int, Path] = {}
    for path in paths:
        if step:
            step(f"reading {path.name}")
        record = load_report(Path(path), registry)
        if record.year in years:
            raise BadInput(f"{path}: a second report for {record.year} (first: {years[record.year]}); give one per year")
        years[record.year] = Path(path)
        records.append(record)
    if step:
        step("writing triples")
    sources = serialise_sources(records, registry, base)
    if step:
        step("loading the store")
    store.replace(sources, progress=advance)
    return BuildResult(records, store.triple_count(), class_counts(store))
