"""A report text written after the extractor was built (tests/data/report-2020.txt), read as is.

Its phrasing differs from the 2017 report and from the texts the extractor was tuned on
("hosted a virtual workshop", "co-organised", "jointly published", "should consider", "will launch").
"""

from __future__ import annotations

import pytest

from loaders.report import load_report
from tests.conftest import DATA


@pytest.fixture(scope="module")
def report():
    return load_report(DATA / "report-2020.txt")


def _find(report, words: str):
    return next(a for a in report.activities if words in a.passages[0].text)


def _roles(activity) -> dict[str, str]:
    return {p.org: p.role for p in activity.participants}


def test_hosted_workshop_with_contributions(report) -> None:
    workshop = _find(report, "virtual workshop")
    assert workshop.type == "Workshop" and workshop.status == "done" and workshop.date == "2020-06"
    assert _roles(workshop) == {"frontex": "lead", "easo": "supporter", "fra": "supporter"}


def test_training_sessions_on_a_system(report) -> None:
    training = _find(report, "training sessions")
    assert training.type == "Training"
    assert _roles(training) == {"eu-lisa": "lead", "cepol": "supporter"}
    assert training.systems == ["ees"]


def test_co_organised_meeting_with_a_date_range_place_and_attendee(report) -> None:
    meeting = _find(report, "co-organised")
    assert meeting.type == "Meeting"
    assert (meeting.date, meeting.end_date, meeting.places) == ("2020-03-03", "2020-03-04", ["The Hague"])
    assert _roles(meeting) == {"eurojust": "partner", "europol": "partner", "frontex": "attendee"}


def test_proposals_and_plans_never_count_as_done(report) -> None:
    study = _find(report, "should consider")
    course = _find(report, "will launch")
    assert study.status == "proposed" and course.status == "planned"
    assert {frozenset(o.organisations) for o in report.opportunities} >= {frozenset({"eige", "fra"})}
    happened = [a for a in report.activities if a.status in ("done", "ongoing")]
    assert not any({"eige", "fra"} <= set(_roles(a)) for a in happened)
