"""The browser pages in real Chromium against the real server: offline, drawn, filterable,
clickable, and the SPARQL editor running a named query. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from graph.projection import collaboration_graph, collaboration_rows
from graph.store import EmbeddedStore
from tests.conftest import BASE, Server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FRONTEX = f"{BASE}agency/frontex"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page with every request, failure, console error and script error it caused."""

    page: Page
    origin: str
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.external == [], f"requests left the server: {self.external}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"script or console errors: {self.errors}"

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def watch(browser: Browser, server: Server) -> Watched:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    w = Watched(page, server.url)
    page.on("request", lambda r: None if r.url.startswith((server.url + "/", "data:")) else w.external.append(r.url))
    page.on("requestfailed", lambda r: w.failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: w.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"page error: {e}"))
    return w


@pytest.fixture()
def watched(browser: Browser, live_server: Server) -> Iterator[Watched]:
    w = watch(browser, live_server)
    yield w
    w.page.close()


def open_explorer(w: Watched, path: str = "/explore") -> None:
    w.page.goto(w.origin + path, wait_until="networkidle")
    w.page.wait_for_function("() => window.jhakgNetwork && window.jhakgNetwork.ready", timeout=20_000)


def visible_ids(page: Page) -> set[str]:
    return set(page.evaluate("() => window.jhakgNetwork.visibleNodeIds()"))


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


def test_explorer_draws_every_collaborating_organisation(watched: Watched, store: EmbeddedStore) -> None:
    rows = collaboration_rows(store)
    expected = set(collaboration_graph(rows, scope="all").nodes) | agencies(store)
    open_explorer(watched)
    assert visible_ids(watched.page) == expected
    assert watched.page.evaluate("() => window.jhakgNetwork.drawnNodeCount()") == len(expected)
    watched.assert_clean()


def test_theme_filter_changes_what_is_visible(watched: Watched, store: EmbeddedStore) -> None:
    rows = collaboration_rows(store)
    everyone = set(collaboration_graph(rows, scope="all").nodes)
    theme = f"{BASE}theme/child-protection"
    expected = set(collaboration_graph(rows, scope="all", themes=[theme]).nodes) | agencies(store)
    assert expected != everyone | agencies(store), "the chosen theme must narrow the network for this test to mean anything"
    open_explorer(watched)
    index = watched.page.evaluate("(iri) => window.jhakgNetwork.data.themes.findIndex(t => t.iri === iri)", theme)
    watched.page.select_option("#filter-theme", str(index))
    assert visible_ids(watched.page) == expected
    assert watched.page.evaluate("() => window.jhakgNetwork.drawnNodeCount()") == len(expected)
    watched.shot("explore-theme-child-protection")
    watched.page.select_option("#filter-theme", "")
    assert visible_ids(watched.page) == everyone | agencies(store)
    watched.assert_clean()


def test_clicking_an_agency_opens_its_panel_with_quotes(watched: Watched, report_path: Path) -> None:
    open_explorer(watched)
    point = watched.page.evaluate(
        "(id) => { const n = window.jhakgNetwork.network; return n.canvasToDOM(n.getPositions([id])[id]); }", FRONTEX)
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
    watched.page.check("#layer-gaps")
    gaps = watched.page.evaluate("() => window.jhakgNetwork.edges.get({filter: e => e.layer === 'gaps' && !e.hidden})")
    assert gaps and all(g["dashes"] and g["explanation"] for g in gaps)
    watched.shot("explore-gaps")
    watched.assert_clean()


def test_agency_neighbourhood_holds_its_partners_only(watched: Watched, store: EmbeddedStore) -> None:
    rows = collaboration_rows(store)
    ego = nx.ego_graph(collaboration_graph(rows, scope="all", statuses=("done", "ongoing", "planned", "proposed")), FRONTEX, radius=1)
    happened = collaboration_graph(rows, scope="all")
    expected = {FRONTEX} | (set(ego) & agencies(store)) | {n for u, v in ego.edges if happened.has_edge(u, v) for n in (u, v)}
    open_explorer(watched, "/explore/agency/frontex")
    assert visible_ids(watched.page) == expected
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
