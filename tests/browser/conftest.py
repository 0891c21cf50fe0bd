"""Fixtures of the browser tests: real Chromium, and pages watched for requests that leave the
server, failed requests and script errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Server

__all__ = ["ARTIFACTS", "Watched", "watch"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


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
    local = (server.url + "/", "data:", f"blob:{server.url}/")  # blob: URLs are made in the page (ReDoc's search worker)
    page.on("request", lambda r: None if r.url.startswith(local) else w.external.append(r.url))
    page.on("requestfailed", lambda r: w.failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: w.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"page error: {e}"))
    return w


@pytest.fixture()
def watched(browser: Browser, live_server: Server) -> Iterator[Watched]:
    w = watch(browser, live_server)
    yield w
    w.page.close()
