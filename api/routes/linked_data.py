"""GET /id/{kind}/{slug}: each entity's IRI dereferenced as HTML, Turtle, N-Triples, JSON-LD or RDF/XML by Accept."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import CacheDep, SettingsDep, StoreDep
from api.errors import ApiError
from api.ready import ready, ready_page
from api.routes.pages import templates
from graph.store.base import Store
from graph.store.formats import GRAPH_FORMATS, negotiate
from graph.store.named_queries import ENTITY_KINDS
from graph.views.linked_data import describe, entity_iri, entity_view, serialise_triples
from graph.views.pages import UnknownPage, agency_profile

router = APIRouter(tags=["linked data"])


@router.get("/id/{kind}/{slug}", summary="An entity as Linked Data", responses={
    200: {"description": "The entity", "content": {"text/html": {}, **{f.media_type: {} for f in GRAPH_FORMATS}}},
    404: {"description": "No such entity"}, 406: {"description": "No acceptable format"}})
async def entity(
    kind: str, slug: str, request: Request, store: StoreDep, settings: SettingsDep, cache: CacheDep,
    format: str | None = Query(None, description="`html`, `ttl`, `nt`, `jsonld` or `rdfxml`, overriding Accept",
                               examples=["ttl"]),
) -> Response:
    """`/id/agency/frontex` is `https://w3id.org/jha-kg/agency/frontex` (with the default base IRI); browsers get
    a page, RDF clients the entity's triples in the format they accept. An agency's page is its profile
    (JSON twin /api/agencies/{id}/profile); other entities' pages show their statements, what points at
    them and their evidence (JSON twin /api/entities/{kind}/{slug})."""
    if kind not in ENTITY_KINDS:
        raise ApiError(404, f"no entity kind {kind!r}; kinds: {', '.join(ENTITY_KINDS)}")
    iri = entity_iri(settings.base_iri, kind, slug)
    accept = request.headers.get("accept", "")
    vary = {"Vary": "Accept"}
    if format == "html" or (not format and "text/html" in accept):
        if kind == "agency":
            def profile() -> dict[str, Any]:
                try:
                    return {"data": agency_profile(cache, settings.base_iri, slug), "page": "profile"}
                except UnknownPage as exc:
                    raise ApiError(404, str(exc)) from exc
            return await ready_page(cache, templates, "profile.html", {"slug": slug}, profile, vary)

        def view() -> dict[str, Any]:
            return {"data": entity_view(cache, settings.base_iri, kind, iri, _described(store, iri)), "page": "entity"}
        return await ready_page(cache, templates, "entity.html", {"kind": kind, "slug": slug}, view, vary)
    fmt = negotiate(accept, GRAPH_FORMATS, format)
    return await ready(cache, "entity-rdf", {"iri": iri, "format": fmt.media_type},
                       lambda: serialise_triples(_described(store, iri), fmt.oxigraph, settings.base_iri), fmt.media_type, vary)


def _described(store: Store, iri: str) -> list[ox.Triple]:
    """The entity's triples; 404 when the graph knows nothing about it."""
    triples = describe(store, iri)
    if not triples:
        raise ApiError(404, f"nothing is known about {iri}")
    return triples
