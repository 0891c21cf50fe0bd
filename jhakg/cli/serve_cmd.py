"""`jhakg serve`: build if the store is empty, then serve the API and the explorer."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from graph.build import build
from graph.store import open_store
from jhakg.cli.app import StoreOption, app, handles_errors
from jhakg.settings import get_settings


@app.command("serve")
@handles_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    store: StoreOption = None,
) -> None:
    """Serve SPARQL, the JSON API and the explorer (builds the bundled report first if the store is empty).

    Read-only unless JHAKG_UPDATE_TOKEN is set: then updates need `Authorization: Bearer <token>`.
    """
    from api.app import create_app

    settings = get_settings(store=store)
    target = open_store(settings.store, writable=True)
    if target.triple_count() == 0:
        typer.echo("the store is empty: building the bundled report first", err=True)
        build(target, None, settings.base_iri)
    if not settings.update_token:
        target.close()
        target = open_store(settings.store)
    typer.echo(f"serving {target.triple_count()} triples on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(settings, target), host=host, port=port, log_level="info")
