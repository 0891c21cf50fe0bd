"""The `jhakg` Typer application and its shared error handling."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError

from graph.store.base import StoreError
from jhakg import __version__
from loaders.text import ReportTextError
from ontology.registry import RegistryError
from queries import QueryFileError

__all__ = ["StoreOption", "app", "fail", "handles_errors"]

app = typer.Typer(
    name="jhakg",
    help="jha-kg: the EU Justice and Home Affairs agencies' cooperation report as a knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store folder, or sparql+http(s)://… for a remote endpoint [default: JHAKG_STORE or ./jhakg-store]."),
]

F = TypeVar("F", bound=Callable[..., object])

KNOWN_ERRORS = (ReportTextError, StoreError, RegistryError, QueryFileError, ValueError, OSError, SyntaxError)


def fail(message: str, code: int = 1) -> None:
    """One line on stderr and a non-zero exit: the CLI's only way to report failure."""
    typer.echo(f"jhakg: error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(func: F) -> F:
    """Turn the errors users can cause into one readable line instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
            fail(f"invalid setting {where}: {first.get('msg')}")
        except KNOWN_ERRORS as exc:
            fail(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        return None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jhakg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Build the graph from the report, query it, validate it and serve it."""
    del version
