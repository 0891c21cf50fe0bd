"""One role vocabulary: the loaders assign, the graph holds, and the API and the explorer show the same words."""

from __future__ import annotations

from typing import cast

from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from graph.analytics.projection import participation_rows
from graph.store.embedded import EmbeddedStore
from graph.views.view_data import entity_evidence
from jhakg.settings import Settings
from loaders.records import ROLES as RECORD_ROLES
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.to_rdf import ROLE_SHORTCUTS, ROLE_TERMS
from ontology import ONTOLOGY_TTL
from ontology.namespaces import JHA, RDF, RDFS
from ontology.roles import ROLES, role_of_term
from tests.conftest import BASE


def test_every_role_has_its_terms_in_the_ontology() -> None:
    ontology = Graph().parse(ONTOLOGY_TTL)
    assert RECORD_ROLES == ROLES
    for role in ROLES:
        assert (ROLE_TERMS[role], RDF.type, JHA.Role) in ontology, role
        assert (ROLE_SHORTCUTS[role], RDFS.subPropertyOf, JHA.participant) in ontology, role
        assert role_of_term(str(ROLE_TERMS[role])) == role


def test_annotators_words_read_as_the_vocabulary() -> None:
    assert [role_of_term(w) for w in ("support", "Supporter", "jha:Supporter", "organiser", "co-lead", "dancer")] == \
        ["supporter", "supporter", "supporter", "lead", "partner", None]


def test_the_loaders_roles_are_the_apis_roles(store: EmbeddedStore) -> None:
    """Every role the loaders assigned comes back under the same word from the API, the analytics and the explorer."""
    assigned = {p.role for a in load_report(BUNDLED_REPORTS[0]).activities for p in a.participants}
    assert "supporter" in assigned and assigned <= set(ROLES)
    assert {r for row in participation_rows(store) for r in row.roles} == assigned
    client = TestClient(create_app(Settings(base_iri=BASE), store))
    shown: set[str] = set()
    for activity in client.get("/api/activities", params={"agency": "fra"}).json():
        record = client.get(f"/api/activities/{activity['id']}").json()
        shown |= {r for p in record["participants"] for r in p["roles"]}
    assert "supporter" in shown and shown <= set(ROLES)
    panel_roles = {r for e in entity_evidence(store, f"{BASE}agency/fra", BASE) for r in cast(list[str], e["roles"])}
    assert "supporter" in panel_roles and panel_roles <= set(ROLES)
