"""Everything that makes the service safe to put on an intranet, installed on an app in one call.

From the outside in: security headers on every response (`api.security`), bounds on the request
line and headers (`api.bounds.InputBounds`), heavy requests per client address
(`api.bounds.HeavyRequests`), and the store folder watched under the running server
(`api.store_guard`). The update token's check and lock-out live in `api.security.verify_bearer`.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.bounds import HeavyRequests, InputBounds
from api.security import FailureWindow, SecurityHeaders
from api.store_guard import StoreGuard, served_generation
from graph.store.base import Store
from jhakg.settings import Settings

__all__ = ["install_hardening"]


def install_hardening(app: FastAPI, settings: Settings, store: Store) -> None:
    """Add the hardening middleware to `app`; call it after the app's other middleware (it wraps them)."""
    app.state.auth_failures = FailureWindow()
    app.add_middleware(StoreGuard, folder=served_generation(store))
    app.add_middleware(HeavyRequests, per_client=settings.max_heavy_per_client)
    app.add_middleware(InputBounds)
    app.add_middleware(SecurityHeaders, handler=app.exception_handlers.get(Exception))
