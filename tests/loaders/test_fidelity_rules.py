"""Rules of the report's language that decide what is an activity and who takes part, one by one."""

from __future__ import annotations

import pytest

from loaders.clauses import split_clauses
from loaders.extract import Extractor, status_of
from loaders.mentions import MentionFinder
from loaders.records import Passage
from ontology.registry import load_registry


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    registry = load_registry()
    return Extractor(registry, MentionFinder(registry))


def _read(extractor: Extractor, *sentences: str, section: tuple[str, ...] = ("1. Work", "1.1 Topic")) -> list:
    passages = [Passage("r", section, text, line=10) for text in sentences]
    activities, _o, _u = extractor.extract(passages, 2017)
    return activities


def _clauses(extractor: Extractor, text: str) -> list[str]:
    mentions, _context = extractor.mentions(text, [])
    return [c.text for c in split_clauses(text, mentions)]


def test_priorities_for_next_year_are_plans() -> None:
    assert status_of("Continue cooperation and the exchange of information.", 2017, "Priorities for 2018") == "planned"
    assert status_of("Continue cooperation and the exchange of information.", 2017, "Key joint activities") == "ongoing"


def test_present_tense_work_is_ongoing_and_offers_are_proposals() -> None:
    assert status_of("eu-LISA organises roundtable events twice a year", 2017) == "ongoing"
    assert status_of("The agencies are ready to take on a supporting role", 2017) == "proposed"


def test_a_list_of_verbs_is_a_list_of_activities(extractor: Extractor) -> None:
    text = "In 2017, the EMCDDA and Europol issued 39 notifications, prepared nine joint reports and submitted two risk assessments."
    assert len(_clauses(extractor, text)) == 3
    found = _read(extractor, text)
    assert len(found) == 3 and all({p.org for p in a.participants} >= {"emcdda", "europol"} for a in found)


def test_a_proposal_beside_a_fact_is_its_own_clause(extractor: Extractor) -> None:
    text = "eu-LISA organises roundtable events with industry and broader JHA agencies' representation could be beneficial."
    (found,) = _read(extractor, text)
    assert {p.org for p in found.participants} == {"eu-lisa"} and found.status == "ongoing"


def test_views_are_not_work_and_report_contents_name_no_participants(extractor: Extractor) -> None:
    assert _read(extractor, "Europol acknowledged the importance of public-private partnerships.") == []
    found = _read(extractor, "Eurojust presented its report on THB in January 2017.",
                  "It highlights the cooperation with Europol in the field of THB.")
    assert [{p.org for p in a.participants} for a in found] == [{"eurojust"}]
    assert len(found[0].passages) == 2  # the content is kept as evidence of the report


def test_those_represented_at_the_setting_are_not_participants(extractor: Extractor) -> None:
    (found,) = _read(extractor, "EASO and Frontex signed a cooperation plan during their joint Management Board meeting, "
                                "at which eu-LISA and Europol were also represented.")
    assert {p.org for p in found.participants} == {"easo", "frontex"}


def test_they_and_section_owner(extractor: Extractor) -> None:
    found = _read(extractor, "Europol and Frontex met in Warsaw to plan joint action days.",
                  "In 2017, they contributed to three operations against smugglers.")
    assert {p.org for p in found[-1].participants} == {"europol", "frontex"}
    sentence = "The agency trained border guards together with CEPOL."
    (alone,) = _read(extractor, sentence, section=("1. Work", "1.1 Topic", "Frontex"))
    assert {p.org for p in alone.participants} == {"cepol"}  # no heading read: no owner assumed
    heading = Passage("r", ("1. Work", "1.1 Topic"), "Frontex", line=9, kind="heading")
    activities, _o, _u = extractor.extract([heading, Passage("r", ("1. Work", "1.1 Topic", "Frontex"), sentence, line=10)], 2017)
    (owned,) = activities
    assert {p.org for p in owned.participants} == {"frontex", "cepol"}  # "the agency" is the section's own agency
