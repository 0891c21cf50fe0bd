"""Report texts → records → RDF → a store, atomically, with per-class counts at the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.store.base import Store
from graph.store.formats import as_solutions
from jhakg.errors import BadInput
from loaders.curation import DEFAULT_CORRECTIONS, apply_corrections, load_corrections
from loaders.records import ReportRecord
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.scorecard import Scorecard, load_scorecard, scorecard_sources
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
    scorecards: list[Scorecard] = field(default_factory=list)


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
    corrections: Path | None = None,
    scorecards: Sequence[Path] = (),
) -> BuildResult:
    """Parse every report and scorecard first (so bad input fails before the store is touched), then swap.

    Reports may be text or PDF files, one per year (the year is read from the text); scorecard
    rows are merged with the activities of the report of their year (`loaders.scorecard`).
    Analysts' corrections (`corrections`, else `curation/corrections.yaml` when present) are
    applied to the records before any triple is written, each kept as a PROV revision.
    """
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
    corrections = corrections or (DEFAULT_CORRECTIONS if DEFAULT_CORRECTIONS.is_file() else None)
    if corrections is not None:
        if step:
            step(f"applying {corrections.name}")
        agency_ids = {a.id for a in registry.agencies}
        apply_corrections(records, load_corrections(corrections), agency_ids, registry.network.id)
    cards: list[Scorecard] = []
    slugs = {record.slug: Path(path) for record, path in zip(records, paths, strict=True)}
    for path in scorecards:
        if step:
            step(f"reading {Path(path).name}")
        card = load_scorecard(Path(path), registry, records)
        for record in card.records.values():
            if record.slug in slugs:
                raise BadInput(f"{path}: same table name and year as {slugs[record.slug]}; give each scorecard file its own name")
            slugs[record.slug] = Path(path)
        cards.append(card)
    if step:
        step("writing triples")
    sources = serialise_sources(records, registry, base)
    for card in cards:
        sources += scorecard_sources(card, registry, base, records)
    if step:
        step("loading the store")
    store.replace(sources, progress=advance)
    return BuildResult(records, store.triple_count(), class_counts(store), cards)
