"""A scorecard table (CSV or XLSX) → activities, each derived from its row, merged with the
report's telling of the same work.

The network keeps its joint activities as a table as well (the 2017 report's Annex 1, "the
scorecard"). One row is one activity. The header row (found among the first ten rows, so a title
above it is fine) needs an activity column and the agencies, given either as lead / partner
columns that list agencies by name or acronym, or as one column per agency marked with a tick.
Priority (theme), status, date, year and type columns are optional. Column names are matched
case-insensitively, with the synonyms in `COLUMNS`.

Each row becomes an activity whose evidence is a `jha:ScorecardRow` passage ("scorecard row N",
N as the spreadsheet numbers it, the header row included) quoting the row's cells, part of a
`jha:Scorecard` (a kind of `jha:Report`, with the year and the file name). When the report of
the same year tells the same work, the row is merged into the report's activity instead of making
a second one (see `same_work`): the activity keeps the report's IRI and gains the row as a second
source (`prov:wasDerivedFrom` the row, in the scorecard's own named graph).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from loaders.dates import MONTHS
from loaders.extract import Extractor, activity_type
from loaders.mentions import MentionFinder
from loaders.records import ActivityRecord, Participation, Passage, ReportRecord
from loaders.text import ReportTextError
from loaders.to_rdf import Minter, graph_iri, report_graph, slugify
from ontology.namespaces import DCTERMS, JHA, PROV, RDF
from ontology.registry import Registry

__all__ = [
    "COLUMNS",
    "Scorecard",
    "ScorecardError",
    "ScorecardRow",
    "load_scorecard",
    "read_table",
    "same_work",
    "scorecard_sources",
]

# Column kinds and the header names (lower case, punctuation folded to spaces) that mean them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "activity": ("activity", "activities", "joint activity", "joint activities", "activity title", "title",
                 "activity name", "name", "description", "activity description", "action", "joint action",
                 "project", "initiative", "what"),
    "lead": ("lead", "lead agency", "lead agencies", "leading agency", "led by", "leader", "organiser", "organizer",
             "organised by", "organized by", "coordinator", "coordinating agency", "responsible", "responsible agency",
             "owner", "initiator"),
    "partners": ("partner", "partners", "partner agency", "partner agencies", "agencies", "agencies involved",
                 "involved agencies", "participating agencies", "participants", "other agencies", "jha agencies",
                 "with", "in cooperation with", "cooperating agencies", "contributors", "contributing agencies"),
    "theme": ("priority", "priorities", "theme", "themes", "thematic priority", "jha priority", "network priority",
              "area", "policy area", "topic", "cluster", "field", "domain", "heading"),
    "status": ("status", "state", "progress", "stage", "implementation status"),
    "date": ("date", "when", "start date", "start", "date of activity", "period", "month", "timing", "deadline"),
    "year": ("year", "reporting year", "report year"),
    "type": ("type", "activity type", "type of activity", "kind", "format", "category"),
}
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "done": ("done", "completed", "complete", "finished", "implemented", "achieved", "closed", "delivered", "held",
             "took place", "yes", "ok"),
    "ongoing": ("ongoing", "on going", "in progress", "running", "continuing", "continuous", "started", "active"),
    "planned": ("planned", "scheduled", "foreseen", "upcoming", "to be started", "not started", "future", "pending"),
    "proposed": ("proposed", "proposal", "idea", "suggested", "under discussion", "to be discussed", "possible"),
}
_LEAD_TICKS = {"lead", "l", "leader", "coordinator", "c", "organiser", "organizer"}
_SUPPORT_TICKS = {"support", "s", "supporter", "contributor"}
_BLANKS = {"", "-", "–", "—", "no", "n", "0", "false", "n/a", "na", "none"}
_ROLE_NOTE = re.compile(r"\(\s*(lead|leader|coordinator|partner|support)\s*\)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,;/&+|\n]|\band\b|\bwith\b|\bthe\b", re.IGNORECASE)
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MAX_HEADER_ROW = 10
_STOP = {"the", "and", "for", "with", "from", "into", "about", "joint", "jha", "agencies", "agency", "activity",
         "activities", "cooperation", "between", "other", "their", "this", "that", "within", "under", "2016", "2017",
         "2018", "2019", "2020", "on", "of", "in", "to", "a", "an", "by", "at", "eu", "european", "union"}
_SIMILAR = 0.6  # share of the row title's content words that the report's activity must contain


class ScorecardError(ReportTextError):
    """A table that cannot be read as a scorecard; the one-line message says what to change."""


@dataclass
class ScorecardRow:
    """One data row: its number as the spreadsheet shows it, and its cells by header."""

    number: int
    cells: dict[str, str]


@dataclass
class Scorecard:
    """Everything read from one table: one record per year (new activities and the row passages),
    and the rows merged into report activities (report activity slug, row passage)."""

    path: Path
    source: str
    columns: dict[str, str]
    agency_columns: dict[str, str]
    rows: list[ScorecardRow]
    records: dict[int, ReportRecord] = field(default_factory=dict)
    merged: list[tuple[str, Passage, ActivityRecord]] = field(default_factory=list)
    row_passages: list[Passage] = field(default_factory=list)

    @property
    def activities(self) -> int:
        return sum(len(r.activities) for r in self.records.values())


# ---------------------------------------------------------------------------------------------
# reading the table


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScorecardError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the table as 'CSV UTF-8' or as .xlsx"
        ) from exc
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ScorecardError(f"{path}: not a readable Excel workbook (.xlsx): {exc}; save it again as .xlsx or CSV") from exc
    try:
        return [(sheet.title, [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)])
                for sheet in book.worksheets]
    finally:
        book.close()


def read_table(path: Path) -> list[tuple[str | None, list[list[str]]]]:
    """The sheets of a table file as rows of cell texts: one unnamed sheet for CSV."""
    if not path.exists():
        raise ScorecardError(f"{path}: no such file; give a scorecard table (.csv or .xlsx)")
    if not path.is_file() or path.stat().st_size == 0:
        raise ScorecardError(f"{path}: empty or not a file; give a scorecard table (.csv or .xlsx)")
    suffix = path.suffix.lower()
    head = path.read_bytes()[:8]
    if suffix in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        return list(_read_xlsx(path))
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ScorecardError(f"{path}: an old Excel .xls workbook; save it as .xlsx or CSV")
    if suffix in (".ods",):
        raise ScorecardError(f"{path}: an OpenDocument spreadsheet; save it as .xlsx or CSV")
    if b"\x00" in path.read_bytes()[:4096] or head.startswith(b"%PDF"):
        raise ScorecardError(f"{path}: a binary file, not a table; give the scorecard as .csv or .xlsx")
    return [(None, _read_csv(path))]


def _norm(header: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", header.lower().replace("&", " and "))).strip()


_KIND_OF = {name: kind for kind, names in COLUMNS.items() for name in names}


class _Names:
    """Agency and organisation names, for headers and cells (case-insensitive, acronyms too)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.finder = MentionFinder(registry)
        self.agencies: dict[str, str] = {}
        self.lookup: dict[str, tuple[str, str]] = {}
        for agency in registry.agencies:
            for name in (agency.id, *agency.names):
                self.agencies[_norm(name)] = agency.id
                self.lookup[_norm(name)] = ("agency", agency.id)
        for org in registry.organisations:
            for name in org.names:
                self.lookup.setdefault(_norm(name), ("organisation", org.id))
        for name in (registry.network.label, *registry.network.aliases):
            self.lookup[_norm(name)] = ("network", registry.network.id)
        self.acronyms = ", ".join(a.acronym or a.id for a in registry.agencies)
        self.words = frozenset(w for key in self.lookup for w in key.split() if len(key.split()) == 1)

    def kind(self, ident: str) -> str:
        if ident == self.registry.network.id:
            return "network"
        return "agency" if ident in self.agencies.values() else "organisation"

    def parse(self, cell: str, where: str) -> list[tuple[str, str | None]]:
        """(organisation id, role note) for each name in a cell; an unknown name is an error."""
        found: list[tuple[str, str | None]] = []
        spans: list[tuple[int, int]] = []
        for m in self.finder.find(cell):
            if m.kind in ("agency", "organisation", "network"):
                ident = self.finder.unit_parent.get(m.id, m.id) if m.kind == "organisation" and \
                    self.finder.unit_parent.get(m.id) in self.agencies.values() else m.id
                note = _ROLE_NOTE.match(cell[m.end:].lstrip())
                found.append((ident, note.group(1).lower() if note else None))
                spans.append((m.start, m.end))
        rest = list(cell)
        for start, end in spans:
            rest[start:end] = " " * (end - start)
        leftover = _ROLE_NOTE.sub(" ", "".join(rest))
        for token in _SEPARATORS.split(leftover):
            token = token.strip(" .()[]-–\t")
            if not token:
                continue
            hit = self.lookup.get(_norm(token))
            if hit is None:
                raise ScorecardError(
                    f"{where}: {token!r} is not an agency or organisation jha-kg knows; "
                    f"name agencies by name or acronym ({self.acronyms})"
                )
            found.append((hit[1], None))
        return found


def _header(rows: list[list[str]], names: _Names) -> tuple[int, dict[str, str], dict[str, str]] | None:
    """(index of the header row, column kind → header, agency id → header), or None."""
    for index, row in enumerate(rows[:_MAX_HEADER_ROW]):
        kinds: dict[str, str] = {}
        agencies: dict[str, str] = {}
        for cell in row:
            key = _norm(cell)
            if not key:
                continue
            if key in names.agencies and names.agencies[key] not in agencies:
                agencies[names.agencies[key]] = cell
            elif key in _KIND_OF and _KIND_OF[key] not in kinds:
                kinds[_KIND_OF[key]] = cell
        if "activity" in kinds and ("lead" in kinds or "partners" in kinds or len(agencies) >= 2):
            return index, kinds, agencies
    return None


def _missing(rows: list[list[str]], names: _Names) -> str:
    """What the most header-like of the first rows lacks, for the one-line error."""
    best: list[str] = max(rows[:_MAX_HEADER_ROW], key=lambda r: sum(1 for c in r if _norm(c) in _KIND_OF), default=[])
    kinds = {_KIND_OF[_norm(c)] for c in best if _norm(c) in _KIND_OF}
    agencies = {names.agencies[_norm(c)] for c in best if _norm(c) in names.agencies}
    need = []
    if "activity" not in kinds:
        need.append("an activity column (e.g. 'Activity')")
    if not ({"lead", "partners"} & kinds) and len(agencies) < 2:
        need.append("the agencies ('Lead' and/or 'Partners' columns, or one column per agency such as 'Europol', 'FRA')")
    shown = ", ".join(repr(c) for c in best if c) or "none"
    return f"needs {' and '.join(need)}; header found: {shown}"


# ---------------------------------------------------------------------------------------------
# rows → activities


def _status(value: str, where: str) -> str:
    key = _norm(value)
    if not key:
        return "done"
    for status, words in _STATUS_WORDS.items():
        if key in words or any(key.startswith(w) for w in words if " " in w):
            return status
    raise ScorecardError(f"{where}: status {value!r} is not one of done, ongoing, planned, proposed (or a synonym)")


_MONTH_INDEX = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}


def _date(value: str, where: str) -> str | None:
    """ISO 8601 at the precision given: 2017-05-12, 12/05/2017, 12.05.2017, May 2017, 12 May 2017, 2017-05, 2017."""
    v = value.strip()
    if not v:
        return None
    if m := re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?", v):
        return "-".join(g for g in m.groups() if g)
    if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)", v):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    if m := re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+((?:19|20)\d\d)", v):
        month_no = _MONTH_INDEX.get(m.group(2).lower())
        if month_no:
            return f"{m.group(3)}-{month_no:02d}" + (f"-{int(m.group(1)):02d}" if m.group(1) else "")
    if m := re.fullmatch(r"(?:Q[1-4]|H[12]|(?:early|mid|late|spring|summer|autumn|winter)\b.*?)\s*((?:19|20)\d\d)", v, re.I):
        return m.group(1)
    raise ScorecardError(f"{where}: date {value!r} not understood; write it as 2017-05-12, 12/05/2017, May 2017 or 2017")


def _type(value: str, title: str) -> str:
    if value:
        key = re.sub(r"[^a-z]", "", value.lower())
        for name, _rx in _type_names():
            if key == name.lower():
                return name
        if found := activity_type(value):
            return found
    return activity_type(title) or "Support"


def _type_names() -> Iterable[tuple[str, str]]:
    from loaders.extract import TYPE_CUES

    return TYPE_CUES


_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    """A crude English stem, enough to match 'revision', 'revising' and 'revise'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    """Content words of a title or sentence, stemmed; stop words and organisation names left out
    (the agencies are compared on their own, so their names must not count as shared words)."""
    words = re.findall(r"[a-z][a-z0-9]+", text.lower())
    return {_stem(w) for w in words if w not in _STOP and w not in names and len(w) > 2}


def _agencies(act: ActivityRecord) -> frozenset[str]:
    return frozenset(p.org for p in act.participants if p.kind in ("agency", "network"))


def same_work(row: ActivityRecord, report: ActivityRecord, names: frozenset[str] = frozenset()) -> float:
    """How surely a scorecard row and a report activity describe the same work: 0 when they cannot
    (other agencies, or dates that disagree), else the share of the row title's content words
    (stemmed; stop words and the organisations' names left out) found in the report activity's
    label and sentences, when at least two of them (or the title's only one) are found."""
    if not _agencies(row) or _agencies(row) != _agencies(report):
        return 0.0
    if row.date and report.date and not (row.date.startswith(report.date) or report.date.startswith(row.date)):
        return 0.0
    title = _content(row.label, names)
    if not title:
        return 0.0
    told = _content(" ".join([report.label, *(p.text for p in report.passages)]), names)
    shared = title & told
    if len(shared) < min(2, len(title)):
        return 0.0
    return len(shared) / len(title)


_ROLE_RANK = ("lead", "partner", "supporter")
_NOTE_ROLES = {"lead": "lead", "leader": "lead", "coordinator": "lead", "support": "supporter", "partner": "partner"}


def _participants(cells: dict[str, str], columns: dict[str, str], agency_columns: dict[str, str], names: _Names,
                  where: str) -> dict[str, str]:
    """organisation id → role, from the lead and partner columns and the agency tick columns."""
    out: dict[str, str] = {}

    def take(ident: str, role: str) -> None:
        if ident not in out or _ROLE_RANK.index(role) < _ROLE_RANK.index(out[ident]):
            out[ident] = role

    for kind, role in (("lead", "lead"), ("partners", "partner")):
        if kind in columns and cells.get(columns[kind]):
            for ident, note in names.parse(cells[columns[kind]], f"{where}, column {columns[kind]!r}"):
                take(ident, _NOTE_ROLES.get(note or "", role))
    for ident, head in agency_columns.items():
        tick = cells.get(head, "").strip().lower().rstrip(".")
        if tick in _BLANKS:
            continue
        take(ident, "lead" if tick in _LEAD_TICKS else "supporter" if tick in _SUPPORT_TICKS else "partner")
    return out


def _slug(path: Path, year: int, years: int) -> str:
    stem = slugify(path.stem)
    base = stem if stem.startswith("scorecard") else f"scorecard-{stem}"
    return base if str(year) in stem and years == 1 else f"{base}-{year}"


def load_scorecard(path: Path, registry: Registry, reports: Sequence[ReportRecord] = ()) -> Scorecard:
    """Read a scorecard table and merge its rows with the activities of the given reports."""
    names = _Names(registry)
    sheets = read_table(path)
    chosen: tuple[str | None, list[list[str]], tuple[int, dict[str, str], dict[str, str]]] | None = None
    for title, rows in sheets:
        if found := _header(rows, names):
            chosen = (title, rows, found)
            break
    if chosen is None:
        rows = next((r for _t, r in sheets if any(any(c for c in row) for row in r)), [])
        if not rows:
            raise ScorecardError(f"{path}: the table is empty; give a header row and one row per activity")
        raise ScorecardError(f"{path}: not a scorecard table: {_missing(rows, names)}")
    sheet, rows, (header_index, columns, agency_columns) = chosen
    header = rows[header_index]
    where_file = f"{path}" + (f" (sheet {sheet!r})" if sheet and len(sheets) > 1 else "")
    extractor = Extractor(registry, names.finder)
    themes_by_name = {_norm(t.id): t.id for t in registry.themes} | {_norm(t.label): t.id for t in registry.themes}
    name_year = _YEAR_IN_NAME.search(path.stem)
    single_report = {r.year for r in reports}
    default_year = int(name_year.group(1)) if name_year else (next(iter(single_report)) if len(single_report) == 1 else None)

    parsed: list[tuple[int, ActivityRecord, ScorecardRow]] = []
    group = ""  # a row with one cell and no agencies heads the rows below it (a priority, usually)
    data_rows: list[ScorecardRow] = []
    for offset, raw in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {h: (raw[i] if i < len(raw) else "").strip() for i, h in enumerate(header) if h.strip()}
        filled = [v for v in cells.values() if v]
        if not filled:
            continue
        where = f"{where_file} row {offset}"
        title = cells.get(columns["activity"], "")
        participants = _participants(cells, columns, agency_columns, names, where)
        if not participants:
            if len(filled) == 1:
                group = filled[0]
                continue
            if not title:
                continue  # a note or a total, not an activity
            agency_cols = [columns[k] for k in ("lead", "partners") if k in columns] + list(agency_columns.values())
            raise ScorecardError(f"{where}: no agency given for {title!r} (columns {', '.join(map(repr, agency_cols))})")
        if not title:
            raise ScorecardError(f"{where}: agencies but no activity in column {columns['activity']!r}")
        row = ScorecardRow(offset, cells)
        data_rows.append(row)
        status = _status(cells.get(columns.get("status", ""), ""), where)
        when = _date(cells.get(columns.get("date", ""), ""), where)
        year_cell = cells.get(columns.get("year", ""), "")
        if year_cell and not re.fullmatch(r"(?:19|20)\d\d", year_cell):
            raise ScorecardError(f"{where}: year {year_cell!r} is not a year such as 2017")
        year = int(when[:4]) if when else int(year_cell) if year_cell else default_year
        if year is None:
            raise ScorecardError(
                f"{where}: no year for this row; add a 'Year' or 'Date' column, or put the year in the file name "
                "(e.g. scorecard-2017.csv)"
            )
        priority = cells.get(columns.get("theme", ""), "") or group
        quote = " | ".join(f"{h}: {v}" for h, v in cells.items() if v)
        passage = Passage(report="", section=(f"scorecard row {offset}",), text=quote, line=offset, kind="row")
        themes = [themes_by_name[_norm(priority)]] if _norm(priority) in themes_by_name else []
        themes += extractor.themes(Passage(report="", section=(priority,) if priority else (), text=title, line=offset))
        act = ActivityRecord(
            type=_type(cells.get(columns.get("type", ""), ""), title), label=title, status=status,  # type: ignore[arg-type]
            passages=[passage],
            participants=[Participation(ident, role, names.kind(ident)) for ident, role in participants.items()],  # type: ignore[arg-type]
            themes=list(dict.fromkeys(themes)), date=when,
        )
        parsed.append((year, act, row))
    if not parsed:
        raise ScorecardError(f"{where_file}: a header row but no activity rows below it")

    card = Scorecard(path=path, source=path.name, columns=columns, agency_columns=agency_columns, rows=data_rows)
    years = sorted({y for y, _a, _r in parsed})
    slugs = {y: _slug(path, y, len(years)) for y in years}
    for y in years:
        card.records[y] = ReportRecord(
            slug=slugs[y], title=f"Scorecard {path.name}" + (f" ({y})" if len(years) > 1 or str(y) not in path.stem else ""),
            year=y, text="", passages=[], set_aside=[], activities=[], opportunities=[], unplaced=[], source=path.name,
        )
    # rows take their table's slug as the report of their passage, so their IRIs are stable
    placed: list[tuple[int, ActivityRecord]] = []
    for y, act, _row in parsed:
        first = act.passages[0]
        act.passages = [Passage(report=slugs[y], section=first.section, text=first.text, line=first.line, kind="row")]
        card.records[y].passages.append(act.passages[0])
        card.row_passages.append(act.passages[0])
        placed.append((y, act))
    _merge(card, placed, reports, names.words)
    return card


def _merge(card: Scorecard, placed: list[tuple[int, ActivityRecord]], reports: Sequence[ReportRecord],
           names: frozenset[str]) -> None:
    """Rows that tell a report activity's work join it (best match first, one row per activity)."""
    by_year = {r.year: r for r in reports}
    candidates: list[tuple[float, int, int, ActivityRecord]] = []
    for i, (year, act) in enumerate(placed):
        report = by_year.get(year)
        for j, told in enumerate(report.activities if report else []):
            score = same_work(act, told, names)
            if score >= _SIMILAR:
                candidates.append((score, i, j, told))
    taken_rows: set[int] = set()
    taken_acts: set[tuple[int, int]] = set()
    for _score, i, j, told in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        year, act = placed[i]
        if i in taken_rows or (year, j) in taken_acts:
            continue
        taken_rows.add(i)
        taken_acts.add((year, j))
        card.merged.append((told.slug, act.passages[0], act))
    for i, (year, act) in enumerate(placed):
        if i not in taken_rows:
            card.records[year].activities.append(act)


# ---------------------------------------------------------------------------------------------
# → RDF


def scorecard_sources(card: Scorecard, registry: Registry, base: str,
                      reports: Sequence[ReportRecord] = ()) -> list[tuple[str, bytes]]:
    """(named graph, N-Triples) per year of the table: the table, its rows, the new activities,
    and for each row merged into a report activity, that activity `prov:wasDerivedFrom` the row."""
    mint = Minter(base)
    told = {a.slug: a for r in reports for a in r.activities}
    out: list[tuple[str, bytes]] = []
    for _year, record in sorted(card.records.items()):
        g: Graph = report_graph(record, registry, base)
        table = mint.entity("report", record.slug)
        g.add((table, RDF.type, JHA.Scorecard))
        for passage in (p for p in card.row_passages if p.report == record.slug):
            node = mint.entity("passage", passage.slug)
            g.add((node, RDF.type, JHA.Passage))
            g.add((node, RDF.type, JHA.ScorecardRow))
            g.add((node, JHA.quote, Literal(passage.text)))
            g.add((node, JHA.sectionPath, Literal(passage.section_path)))
            g.add((node, JHA.line, Literal(passage.line)))
            g.add((node, DCTERMS.isPartOf, table))
        for slug, passage, row in card.merged:
            if passage.report != record.slug:
                continue
            activity = mint.entity("activity", slug)
            g.add((activity, PROV.wasDerivedFrom, mint.entity("passage", passage.slug)))
            report_act = told.get(slug)
            for theme in row.themes:
                if report_act is None or theme not in report_act.themes:
                    g.add((activity, DCTERMS.subject, mint.entity("theme", theme)))
            if row.date and report_act is not None and not report_act.date:
                datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(row.date)]
                g.add((activity, DCTERMS.date, Literal(row.date, datatype=datatype)))
        out.append((graph_iri(base, record.slug), g.serialize(format="nt", encoding="utf-8")))
    return out
