"""One error tree for the whole project: every error a user can cause or meet is a `JhaKgError`.

Each kind carries what the outside needs to answer it: `http_status` for the API (one JSON
shape, see `api/errors.py`) and `exit_code` for the command line (one line on stderr, see
`jhakg/cli/app.py`). Anything that is not a `JhaKgError` is a bug: a 500 with its traceback in
the server log, a traceback on the command line.

This module imports nothing of the project, so every layer (ontology, loaders, graph, api, the
CLI) can raise these kinds.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "BadFile",
    "BadInput",
    "Forbidden",
    "JhaKgError",
    "NotAcceptable",
    "NotFound",
    "QueryTimeout",
    "StoreError",
    "StoreUnavailable",
    "TooLarge",
    "Unauthorized",
    "UnknownName",
    "UnsupportedMediaType",
]


class JhaKgError(Exception):
    """Base of every expected error; the message says what was wrong and what to do."""

    http_status: int = 500
    exit_code: int = 1
    retry_after: int | None = None  # seconds, sent as Retry-After with a 503
    public: str | None = None  # what HTTP clients see instead of the message (which may name local paths)

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra_headers = headers

    @property
    def headers(self) -> dict[str, str] | None:
        """HTTP headers that go with the answer (Retry-After, WWW-Authenticate …), or None."""
        found = dict(self.extra_headers or {})
        if self.retry_after is not None:
            found.setdefault("Retry-After", str(self.retry_after))
        return found or None


class BadInput(JhaKgError):
    """A value the user gave is malformed or not allowed here (a query parameter, an option, a body)."""

    http_status = 400
    exit_code = 2


class UnknownName(BadInput):
    """A name the graph does not know (theme, agency, type, status, year, measure, scope …).

    `kind` says what was looked up and `known` lists the names that would have worked; the message
    names them, so the user can pick one.
    """

    def __init__(self, kind: str, value: object, known: Iterable[object] = (), hint: str = "") -> None:
        self.kind = kind
        self.value = value
        self.known = tuple(str(k) for k in known)
        self.hint = hint
        listed = f"; known {_plural(kind)}: {', '.join(self.known)}" if self.known else ""
        super().__init__(f"unknown {kind} {value!r}{listed}{hint}")

    def __reduce__(self) -> tuple[object, ...]:  # keeps the fields when a worker process sends it back
        return (type(self), (self.kind, self.value, self.known, self.hint))


def _plural(noun: str) -> str:
    """theme → themes, agency → agencies, status → statuses."""
    if noun.endswith("y") and not noun.endswith("ey"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith("s") else "s")


class NotFound(JhaKgError):
    """The thing a path names (an activity, an agency, a graph) does not exist."""

    http_status = 404
    exit_code = 2


class Unauthorized(JhaKgError):
    """The request needs credentials it did not bring."""

    http_status = 401
    exit_code = 2


class Forbidden(JhaKgError):
    """The server never does this, or not for this caller (writes on a read-only endpoint)."""

    http_status = 403
    exit_code = 2


class NotAcceptable(JhaKgError):
    """None of the media types the client accepts fits the result."""

    http_status = 406
    exit_code = 2


class TooLarge(JhaKgError):
    """The request body is larger than the configured limit."""

    http_status = 413
    exit_code = 2


class UnsupportedMediaType(JhaKgError):
    """The request body comes in a media type this endpoint does not read."""

    http_status = 415
    exit_code = 2


class BadFile(JhaKgError):
    """A file the program reads is missing or broken (a report, the registry, a named query, a gold file).

    Over HTTP this is the server's own data, hence a 500 (logged); on the command line, the file
    the user gave.
    """

    http_status = 500
    exit_code = 1


class StoreError(JhaKgError):
    """The store cannot do what was asked; the message says why (and may name folders, so HTTP hides it)."""

    http_status = 503
    exit_code = 1
    public: str | None = "the store could not answer this request; the server log has the details"


class StoreUnavailable(StoreError):
    """The store (a remote endpoint, usually) cannot be reached right now; try again later."""

    retry_after = 5
    public = "the store cannot be reached right now; try again later"


class QueryTimeout(StoreError):
    """The query ran longer than the time limit and was stopped; the message says which limit."""

    retry_after = 1
    public = None
