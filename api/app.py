"""The FastAPI application factory: one router per resource, nothing built at import time."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.errors import install_error_handlers
from api.routes import agencies, changes, export, health, pages, sparql
from graph.store import Store, open_store
from jhakg import __version__
from jhakg.settings import Settings, get_settings

__all__ = ["create_app"]

DESCRIPTION = """
The EU Justice and Home Affairs agencies' network as a knowledge graph: who cooperates with whom,
on what, through which instruments, each fact traced to the sentence of the report it came from.

SPARQL 1.1 at `/sparql`; the JSON API under `/api`.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app around a store (opened from settings when not given)."""
    settings = settings or get_settings()
    app = FastAPI(title="jha-kg", version=__version__, description=DESCRIPTION)
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings.store)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    for module in (health, sparql, agencies, changes, export, pages):
        app.include_router(module.router)
    return app
