"""GET /.well-known/void: the dataset described with VoID and DCAT (RDF by Accept)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import RunnerDep, SettingsDep, StoreDep
from graph.store.formats import GRAPH_FORMATS, negotiate
from graph.store.service_description import cached, serialise_description

router = APIRouter(tags=["service"])


@router.get("/.well-known/void", summary="Dataset description (VoID + DCAT)", responses={
    200: {"description": "The description", "content": {f.media_type: {} for f in GRAPH_FORMATS}},
    406: {"description": "No acceptable format"}})
def void(
    request: Request, store: StoreDep, settings: SettingsDep, runner: RunnerDep,
    format: str | None = Query(None, description="`ttl`, `nt`, `jsonld` or `rdfxml`, overriding Accept", examples=["ttl"]),
) -> Response:
    """Triples, entities, classes (with a partition per class), the SPARQL endpoint, the dumps, the licence, and the
    reports the data was read from."""
    fmt = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, format)
    triples = cached("void", store, str(request.base_url), settings.base_iri, runner.generation)
    return Response(serialise_description(triples, fmt.oxigraph), media_type=fmt.media_type)
