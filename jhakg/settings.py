"""Typed settings from `JHAKG_*` environment variables and a `.env` file.

Built by `get_settings()` (never at import time) so tests and commands can pass their own.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.store.base import Store
from graph.store.open import open_store
from graph.store.remote import RemoteOptions

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Every knob of jha-kg, with a default that works on a laptop."""

    model_config = SettingsConfigDict(env_prefix="JHAKG_", env_file=".env", extra="ignore")

    base_iri: str = Field(
        "https://w3id.org/jha-kg/",
        description="Base IRI of every minted entity; must end with '/' or '#'.",
    )
    store: str = Field(
        "jhakg-store",
        description="Embedded store folder, or a remote SPARQL 1.1 endpoint as sparql+http(s)://…",
    )
    store_user: str | None = Field(None, description="User name for a remote store (HTTP basic auth).")
    store_password: str | None = Field(None, description="Password for a remote store.")
    store_auth: Literal["basic", "digest"] = Field(
        "basic", description="HTTP authentication scheme of a remote store (Virtuoso's /sparql-auth wants digest)."
    )
    store_update_url: str | None = Field(
        None, description="SPARQL Update URL of a remote store [default: …/query → …/update, otherwise the query URL]."
    )
    store_graph_store_url: str | None = Field(
        None, description="Graph Store protocol URL of a remote store, for fast loads [default: …/query → …/store]; 'none' = INSERT DATA."
    )
    store_union: Literal["graphs", "native"] = Field(
        "graphs",
        description="How a remote store gives the union default graph: 'graphs' names every jha-kg graph as "
        "default-graph-uri (portable); 'native' trusts the endpoint's own default graph (Virtuoso, Fuseki unionDefaultGraph).",
    )
    store_batch_triples: int = Field(50_000, gt=0, description="Triples per request when loading a remote store.")
    query_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before it is cut.")
    result_limit: int = Field(10_000, gt=0, description="Most rows (or triples) one query may return.")
    max_request_bytes: int = Field(1_000_000, gt=0, description="Largest request body accepted, in bytes.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty = off.")
    update_token: str | None = Field(
        None, description="Bearer token that enables SPARQL Update and the Graph Store protocol; unset = read-only."
    )
    query_workers: int = Field(2, ge=1, description="Worker processes that run SPARQL queries under the time limit.")
    worker_memory_mb: float = Field(
        64.0, gt=0, description="MB a query worker may grow past its size at start (store caches, heap) before a fresh one replaces it."
    )
    query_cache_mb: float = Field(
        32.0, ge=0, description="MB of memory for finished SPARQL answers, kept until the store changes; 0 = off."
    )
    warm_up: bool = Field(True, description="Compute the shared derived results (projection, measures, gaps…) at start-up.")
    max_heavy_per_client: int = Field(
        4, ge=1, description="Heavy requests (queries, analytics, exports, the explorer) one client address may run at once; more get 429."
    )

    @field_validator("base_iri")
    @classmethod
    def _base_iri_ends_with_separator(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith(("/", "#")):
            raise ValueError("base IRI must be an http(s) IRI ending with '/' or '#', e.g. https://w3id.org/jha-kg/")
        return value


    def remote_options(self) -> RemoteOptions:
        """What a remote store needs of these settings (the store layer never reads settings itself)."""
        return RemoteOptions(
            update_url=self.store_update_url, graph_store_url=self.store_graph_store_url, user=self.store_user,
            password=self.store_password, auth=self.store_auth, timeout=self.query_timeout, union=self.store_union,
            batch_triples=self.store_batch_triples,
        )

    def open_store(self, *, writable: bool = False) -> Store:
        """The store these settings name, embedded or remote."""
        return open_store(self.store, writable=writable, remote=self.remote_options())


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI options) on top."""
    clean: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # __init__, not model_validate: only __init__ reads the environment
