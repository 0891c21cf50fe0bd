"""GET /.well-known/void: the dataset described with VoID and DCAT (RDF by Accept)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import CacheDep, SettingsDep
from api.ready import ready
from graph.store.formats import GRAPH_FORMATS, negotiate
from graph.store.service_description import dataset_description, serialise_description

router = APIRouter(tags=["service"])


@router.get("/.well-known/void", summary="Dataset description (VoID + DCAT)", responses={
    200: {"description": "The description", "content": {f.media_type: {} for f in GRAPH_FORMATS}},
    406: {"description": "No acceptable format"}})
async def void(
    request: Request, cache: CacheDep, settings: SettingsDep,
    format: str | None = Query(None, description="`ttl`, `nt`, `jsonld` or `rdfxml`, overriding Accept", examples=["ttl"]),
) -> Response:
    """Triples, entities, classes (with a partition per class), the SPARQL endpoint, the dumps, the licence, and the
    reports the data was read from."""
    fmt = negotiate(request.headers.get("accept", ""), GRAPH_FORMATS, format)
    root = str(request.base_url)
    return await ready(cache, "dataset-description", {"root": root, "base_iri": settings.base_iri, "format": fmt.media_type},
                       lambda: serialise_description(dataset_description(cache.store, root, settings.base_iri)[1], fmt.oxigraph),
                       fmt.media_type)
