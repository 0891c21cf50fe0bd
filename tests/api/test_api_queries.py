"""/api/queries: the named queries, listed and run with bound parameters in the /sparql formats."""

from __future__ import annotations

import csv
import io

import httpx

from tests.conftest import Server

STAPLES = {"partners_of_agency", "activities_by_theme", "activities_by_type", "activities_by_status",
           "instruments_of_agency", "activities_on_system", "opportunities_of_agency", "evidence_for_pair"}


def test_queries_are_listed_with_parameters(live_server: Server) -> None:
    listing = {q["name"]: q for q in httpx.get(f"{live_server.url}/api/queries").json()}
    assert set(listing) >= STAPLES
    assert [p["name"] for p in listing["evidence_for_pair"]["parameters"]] == ["agency", "partner"]
    assert listing["partners_of_agency"]["parameters"][0]["variable"] == "?_agency"
    assert all(q["summary"] and q["text"] for q in listing.values())


def test_partners_of_frontex_match_the_agency_api(live_server: Server) -> None:
    rows = httpx.get(f"{live_server.url}/api/queries/partners_of_agency", params={"agency": "frontex"}).json()["results"]["bindings"]
    detail = httpx.get(f"{live_server.url}/api/agencies/frontex").json()
    assert {r["partner"]["value"]: int(r["activities"]["value"]) for r in rows} == {
        p["iri"]: p["activities"] for p in detail["partners"]}
    assert all(r["_agency"]["value"] == "https://w3id.org/jha-kg/agency/frontex" for r in rows)


def test_same_formats_as_sparql(live_server: Server) -> None:
    url = f"{live_server.url}/api/queries/activities_by_status"
    as_csv = httpx.get(url, params={"status": "planned"}, headers={"accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    planned = httpx.get(f"{live_server.url}/api/activities", params={"status": "planned"}).json()
    assert sorted(r["activity"] for r in rows) == sorted(a["iri"] for a in planned)
    as_tsv = httpx.get(url, params={"status": "jha:Planned", "format": "tsv"})
    assert as_tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert len(as_tsv.text.strip().splitlines()) == len(rows) + 1
    described = httpx.get(f"{live_server.url}/api/queries/describe_entity",
                          params={"entity": "https://w3id.org/jha-kg/agency/fra"}, headers={"accept": "text/turtle"})
    assert described.headers["content-type"].startswith("text/turtle") and "agency/fra" in described.text


def test_the_analysts_staples_answer(live_server: Server) -> None:
    def rows(name: str, **params: str) -> list[dict]:
        response = httpx.get(f"{live_server.url}/api/queries/{name}", params=params)
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    assert rows("activities_by_theme", theme="migration")
    assert all(r["_type"]["value"].endswith("#Training") for r in rows("activities_by_type", type="Training"))
    assert rows("instruments_of_agency", agency="europol")
    assert rows("activities_on_system", system="eurodac")
    assert all(r["_agency"]["value"].endswith("/eurojust") for r in rows("opportunities_of_agency", agency="eurojust"))
    evidence = rows("evidence_for_pair", agency="europol", partner="eurojust")
    assert evidence and all(r["quote"]["value"] for r in evidence)


def test_bad_parameters(live_server: Server) -> None:
    unknown = httpx.get(f"{live_server.url}/api/queries/partners_of_agency", params={"nation": "fr"})
    assert unknown.status_code == 400 and "agency" in unknown.json()["error"]["message"]
    bad_iri = httpx.get(f"{live_server.url}/api/queries/partners_of_agency", params={"agency": "http://a b"})
    assert bad_iri.status_code == 400
