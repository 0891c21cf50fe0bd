"""Named dependency types, so route signatures read as prose."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.store.base import Store
from graph.store.runner import QueryRunner
from jhakg.settings import Settings

__all__ = ["RunnerDep", "SettingsDep", "StoreDep", "get_runner", "get_settings_dep", "get_store"]


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_runner(request: Request) -> QueryRunner:
    return request.app.state.runner


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
