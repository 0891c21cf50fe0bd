"""Named dependency types, so route signatures read as prose."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.cache import DerivedCache
from graph.store.base import Store
from graph.store.runner import QueryRunner
from jhakg.settings import Settings

__all__ = ["CacheDep", "RunnerDep", "SettingsDep", "StoreDep", "get_cache", "get_runner", "get_settings_dep", "get_store"]


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_runner(request: Request) -> QueryRunner:
    return request.app.state.runner


def get_cache(request: Request) -> DerivedCache:
    return request.app.state.cache


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
CacheDep = Annotated[DerivedCache, Depends(get_cache)]
