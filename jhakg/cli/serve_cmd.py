"""`jhakg serve`: build if the store is empty, then serve the API and the explorer."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from graph.build.pipeline import build
from jhakg.cli.app import StoreOption, app, fail, handles_errors
from jhakg.settings import get_settings


@app.command("serve")
@handles_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="HTTP worker processes (read-only stores only); "
                                         "2 roughly doubles light-query throughput on two cores.")] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request.")] = True,
    store: StoreOption = None,
) -> None:
    """Serve SPARQL, the JSON API and the explorer (builds the bundled report first if the store is empty).

    Read-only unless JHAKG_UPDATE_TOKEN is set: then updates need `Authorization: Bearer <token>`.
    """
    from api.app import create_app

    settings = get_settings(store=store)
    if workers > 1 and settings.update_token:
        fail("--workers above 1 needs a read-only store: unset JHAKG_UPDATE_TOKEN, or serve with one worker")
    target = settings.open_store(writable=True)
    if target.triple_count() == 0:
        typer.echo("the store is empty: building the bundled report first", err=True)
        build(target, None, settings.base_iri)
    if not settings.update_token:
        target.close()
        target = settings.open_store()
    typer.echo(f"serving {target.triple_count()} triples on http://{host}:{port}/", err=True)
    if workers == 1:
        uvicorn.run(create_app(settings, target), host=host, port=port, log_level="info", access_log=access_log)
        return
    # Several processes: each builds its own app (and query workers) from the same settings.
    target.close()
    os.environ["JHAKG_STORE"] = settings.store
    os.environ["JHAKG_BASE_IRI"] = settings.base_iri
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info",
                access_log=access_log)
