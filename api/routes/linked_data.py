"""GET /id/{kind}/{slug}: each entity's IRI dereferenced as HTML, Turtle, N-Triples, JSON-LD or RDF/XML by Accept."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep, StoreDep
from api.errors import ApiError
from graph.store.formats import GRAPH_FORMATS, negotiate
from graph.store.named_queries import ENTITY_KINDS
from graph.views.linked_data import describe, entity_html, entity_iri, serialise_triples

router = APIRouter(tags=["linked data"])


@router.get("/id/{kind}/{slug}", summary="An entity as Linked Data", responses={
    200: {"description": "The entity", "content": {"text/html": {}, **{f.media_type: {} for f in GRAPH_FORMATS}}},
    404: {"description": "No such entity"}, 406: {"description": "No acceptable format"}})
def entity(
    kind: str, slug: str, request: Request, store: StoreDep, settings: SettingsDep,
    format: str | None = Query(None, description="`html`, `ttl`, `nt`, `jsonld` or `rdfxml`, overriding Accept",
                               examples=["ttl"]),
) -> Response:
    """`/id/agency/frontex` is `https://w3id.org/jha-kg/agency/frontex` (with the default base IRI); browsers get
    a page, RDF clients the entity's triples in the format they accept."""
    if kind not in ENTITY_KINDS:
        raise ApiError(404, f"no entity kind {kind!r}; kinds: {', '.join(ENTITY_KINDS)}")
    iri = entity_iri(settings.base_iri, kind, slug)
    triples = describe(store, iri)
    if not triples:
        raise ApiError(404, f"nothing is known about {iri}")
    accept = request.headers.get("accept", "")
    if format == "html" or (not format and "text/html" in accept):
        return HTMLResponse(entity_html(iri, triples, settings.base_iri), headers={"Vary": "Accept"})
    fmt = negotiate(accept, GRAPH_FORMATS, format)
    return Response(serialise_triples(triples, fmt.oxigraph, settings.base_iri), media_type=fmt.media_type, headers={"Vary": "Accept"})
