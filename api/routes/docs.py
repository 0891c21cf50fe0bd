"""GET /docs: Swagger UI from the npm package `swagger-ui-dist` (installed by scripts/setup), served
from this server like YASGUI, started by a script file — so the page works offline and under the
Content-Security-Policy (no CDN, no inline script). FastAPI's own /docs (CDN assets and an inline
script) is switched off in api/app.py, and so is its /redoc (CDN assets, blocked by the CSP): until
Redoc is served locally too, /redoc sends browsers to /docs.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.routes.pages import REPO_DIR, templates

__all__ = ["SWAGGER_UI", "router"]

SWAGGER_UI = REPO_DIR / "node_modules" / "swagger-ui-dist"

router = APIRouter(tags=["pages"])
router.mount("/assets/swagger-ui", StaticFiles(directory=Path(SWAGGER_UI), check_dir=False), name="assets-swagger-ui")


@router.get("/docs", include_in_schema=False)
async def swagger_ui(request: Request) -> HTMLResponse:
    """Every operation of /openapi.json, with "Try it out" against this server."""
    ready = (SWAGGER_UI / "swagger-ui-bundle.js").is_file()
    config = {"openapi": str(request.app.openapi_url or "/openapi.json"), "title": request.app.title}
    return templates.TemplateResponse(request, "docs.html", {"page": "docs", "config": config, "ready": ready})


@router.get("/redoc", include_in_schema=False)
async def redoc() -> RedirectResponse:
    """The same documentation (Swagger UI) until Redoc's assets are served locally."""
    return RedirectResponse("/docs", status_code=307)
