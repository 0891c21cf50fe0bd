"""The store folder watched under a running server: deleted, moved or corrupted → 503, a log line, no crash.

An embedded store is served from one generation folder (`<store>/gen-…`, what `current` pointed
at when the server started). Open file handles keep working for a while after that folder is
deleted or overwritten, so the server could go on answering from a store that is no longer
there, or fail half-way through a request. `StoreGuard` checks instead:

- on every request that needs the store, that the generation folder and its RocksDB `CURRENT`
  file still exist (two `stat` calls);
- at most every `probe_every` seconds, in a thread and never on a request's path, that the
  folder still opens read-only (RocksDB checks its manifest and every table file's footer on
  open, which finds truncated or overwritten files); a failed open is tried once more before
  it counts, as a writable server's compaction can remove a file between two steps of an open;
- on every request, that no storage error (RocksDB's `Corruption:` / `IO error:`) escapes.

While the store is unusable every request that needs it gets `503 {"error": …}` with
`Retry-After`, and the log gets one line when that starts (what is wrong and what to do) and one
when it ends. Static assets, the API documentation and the OpenAPI document are still served.
Remote and in-memory stores are not watched here (a remote endpoint's failures are already 503s).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from pathlib import Path

import pyoxigraph as ox
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from graph.store.base import Store
from graph.store.embedded import EmbeddedStore

__all__ = ["StoreGuard", "served_generation"]

log = logging.getLogger("jhakg.api")

_STORAGE_ERROR = re.compile(r"^(Corruption|IO error|Invalid argument: .*(does not exist|not found))", re.IGNORECASE)
_NO_STORE = ("/static/", "/assets/", "/docs", "/redoc", "/openapi.json")


def served_generation(store: Store) -> Path | None:
    """The generation folder an embedded on-disk store serves, or None (remote, in memory, not built)."""
    if not isinstance(store, EmbeddedStore):
        return None
    current = Path(store.location) / "current"
    return Path(os.path.realpath(current)) if current.exists() else None


class StoreGuard:
    def __init__(self, app: ASGIApp, folder: Path | None, probe_every: float = 2.0) -> None:
        self.app = app
        self.folder = folder
        self.probe_every = probe_every
        self.problem: str | None = None  # why the store is unusable, None while it is fine
        self._probed = time.monotonic()
        self._probe: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.folder is None or scope.get("path", "").startswith(_NO_STORE):
            await self.app(scope, receive, send)
            return
        self._check_files()
        self._maybe_probe()
        if self.problem is not None:
            await self._unavailable(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except (OSError, RuntimeError) as exc:
            if not _STORAGE_ERROR.match(str(exc)):
                raise
            self._set_problem(f"reading it failed ({_first_line(exc)})")
            if started:
                raise
            await self._unavailable(scope, receive, send)

    async def _unavailable(self, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(503, "the store cannot be read right now (the operator has the details in the server log); "
                                  "try again later", {"Retry-After": "5"})(scope, receive, send)

    def _check_files(self) -> None:
        assert self.folder is not None
        if not self.folder.is_dir():
            self._set_problem("its folder was deleted or moved")
        elif not (self.folder / "CURRENT").is_file():
            self._set_problem("its folder lost its RocksDB CURRENT file")

    def _maybe_probe(self) -> None:
        now = time.monotonic()
        if now - self._probed < self.probe_every or (self._probe is not None and not self._probe.done()):
            return
        self._probed = now
        self._probe = asyncio.get_running_loop().create_task(self._run_probe())

    async def _run_probe(self) -> None:
        assert self.folder is not None
        for attempt in (1, 2):  # twice: a server with updates on may compact files away while it opens
            try:
                await asyncio.to_thread(_opens, self.folder)
                break
            except Exception as exc:  # whatever RocksDB says: the store is not usable
                if attempt == 2:
                    self._set_problem(f"it no longer opens ({_first_line(exc)})")
                    return
                await asyncio.sleep(0.25)
        if self.problem is not None and self.folder.is_dir():
            log.warning("store %s can be read again: serving it", self.folder)
            self.problem = None

    def _set_problem(self, why: str) -> None:
        if self.problem is None:
            log.error("store %s cannot be served: %s. Answering 503 until it can be read again; "
                      "rebuild it with `jhakg build` and restart the server", self.folder, why)
        self.problem = why


def _opens(folder: Path) -> None:
    """Open the folder read-only (manifest and table footers are checked) and read one quad."""
    store = ox.Store.read_only(str(folder))
    next(iter(store.quads_for_pattern(None, None, None)), None)
    del store


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
