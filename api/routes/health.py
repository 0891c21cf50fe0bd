"""GET /healthz: liveness and the triple count."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    triples: int


@router.get("/healthz", response_model=Health, summary="Service health and triple count")
def healthz(store: StoreDep) -> Health:
    """`{"status": "ok", "triples": N}` while the service can read its store."""
    return Health(status="ok", triples=store.triple_count())
