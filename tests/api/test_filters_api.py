"""The one filter model over HTTP: every route that filters takes the same five filters, answers an
unknown name with the same 400 naming the known ones, and includes narrower themes and subtypes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.filters import load_vocabulary
from graph.store.embedded import EmbeddedStore
from jhakg.settings import Settings
from tests.conftest import BASE

FILTERING_ROUTES = [
    "/api/activities", "/api/agencies", "/api/collaborations", "/api/centrality", "/api/centrality/chart.svg",
    "/api/communities", "/api/gaps", "/api/recommendations", "/explore", "/explore/agency/frontex",
]
JSON = {"accept": "application/json"}
# an unknown value of each filter, and a name the answer must list among the known ones
UNKNOWN = {
    "agency": ("frontexx", "frontex"),
    "theme": ("weather", "migration"),
    "type": ("Dance", "Training"),
    "status": ("imagined", "ongoing"),
    "year": ("1999", "2017"),
}


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    """The real application over the built store, in process: a failure shows its traceback here."""
    yield TestClient(create_app(Settings(base_iri=BASE), store))


@pytest.mark.parametrize("kind", list(UNKNOWN))
@pytest.mark.parametrize("route", FILTERING_ROUTES)
def test_an_unknown_name_is_the_same_400_on_every_route(client: TestClient, route: str, kind: str) -> None:
    value, known = UNKNOWN[kind]
    response = client.get(route, params={kind: value}, headers=JSON)
    assert response.status_code == 400, response.text
    message = response.json()["error"]["message"]
    assert message.startswith(f"unknown {kind} ") and value in message and known in message


@pytest.mark.parametrize("kind", list(UNKNOWN))
def test_the_message_is_word_for_word_the_same_everywhere(client: TestClient, kind: str) -> None:
    value, _known = UNKNOWN[kind]
    messages = {client.get(route, params={kind: value}, headers=JSON).json()["error"]["message"] for route in FILTERING_ROUTES}
    assert len(messages) == 1, messages


def test_names_are_read_the_same_way_everywhere(client: TestClient) -> None:
    """An agency by id or IRI, a type in any case or as jha:Type, statuses as a comma list."""
    by_id = client.get("/api/activities", params={"agency": "frontex", "type": "training", "status": "done,ongoing"}).json()
    by_iri = client.get("/api/activities", params={"agency": f"{BASE}agency/frontex", "type": "jha:Training",
                                                   "status": "happened"}).json()
    assert by_id and by_id == by_iri


def test_a_narrower_theme_gives_the_same_activities_on_every_route(client: TestClient, store: EmbeddedStore) -> None:
    """migration includes hotspots, people smuggling …: the activities list, the collaborations, the
    named query and the explorer's theme filter all select the same activities."""
    narrower = load_vocabulary(store).narrower("migration")
    assert len(narrower) > 1, "migration must have narrower themes for this test to mean anything"
    listed = client.get("/api/activities", params={"theme": "migration"}).json()
    assert any(not ({f"{BASE}theme/{t}" for t in a["themes"]} & {f"{BASE}theme/migration"}) for a in listed), \
        "some activities are tagged only with a narrower theme"
    joint = {a["id"] for a in listed if len(a["participants"]) > 1}
    pairs = client.get("/api/collaborations", params={"theme": "migration", "scope": "all", "status": "all"}).json()
    assert joint == {i for row in pairs for i in row["activities"]}
    named = client.get("/api/queries/activities_by_theme", params={"theme": "migration"}).json()
    assert {r["activity"]["value"] for r in named["results"]["bindings"]} == {a["iri"] for a in listed}
    explorer = client.get("/explore", params={"theme": "migration", "status": "all"}, headers=JSON).json()
    chosen = explorer["themes"][int(explorer["selected"]["theme"])]
    covered = {explorer["themes"][i]["iri"] for i in chosen["covers"]}
    assert chosen["iri"] == f"{BASE}theme/migration" and covered == narrower & {t["iri"] for t in explorer["themes"]}
    drawn = {a["iri"] for a in explorer["activities"] if set(a["themes"]) & set(chosen["covers"])}
    assert drawn == {a["iri"] for a in listed if a["iri"] in {x["iri"] for x in explorer["activities"]}}


def test_a_type_includes_its_subtypes_everywhere(client: TestClient, store: EmbeddedStore) -> None:
    subtypes = load_vocabulary(store).subtypes("Training")
    listed = client.get("/api/activities", params={"type": "Training"}).json()
    assert {a["type"] for a in listed} - {"Training"} and {a["type"] for a in listed} <= subtypes
    named = client.get("/api/queries/activities_by_type", params={"type": "Training"}).json()
    assert {r["activity"]["value"] for r in named["results"]["bindings"]} == {a["iri"] for a in listed}
    joint = {a["id"] for a in listed if len(a["participants"]) > 1}
    pairs = client.get("/api/collaborations", params={"type": "Training", "scope": "all", "status": "all"}).json()
    assert joint == {i for row in pairs for i in row["activities"]}
    explorer = client.get("/explore", params={"type": "Training"}, headers=JSON).json()
    assert explorer["selected"]["type"] == "Training" and set(explorer["typeCovers"]["Training"]) <= subtypes


def test_the_agency_filter_keeps_what_concerns_it(client: TestClient) -> None:
    centrality = client.get("/api/centrality", params={"agency": "frontex"}).json()
    assert [r["id"] for r in centrality["rows"]] == ["frontex"] and centrality["nodes"] == 9
    [community] = client.get("/api/communities", params={"agency": "frontex"}).json()["communities"]
    assert "frontex" in community["members"]
    gaps = client.get("/api/gaps", params={"agency": "cepol"}).json()
    assert gaps["pairs"] and all("cepol" in g["agencies"] for kind in gaps.values() for g in kind)
    recommended = client.get("/api/recommendations", params={"agency": "cepol"}).json()
    assert recommended and all("cepol" in (r["a"], r["b"]) for r in recommended)
    assert [r["rank"] for r in recommended] == list(range(1, len(recommended) + 1))
    assert [a["id"] for a in client.get("/api/agencies", params={"agency": "frontex"}).json()] == ["frontex"]
    on_drugs = {a["id"] for a in client.get("/api/agencies", params={"theme": "drugs"}).json()}
    assert "emcdda" in on_drugs and on_drugs < {a["id"] for a in client.get("/api/agencies").json()}
    explorer = client.get("/explore", params={"agency": "frontex"}, headers=JSON).json()
    assert explorer["focus"] == f"{BASE}agency/frontex"


def test_type_status_and_year_narrow_the_analytics(client: TestClient) -> None:
    everything = client.get("/api/centrality", params={"measure": "strength"}).json()
    trainings = client.get("/api/centrality", params={"measure": "strength", "type": "Training"}).json()
    assert 0 < trainings["edges"] < everything["edges"]
    planned = client.get("/api/communities", params={"status": "planned,proposed"}).json()
    assert planned["communities"] != client.get("/api/communities").json()["communities"]
    assert client.get("/api/centrality", params={"year": 2017, "measure": "strength"}).json() == everything


def test_gaps_count_only_work_that_happened(client: TestClient) -> None:
    """Gaps and recommendations show planned work as what would close a gap: status may narrow the
    work counted to done or ongoing, never count intentions; asking that is a 400 that says so."""
    done_only = client.get("/api/gaps", params={"status": "done"}).json()
    assert len(done_only["pairs"]) >= len(client.get("/api/gaps").json()["pairs"])
    for route in ("/api/gaps", "/api/recommendations"):
        response = client.get(route, params={"status": "planned"})
        assert response.status_code == 400 and "done and ongoing" in response.json()["error"]["message"]


def test_the_explorer_page_starts_with_the_filters_given(client: TestClient) -> None:
    page = client.get("/explore", params={"theme": "migration", "type": "training", "status": "done", "year": 2017})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    embedded = re.search(r'<script id="explorer-data" type="application/json">(.*?)</script>', page.text, re.DOTALL)
    assert embedded is not None
    payload = json.loads(embedded.group(1))
    theme = payload["selected"].pop("theme")
    assert payload["themes"][int(theme)]["iri"] == f"{BASE}theme/migration"
    assert payload["selected"] == {"type": "Training", "statuses": ["done"], "year": "2017"}
