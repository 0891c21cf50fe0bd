"""GET /id/{kind}/{slug}: each entity's IRI dereferenced as HTML, Turtle, N-Triples, JSON-LD or RDF/XML by Accept."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import CacheDep, SettingsDep
from api.errors import ApiError
from api.ready import ready
from graph.store.formats import GRAPH_FORMATS, negotiate
from graph.store.named_queries import ENTITY_KINDS
from graph.views.linked_data import describe, entity_html, entity_iri, serialise_triples

router = APIRouter(tags=["linked data"])


@router.get("/id/{kind}/{slug}", summary="An entity as Linked Data", responses={
    200: {"description": "The entity", "content": {"text/html": {}, **{f.media_type: {} for f in GRAPH_FORMATS}}},
    404: {"description": "No such entity"}, 406: {"description": "No acceptable format"}})
async def entity(
    kind: str, slug: str, request: Request, cache: CacheDep, settings: SettingsDep,
    format: str | None = Query(None, description="`html`, `ttl`, `nt`, `jsonld` or `rdfxml`, overriding Accept",
                               examples=["ttl"]),
) -> Response:
    """`/id/agency/frontex` is `https://w3id.org/jha-kg/agency/frontex` (with the default base IRI); browsers get
    a page, RDF clients the entity's triples in the format they accept. Each page is made once per store version."""
    if kind not in ENTITY_KINDS:
        raise ApiError(404, f"no entity kind {kind!r}; kinds: {', '.join(ENTITY_KINDS)}")
    iri = entity_iri(settings.base_iri, kind, slug)
    accept = request.headers.get("accept", "")
    html = format == "html" or (not format and "text/html" in accept)
    fmt = None if html else negotiate(accept, GRAPH_FORMATS, format)

    def make() -> bytes:
        triples = describe(cache.store, iri)
        if not triples:
            raise ApiError(404, f"nothing is known about {iri}")
        if fmt is None:
            return entity_html(iri, triples, settings.base_iri).encode("utf-8")
        return serialise_triples(triples, fmt.oxigraph, settings.base_iri)

    response = await ready(cache, "entity-page", {"iri": iri, "format": fmt.media_type if fmt else "html"}, make,
                           fmt.media_type if fmt else "text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response
