"""One JSON error shape everywhere, from one place: {"error": {"status": N, "message": "…"}}.

Every expected error is a `jhakg.errors.JhaKgError` and carries its own HTTP status (an unknown
filter value 400, a missing activity 404, a timeout 503 …). Anything else is a bug, never the
client's mistake: a 500 whose traceback goes to the server log (and, under FastAPI's TestClient,
to the test), with no stack trace or internal detail in the body. A `ValueError` from deep inside
is such a bug: it is not turned into a 400.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from jhakg.errors import JhaKgError, StoreError

__all__ = ["ApiError", "error_response", "install_error_handlers"]

log = logging.getLogger("jhakg.api")


class ApiError(JhaKgError):
    """An error with a status chosen where it is raised (prefer a kind of `jhakg.errors`, which names it)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message, headers=headers)
        self.http_status = status
        self.status = status


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JhaKgError)
    async def _known(request: Request, exc: JhaKgError) -> JSONResponse:
        if isinstance(exc, StoreError):  # store messages can name folders: log them, answer without them
            log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        elif exc.http_status >= 500:  # our own broken data (a named query, the registry): a bug to fix
            log.error("server error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(exc.http_status, exc.public or str(exc), exc.headers)

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

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after answering, so the server (uvicorn) and TestClient also see the traceback.
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal server error; the server log has the details")
