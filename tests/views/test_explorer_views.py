"""The explorer's data and JSON panels: what the browser pages are built from."""

from __future__ import annotations

import httpx

from graph.analytics.projection import Collaboration
from graph.store.embedded import EmbeddedStore
from graph.views.network_view import agency_gaps, explorer_payload
from graph.views.view_data import entity_evidence, load_view_data
from tests.conftest import BASE, Server

A, B, C, D = (f"{BASE}agency/{x}" for x in ("a", "b", "c", "d"))
P = f"{BASE}organisation/p"


def row(a: str, b: str, activity: str, status: str = "done") -> Collaboration:
    a, b = sorted((a, b))
    return Collaboration(a, b, f"{BASE}activity/{activity}", status, "Meeting", 2017, (), a != P, b != P)


def test_gaps_are_missing_or_recommended_with_reasons() -> None:
    # Worked out by hand: a-b work bilaterally (no gap); a, b, c, d meet only in one four-agency
    # meeting (x), so a-c, a-d, b-c, b-d, c-d are recommended; nothing is missing. With d out of
    # that meeting, every pair with d has no joint activity at all: missing.
    four = [row(a, b, "x") for a, b in [(A, B), (A, C), (A, D), (B, C), (B, D), (C, D)]]
    rows = [row(A, B, "bilateral"), *four, row(C, P, "p1"), row(D, P, "p2"), row(C, D, "plan", "planned")]
    gaps = {(g.a, g.b): g for g in agency_gaps(rows, [A, B, C, D], {})}
    assert set(gaps) == {(A, C), (A, D), (B, C), (B, D), (C, D)}
    assert {g.kind for g in gaps.values()} == {"recommended"}
    assert "1 planned or proposed" in gaps[(C, D)].explanation
    assert "Partners in common outside the network: 1 (p)" in gaps[(C, D)].explanation

    without_d = [r for r in rows if D not in (r.a, r.b) or r.activity.endswith("plan") or r.activity.endswith("p2")]
    gaps = {(g.a, g.b): g for g in agency_gaps(without_d, [A, B, C, D], {})}
    assert gaps[(A, D)].kind == "missing" and "no joint activity that happened" in gaps[(A, D)].explanation
    assert gaps[(C, D)].kind == "missing" and "1 planned or proposed" in gaps[(C, D)].explanation


def test_large_views_keep_the_best_connected_and_say_so(store: EmbeddedStore) -> None:
    from graph.analytics.projection import collaboration_rows

    data, rows = load_view_data(store), collaboration_rows(store)
    whole = explorer_payload(data, rows, BASE)
    assert whole["note"] is None
    small = explorer_payload(data, rows, BASE, max_nodes=15)
    organisations = [n for n in small["nodes"] if n["layer"] == "organisation"]
    assert len(organisations) == 15
    assert sum(n["agency"] for n in organisations) == 9
    assert small["note"].startswith("Showing the 15 best connected of ")
    assert all(n.get("x") is not None and n["physics"] is False for n in organisations)


def test_edge_panel_sparql_link_reproduces_its_evidence(live_server: Server) -> None:
    panel = httpx.get(f"{live_server.url}/explore/edge", params={"a": f"{BASE}agency/frontex", "b": f"{BASE}agency/europol"}).json()
    assert panel["evidence"] and all(e["quote"] for e in panel["evidence"])
    results = httpx.get(live_server.url + panel["sparql"]["results"]).json()
    assert {b["activity"]["value"] for b in results["results"]["bindings"]} == {e["activity"] for e in panel["evidence"]}


def test_unknown_agency_and_bad_iri_are_errors_that_say_why(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/explore/agency/nowhere")
    assert response.status_code == 404
    assert "known agencies: cepol, easo" in response.json()["error"]["message"]
    response = httpx.get(f"{live_server.url}/explore/node", params={"iri": "not an iri"})
    assert response.status_code == 400 and "IRI" in response.json()["error"]["message"]


def test_sparql_in_a_browser_is_the_editor_with_named_queries(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script src="/assets/yasgui/yasgui.min.js">' in response.text
    for name in ("agencies", "collaborations", "view_pair_activities"):
        assert f'data-name="{name}"' in response.text
    assert httpx.get(f"{live_server.url}/assets/yasgui/yasgui.min.js").status_code == 200


def test_activity_nodes_carry_no_iri_as_label(store: EmbeddedStore) -> None:
    from graph.analytics.projection import collaboration_rows

    payload = explorer_payload(load_view_data(store), collaboration_rows(store), BASE)
    activities = [n for n in payload["nodes"] if n["layer"] == "activity"]
    assert activities and all(not n["label"].strip() for n in activities)


def test_entity_evidence_shows_the_clause_its_sentence_and_inferences(store: EmbeddedStore) -> None:
    items = entity_evidence(store, f"{BASE}agency/eurojust", BASE)
    assert all(item["quote"] in item["sentence"] for item in items)
    assert any(item["quote"] != item["sentence"] for item in items)  # a clause of a longer sentence
    inferred = [item for item in items if item["inferred_from"]]
    assert inferred and all(any("all JADs" in q for q in item["inferred_from"]) for item in inferred)
