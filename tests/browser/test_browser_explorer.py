"""The browser pages in real Chromium against the real server: offline, drawn, filterable (filters
grey out, never hide), readable at every zoom, switchable to the agency matrix, clickable, and the
SPARQL editor running a named query. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest
from playwright.sync_api import Browser, Page

from graph.analytics.projection import collaboration_graph, collaboration_rows
from graph.filters import short_id
from graph.store.embedded import EmbeddedStore
from graph.views.network_view import ALL_STATUSES
from tests.browser.conftest import Watched, watch
from tests.conftest import BASE, Server

FRONTEX = f"{BASE}agency/frontex"
POSITION = "(id) => { const n = window.jhakgNetwork.network; return n.canvasToDOM(n.getPositions([id])[id]); }"  # canvas → page


def open_explorer(w: Watched, path: str = "/explore") -> None:
    w.page.goto(w.origin + path, wait_until="networkidle")
    w.page.wait_for_function("() => window.jhakgNetwork && window.jhakgNetwork.ready", timeout=20_000)


def visible_ids(page: Page) -> set[str]:
    """Every node drawn, greyed or not."""
    return set(page.evaluate("() => window.jhakgNetwork.visibleNodeIds()"))


def active_ids(page: Page) -> set[str]:
    """The drawn nodes a filter does not grey out."""
    return set(page.evaluate("() => window.jhakgNetwork.activeNodeIds()"))


def greyed_ids(page: Page) -> set[str]:
    return set(page.evaluate("() => window.jhakgNetwork.greyedNodeIds()"))


def drawn_count(page: Page) -> int:
    return int(page.evaluate("() => window.jhakgNetwork.drawnNodeCount()"))


def move_view(page: Page, move: str, arg: object = None) -> None:
    """Call `network.<move>(arg)` (moveTo, fit, focus…) and wait until vis-network has drawn the result."""
    page.evaluate("""([move, arg]) => new Promise((done) => {
        const n = window.jhakgNetwork.network; n.once("afterDrawing", done); n[move](...arg); })""", [move, arg or []])


def choose_theme(page: Page, theme_id: str) -> None:
    index = page.evaluate("(id) => window.jhakgNetwork.data.themes.findIndex(t => t.id === id)", theme_id)
    assert index >= 0, theme_id
    page.select_option("#filter-theme", str(index))


def agencies(store: EmbeddedStore) -> set[str]:
    return {r["a"].value for r in store.query(f"SELECT ?a WHERE {{ ?a a <{BASE}ontology#Agency> }}")}


def test_every_page_loads_offline_without_script_errors(watched: Watched) -> None:
    for path, name, ready in [
        ("/", "overview", "#agency-chart"),
        ("/explore", "explore", None),
        ("/explore/agency/frontex", "explore-agency-frontex", None),
        ("/sparql", "sparql", ".CodeMirror"),
    ]:
        response = watched.page.goto(watched.origin + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        if ready:
            watched.page.wait_for_selector(ready, timeout=10_000)
        else:
            watched.page.wait_for_function("() => window.jhakgNetwork && window.jhakgNetwork.ready", timeout=20_000)
        watched.shot(name)
    watched.assert_clean()
    assert watched.page.evaluate("() => typeof window.Yasgui") == "function"


def test_explorer_draws_every_organisation_and_greys_planned_only_ones(watched: Watched, store: EmbeddedStore) -> None:
    """Every organisation of any joint activity is drawn; those with no done or ongoing one (the
    default status filter) are greyed, not hidden."""
    rows = collaboration_rows(store)
    everyone = set(collaboration_graph(rows, scope="all", statuses=ALL_STATUSES).nodes) | agencies(store)
    happened = set(collaboration_graph(rows, scope="all").nodes)
    assert happened < everyone, "some organisation must have only planned work for this test to mean anything"
    open_explorer(watched)
    assert visible_ids(watched.page) == everyone
    assert drawn_count(watched.page) == len(everyone)
    assert active_ids(watched.page) == happened
    assert greyed_ids(watched.page) == everyone - happened
    watched.assert_clean()


def test_theme_filter_greys_out_instead_of_hiding(watched: Watched, store: EmbeddedStore) -> None:
    rows = collaboration_rows(store)
    everyone = set(collaboration_graph(rows, scope="all", statuses=ALL_STATUSES).nodes) | agencies(store)
    happened = set(collaboration_graph(rows, scope="all").nodes)
    theme = f"{BASE}theme/child-protection"
    expected = set(collaboration_graph(rows, scope="all", themes=[theme]).nodes)
    assert expected != happened, "the chosen theme must narrow the network for this test to mean anything"
    open_explorer(watched)
    choose_theme(watched.page, "child-protection")
    assert visible_ids(watched.page) == everyone  # the network keeps its shape
    assert drawn_count(watched.page) == len(everyone)
    assert active_ids(watched.page) == expected
    assert greyed_ids(watched.page) == everyone - expected
    watched.shot("explore-theme-child-protection")
    watched.page.select_option("#filter-theme", "")
    assert active_ids(watched.page) == happened
    watched.assert_clean()


def test_migration_theme_keeps_every_node_and_activates_the_api_pairs(watched: Watched) -> None:
    """Choosing a theme draws the same nodes; the active edges are exactly the pairs /api/collaborations
    counts for that theme (every organisation, not only the agencies), the rest greyed."""
    open_explorer(watched)
    drawn = drawn_count(watched.page)
    total = watched.page.evaluate("() => window.jhakgNetwork.data.edges.filter(e => e.layer === 'collaboration').length")
    choose_theme(watched.page, "migration")
    assert drawn_count(watched.page) == drawn
    assert greyed_ids(watched.page)
    listed = httpx.get(f"{watched.origin}/api/collaborations", params={"theme": "migration", "scope": "all"}).json()
    expected = {frozenset((r["a"], r["b"])) for r in listed if r["count"] > 0}
    active = {frozenset(short_id(iri) for iri in pair) for pair in watched.page.evaluate("() => window.jhakgNetwork.activeEdgePairs()")}
    assert active == expected
    agency_pairs = {frozenset((r["a"], r["b"])) for r in httpx.get(f"{watched.origin}/api/collaborations",
                                                                    params={"theme": "migration"}).json() if r["count"] > 0}
    assert agency_pairs and agency_pairs <= active
    assert f"{len(expected)} of {total} pairs active" in watched.page.inner_text("#counts")
    watched.shot("explore-theme-migration")
    watched.assert_clean()


def test_agency_labels_stay_readable_and_others_show_on_zoom_or_hover(watched: Watched) -> None:
    open_explorer(watched)
    page = watched.page
    px = "() => Object.values(window.jhakgNetwork.agencyLabelPx())"
    assert len(page.evaluate(px)) == 9
    assert page.evaluate("() => window.jhakgNetwork.network.getScale()") < 0.6, "the whole network must be zoomed out at fit"
    assert min(page.evaluate(px)) >= 14
    assert page.evaluate("() => Object.keys(window.jhakgNetwork.agencyLabelPx()).every(window.jhakgNetwork.labelDrawn)")
    # the best connected organisation that is not an agency: its label waits for a closer zoom
    other = page.evaluate("""() => window.jhakgNetwork.nodes.get({filter: n => n.layer === 'organisation' && !n.agency})
                               .sort((a, b) => b.size - a.size)[0].id""")
    assert not page.evaluate("(id) => window.jhakgNetwork.labelDrawn(id)", other)
    assert page.evaluate("(id) => window.jhakgNetwork.labelPx(id)", other) < 10
    watched.shot("explore-labels-fit")

    move_view(page, "moveTo", [{"scale": 0.3}])
    assert abs(page.evaluate("() => window.jhakgNetwork.network.getScale()") - 0.3) < 1e-9
    assert min(page.evaluate(px)) >= 14
    box = page.locator("#network canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):  # the user's own zoom (mouse wheel), which vis-network reports as "zoom"
        page.mouse.wheel(0, 300)
    page.wait_for_function("() => window.jhakgNetwork.network.getScale() < 0.29")
    move_view(page, "redraw")
    assert min(page.evaluate(px)) >= 14
    watched.shot("explore-labels-zoomed-out")

    move_view(page, "fit", [{"animation": False}])
    point = page.evaluate(POSITION, other)  # hovering shows the name in a tooltip
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    name = page.evaluate("(id) => window.jhakgNetwork.nodes.get(id).name", other)
    assert name in tooltip.inner_text()

    move_view(page, "focus", [other, {"scale": 1.5, "animation": False}])
    assert page.evaluate("(id) => window.jhakgNetwork.labelDrawn(id)", other)
    assert page.evaluate("(id) => window.jhakgNetwork.labelPx(id)", other) >= 14
    assert min(page.evaluate(px)) >= 14
    watched.shot("explore-labels-zoomed-in")
    watched.assert_clean()


def matrix_cells(page: Page) -> dict[frozenset[str], tuple[str, str | None]]:
    """The matrix's off-diagonal cells: pair of agency ids → (text, link)."""
    cells = page.evaluate("""() => [...document.querySelectorAll('#explore-matrix td[data-pair]')].map(td => {
        const a = td.querySelector('a'); return [td.dataset.pair, td.textContent, a ? a.getAttribute('href') : null]; })""")
    assert len(cells) == 72  # 9 × 8: each pair twice, the same both ways
    found = {frozenset(pair.split("/")): (text, href) for pair, text, href in cells}
    assert all(found[frozenset(pair.split("/"))] == (text, href) for pair, text, href in cells)
    return found


def test_matrix_toggle_shows_the_filtered_counts_of_api_collaborations(watched: Watched) -> None:
    open_explorer(watched)
    page = watched.page
    assert page.get_attribute("#view-graph", "aria-pressed") == "true"
    assert not page.is_visible("#matrix-view")
    page.click("#view-matrix")
    assert page.get_attribute("#view-matrix", "aria-pressed") == "true"
    assert page.get_attribute("#view-graph", "aria-pressed") == "false"
    assert page.is_visible("#explore-matrix") and not page.is_visible("#network")
    assert page.locator("#explore-matrix tbody tr").count() == 9
    assert page.locator("#explore-matrix td.diag").count() == 9
    assert page.locator("#explore-matrix td.diag").all_inner_texts() == [""] * 9
    watched.shot("explore-matrix")

    for params in ({}, {"theme": "migration"}):
        if params:
            choose_theme(page, params["theme"])  # the filters of the page drive the matrix too
        pairs = {frozenset((r["a"], r["b"])): r["count"] for r in httpx.get(f"{watched.origin}/api/collaborations", params=params).json()}
        cells = matrix_cells(page)
        assert len(cells) == 36
        for pair, (text, href) in cells.items():
            count = pairs.get(pair, 0)
            assert int(text) == count, (params, sorted(pair))
            assert href == (f"/collaborations/{'/'.join(sorted(pair))}" if count else None)
        assert cells[frozenset(("europol", "frontex"))][0] == str(pairs[frozenset(("europol", "frontex"))])
    heat = page.get_attribute("#explore-matrix td[data-pair='europol/frontex']", "class")
    assert heat is not None and "heat-" in heat
    watched.shot("explore-matrix-migration")

    assert httpx.get(watched.origin + "/collaborations/europol/frontex").status_code == 200  # the pair page the cell opens

    page.click("#view-graph")
    assert page.get_attribute("#view-graph", "aria-pressed") == "true"
    assert page.is_visible("#network") and not page.is_visible("#matrix-view")
    assert drawn_count(page) > 9
    watched.assert_clean()


def test_clicking_an_agency_opens_its_panel_with_quotes(watched: Watched, report_path: Path) -> None:
    open_explorer(watched)
    point = watched.page.evaluate(POSITION, FRONTEX)
    box = watched.page.locator("#network canvas").bounding_box()
    assert box is not None
    watched.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    watched.page.wait_for_selector("#panel blockquote.quote", timeout=10_000)
    assert watched.page.locator("#panel h2").first.inner_text() == "European Border and Coast Guard Agency"
    quotes = watched.page.locator("#panel blockquote.quote").all_inner_texts()
    report = " ".join(report_path.read_text(encoding="utf-8").split())
    assert len(quotes) >= 5
    assert all(" ".join(q.split()) in report for q in quotes[:5]), "quotes must be verbatim text of the report"
    assert watched.page.locator("#panel .section").count() >= 1
    editor = watched.page.get_by_role("link", name="Reproduce in the SPARQL editor")
    assert editor.get_attribute("href").startswith("/sparql#query=")
    watched.shot("explore-panel-frontex")
    watched.assert_clean()


def test_search_by_alias_and_gaps_layer(watched: Watched, store: EmbeddedStore) -> None:
    open_explorer(watched)
    watched.page.fill("#search", "criminal justice cooperation")  # an alias of Eurojust
    watched.page.press("#search", "Enter")
    watched.page.wait_for_selector("#panel blockquote.quote", timeout=10_000)
    assert "Eurojust" in watched.page.locator("#panel").inner_text()
    hidden_gaps = watched.page.evaluate("() => window.jhakgNetwork.edges.get({filter: e => e.layer === 'gaps' && !e.hidden}).length")
    assert hidden_gaps == 0
    watched.page.check("#layer-gaps")  # every agency pair works together somewhere: no overall gap, the page says so
    shown = "() => window.jhakgNetwork.edges.get({filter: e => e.layer === 'gaps' && !e.hidden})"
    assert watched.page.evaluate(shown) == []
    assert "choose a theme" in watched.page.inner_text("#counts")
    watched.page.select_option("#filter-theme", label="Drugs")  # the gaps of /api/gaps?theme=drugs
    gaps = watched.page.evaluate(shown)
    listed = httpx.get(f"{watched.origin}/api/gaps", params={"theme": "drugs"}).json()["pairs"]
    assert sorted(g["explanation"] for g in gaps) == sorted(g["explanation"] for g in listed)
    assert gaps and all(g["dashes"] and g["theme"] == "drugs" for g in gaps)
    assert f"{len(gaps)} gaps on this theme" in watched.page.inner_text("#counts")
    watched.shot("explore-gaps")
    watched.assert_clean()


def test_agency_neighbourhood_holds_its_partners_only(watched: Watched, store: EmbeddedStore) -> None:
    rows = collaboration_rows(store)
    ego = nx.ego_graph(collaboration_graph(rows, scope="all", statuses=("done", "ongoing", "planned", "proposed")), FRONTEX, radius=1)
    happened = collaboration_graph(rows, scope="all")
    expected = {FRONTEX} | {n for u, v in ego.edges if happened.has_edge(u, v) for n in (u, v)}
    open_explorer(watched, "/explore/agency/frontex")
    assert visible_ids(watched.page) == set(ego)  # the whole neighbourhood is drawn …
    assert active_ids(watched.page) == expected  # … and what has no done or ongoing work with it is greyed
    assert watched.page.locator("#focus-name").inner_text() == "European Border and Coast Guard Agency"
    watched.assert_clean()


def test_sparql_editor_runs_a_named_query(watched: Watched) -> None:
    watched.page.goto(watched.origin + "/sparql", wait_until="networkidle")
    watched.page.click("button.example[data-name='agencies']")
    watched.page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
    rows = watched.page.locator(".yasr table tbody tr")
    assert rows.count() == 9
    assert "Frontex" in watched.page.locator(".yasr").inner_text()
    watched.shot("sparql-agencies")
    watched.assert_clean()


INJECTED = '<script>window.__jhakgInjected = 1</script> <img src=x onerror="window.__jhakgInjected = 2">'


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over a store built from a small report whose text carries markup."""
    from graph.build.pipeline import build
    from tests.conftest import DATA, start_server, stop_server

    folder = tmp_path_factory.mktemp("hostile")
    text = (DATA / "mini-report-2019.txt").read_text(encoding="utf-8")
    sentence = "EASO and eu-LISA signed a Memorandum of Understanding in May 2019."
    assert sentence in text
    report = folder / "hostile-report-2019.txt"
    report.write_text(text.replace(sentence, sentence.replace("Understanding", "Understanding " + INJECTED)), encoding="utf-8")
    store = EmbeddedStore(folder / "store", writable=True)
    build(store, [report], BASE)
    store.close()
    server = start_server(folder / "store")
    yield server
    stop_server(server)


def test_markup_in_report_text_renders_as_text(browser: Browser, hostile_server: Server) -> None:
    w = watch(browser, hostile_server)
    try:
        open_explorer(w)
        assert "<script>window.__jhakgInjected" not in w.page.content().split('id="explorer-data"')[1].split("</script>")[0]
        w.page.evaluate("(id) => window.jhakgNetwork.openNode(id)", f"{BASE}agency/easo")
        w.page.wait_for_selector("#panel blockquote.quote", timeout=10_000)
        assert INJECTED in w.page.locator("#panel").inner_text()
        assert w.page.locator("#panel script, #panel img").count() == 0

        w.page.check("#layer-activity")  # the activity's label becomes a tooltip: hover it
        activity = w.page.evaluate(
            "() => window.jhakgNetwork.nodes.get({filter: n => n.layer === 'activity' && n.name.includes('<script>')})[0].id")
        point = w.page.evaluate(POSITION, activity)
        box = w.page.locator("#network canvas").bounding_box()
        assert box is not None
        w.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        tooltip = w.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        assert "<script>window.__jhakgInjected" in tooltip.inner_text()
        assert w.page.locator("div.vis-tooltip script, div.vis-tooltip img").count() == 0
        w.shot("explore-markup-as-text")
        assert w.page.evaluate("() => window.__jhakgInjected") is None
        w.assert_clean()
    finally:
        w.page.close()


def test_panel_link_opens_its_query_in_the_editor(watched: Watched, live_server: Server) -> None:
    import httpx

    panel = httpx.get(f"{live_server.url}/explore/node", params={"iri": FRONTEX}).json()
    watched.page.goto(watched.origin + panel["sparql"]["editor"], wait_until="networkidle")
    watched.page.wait_for_selector(".CodeMirror", timeout=10_000)
    text = watched.page.evaluate("() => window.jhakgYasgui.getTab().getQuery()")
    assert f"VALUES ?_entity {{ <{FRONTEX}> }}" in text
    watched.page.evaluate("() => window.jhakgYasgui.getTab().query()")
    watched.page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
    assert watched.page.locator(".yasr table tbody tr").count() == min(50, len(panel["evidence"]))
    watched.assert_clean()
