"""Several years and a scorecard in one graph, over HTTP: the bundled 2017 report (text), the invented
2018 report printed to PDF by Chromium, and the 2017 scorecard. /api/changes, the year filters and
the evidence of merged activities are checked against counts made from the loaders' own records."""

from __future__ import annotations

import itertools
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from loaders.records import ActivityRecord
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.scorecard import load_scorecard
from ontology.registry import AGENCY_IDS, load_registry
from tests.conftest import DATA, JHAKG, ROOT, Server, start_server, stop_server

SCORECARD = DATA / "scorecard-2017.csv"


@pytest.fixture(scope="module")
def inputs(pdf_of: Callable[[Path], Path]) -> list[Path]:
    return [BUNDLED_REPORTS[0], pdf_of(DATA / "report-2018.txt")]


@pytest.fixture(scope="module")
def years_store(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("years") / "store"
    result = subprocess.run([*JHAKG, "build", "--store", str(path), "--report", str(inputs[0]), "--report", str(inputs[1]),
                             "--scorecard", str(SCORECARD)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "scorecard-2017.csv: 7 rows → 4 merged with report activities, 3 new activities (2017)" in " ".join(result.stderr.split())
    return path


@pytest.fixture(scope="module")
def server(years_store: Path) -> Iterator[Server]:
    s = start_server(years_store)
    yield s
    stop_server(s)


@pytest.fixture(scope="module")
def expected(inputs: list[Path]) -> dict[int, list[ActivityRecord]]:
    """Activities per year as the loaders read them: each report's, plus the scorecard's new rows."""
    registry = load_registry()
    reports = [load_report(p, registry) for p in inputs]
    card = load_scorecard(SCORECARD, registry, reports)
    out = {r.year: list(r.activities) for r in reports}
    for year, record in card.records.items():
        out[year] += record.activities
    return out


def _pairs(activities: list[ActivityRecord]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for act in activities:
        if act.status in ("done", "ongoing"):
            agencies = sorted({p.org for p in act.participants if p.org in AGENCY_IDS})
            counts.update(itertools.combinations(agencies, 2))
    return counts


def test_changes_between_the_two_years_are_the_loaders_counts(server: Server, expected: dict[int, list[ActivityRecord]]) -> None:
    response = httpx.get(f"{server.url}/api/changes", params={"from": 2017, "to": 2018}, timeout=60)
    assert response.status_code == 200, response.text
    data = response.json()
    before, after = _pairs(expected[2017]), _pairs(expected[2018])
    assert len(after) >= 10
    got = {(p["a"], p["b"]): (p["from_count"], p["to_count"])
           for p in data["new_pairs"] + data["ended_pairs"] + data["continued_pairs"]}
    assert got == {pair: (before[pair], after[pair]) for pair in set(before) | set(after)}
    assert {(p["a"], p["b"]) for p in data["new_pairs"]} == set(after) - set(before)
    assert {(p["a"], p["b"]) for p in data["ended_pairs"]} == set(before) - set(after)
    # the scorecard's new 2017 row "Exchange of staff" is eu-LISA with the EMCDDA
    assert got[("emcdda", "eu-lisa")][0] >= 1


def test_year_filters_over_two_years(server: Server, expected: dict[int, list[ActivityRecord]]) -> None:
    for year in (2017, 2018):
        listed = httpx.get(f"{server.url}/api/activities", params={"year": year}, timeout=60).json()
        assert len(listed) == len(expected[year])
        assert {str(a["year"]) for a in listed} == {str(year)}
    pairs = httpx.get(f"{server.url}/api/collaborations", params={"year": 2018}, timeout=60).json()
    assert {(p["a"], p["b"]): p["count"] for p in pairs} == dict(_pairs(expected[2018]))
    scorecard_rows = httpx.get(f"{server.url}/api/activities", params={"year": 2017, "agency": "eige"}, timeout=60).json()
    assert any(a["label"] == "Handbook on the identification of victims of trafficking" for a in scorecard_rows)


def test_a_merged_activity_keeps_both_sources_as_evidence(server: Server) -> None:
    listed = httpx.get(f"{server.url}/api/activities", params={"year": 2017, "agency": "cepol", "type": "Webinar"},
                       timeout=60).json()
    webinar = next(a for a in listed if "public relations" in (a["label"] or ""))
    assert webinar["id"].startswith("jha-agencies-cooperation-2017-")  # the report's activity, not a second one
    detail = httpx.get(f"{server.url}/api/activities/{webinar['id']}", timeout=60).json()
    sections = [e["section"] for e in detail["evidence"]]
    assert "scorecard row 4" in sections
    assert any(s != "scorecard row 4" for s in sections)
    row = next(e for e in detail["evidence"] if e["section"] == "scorecard row 4")
    assert row["quote"].startswith("Joint activity: Webinar on police and public relations")
    assert {p["id"] for p in detail["participants"]} == {"cepol", "fra"}


def test_a_second_report_of_the_same_year_is_refused_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([*JHAKG, "build", "--store", str(tmp_path / "s"), "--report", str(DATA / "mini-report-2019.txt"),
                             "--report", str(DATA / "mini-report-2019.txt")], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    assert result.returncode == 2  # bad input (jhakg/errors.py: BadInput)
    assert result.stderr.count("\n") == 1
    assert "a second report for 2019" in result.stderr


def test_the_agency_profile_shows_partners_year_by_year(server: Server, expected: dict[int, list[ActivityRecord]]) -> None:
    detail = httpx.get(f"{server.url}/api/agencies/frontex", timeout=60).json()
    by_year = detail["partners_by_year"]
    assert set(by_year) == {"2017", "2018"}
    for year in (2017, 2018):
        counts = {pair: n for pair, n in _pairs(expected[year]).items() if "frontex" in pair}
        agencies = {p["id"]: p["activities"] for p in by_year[str(year)] if p["agency"]}
        assert agencies == {(a if b == "frontex" else b): n for (a, b), n in counts.items()}
    frontex = "https://w3id.org/jha-kg/agency/frontex"
    panel = httpx.get(f"{server.url}/explore/node", params={"iri": frontex}, timeout=60).json()
    facts = dict(panel["facts"])
    assert "Partners in 2017" in facts and "Partners in 2018" in facts
    assert "EASO" in facts["Partners in 2018"]
