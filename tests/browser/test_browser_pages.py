"""The analyst pages in real Chromium against the real server: the agency profile, the pair page,
search, the overview matrix, an entity page and the API docs — offline, without failed requests or
script errors. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page

from graph.store.embedded import EmbeddedStore
from tests.browser.conftest import Watched
from tests.conftest import Server

JHA = "https://w3id.org/jha-kg/ontology#"


def quotes(store: EmbeddedStore) -> set[str]:
    return {r["q"].value for r in store.query(f"SELECT ?q WHERE {{ ?p <{JHA}quote> ?q }}")}


def shown_quotes(page: Page, selector: str = "blockquote.quote") -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def goto(w: Watched, path: str) -> None:
    response = w.page.goto(w.origin + path, wait_until="networkidle")
    assert response is not None and response.status == 200, path


def test_agency_profile_links_partners_and_shows_report_sentences(watched: Watched, store: EmbeddedStore) -> None:
    goto(watched, "/id/agency/frontex")
    links = watched.page.locator("#partner-table a.pair-link")
    partners = {re.sub(r"/collaborations/|frontex|/", "", h or "") for h in
                (links.nth(i).get_attribute("href") for i in range(links.count()))}
    assert len(partners - {""}) >= 5
    verbatim = [q for q in shown_quotes(watched.page) if q in quotes(store)]
    assert len(set(verbatim)) >= 10
    assert watched.page.locator("#measures tbody tr").count() >= 8
    watched.shot("profile-frontex")
    watched.page.locator("#partner-table a.pair-link").first.click()
    watched.page.wait_for_selector("#pair-count")
    assert "/collaborations/" in watched.page.url
    watched.assert_clean()


def test_pair_page_europol_frontex(watched: Watched, live_server: Server, store: EmbeddedStore) -> None:
    row = next(r for r in httpx.get(f"{live_server.url}/api/collaborations").json() if (r["a"], r["b"]) == ("europol", "frontex"))
    twin = httpx.get(f"{live_server.url}/api/collaborations/europol/frontex").json()
    assert twin["count"] == row["count"]
    goto(watched, "/collaborations/frontex/europol")
    assert watched.page.inner_text("#pair-count") == str(row["count"])
    assert watched.page.locator("#activities li.activity").count() == row["count"]
    shown = shown_quotes(watched.page, "#activities blockquote.quote")
    assert len(shown) >= row["count"] and set(shown) <= quotes(store)
    watched.shot("pair-europol-frontex")
    watched.assert_clean()


def test_search_darknet_shows_the_report_sentences(watched: Watched, store: EmbeddedStore) -> None:
    darknet = {q for q in quotes(store) if re.search(r"\bdarknet\b", q, re.I)}
    goto(watched, "/search?q=darknet")
    assert set(shown_quotes(watched.page, "ol.hits blockquote.quote")) == darknet
    assert watched.page.locator("ol.hits mark").count() >= len(darknet)
    watched.shot("search-darknet")
    response = watched.page.goto(watched.origin + "/search?q=%22darknet", wait_until="networkidle")
    assert response is not None and response.status == 400
    assert "unterminated" in watched.page.inner_text("[role=alert]")
    watched.errors = [e for e in watched.errors if "400" not in e]  # the 400 of the page itself is logged by Chromium
    watched.assert_clean()


def test_overview_matrix_links_each_cell_to_its_pair(watched: Watched, live_server: Server) -> None:
    goto(watched, "/")
    assert watched.page.locator("#matrix tbody tr").count() == 9
    assert watched.page.locator("#matrix td.cell").count() == 72
    assert watched.page.locator("#agency-chart").count() == 1
    watched.shot("overview")
    watched.page.select_option("#matrix-filter select[name=theme]", "migration")
    watched.page.click("#matrix-filter button")
    watched.page.wait_for_load_state("networkidle")
    grid = httpx.get(f"{live_server.url}/api/matrix", params={"theme": "migration"}).json()
    first = watched.page.locator("#matrix tbody tr").first.locator("td.cell a").first
    assert first.inner_text() == str(grid["counts"][0][1])
    first.click()
    watched.page.wait_for_selector("#pair-count")
    assert watched.page.url.endswith(f"/collaborations/{grid['agencies'][0]['id']}/{grid['agencies'][1]['id']}")
    watched.assert_clean()


def test_theme_page_lists_activities_and_agencies(watched: Watched) -> None:
    goto(watched, "/id/theme/cybercrime")
    assert watched.page.locator("#theme-agencies tbody tr").count() >= 3
    assert watched.page.locator("#activities li").count() >= 3
    watched.shot("theme-cybercrime")
    watched.assert_clean()


def test_api_docs_render_every_operation_offline(watched: Watched, live_server: Server) -> None:
    spec = httpx.get(f"{live_server.url}/openapi.json").json()
    operations = sum(1 for item in spec["paths"].values() for method in item if method in ("get", "post", "put", "delete", "patch", "head"))
    goto(watched, "/docs")
    watched.page.wait_for_selector(".opblock", timeout=20_000)
    assert watched.page.locator(".opblock").count() == operations
    watched.shot("docs")
    goto(watched, "/redoc")
    watched.page.wait_for_selector("[data-section-id^='operation/'], [data-section-id^='tag/']", timeout=30_000)
    watched.shot("redoc")
    watched.assert_clean()
