"""The report loader on a small invented report and on the real 2017 report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loaders.report import load_report
from loaders.text import verify_quote
from ontology.registry import AGENCY_IDS
from tests.conftest import DATA


@pytest.fixture(scope="module")
def mini():
    return load_report(DATA / "mini-report-2019.txt")


@pytest.fixture(scope="module")
def real(report_path: Path):
    return load_report(report_path)


def _participants(activity) -> dict[str, str]:
    return {p.org: p.role for p in activity.participants}


def test_mini_report_year_and_title(mini) -> None:
    assert mini.year == 2019
    assert mini.slug == "jha-agencies-cooperation-2019"


def test_mini_report_workshop_with_roles_date_and_type(mini) -> None:
    workshop = next(a for a in mini.activities if a.type == "Workshop")
    # "Frontex and FRA organised …, which was attended by EASO": two co-organisers, one attendee
    assert _participants(workshop) == {"frontex": "partner", "fra": "partner", "easo": "attendee"}
    assert workshop.places == ["Warsaw"]
    assert workshop.date == "2019-03-12"
    assert workshop.status == "done"
    assert "child-protection" in workshop.themes


def test_mini_report_agreement_is_done_not_proposed(mini) -> None:
    mou = next(a for a in mini.activities if a.type == "MemorandumOfUnderstanding")
    assert set(_participants(mou)) == {"easo", "eu-lisa"}
    assert mou.status == "done"
    assert mou.date == "2019-05"


def test_mini_report_proposals_are_opportunities(mini) -> None:
    assert {o.kind for o in mini.opportunities} == {"opportunity"}
    named = [set(o.organisations) for o in mini.opportunities]
    assert {"emcdda", "frontex"} in named
    done = [a for a in mini.activities if a.status in ("done", "ongoing")]
    assert not any({"emcdda", "frontex"} <= set(_participants(a)) for a in done)


def test_real_report_reads_all_nine_agencies(real) -> None:
    named = {p.org for a in real.activities for p in a.participants}
    assert set(AGENCY_IDS) <= named


def test_real_report_has_activities_of_many_types_and_statuses(real) -> None:
    assert len(real.activities) >= 100
    types = Counter(a.type for a in real.activities)
    assert {"Training", "Meeting", "Publication", "Workshop", "Webinar"} <= set(types)
    statuses = Counter(a.status for a in real.activities)
    assert statuses["done"] > statuses["proposed"] > 0


def test_real_report_quotes_are_verbatim(real) -> None:
    quotes = [p for a in real.activities for p in a.passages]
    quotes += [p for o in real.opportunities for p in o.passages]
    assert quotes
    assert [p.text for p in quotes if not verify_quote(real.text, p.text, p.line)] == []


def test_nothing_naming_an_agency_is_dropped_silently(real) -> None:
    """Every sentence that names an agency is an activity, an opportunity, or reported unplaced."""
    from loaders.mentions import MentionFinder
    from ontology.registry import load_registry

    finder = MentionFinder(load_registry())
    placed = {p.slug for a in real.activities for p in a.passages}
    placed |= {p.slug for o in real.opportunities for p in o.passages}
    placed |= {p.slug for p in real.unplaced}
    naming = [p for p in real.passages if p.kind in ("sentence", "bullet")
              and any(m.kind == "agency" for m in finder.find(p.text))]
    assert [p.text for p in naming if p.slug not in placed] == []
