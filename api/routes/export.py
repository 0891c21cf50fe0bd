"""GET /api/export/{format}: the whole graph as RDF, or the collaboration network for network tools."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import StoreDep
from graph.build.export import EXPORT_FORMATS, export

router = APIRouter(prefix="/api", tags=["export"])

ExportFormat = Literal["ttl", "nt", "nq", "jsonld", "graphml", "gexf", "csv"]


@router.get(
    "/export/{fmt}",
    summary="Download the graph",
    response_class=Response,
    responses={200: {"content": {media: {} for media in EXPORT_FORMATS.values()}}},
)
async def download(fmt: ExportFormat, store: StoreDep) -> Response:
    """RDF (`ttl`, `nt`, `nq`, `jsonld`) or the collaboration network (`graphml`, `gexf`, `csv`)."""
    body = await run_in_threadpool(export, store, fmt)
    filename = f"jha-kg.{fmt}"
    return Response(body, media_type=EXPORT_FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})
