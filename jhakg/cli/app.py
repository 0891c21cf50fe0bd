"""The `jhakg` Typer application and its shared error handling."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, TypeVar, cast

import typer
from pydantic import ValidationError

from jhakg import __version__
from jhakg.errors import JhaKgError

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

# Errors the system reports about the user's files and SPARQL; every other exception is a bug and keeps its traceback.
SYSTEM_ERRORS = (OSError, SyntaxError)


def fail(message: str, code: int = 1) -> None:
    """One line on stderr and a non-zero exit: the CLI's only way to report failure."""
    typer.echo(f"jhakg: error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(func: F) -> F:
    """Turn the errors users can cause into one readable line and the error's exit code, instead of a traceback."""

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
        except JhaKgError as exc:
            fail(_first_line(exc), exc.exit_code)
        except SYSTEM_ERRORS as exc:
            fail(_first_line(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        return None

    return cast(F, wrapper)


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else exc.__class__.__name__


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
