"""Schemathesis against /openapi.json of the live server: generated requests for every route, no 5xx.

The number of examples per operation is bounded so the whole run stays around a minute.
"""

from __future__ import annotations

import re

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.conftest import UPDATE_TOKEN, Server

TEXT_TYPES = ("application/sparql-query", "application/sparql-update", "text/turtle", "application/n-triples",
              "application/ld+json", "application/rdf+xml")


@schemathesis.serializer(*TEXT_TYPES)
def _text(_ctx: object, value: object) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")




def test_every_route_is_documented_with_an_example(live_server: Server) -> None:
    import json

    import httpx

    spec = httpx.get(f"{live_server.url}/openapi.json").json()
    mine = {"/sparql", "/store", "/api/agencies", "/api/agencies/{agency_id}", "/api/activities", "/api/activities/{activity_id}",
            "/api/queries", "/api/queries/{name}", "/id/{kind}/{slug}", "/.well-known/void"}
    assert mine <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op.get("summary") and op.get("description"), f"{method} {path} has no summary or description"
            if path not in mine:
                continue
            text = json.dumps(op)
            refs = [ref.rsplit("/", 1)[-1] for ref in re.findall(r'"\$ref": "([^"]+)"', text)]
            documented = '"example' in text or any('"example' in json.dumps(schemas.get(r, {})) for r in refs)
            assert documented, f"{method} {path} has no example"


def _fuzz(server: Server, *, paths: tuple[str, ...] | None = None, headers: dict[str, str] | None = None,
          examples: int = 25) -> int:
    """One Hypothesis run per operation (schemathesis's pytest plugin does not load under pytest 9, so it is driven here)."""
    api = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    operations = [op for op in operations if paths is None or op.path in paths]
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(base_url=server.url, checks=[not_a_server_error], timeout=20, headers=headers)

        run()
    return calls


def test_no_server_errors_on_any_operation(live_server: Server) -> None:
    assert _fuzz(live_server) >= 100


def test_no_server_errors_on_the_write_paths_with_the_token(update_server: Server) -> None:
    """Generated updates and Graph Store writes, authorised, on the scratch store."""
    assert _fuzz(update_server, paths=("/sparql", "/store"), headers={"authorization": f"Bearer {UPDATE_TOKEN}"}) >= 50
