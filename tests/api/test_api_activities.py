"""/api/activities and /api/activities/{id} over HTTP, checked against the report text."""

from __future__ import annotations

import httpx

from graph.filters import load_vocabulary
from graph.store.embedded import EmbeddedStore
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.text import verify_quote
from ontology.roles import ROLES
from tests.conftest import Server

STATUSES = {"done", "ongoing", "planned", "proposed"}


def test_activities_list_and_filters(live_server: Server, store: EmbeddedStore) -> None:
    everything = httpx.get(f"{live_server.url}/api/activities").json()
    assert len(everything) == len(load_report(BUNDLED_REPORTS[0]).activities)  # the loader's own count
    assert {a["status"] for a in everything} <= STATUSES
    frontex_done = httpx.get(f"{live_server.url}/api/activities", params={"agency": "frontex", "status": "done"}).json()
    assert frontex_done and all("frontex" in a["participants"] and a["status"] == "done" for a in frontex_done)
    trainings = httpx.get(f"{live_server.url}/api/activities", params={"type": "Training", "theme": "migration"}).json()
    vocabulary = load_vocabulary(store)  # a type includes its subtypes, a theme its narrower themes
    kinds, themes = vocabulary.subtypes("Training"), {t.rsplit("/", 1)[-1] for t in vocabulary.narrower("migration")}
    assert {a["type"] for a in trainings} - {"Training"}, "courses and webinars are trainings too"
    assert trainings and all(a["type"] in kinds and themes.intersection(a["themes"]) for a in trainings)
    assert httpx.get(f"{live_server.url}/api/activities", params={"year": "2017"}).json() == everything
    unknown_year = httpx.get(f"{live_server.url}/api/activities", params={"year": "1999"})
    assert unknown_year.status_code == 400 and unknown_year.json()["error"]["message"] == "unknown year 1999; known years: 2017"


def test_one_activity_has_roles_and_verbatim_evidence(live_server: Server) -> None:
    listing = httpx.get(f"{live_server.url}/api/activities", params={"agency": "easo", "type": "Training"}).json()
    record = httpx.get(f"{live_server.url}/api/activities/{listing[0]['id']}").json()
    assert record["iri"] == listing[0]["iri"] and record["status"] in STATUSES
    ids = {p["id"] for p in record["participants"]}
    assert "easo" in ids
    assert all(p["roles"] and set(p["roles"]) <= set(ROLES)
               for p in record["participants"])
    text = BUNDLED_REPORTS[0].read_text(encoding="utf-8")
    assert record["evidence"]
    for evidence in record["evidence"]:
        assert evidence["section"]
        # each quote is verbatim report text (page furniture between its lines aside)
        assert any(verify_quote(text, evidence["quote"], line) for line in range(1, text.count("\n") + 2, 60))
    assert {"themes", "instruments", "date", "status"} <= set(record)


def test_unknown_activity_is_404(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/api/activities/no-such-thing")
    assert response.status_code == 404
    assert "/api/activities" in response.json()["error"]["message"]


def test_evidence_is_the_clause_with_its_sentence_section_and_inferences(live_server: Server) -> None:
    everything = httpx.get(f"{live_server.url}/api/activities", params={"agency": "eurojust"}).json()
    records = [httpx.get(f"{live_server.url}/api/activities/{a['id']}").json() for a in everything]
    clauses = [e for r in records for e in r["evidence"] if e["quote"] != e["sentence"]]
    assert clauses, "some sentence holds more than one activity"
    for record in records:
        assert record["revisions"] == []  # the shipped corrections file is empty
        for e in record["evidence"]:
            assert e["quote"] in e["sentence"] and e["section"]
    # "Eurojust participated in all JADs": the joint action days told elsewhere in the chapter have Eurojust too
    inferred = [r for r in records if any(p["id"] == "eurojust" and p["inferred_from"] for p in r["participants"])]
    assert inferred
    for record in inferred:
        statement = record["evidence"][0]["inferred_from"]
        assert statement and any("all JADs" in s["quote"] and "eurojust" in s["agencies"] for s in statement)
