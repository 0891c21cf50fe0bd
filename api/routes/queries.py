"""GET /api/queries and /api/queries/{name}: the named queries of `queries/`, run with bound parameters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import RunnerDep, SettingsDep
from graph.store.named_queries import all_queries, job_for_named

router = APIRouter(prefix="/api", tags=["queries"])


class Parameter(BaseModel):
    name: str
    variable: str
    description: str


class NamedQueryOut(BaseModel):
    name: str
    summary: str
    description: str
    form: str
    parameters: list[Parameter]
    text: str

    model_config = {"json_schema_extra": {"examples": [{
        "name": "partners_of_agency", "summary": "Partners of an agency",
        "description": "Organisations that took part in at least one activity with the given agency, …", "form": "SELECT",
        "parameters": [{"name": "agency", "variable": "?_agency",
                        "description": "IRI of the agency, e.g. https://w3id.org/jha-kg/agency/frontex (or its id, frontex)"}],
        "text": "PREFIX jha: <https://w3id.org/jha-kg/ontology#> SELECT ?_agency ?partner … "}]}}


@router.get("/queries", response_model=list[NamedQueryOut], summary="The named queries")
def queries() -> list[dict[str, object]]:
    """Every named query with its summary, description, parameters (read from its `?_name` variables) and text."""
    return all_queries()


@router.get("/queries/{name}", summary="Run a named query", openapi_extra={
    "parameters": [
        {"name": "agency", "in": "query", "required": False, "schema": {"type": "string"}, "example": "frontex",
         "description": "A parameter of the query, by name without the underscore (see GET /api/queries); "
                        "IRIs or short forms (`frontex`, `migration`, `Training`, `done`)."},
        {"name": "format", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdfxml"]},
         "description": "Result format, overriding Accept (default: SPARQL JSON results)."},
    ],
    "responses": {"200": {"description": "Results in the formats of /sparql", "content": {
        "application/sparql-results+json": {}, "text/csv": {}, "text/tab-separated-values": {},
        "application/sparql-results+xml": {}, "text/turtle": {}}},
        "400": {"description": "Unknown parameter or malformed value"}, "404": {"description": "No such query"}},
})
async def run_query(name: str, request: Request, runner: RunnerDep, settings: SettingsDep) -> Response:
    """Runs `queries/{name}.rq` with the given parameters bound as RDF terms (never pasted into the text).
    A parameter left out stays a variable, so the query answers for every value."""
    given = {k: v for k, v in request.query_params.items() if k != "format"}
    # an unknown query is a 404, an unknown parameter or a bad value a 400 (kinds of jhakg.errors)
    job = job_for_named(name, given, settings.base_iri, accept=_api_accept(request), fmt=request.query_params.get("format"))
    outcome = await runner.run(job)
    headers = {"X-Result-Truncated": "true"} if outcome.truncated else None
    return Response(outcome.body, media_type=outcome.media_type, headers=headers)


def _api_accept(request: Request) -> str:
    """Browsers and bare clients get SPARQL JSON; explicit result media types are honoured."""
    accept = request.headers.get("accept", "")
    return "" if "text/html" in accept or accept.strip() in ("", "*/*") else accept
