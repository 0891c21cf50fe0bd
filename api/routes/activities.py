"""GET /api/activities and /api/activities/{id}: activities with participants, roles and evidence."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import CacheDep, SettingsDep
from api.filters import FILTER_ERRORS, FiltersDep
from api.ready import json_body, ready
from graph.entities.activities import get_activity, list_activities
from jhakg.errors import NotFound

router = APIRouter(prefix="/api", tags=["activities"])

_ID = "jha-agencies-cooperation-2017-cooperationplan-a7e9a0d475"


class ActivitySummary(BaseModel):
    id: str
    iri: str
    type: str | None = None
    status: str
    date: str | None = None
    year: str | None = None
    label: str | None = None
    themes: list[str]
    participants: list[str]

    model_config = {"json_schema_extra": {"examples": [{
        "id": _ID, "iri": f"https://w3id.org/jha-kg/activity/{_ID}", "type": "CooperationPlan", "status": "done",
        "date": None, "year": "2017", "label": "Frontex has also concluded a Cooperation Plan with eu-LISA and EASO, …",
        "themes": ["information-exchange", "it-systems"], "participants": ["easo", "eu-lisa", "europol", "frontex"]}]}}


class Linked(BaseModel):
    iri: str
    label: str | None = None


class Participant(BaseModel):
    id: str
    iri: str
    label: str | None = None
    roles: list[str]
    inferred_from: str | None = None


class Inference(BaseModel):
    passage: str
    quote: str
    section: str | None = None
    agencies: list[str]


class EvidenceOut(BaseModel):
    quote: str
    sentence: str
    section: str | None = None
    passage: str
    inferred_from: list[Inference] | None = None


class Revision(BaseModel):
    iri: str
    reason: str
    change: str
    author: str | None = None


class Activity(BaseModel):
    id: str
    iri: str
    type: str | None = None
    label: str | None = None
    status: str | None = None
    date: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    participants: list[Participant]
    themes: list[Linked]
    instruments: list[Linked]
    systems: list[Linked]
    evidence: list[EvidenceOut]
    revisions: list[Revision]

    model_config = {"json_schema_extra": {"examples": [{
        "id": _ID, "iri": f"https://w3id.org/jha-kg/activity/{_ID}", "type": "CooperationPlan",
        "label": "Frontex has also concluded a Cooperation Plan with eu-LISA and EASO, …", "status": "done",
        "date": None, "startDate": None, "endDate": None,
        "participants": [{"id": "frontex", "iri": "https://w3id.org/jha-kg/agency/frontex",
                          "label": "European Border and Coast Guard Agency", "roles": ["partner"]}],
        "themes": [{"iri": "https://w3id.org/jha-kg/theme/it-systems", "label": "IT systems and interoperability"}],
        "instruments": [], "systems": [],
        "evidence": [{"quote": "Frontex has also concluded a Cooperation Plan with eu-LISA and EASO",
                      "sentence": "Frontex has also concluded a Cooperation Plan with eu-LISA and EASO, "
                                  "and a Joint Action Plan with Europol.",
                      "section": "2. Regular (horizontal) activities of the network in 2017 > …",
                      "passage": "https://w3id.org/jha-kg/passage/jha-agencies-cooperation-2017-…",
                      "inferred_from": None}],
        "revisions": []}]}}


@router.get("/activities", response_model=list[ActivitySummary], responses=FILTER_ERRORS, summary="Activities, filtered")
async def activities(cache: CacheDep, settings: SettingsDep, filters: FiltersDep) -> Response:
    """Every activity matching all the given filters (every status unless `status` is given), ordered by id."""
    return await ready(cache, "activities", {**asdict(filters), "base_iri": settings.base_iri},
                       lambda: json_body(list[ActivitySummary], list_activities(cache.store, settings.base_iri, filters)))


@router.get("/activities/{activity_id}", response_model=Activity, summary="One activity with participants and evidence",
            responses={404: {"description": "No such activity"}})
async def activity(activity_id: str, cache: CacheDep, settings: SettingsDep) -> Response:
    """The activity with `participants` (with roles), `themes`, `instruments`, `systems`, `date`, `status`,
    `evidence` — the clause that states it (`quote`, verbatim), with its whole `sentence` and `section` beside
    it and `inferred_from`, the general statements a participant was inferred from — and `revisions`, the
    analysts' corrections applied to it (reason, change, author)."""
    def make() -> bytes:
        record = get_activity(cache.store, settings.base_iri, activity_id)
        if record is None:
            raise NotFound(f"no activity {activity_id!r}; list them at /api/activities")
        return json_body(Activity, record)
    return await ready(cache, "activity", {"id": activity_id, "base_iri": settings.base_iri}, make)
