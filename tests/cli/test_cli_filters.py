"""The analytics commands take the five filters of every route, read by the same filter model: an
unknown name is one line naming the known ones and exit code 2, the same words as over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jhakg.cli import app
from tests.api.test_filters_api import UNKNOWN

COMMANDS = ["centrality", "communities", "gaps", "recommend"]


def jhakg(*args: str) -> tuple[int, str, str]:
    """The command in process, so an unexpected exception fails the test with its traceback."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", list(UNKNOWN))
@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_name_is_one_line_and_exit_2(built_store_path: Path, command: str, kind: str) -> None:
    value, known = UNKNOWN[kind]
    code, _out, err = jhakg(command, f"--{kind}", value, "--store", str(built_store_path))
    assert code == 2, err
    assert err.startswith(f"jhakg: error: unknown {kind} ") and value in err and known in err
    assert len(err.strip().splitlines()) == 1


def test_filters_narrow_the_commands_as_they_narrow_the_routes(built_store_path: Path) -> None:
    store = str(built_store_path)
    code, out, err = jhakg("centrality", "--agency", "frontex", "--type", "Training", "--format", "csv", "--store", store)
    assert code == 0, err
    assert [line.split(",")[0] for line in out.strip().splitlines()] == ["id", "frontex"]
    code, out, err = jhakg("recommend", "--agency", "cepol", "--status", "done", "--format", "csv", "--store", store)
    assert code == 0, err
    rows = out.strip().splitlines()[1:]
    assert rows and all("cepol" in row.split(",")[1:3] for row in rows)
    code, _out, err = jhakg("gaps", "--status", "planned", "--store", store)
    assert code == 2 and "done and ongoing" in err


def test_handles_errors_prints_a_kind_and_lets_a_bug_through() -> None:
    """A kind of the error tree is one line with its exit code; any other exception keeps its traceback."""
    import typer

    from jhakg.cli.app import handles_errors
    from jhakg.errors import NotFound, UnknownName

    probe = typer.Typer()

    @probe.command()
    @handles_errors
    def raise_(kind: str) -> None:
        if kind == "unknown":
            raise UnknownName("theme", "weather", ["migration"])
        if kind == "missing":
            raise NotFound("no activity 'x'")
        raise ValueError("a bug, not the user's mistake")

    unknown = CliRunner().invoke(probe, ["unknown"])
    assert (unknown.exit_code, unknown.stderr) == (2, "jhakg: error: unknown theme 'weather'; known themes: migration\n")
    assert CliRunner().invoke(probe, ["missing"]).exit_code == 2
    bug = CliRunner().invoke(probe, ["bug"])
    assert isinstance(bug.exception, ValueError) and bug.exit_code == 1 and "jhakg: error" not in bug.stderr
