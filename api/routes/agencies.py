"""GET /api/agencies and /api/agencies/{id}: the nine agencies of the network, one with partners and counts."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import CacheDep, SettingsDep
from api.filters import FILTER_ERRORS, FiltersDep
from api.ready import json_body, ready
from graph.entities.agencies import get_agency, list_agencies
from jhakg.errors import NotFound

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


@router.get("/agencies", response_model=list[AgencyOut], responses=FILTER_ERRORS, summary="The nine JHA agencies")
async def agencies(cache: CacheDep, filters: FiltersDep) -> Response:
    """Every agency of the network, ordered by id; with filters, those taking part in a selected activity."""
    return await ready(cache, "agencies", asdict(filters), lambda: json_body(list[AgencyOut], list_agencies(cache.store, filters)))


class PartnerOut(BaseModel):
    id: str | None = None
    iri: str
    label: str | None = None
    activities: int
    agency: bool


class AgencyCounts(BaseModel):
    activities: int
    by_status: dict[str, int]
    partners: int
    agency_partners: int
    opportunities: int


class AgencyDetail(AgencyOut):
    partners: list[PartnerOut]
    counts: AgencyCounts
    partners_by_year: dict[str, list[PartnerOut]] | None = Field(
        None, description="The partners year by year (report year → partners), when the graph holds several years")

    model_config = {"json_schema_extra": {"examples": [{
        "id": "frontex", "iri": "https://w3id.org/jha-kg/agency/frontex",
        "label": "European Border and Coast Guard Agency", "acronym": "Frontex", "seat": "Warsaw",
        "website": "https://frontex.europa.eu/",
        "partners": [{"id": "europol", "iri": "https://w3id.org/jha-kg/agency/europol",
                      "label": "European Union Agency for Law Enforcement Cooperation", "activities": 29, "agency": True}],
        "counts": {"activities": 52, "by_status": {"done": 31, "ongoing": 12, "planned": 7, "proposed": 2},
                   "partners": 40, "agency_partners": 8, "opportunities": 20}}]}}


@router.get("/agencies/{agency_id}", response_model=AgencyDetail, summary="One agency, its partners and counts",
            responses={404: {"description": "No such agency"}})
async def agency(agency_id: str, cache: CacheDep, settings: SettingsDep) -> Response:
    """The agency, the organisations it shared done or ongoing activities with (most first), and how many
    activities (per status), partners and opportunities it has."""
    def make() -> bytes:
        record = get_agency(cache.store, settings.base_iri, agency_id)
        if record is None:
            known = ", ".join(str(a["id"]) for a in list_agencies(cache.store))
            raise NotFound(f"no agency {agency_id!r}; known agencies: {known} (listed at /api/agencies)")
        return json_body(AgencyDetail, record)
    return await ready(cache, "agency", {"id": agency_id, "base_iri": settings.base_iri}, make)
