"""Scorecard tables: CSV and the same table as XLSX load, rows become activities with their
agencies (merged with the report's telling of the same work), and a bad table is refused in one line."""

from __future__ import annotations

import csv
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest

from graph.build.pipeline import build
from graph.store.embedded import EmbeddedStore
from loaders.records import ActivityRecord, Participation, Passage
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.scorecard import Scorecard, ScorecardError, load_scorecard, same_work
from ontology.registry import load_registry
from tests.conftest import BASE, DATA, JHAKG, ROOT

CSV = DATA / "scorecard-2017.csv"


@pytest.fixture(scope="module")
def report_2017():
    return load_report(BUNDLED_REPORTS[0])


def _rows(card: Scorecard, report) -> dict[str, tuple[dict[str, str], str, str | None]]:
    """Row title → (participants with roles, status, date), merged rows included."""
    told = {a.slug: a for a in report.activities}
    out = {}
    for record in card.records.values():
        for act in record.activities:
            out[act.label] = ({p.org: p.role for p in act.participants}, act.status, act.date)
    for slug, _passage, row in card.merged:
        assert slug in told
        out[row.label] = ({p.org: p.role for p in row.participants}, row.status, row.date)
    return out


def _xlsx_from_csv(source: Path, target: Path, title: str | None = None) -> Path:
    """The same table as an Excel workbook, with real dates where the CSV writes them in ISO form."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scorecard"
    if title:
        sheet.append([title])
        sheet.append([])
    with source.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            sheet.append([datetime.fromisoformat(c) if len(c) == 10 and c[4] == "-" else c or None for c in row])
    book.save(target)
    return target


def test_csv_rows_become_activities_with_their_agencies(report_2017) -> None:
    card = load_scorecard(CSV, load_registry(), [report_2017])
    rows = _rows(card, report_2017)
    assert len(card.rows) == 7  # the "Security" row heads the rows below it; it is no activity
    assert rows["Handbook on the identification of victims of trafficking"] == (
        {"fra": "lead", "eige": "partner", "cepol": "partner"}, "planned", "2017-11-14")
    assert rows["Exchange of staff on large-scale IT systems"] == ({"eu-lisa": "lead", "emcdda": "partner"}, "done", "2017-06-12")
    assert rows["Joint conference on encryption and cybercrime investigations"] == (
        {"europol": "lead", "eurojust": "partner", "cepol": "supporter"}, "done", "2017-09-21")
    assert rows["Revision of the memorandum of understanding"][1] == "ongoing"
    workshop = rows["Workshop on the hotspot approach in Messina"][0]
    assert workshop == {"easo": "partner", "europol": "partner", "fra": "partner", "frontex": "partner", "ec": "partner"}
    conference = next(a for r in card.records.values() for a in r.activities if a.label.startswith("Joint conference"))
    assert conference.type == "Conference"
    assert {"security", "cybercrime"} <= set(conference.themes)  # the "Security" group row is its priority
    assert conference.passages[0].section_path == "scorecard row 9"
    assert conference.passages[0].text.startswith("Joint activity: Joint conference on encryption")


def test_rows_telling_report_activities_are_merged_not_doubled(report_2017) -> None:
    card = load_scorecard(CSV, load_registry(), [report_2017])
    told = {a.slug: a for a in report_2017.activities}
    merged = {row.label: told[slug] for slug, _p, row in card.merged}
    assert set(merged) == {"Workshop on the hotspot approach in Messina", "Training of Schengen evaluators",
                           "Webinar on police and public relations: media cooperation in a diverse society",
                           "Revision of the memorandum of understanding"}
    assert "Messina" in merged["Workshop on the hotspot approach in Messina"].label
    assert "webinar" in merged["Webinar on police and public relations: media cooperation in a diverse society"].label
    assert card.activities == 3


def test_same_work_needs_the_same_agencies_and_the_titles_words() -> None:
    def act(label: str, orgs: list[str], date: str | None = None) -> ActivityRecord:
        return ActivityRecord("Training", label, "done", [Passage("r", ("s",), label, 1)],
                              [Participation(o, "partner") for o in orgs], date=date)

    told = act("CEPOL and FRA delivered a webinar on hate crime for police officers", ["cepol", "fra"])
    assert same_work(act("Webinar on hate crime", ["fra", "cepol"]), told) == 1.0
    assert same_work(act("Webinar on hate crime", ["fra", "cepol", "europol"]), told) == 0.0  # other agencies
    assert same_work(act("Handbook on border checks", ["fra", "cepol"]), told) == 0.0  # other work
    assert same_work(act("Webinar on hate crime", ["fra", "cepol"], "2017-03"),
                     act("Webinar on hate crime", ["fra", "cepol"], "2017-05")) == 0.0  # dates disagree


def test_the_same_table_as_xlsx_gives_the_same_activities(report_2017, tmp_path: Path) -> None:
    registry = load_registry()
    from_csv = _rows(load_scorecard(CSV, registry, [report_2017]), report_2017)
    xlsx = _xlsx_from_csv(CSV, tmp_path / "scorecard-2017.xlsx", title="Annex 1: 2017 JHA agencies' Scorecard")
    from_xlsx = _rows(load_scorecard(xlsx, registry, [report_2017]), report_2017)
    assert from_xlsx == from_csv


def test_one_column_per_agency_with_ticks(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Scorecard of joint activities"])
    sheet.append(["ACTIVITY", "Theme", "CEPOL", "EASO", "Europol", "FRA", "Frontex", "Year"])
    sheet.append(["Joint training on fundamental rights at borders", "Migration", "✓", None, None, "lead", "x", 2018])
    sheet.append(["Analysis of smuggling routes", "people smuggling", None, "✔", "L", None, "yes", 2018])
    sheet.append([None, None, None, None, None, None, None, None])
    path = tmp_path / "ticks.xlsx"
    book.save(path)
    card = load_scorecard(path, load_registry())
    assert set(card.agency_columns) == {"cepol", "easo", "europol", "fra", "frontex"}
    acts = {a.label: a for r in card.records.values() for a in r.activities}
    assert {p.org: p.role for p in acts["Joint training on fundamental rights at borders"].participants} == {
        "cepol": "partner", "fra": "lead", "frontex": "partner"}
    assert {p.org: p.role for p in acts["Analysis of smuggling routes"].participants} == {
        "easo": "partner", "europol": "lead", "frontex": "partner"}
    assert acts["Analysis of smuggling routes"].themes[0] == "people-smuggling"
    assert list(card.records) == [2018]
    assert acts["Joint training on fundamental rights at borders"].passages[0].section_path == "scorecard row 3"


@pytest.mark.parametrize(("content", "message"), [
    ("Event,Notes,Budget\nConference,big,10\n",
     "not a scorecard table: needs an activity column (e.g. 'Activity') and the agencies"),
    ("Activity,Notes\nConference,big\n",
     "not a scorecard table: needs the agencies ('Lead' and/or 'Partners' columns, or one column per agency"),
    ("Activity,Partners,Year\nConference,\"Europol, Interpool\",2017\n",
     "row 2, column 'Partners': 'Interpool' is not an agency or organisation jha-kg knows"),
    ("Activity,Partners,Status,Year\nConference,Europol,maybe,2017\n",
     "row 2: status 'maybe' is not one of done, ongoing, planned, proposed"),
    ("Activity,Partners\nConference,Europol\n",
     "row 2: no year for this row; add a 'Year' or 'Date' column, or put the year in the file name"),
])
def test_a_bad_table_is_refused_with_what_to_change(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScorecardError) as error:
        load_scorecard(path, load_registry(), [])
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_cli_refuses_a_bad_table_in_one_line_and_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(EmbeddedStore(store, writable=True), [DATA / "mini-report-2019.txt"], BASE)
    before = EmbeddedStore(store).dump(ox.RdfFormat.N_QUADS)
    bad = tmp_path / "activities.csv"
    bad.write_text("Event;Organiser;Budget\nConference;Europol;10\n", encoding="utf-8")
    result = subprocess.run([*JHAKG, "build", "--store", str(store), "--report", str(DATA / "mini-report-2019.txt"),
                             "--scorecard", str(bad)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"jhakg: error: {bad}: not a scorecard table: needs an activity column")
    assert "'Event', 'Organiser', 'Budget'" in lines[0]
    assert EmbeddedStore(store).dump(ox.RdfFormat.N_QUADS) == before
