"""Every page in real Chromium under the server's Content-Security-Policy: it works, and the browser
reports no violation (neither a `securitypolicyviolation` event nor a console error)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Watched, watch
from tests.conftest import Server

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


@pytest.fixture()
def page(browser: Browser, live_server: Server) -> Iterator[Watched]:
    w = watch(browser, live_server)
    w.page.add_init_script(RECORD)
    yield w
    w.page.close()


def clean(w: Watched) -> None:
    assert w.page.evaluate("window.__csp") == [], "CSP violations"
    assert not [e for e in w.errors if "Content Security Policy" in e], w.errors
    w.assert_clean()


def test_the_server_sends_the_policy_the_browser_enforces(page: Watched) -> None:
    """The control: an inline script injected into a served page is refused and reported."""
    page.page.goto(page.origin + "/", wait_until="networkidle")
    page.page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                                  document.body.appendChild(s); }""")
    page.page.wait_for_function("() => window.__csp.length > 0")
    assert page.page.evaluate("window.__ran === undefined")
    assert "script-src" in page.page.evaluate("window.__csp[0]")


def test_overview_and_a_click_into_an_agency(page: Watched) -> None:
    page.page.goto(page.origin + "/", wait_until="networkidle")
    href = page.page.get_attribute("#agency-chart a >> nth=0", "href")
    assert href
    page.page.click("#agency-chart a >> nth=0")
    page.page.wait_for_url("**" + href)
    page.page.wait_for_load_state("networkidle")
    assert page.page.inner_text("h1").strip()
    clean(page)


def test_explorer_draws_filters_and_opens_a_panel(page: Watched) -> None:
    page.page.goto(page.origin + "/explore", wait_until="networkidle")
    page.page.wait_for_function("() => window.jhakgNetwork && window.jhakgNetwork.ready", timeout=20_000)
    page.page.check("#layer-gaps")
    page.page.fill("#search", "Frontex")
    page.page.click("#search-results button >> nth=0")
    page.page.wait_for_selector("#panel:not([hidden]) blockquote.quote", timeout=10_000)
    page.shot("csp-explorer-panel")
    # The legend's colour swatches (style attributes) are applied.
    colour = page.page.evaluate("getComputedStyle(document.querySelector('#legend .swatch')).backgroundColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)")
    clean(page)


def test_sparql_editor_runs_a_query_and_resizes_a_column(page: Watched) -> None:
    page.page.goto(page.origin + "/sparql", wait_until="networkidle")
    page.page.click("button.example[data-name='agencies']")
    page.page.wait_for_selector(".yasr table tbody tr", timeout=20_000)
    assert page.page.locator(".yasr table tbody tr").count() == 9
    # YASGUI's column resizer writes two <style> elements (allowed by hash): the grips, and the drag cursor.
    grip = page.page.locator(".grip-handle .grip-resizable").first
    box = grip.bounding_box()
    assert box is not None
    page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 5)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + 60, box["y"] + 5, steps=4)
    assert page.page.evaluate("[...document.querySelectorAll('head style')].some(s => s.textContent.includes('col-resize!important'))")
    page.page.mouse.up()
    page.shot("csp-sparql")
    clean(page)


@pytest.mark.parametrize("path", ["/id/agency/frontex", "/id/theme/migration", "/collaborations/europol/frontex", "/search?q=darknet"])
def test_analyst_pages_are_styled_from_files(page: Watched, path: str) -> None:
    page.page.goto(page.origin + path, wait_until="networkidle")
    assert page.page.inner_text("h1").strip()
    sheets = page.page.evaluate("[...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    assert sheets and all(href and rules > 0 for href, rules in sheets), sheets  # loaded, each from a file
    clean(page)


def test_redoc_renders_under_its_own_policy(page: Watched, live_server: Server) -> None:
    """Redoc's one exception (inline style elements, a blob: worker) is enough for it, and its search works."""
    response = page.page.goto(page.origin + "/redoc", wait_until="networkidle")
    assert response is not None and "'unsafe-inline'" in response.headers["content-security-policy"].split("style-src-elem")[1]
    page.page.wait_for_selector(".menu-content", timeout=20_000)
    page.page.fill("input.search-input", "healthz")
    page.page.wait_for_selector("[data-role='search:results'] li[data-item-id*='healthz']", timeout=10_000)
    page.shot("csp-redoc")
    clean(page)


def test_api_docs_render_every_operation_and_try_one(page: Watched, live_server: Server) -> None:
    spec = httpx.get(f"{live_server.url}/openapi.json").json()
    operations = sum(len([m for m in item if m in ("get", "put", "post", "delete", "patch")]) for item in spec["paths"].values())
    page.page.goto(page.origin + "/docs", wait_until="networkidle")
    page.page.wait_for_selector(".opblock", timeout=20_000)
    assert page.page.locator(".opblock").count() == operations
    block = page.page.locator("#operations-service-healthz_healthz_get")
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=10_000)
    assert status.inner_text().strip() == "200"
    assert '"triples"' in block.locator(".live-responses-table tbody .response-col_description").first.inner_text()
    page.shot("csp-docs")
    clean(page)
