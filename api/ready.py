"""Response bodies served as ready bytes from the app's one `DerivedCache`.

A derived result (the analytics, the overview, the explorer, the service description) is
computed, validated against its response model and serialised once per store version; every
later request for the same parameters gets the cached bytes. A body that is ready is served
from the event loop with no thread hop; a missing one is computed in a worker thread, and
concurrent first requests wait for that one computation (the cache's single flight).

The cache keys of bodies are the result's name with a `:body` suffix, next to the result itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from pydantic import TypeAdapter

from graph.cache import DerivedCache

__all__ = ["HTML", "JSON", "json_body", "ready", "ready_page"]

JSON = "application/json"
HTML = "text/html; charset=utf-8"
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def json_body(model: Any, value: Any, *, exclude_unset: bool = False, exclude_none: bool = False) -> bytes:
    """`value` validated as `model` and serialised as FastAPI would for a route with that `response_model`."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    checked = adapter.validate_python(value, from_attributes=True)
    return adapter.dump_json(checked, exclude_unset=exclude_unset, exclude_none=exclude_none)


async def ready(cache: DerivedCache, name: str, params: Mapping[str, Hashable], make: Callable[[], bytes],
                media_type: str = JSON, headers: Mapping[str, str] | None = None) -> Response:
    """The body for `name` and `params` at the store's version: from the cache if ready, else made once (off the loop)."""
    key = f"{name}:body"
    body = cache.peek(key, params)
    if body is None:
        body = await run_in_threadpool(cache.get, key, params, make)
    return Response(body, media_type=media_type, headers=headers)


async def ready_page(cache: DerivedCache, templates: Jinja2Templates, template: str, params: Mapping[str, Hashable],
                     context: Callable[[], dict[str, Any]], headers: Mapping[str, str] | None = None) -> Response:
    """An HTML page rendered once per store version and parameters (the templates never read the request)."""
    def make() -> bytes:
        return templates.get_template(template).render(context()).encode("utf-8")
    return await ready(cache, f"page:{template}", params, make, HTML, headers)
