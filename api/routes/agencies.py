"""GET /api/agencies: the nine agencies of the network."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep
from graph.agencies import list_agencies

router = APIRouter(prefix="/api", tags=["agencies"])


class AgencyOut(BaseModel):
    id: str
    iri: str
    label: str
    acronym: str | None = None
    seat: str | None = None
    website: str | None = None

    model_config = {"json_schema_extra": {"examples": [{
        "id": "frontex", "iri": "https://w3id.org/jha-kg/agency/frontex",
        "label": "European Border and Coast Guard Agency", "acronym": "Frontex",
        "seat": "Warsaw", "website": "https://frontex.europa.eu/"}]}}


@router.get("/agencies", response_model=list[AgencyOut], summary="The nine JHA agencies")
def agencies(store: StoreDep) -> list[dict[str, str | None]]:
    """Every agency of the network, ordered by id."""
    return list_agencies(store)
