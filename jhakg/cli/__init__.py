"""`jhakg` command line: one module per group of commands, all on one Typer app."""

from jhakg.cli import build_cmd, changes_cmd, query_cmd, serve_cmd  # noqa: F401  (registers the commands)
from jhakg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
