"""GET /healthz: liveness, the triple count and whether the start-up warm-up is done."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import StoreDep

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    triples: int
    warm_up: Literal["off", "warming", "ready"] = Field(
        description="The start-up computation of the shared derived results (JHAKG_WARM_UP): until it is ready, "
        "the first request for a page or an analytic may wait on it.")


@router.get("/healthz", response_model=Health, summary="Service health and triple count")
def healthz(store: StoreDep, request: Request) -> Health:
    """`{"status": "ok", "triples": N, "warm_up": "ready"}` while the service can read its store."""
    return Health(status="ok", triples=store.triple_count(), warm_up=getattr(request.app.state, "warm_up", "off"))
