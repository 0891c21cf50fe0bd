"""Open the store a setting names: a folder (embedded Oxigraph) or a SPARQL endpoint (remote)."""

from __future__ import annotations

from pathlib import Path

from graph.store.base import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteOptions, RemoteStore

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def open_store(location: str | Path, *, writable: bool = False, remote: RemoteOptions | None = None) -> Store:
    """Open the store named by a setting: a folder (embedded) or `sparql+http(s)://…` (remote)."""
    text = str(location)
    if text.startswith(REMOTE_SCHEMES):
        return RemoteStore(text, remote)
    return EmbeddedStore(Path(text), writable=writable)
