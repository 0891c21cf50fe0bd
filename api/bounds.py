"""Bounds on what one request may ask for, checked before any route runs; each breach is a 4xx in
the one error shape (`api.errors.error_response`).

- the path: at most `MAX_PATH_BYTES` → 414;
- the query string: at most `MAX_QUERY_BYTES` → 414 (long SPARQL goes in a POST body, which
  `api.limits.BodySizeLimit` bounds by `JHAKG_MAX_REQUEST_BYTES` → 413);
- the request headers: at most `MAX_HEADER_BYTES` in all → 431;
- heavy requests (SPARQL queries, named queries, exports, analytics, the explorer) running at
  once from one client address: at most `JHAKG_MAX_HEAVY_PER_CLIENT` → 429 with `Retry-After`.
  The count table holds only addresses with a request in flight, so it is bounded by the open
  connections; an address leaves it when its last heavy request ends.

Numeric parameters (`top=`, `max_nodes=`, `depth=`, `sample=`) carry their ranges in their route
signatures (422 outside them); the result-row limit and the query time limit live in the query runner.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response
from api.security import client_address

__all__ = ["MAX_HEADER_BYTES", "MAX_PATH_BYTES", "MAX_QUERY_BYTES", "HeavyRequests", "InputBounds", "is_heavy"]

MAX_PATH_BYTES = 2_048
MAX_QUERY_BYTES = 16_384
MAX_HEADER_BYTES = 32_768


class InputBounds:
    """414 for an over-long path or query string, 431 for oversized headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            breach = _breach(scope)
            if breach is not None:
                await error_response(*breach)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _breach(scope: Scope) -> tuple[int, str] | None:
    path = scope.get("raw_path") or scope.get("path", "").encode()
    if len(path) > MAX_PATH_BYTES:
        return 414, f"the path is longer than {MAX_PATH_BYTES} bytes"
    query = scope.get("query_string", b"")
    if len(query) > MAX_QUERY_BYTES:
        return 414, (f"the query string is longer than {MAX_QUERY_BYTES} bytes; "
                     "send a long SPARQL query by POST (application/sparql-query or a form)")
    if sum(len(k) + len(v) for k, v in scope.get("headers", [])) > MAX_HEADER_BYTES:
        return 431, f"the request headers are larger than {MAX_HEADER_BYTES} bytes in all"
    return None


# Requests that run a query of the client's choosing, a whole-graph computation or a dump.
_HEAVY = re.compile(
    r"^/(sparql|store|api/queries/[^/]+|api/export/[^/]+|api/(centrality|communities|gaps|recommendations|collaborations|changes|search)"
    r"(/.*)?|explore(/agency/[^/]+)?|search)$"
)


def is_heavy(scope: Scope) -> bool:
    path = scope.get("path", "")
    if not _HEAVY.match(path):
        return False
    if path == "/sparql" and scope.get("method") == "GET":  # without a query: the editor or the service description
        return any(key == "query" for key, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    return scope.get("method") in ("GET", "POST", "PUT", "DELETE")


class HeavyRequests:
    """At most `per_client` heavy requests in flight per client address; the next gets 429."""

    def __init__(self, app: ASGIApp, per_client: int) -> None:
        self.app = app
        self.per_client = per_client
        self.in_flight: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_heavy(scope):
            await self.app(scope, receive, send)
            return
        address = client_address(scope)
        running = self.in_flight.get(address, 0)
        if running >= self.per_client:
            await error_response(
                429, f"this address already has {running} heavy requests (queries, analytics, exports) running; "
                     f"wait for one to finish (at most {self.per_client} at once, JHAKG_MAX_HEAVY_PER_CLIENT)",
                {"Retry-After": "1"})(scope, receive, send)
            return
        self.in_flight[address] = running + 1
        try:
            await self.app(scope, receive, send)
        finally:
            left = self.in_flight[address] - 1
            if left:
                self.in_flight[address] = left
            else:
                del self.in_flight[address]
