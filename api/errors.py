"""One JSON error shape everywhere, from one place: {"error": {"status": N, "message": "…"}}.

Client mistakes become ApiError (status and message chosen by the route) or one of the graph
layer's exceptions mapped here: NotAcceptable → 406, ForbiddenOperation → 400, QueryTimeout → 503,
StoreError → 503 without its (possibly path-bearing) message; anything else → 500, logged, with
no stack trace or internal detail in the response.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store.base import StoreError, StoreUnavailable
from graph.store.formats import NotAcceptable
from graph.store.runner import QueryTimeout
from graph.store.sparql_text import ForbiddenOperation

__all__ = ["ApiError", "error_response", "install_error_handlers"]

log = logging.getLogger("jhakg.api")


class ApiError(Exception):
    """An error the client caused or must know about, with its HTTP status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return error_response(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(NotAcceptable)
    async def _not_acceptable(_request: Request, exc: NotAcceptable) -> JSONResponse:
        return error_response(406, str(exc))

    @app.exception_handler(ForbiddenOperation)
    async def _forbidden(_request: Request, exc: ForbiddenOperation) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def _timeout(_request: Request, exc: QueryTimeout) -> JSONResponse:
        return error_response(503, str(exc), {"Retry-After": "1"})

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        # Store messages can name folders: log them, answer without them.
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        if isinstance(exc, StoreUnavailable):
            return error_response(503, "the store cannot be reached right now; try again later", {"Retry-After": "5"})
        return error_response(503, "the store could not answer this request; the server log has the details")

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal server error; the server log has the details")
