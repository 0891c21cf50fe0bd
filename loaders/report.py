"""One report text file → a `ReportRecord` (passages, activities, opportunities, what was not placed)."""

from __future__ import annotations

import re
from pathlib import Path

from loaders.acronyms import organisations_from_acronyms
from loaders.extract import Extractor
from loaders.mentions import MentionFinder
from loaders.pdf import is_pdf, read_pdf_text
from loaders.records import ReportRecord
from loaders.text import ReportTextError, read_report_text, split_passages
from ontology.registry import Registry, load_registry

__all__ = ["BUNDLED_REPORTS", "ReportTextError", "load_report", "parse_report"]

REPORTS_DIR = Path(__file__).resolve().parent / "reports"
BUNDLED_REPORTS: tuple[Path, ...] = tuple(sorted(REPORTS_DIR.glob("*.txt")))

_TITLE = re.compile(r"(?P<title>[^\n]*cooperation in (?P<year>(?:19|20)\d\d)[^\n]*)", re.IGNORECASE)
_MIN_AGENCIES = 3
_MIN_SENTENCES = 5


def _title_and_year(text: str, path: Path) -> tuple[str, int]:
    head = text[:4000]
    if m := _TITLE.search(head):
        return m.group("title").strip(), int(m.group("year"))
    years = re.findall(r"\b(20\d\d)\b", head)
    if years:
        year = max(set(years), key=years.count)
        return f"JHA agencies' cooperation in {year}", int(year)
    raise ReportTextError(
        f"{path}: no report year found in the first pages (expected a title such as "
        "\"EU Justice and Home Affairs agencies' cooperation in 2017\")"
    )


def parse_report(text: str, path: Path, registry: Registry | None = None) -> ReportRecord:
    """Read a report's text; refuse texts that are not a JHA agencies' cooperation report."""
    registry = registry or load_registry()
    title, year = _title_and_year(text, path)
    slug = f"jha-agencies-cooperation-{year}"
    passages, aside = split_passages(text, slug)
    extra = organisations_from_acronyms(passages, registry)
    finder = MentionFinder(registry, {ident: (acronym, expansion) for ident, (acronym, expansion, _k) in extra.items()})
    named = {m.id for p in passages for m in finder.find(p.text) if m.kind == "agency"}
    prose = [p for p in passages if p.kind in ("sentence", "bullet")]
    if len(named) < _MIN_AGENCIES or len(prose) < _MIN_SENTENCES:
        raise ReportTextError(
            f"{path}: does not look like a JHA agencies' cooperation report "
            f"({len(named)} of the nine agencies named, {len(prose)} sentences); "
            "give the text of an annual report of the network"
        )
    extractor = Extractor(registry, finder)
    activities, opportunities, unplaced = extractor.extract(passages, year)
    return ReportRecord(
        slug=slug, title=title, year=year, text=text, passages=passages, set_aside=aside,
        activities=activities, opportunities=opportunities, unplaced=unplaced, source=path.name,
        acronyms={acronym: expansion for acronym, expansion, _k in extra.values()},
        organisations={ident: (expansion, acronym, kind) for ident, (acronym, expansion, kind) in extra.items()},
        instruments=dict(extractor.found_instruments),
    )


def load_report(path: Path, registry: Registry | None = None) -> ReportRecord:
    """Read and parse one report: a text file, or a PDF with a text layer (`loaders.pdf`)."""
    text = read_pdf_text(path) if path.is_file() and is_pdf(path) else read_report_text(path)
    return parse_report(text, path, registry)
