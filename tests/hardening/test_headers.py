"""Security headers on every response of the real server, and no inline script on any HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from api.errors import error_response
from api.security import CSP, REDOC_CSP, SecurityHeaders
from tests.conftest import Server

HTML_PAGES = ["/", "/explore", "/explore/agency/frontex", "/explore/agency/europol?depth=2", "/sparql", "/id/agency/frontex",
              "/id/theme/migration", "/collaborations/europol/frontex", "/search?q=darknet", "/docs", "/redoc"]
OTHER = ["/healthz", "/api/agencies", "/openapi.json", "/static/site.css", "/static/explore.js", "/assets/vis/vis-network.min.js",
         "/assets/swagger-ui/swagger-ui-bundle.js", "/sparql?query=ASK%7B%7D", "/id/agency/frontex?format=ttl", "/.well-known/void",
         "/api/agencies/no-such-agency", "/no/such/route", "/static/no-such-file.js"]


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


def assert_secured(response: httpx.Response) -> None:
    h = response.headers
    assert h["content-security-policy"] == (REDOC_CSP if response.url.path == "/redoc" else CSP), response.url
    assert h["x-frame-options"] == "DENY"
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert "access-control-allow-origin" not in h  # CORS is off unless configured


def test_the_policy_allows_no_inline_script_and_nothing_from_elsewhere() -> None:
    policy = directives(CSP)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src-elem"]
    for sources in policy.values():
        assert "'unsafe-eval'" not in sources and "*" not in sources
        assert all(s.startswith("'") or s in ("data:", "blob:") for s in sources), sources  # no host is ever allowed


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_page_carries_the_headers_and_no_inline_script(live_server: Server, path: str) -> None:
    response = httpx.get(live_server.url + path, headers={"accept": "text/html"}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert_secured(response)
    page = ScriptTags.of(response.text)
    if path.startswith(("/explore", "/sparql", "/docs", "/redoc")):
        assert any("src" in attrs for attrs, _ in page.tags), "the page runs script files"
    for attrs, body in page.tags:
        if "src" in attrs:
            assert body.strip() == "" and attrs["src"].startswith("/"), attrs  # a file of this server
        else:
            assert attrs.get("type") == "application/json", f"inline script on {path}: {body[:80]!r}"
    assert page.handlers == [], f"inline event handlers: {page.handlers}"
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", response.text, re.IGNORECASE)


@pytest.mark.parametrize("path", OTHER)
def test_every_other_response_carries_them_too(live_server: Server, path: str) -> None:
    response = httpx.get(live_server.url + path, timeout=60)
    assert_secured(response)


def test_errors_from_the_middleware_and_the_methods_carry_them(live_server: Server) -> None:
    for response in (httpx.put(f"{live_server.url}/healthz"),  # 405
                     httpx.post(f"{live_server.url}/sparql", content=b"x" * 2_000_000,  # 413
                                headers={"content-type": "application/sparql-query"}),
                     httpx.get(f"{live_server.url}/api/agencies", params={"x": "a" * 20_000}),  # 414
                     httpx.options(f"{live_server.url}/sparql", headers={"origin": "http://evil.example",
                                                                          "access-control-request-method": "POST"})):
        assert response.status_code >= 400
        assert_secured(response)


def test_the_redoc_exception_is_styles_and_its_worker_only() -> None:
    strict, redoc = directives(CSP), directives(REDOC_CSP)
    changed = {name for name in strict if strict[name] != redoc[name]}
    assert changed == {"style-src-elem", "worker-src"}
    assert redoc["script-src"] == ["'self'"] and redoc["worker-src"] == ["'self'", "blob:"]


class ScriptTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._body: list[str] = []
        self.handlers: list[str] = []

    @classmethod
    def of(cls, text: str) -> ScriptTags:
        parser = cls()
        parser.feed(text)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"<{tag} {k}>" for k, _ in attrs if k.startswith("on")]
        if tag == "script":
            self._open, self._body = {k: v or "" for k, v in attrs}, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.tags.append((self._open, "".join(self._body)))
            self._open = None


# -- an unhandled error (a 500) is answered by the headers middleware itself -------------------------

def _boom(_request: Request) -> JSONResponse:
    raise ZeroDivisionError("boom")


async def _handler(_request: Request, _exc: Exception) -> JSONResponse:
    return error_response(500, "internal server error; the server log has the details")


def test_a_500_carries_the_headers_and_the_one_error_shape() -> None:
    app = Starlette(routes=[Route("/boom", _boom)])
    app.add_middleware(SecurityHeaders, handler=_handler)
    with TestClient(app, raise_server_exceptions=True) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message": "internal server error; the server log has the details"}}
    assert_secured(response)
