"""`jhakg` command line: one module per group of commands, all on one Typer app."""

import importlib.util
import sys

from jhakg.cli import analytics_cmd, build_cmd, changes_cmd, evaluate_cmd, query_cmd, serve_cmd  # noqa: F401  (registers the commands)
from jhakg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    _lean_worker_processes()
    app()


def _lean_worker_processes() -> None:
    """Let spawned worker processes (SPARQL query workers, uvicorn workers) start lean.

    A spawned child re-imports the parent's main script, and the console script imports every
    command with its dependencies (about 60 MB per process). Naming `jhakg.__main__` as the main
    module's spec, as `python -m jhakg` does, tells multiprocessing not to re-import it.
    """
    main_module = sys.modules.get("__main__")
    if main_module is not None and getattr(main_module, "__spec__", None) is None:
        main_module.__spec__ = importlib.util.find_spec("jhakg.__main__")
