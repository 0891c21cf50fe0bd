"""The SPARQL editor shown at GET /sparql to browsers: YASGUI, served from local npm assets.

The named queries (`queries/*.rq`) are its ready examples. The page resolves the endpoint URL
from `window.location`, so it works behind any host name or prefix, and loads nothing from
outside the server (YASGUI's remote autocompleters are switched off).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from queries import load_queries

__all__ = ["editor_page", "wants_html"]


def wants_html(request: Request) -> bool:
    """A browser navigating to /sparql (HTML preferred over RDF and results formats)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def editor_page(request: Request) -> HTMLResponse:
    """YASGUI with one example per named query."""
    from api.routes.pages import ASSET_DIRS, templates  # the pages module owns templates and assets

    examples = [
        {"name": q.name, "summary": q.summary, "description": q.description, "text": q.text, "params": list(q.params)}
        for q in load_queries().values()
    ]
    ready = (ASSET_DIRS["yasgui"] / "yasgui.min.js").is_file()
    return templates.TemplateResponse(request, "sparql.html", {"examples": examples, "page": "sparql", "yasgui_ready": ready})
