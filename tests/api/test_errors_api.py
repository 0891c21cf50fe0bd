"""The one error tree over HTTP: each kind answers its own status in the one JSON shape, and an
unexpected exception is a 500 whose traceback goes to the log, never to the client."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import ApiError
from graph.store.embedded import EmbeddedStore
from graph.store.formats import NotAcceptable as FormatsNotAcceptable
from graph.store.runner import QueryTimeout as RunnerQueryTimeout
from graph.store.sparql_text import ForbiddenOperation, UsingConflict
from graph.views.explorer import UnknownEntity
from jhakg import errors
from jhakg.settings import Settings
from loaders.curation import CurationError
from loaders.evaluation import GoldError
from loaders.text import ReportTextError
from ontology.registry import RegistryError
from queries import QueryFileError
from tests.conftest import BASE

KINDS: list[tuple[errors.JhaKgError, int]] = [
    (errors.BadInput("the value 'x' is not allowed here"), 400),
    (errors.UnknownName("theme", "weather", ["migration", "security"]), 400),
    (errors.NotFound("no activity 'x'"), 404),
    (errors.Unauthorized("updates need a bearer token"), 401),
    (errors.Forbidden("this endpoint is read-only"), 403),
    (errors.NotAcceptable("none of the accepted media types fits"), 406),
    (errors.TooLarge("the body is larger than the limit"), 413),
    (errors.UnsupportedMediaType("send text/turtle"), 415),
    (errors.BadFile("queries/x.rq: not valid SPARQL"), 500),
    (errors.StoreError("cannot open /somewhere/private/store"), 503),
    (errors.StoreUnavailable("http://127.0.0.1:9/query refused the connection"), 503),
    (errors.QueryTimeout("the query ran longer than the limit of 5 s"), 503),
    (ApiError(418, "a status chosen where it is raised"), 418),
]


def app_raising(store: EmbeddedStore, exc: BaseException) -> FastAPI:
    """The real application with one more route that raises `exc`."""
    app = create_app(Settings(base_iri=BASE), store)

    def boom() -> None:
        raise exc

    app.add_api_route("/boom", boom)
    return app


@pytest.mark.parametrize("exc, status", KINDS, ids=[type(e).__name__ for e, _s in KINDS])
def test_each_kind_answers_its_status_in_the_one_shape(store: EmbeddedStore, exc: errors.JhaKgError, status: int) -> None:
    response = TestClient(app_raising(store, exc)).get("/boom")
    assert response.status_code == status == exc.http_status
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    if isinstance(exc, errors.StoreError) and exc.public:  # store messages can name folders: never sent
        assert "/somewhere" not in body["error"]["message"] and "127.0.0.1" not in body["error"]["message"]
        assert body["error"]["message"] == exc.public
    else:
        assert body["error"]["message"] == str(exc)
    if exc.retry_after is not None:
        assert response.headers["retry-after"] == str(exc.retry_after)


@pytest.mark.parametrize("cls, kind", [
    (ForbiddenOperation, errors.BadInput), (UsingConflict, errors.BadInput), (UnknownEntity, errors.NotFound),
    (ReportTextError, errors.BadFile), (RegistryError, errors.BadFile), (QueryFileError, errors.BadFile),
    (GoldError, errors.BadFile), (CurationError, errors.BadFile),
    (FormatsNotAcceptable, errors.NotAcceptable), (RunnerQueryTimeout, errors.QueryTimeout),
])
def test_every_former_exception_class_is_on_the_tree(cls: type[Exception], kind: type[errors.JhaKgError]) -> None:
    assert issubclass(cls, kind) and issubclass(cls, errors.JhaKgError)
    assert not issubclass(cls, ValueError), "a kind is no ValueError, so no `except ValueError` mistakes a bug for it"


def test_a_bare_value_error_is_a_500_not_the_clients_mistake(store: EmbeddedStore, caplog: pytest.LogCaptureFixture) -> None:
    """The bug case: a ValueError from deep inside is not turned into a 400."""
    client = TestClient(app_raising(store, ValueError("invalid literal for int() with base 10: 'x'")),
                        raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="jhakg.api"):
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message": "internal server error; the server log has the details"}}
    assert "Traceback" not in response.text and "invalid literal" not in response.text
    [record] = [r for r in caplog.records if r.name == "jhakg.api"]
    assert record.exc_info is not None and record.exc_info[0] is ValueError  # the traceback is in the log
    assert "/boom" in record.getMessage()


def test_an_unexpected_exception_puts_its_traceback_in_the_test_output(store: EmbeddedStore, caplog: pytest.LogCaptureFixture) -> None:
    """A bug is answered 500 (with the security headers, by their middleware) and its traceback is
    logged, so pytest shows it with the failing test's captured log."""
    with caplog.at_level(logging.ERROR):
        response = TestClient(app_raising(store, KeyError("missing-key"))).get("/boom")
    assert response.status_code == 500 and "missing-key" not in response.text
    assert any(r.exc_info is not None and r.exc_info[0] is KeyError for r in caplog.records)


def test_real_routes_raise_the_kinds(store: EmbeddedStore) -> None:
    client = TestClient(create_app(Settings(base_iri=BASE), store))
    assert client.get("/api/activities/no-such-thing").status_code == 404
    assert client.get("/api/agencies/interpol").json()["error"]["message"].startswith("no agency 'interpol'; known agencies: cepol")
    assert client.get("/explore/node", params={"iri": "not an iri"}).status_code == 400
    assert client.get("/explore/node", params={"iri": f"{BASE}organisation/nobody"}).status_code == 404
    assert client.get("/api/activities", params={"theme": "weather"}).status_code == 400
    big = client.post("/sparql", content=b"x" * 2_000_000, headers={"content-type": "application/sparql-query"})
    assert big.status_code == 413 and big.json()["error"]["status"] == 413


def test_the_cli_exit_code_comes_from_the_kind() -> None:
    assert (errors.UnknownName("theme", "x").exit_code, errors.NotFound("x").exit_code) == (2, 2)
    assert (errors.StoreError("x").exit_code, errors.BadFile("x").exit_code) == (1, 1)


@pytest.mark.parametrize("exc", [errors.UnknownName("theme", "weather", ["migration"], " (a hint)"), errors.QueryTimeout("slow"),
                                 ForbiddenOperation("SERVICE is refused")])
def test_errors_cross_a_process_boundary_whole(exc: errors.JhaKgError) -> None:
    """Query workers send their errors back pickled: the kind and message arrive intact."""
    import pickle

    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and str(back) == str(exc) and back.http_status == exc.http_status
