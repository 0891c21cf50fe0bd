"""The FastAPI application factory: one router per resource, nothing built at import time."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.errors import install_error_handlers
from api.hardening import install_hardening
from api.limits import BodySizeLimit
from api.routes import (
    activities,
    agencies,
    analyst,
    analytics,
    changes,
    collaborations,
    export,
    health,
    linked_data,
    pages,
    queries,
    sparql,
    void,
)
from api.routes import store as graph_store
from graph.cache import DerivedCache
from graph.store.base import Store
from graph.store.result_cache import ResultCache
from graph.store.runner import QueryRunner
from graph.views.warm import warm
from jhakg.settings import Settings, get_settings

__all__ = ["create_app"]

DESCRIPTION = """
The EU Justice and Home Affairs agencies' network as a knowledge graph: who cooperates with whom,
on what, through which instruments, each fact traced to the sentence of the report it came from.

SPARQL 1.1 at `/sparql` (Protocol, Update and Service Description), the Graph Store protocol at
`/store`, the JSON API under `/api`, Linked Data at `/id/{kind}/{slug}` and the dataset description
(VoID + DCAT) at `/.well-known/void`. Errors always look like `{"error": {"status": 400, "message": "..."}}`.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app around a store (opened from settings when not given)."""
    settings = settings or get_settings()
    store = store if store is not None else settings.open_store(writable=bool(settings.update_token))
    answers = ResultCache(max_bytes=int(settings.query_cache_mb * 1024 * 1024)) if settings.query_cache_mb > 0 else None
    runner = QueryRunner(store, timeout=settings.query_timeout, limit=settings.result_limit, workers=settings.query_workers,
                         cache=answers, worker_memory_mb=settings.worker_memory_mb)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runner.start()  # worker processes live as long as the server
        if settings.warm_up:  # the shared derived results, made before the first visitor asks (graph.views.warm)
            app.state.warm_up = "warming"

            def warm_then_say_so() -> None:
                warm(app.state.cache)
                app.state.warm_up = "ready"

            threading.Thread(target=warm_then_say_so, daemon=True, name="jhakg-warm").start()
        try:
            yield
        finally:
            await runner.stop()

    app = FastAPI(title="jha-kg", version=version("jha-kg"), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # /docs and /redoc are served from local assets (api/routes/pages.py)
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    app.state.cache = DerivedCache(store)  # every result derived from the store, once per store version
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_request_bytes)
    if settings.cors_origins:  # CORS stays off unless origins are configured
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept", "Authorization"])
    install_hardening(app, settings, store)  # security headers, input bounds, store guard: outermost
    for module in (health, sparql, graph_store, agencies, activities, queries, linked_data, void, changes, export,
                   analyst, collaborations, analytics, pages):
        app.include_router(module.router)
    return app
