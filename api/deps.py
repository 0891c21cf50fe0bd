"""Named dependency types, so route signatures read as prose.

The dependency functions are `async def` although they only read `app.state`: FastAPI runs a
plain `def` dependency in its thread pool, and four thread hops per request were most of the
cost of a request answered from the cache.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.cache import DerivedCache
from graph.store.base import Store
from graph.store.runner import QueryRunner
from jhakg.settings import Settings

__all__ = ["CacheDep", "RunnerDep", "SettingsDep", "StoreDep", "cache_of", "get_cache", "get_runner", "get_settings_dep", "get_store"]


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_runner(request: Request) -> QueryRunner:
    return request.app.state.runner


def cache_of(request: Request) -> DerivedCache:
    """The app's cache, for code that holds the request (routes that are not given `CacheDep`)."""
    return request.app.state.cache


async def get_cache(request: Request) -> DerivedCache:
    return cache_of(request)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
CacheDep = Annotated[DerivedCache, Depends(get_cache)]
