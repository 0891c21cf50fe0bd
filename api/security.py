"""Security headers on every response, and the update-token check with a bounded lock-out.

One ASGI middleware (`SecurityHeaders`) stamps every HTTP response — pages, JSON, errors, static
files, even a 500 — with the same headers:

- `Content-Security-Policy` (`CSP` below): scripts only from this server ('self'; no inline
  script, no eval), nothing loaded from anywhere else, no plugins, no `<base>` rewriting, forms
  post only here, and no framing (`frame-ancestors 'none'`);
- `X-Frame-Options: DENY` (framing rule for browsers without CSP level 2);
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
  `Cross-Origin-Opener-Policy: same-origin` and a `Permissions-Policy` that turns off powerful
  features no page uses.

CORS headers come only from Starlette's CORS middleware, and only when `JHAKG_CORS_ORIGINS`
lists origins (see api/app.py).

The update token (`JHAKG_UPDATE_TOKEN`) is compared in constant time (SHA-256 digests through
`hmac.compare_digest`, so neither content nor length leaks through timing) and never logged.
Wrong tokens are counted per client address in a fixed window; past `AUTH_FAILURES` failures in
`AUTH_WINDOW_S` seconds that address gets 429 with `Retry-After` until the window ends, whatever
token it sends. The table of addresses is bounded (`AUTH_TABLE_SIZE`): expired windows are
dropped first, then the oldest entry.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response

__all__ = [
    "AUTH_FAILURES", "AUTH_WINDOW_S", "CSP", "REDOC_CSP", "SECURITY_HEADERS", "FailureWindow", "SecurityHeaders", "client_address",
    "verify_bearer",
]

log = logging.getLogger("jhakg.api")

# Directive by directive; the comments say why each source is there.
_CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",  # no 'unsafe-inline', no 'unsafe-eval': every script is a file under /static or /assets
    # Styles. Style *elements* only from files, plus the two that YASGUI's column resizer
    # (its result table) writes into <head>, allowed by their SHA-256 (YASGUI is pinned in
    # package-lock.json; a new version with other texts shows up as a violation in the browser tests):
    # the grip rules, and the cursor while a column is dragged.
    "style-src-elem 'self' 'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' "
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
    # Style *attributes* stay allowed: vis-network, CodeMirror, YASGUI and Swagger UI set them on
    # elements they build, and the pages colour legend swatches with them. An attribute cannot run
    # script, has no selectors to read the page with, and can load images only from this server (img-src).
    "style-src-attr 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",  # browsers without CSP level 3 (no -elem/-attr): the two above, merged
    "img-src 'self' data:",  # data: for the favicon placeholder and the icons inside the libraries' CSS
    "font-src 'self' data:",
    "connect-src 'self'",  # the explorer's panels, YASGUI's queries: this server only
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]
CSP = "; ".join(_CSP_DIRECTIVES)

# The one exception: /redoc. Redoc's bundle styles itself with styled-components, which writes
# <style> elements whose text changes with the document (no hash can list them; the bundle has no
# nonce hook) and fails outright when they are refused, and it runs its search index in a worker
# made from a blob: URL. That page shows only this server's own OpenAPI document; scripts stay
# 'self' only there too.
REDOC_CSP = "; ".join(
    "style-src-elem 'self' 'unsafe-inline'" if d.startswith("style-src-elem") else
    "worker-src 'self' blob:" if d.startswith("worker-src") else d
    for d in _CSP_DIRECTIVES
)
REDOC_PATH = "/redoc"

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]
_NAMES = {name for name, _ in SECURITY_HEADERS}
_REDOC_HEADERS = [(b"content-security-policy", REDOC_CSP.encode()), *SECURITY_HEADERS[1:]]

ExceptionHandler = Callable[[Request, Any], Response | Awaitable[Response]]  # as Starlette stores them


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response; the outermost of the app's own middleware.

    Starlette answers an unhandled exception (a 500) from outside all user middleware, so this
    middleware turns such an exception into the app's own 500 answer itself (the handler that
    api/errors.py registers for `Exception`, which logs it), sent with the headers like any other.
    """

    def __init__(self, app: ASGIApp, handler: ExceptionHandler | None = None) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        ours = _REDOC_HEADERS if scope.get("path") == REDOC_PATH else SECURITY_HEADERS

        async def stamped(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _NAMES]
                message = {**message, "headers": headers + ours}
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        except Exception as exc:
            if started:
                raise  # nothing can be said any more: the server closes the connection
            if self.handler is not None:
                answer = self.handler(Request(scope, receive), exc)
                response = await answer if inspect.isawaitable(answer) else answer
            else:
                log.exception("internal error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
                response = error_response(500, "internal server error; the server log has the details")
            await response(scope, receive, stamped)


def client_address(scope: Scope | Request) -> str:
    """The peer address of a request (as uvicorn reports it, after its trusted-proxy handling)."""
    client = scope.client if isinstance(scope, Request) else scope.get("client")
    return client[0] if client else "unknown"


# -- the update token ----------------------------------------------------------------------------

AUTH_FAILURES = 10  # wrong tokens allowed per address and window
AUTH_WINDOW_S = 60.0
AUTH_TABLE_SIZE = 4096  # addresses remembered at most


class FailureWindow:
    """Failures per key in a fixed window, in a table of bounded size (oldest first out)."""

    def __init__(self, allowed: int = AUTH_FAILURES, window: float = AUTH_WINDOW_S, size: int = AUTH_TABLE_SIZE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.allowed = allowed
        self.window = window
        self.size = size
        self.clock = clock
        self._table: OrderedDict[str, tuple[float, int]] = OrderedDict()  # key → (window start, failures)

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again; 0 when it may try now."""
        entry = self._table.get(key)
        if entry is None:
            return 0.0
        start, count = entry
        left = start + self.window - self.clock()
        if left <= 0:
            del self._table[key]
            return 0.0
        return left if count >= self.allowed else 0.0

    def failed(self, key: str) -> None:
        now = self.clock()
        start, count = self._table.get(key, (now, 0))
        if start + self.window <= now:
            start, count = now, 0
        self._table[key] = (start, count + 1)
        self._table.move_to_end(key)
        if len(self._table) > self.size:
            self._prune(now)

    def _prune(self, now: float) -> None:
        for key in [k for k, (start, _) in self._table.items() if start + self.window <= now]:
            del self._table[key]
        while len(self._table) > self.size:
            self._table.popitem(last=False)

    def __len__(self) -> int:
        return len(self._table)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def verify_bearer(request: Request, expected: str) -> None:
    """Pass when the request carries `Authorization: Bearer <expected>`; else 401, or 429 when locked out.

    The token is never part of a message or a log line.
    """
    failures: FailureWindow | None = getattr(request.app.state, "auth_failures", None)
    address = client_address(request)
    if failures is not None:
        wait = failures.retry_after(address)
        if wait > 0:
            raise ApiError(429, f"too many wrong update tokens from this address; try again in {int(wait) + 1} s",
                           {"Retry-After": str(int(wait) + 1)})
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    ok = hmac.compare_digest(_digest(given.strip()), _digest(expected))  # always compared: same time either way
    if scheme.lower() == "bearer" and ok:
        return
    if failures is not None and given:
        failures.failed(address)
        log.warning("wrong update token from %s on %s %s", address, request.method, request.url.path)
    raise ApiError(401, "updates need 'Authorization: Bearer <token>' with the server's update token",
                   {"WWW-Authenticate": 'Bearer realm="jha-kg"'})
