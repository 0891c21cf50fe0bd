"""The keyword checks on query text: the quick letter test in front of the scan decides as the scan does."""

from __future__ import annotations

import pytest

from graph.store.sparql_text import ForbiddenOperation, check_allowed, has_from, keywords

TEXTS = [
    "SELECT * WHERE { ?s ?p ?o }",
    "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ſervice <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",  # 'ſ'.upper() is 'S'
    'SELECT * WHERE { ?s ?p "SERVICE LOAD FROM" }',  # in a literal: not a keyword
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ex:load . ?s ex:from ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE in a comment",
    "SELECT * from <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o } } }",  # FROM not at depth 0
    "load <http://example.org/data.ttl>",
    "SELECT ?serviceLoad WHERE { ?serviceLoad ?p ?o }",
]


def _scan_refuses(text: str) -> bool:
    return any(k.word in ("SERVICE", "LOAD") for k in keywords(text))


@pytest.mark.parametrize("text", TEXTS)
def test_check_allowed_refuses_exactly_what_the_scan_finds(text: str) -> None:
    if _scan_refuses(text):
        with pytest.raises(ForbiddenOperation):
            check_allowed(text)
    else:
        check_allowed(text)


@pytest.mark.parametrize("text", TEXTS)
def test_has_from_is_the_scan_at_depth_zero(text: str) -> None:
    assert has_from(text) == any(k.word == "FROM" and k.depth == 0 for k in keywords(text))


def test_the_cases_cover_both_answers() -> None:
    assert sum(_scan_refuses(t) for t in TEXTS) == 4
    assert [has_from(t) for t in TEXTS].count(True) == 2
