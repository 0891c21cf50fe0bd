"""The SPARQL editor page served at GET /sparql to browsers (first form: a plain form).

The Explorer work replaces this with YASGUI served from local npm assets.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

__all__ = ["editor_page", "wants_html"]


def wants_html(request: Request) -> bool:
    """A browser navigating to /sparql (HTML preferred over RDF and results formats)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def editor_page(request: Request) -> HTMLResponse:
    """A minimal query form posting to this endpoint."""
    del request
    return HTMLResponse(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>jha-kg SPARQL</title></head>"
        "<body><h1>jha-kg SPARQL endpoint</h1><form method=post action=/sparql>"
        "<textarea name=query rows=12 cols=100>SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea>"
        "<p><button type=submit>Run</button></p></form></body></html>"
    )
