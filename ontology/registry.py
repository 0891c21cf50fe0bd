"""The reference registry: curated agencies, organisations, instruments, systems and themes.

The YAML file is the single reviewable place for names, aliases and verified identifiers; this
module validates it (pydantic) so a typo fails the build with a readable message instead of
producing a silently wrong graph.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jhakg.errors import BadFile
from ontology import REGISTRY_YAML

__all__ = [
    "AGENCY_IDS", "Agency", "ExactMatch", "Instrument", "Organisation", "Registry", "RegistryError",
    "System", "Theme", "load_registry",
]

AGENCY_IDS = ("cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex")

OrgKind = Literal[
    "EUInstitution", "EUBody", "EUAgency", "Network", "InternationalOrganisation", "CSDPMission",
    "MemberState", "ThirdCountry", "OrganisationalUnit", "OtherOrganisation",
]
InstrumentKind = Literal[
    "Directive", "Regulation", "Decision", "ActionPlan", "Strategy", "Agenda", "Declaration",
    "CouncilConclusions", "PolicyCyclePriority", "Framework",
]


class RegistryError(BadFile):
    """The registry file is missing or does not match the expected structure."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExactMatch(_Strict):
    iri: str
    source: str


class Successor(_Strict):
    id: str
    label: str
    acronym: str | None = None
    established_by: str | None = None
    celex: str | None = None
    source: str


class Named(_Strict):
    """Anything recognised by label, acronym and aliases."""

    id: str
    label: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    exactMatch: tuple[ExactMatch, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form, longest first, so longer names win over their parts."""
        forms = {self.label, *self.aliases}
        if self.acronym:
            forms.add(self.acronym)
        return tuple(sorted(forms, key=len, reverse=True))


class Agency(Named):
    seat: str
    website: str
    successor: Successor | None = None


class Organisation(Named):
    kind: OrgKind
    unitOf: str | None = None


class Instrument(Named):
    kind: InstrumentKind
    celex: str | None = None
    eli: str | None = None
    source: str | None = None


class System(Named):
    operatedBy: str | None = None


class Theme(_Strict):
    id: str
    label: str
    broader: str | None = None
    crossCutting: bool = False
    headings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


class Chair(_Strict):
    year: int
    agency: str
    source: str


class NetworkEntry(_Strict):
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    established: int | None = None
    chairs: tuple[Chair, ...] = ()


class Source(_Strict):
    title: str
    url: str


class Registry(_Strict):
    sources: dict[str, Source]
    network: NetworkEntry
    agencies: tuple[Agency, ...]
    organisations: tuple[Organisation, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    systems: tuple[System, ...] = ()
    themes: tuple[Theme, ...] = Field(default=())

    @model_validator(mode="after")
    def _check_references(self) -> Registry:
        ids = [a.id for a in self.agencies]
        if tuple(sorted(ids)) != tuple(sorted(AGENCY_IDS)):
            raise ValueError(f"agencies must be exactly {', '.join(AGENCY_IDS)}; got {', '.join(ids)}")
        org_ids = set(ids) | {o.id for o in self.organisations}
        for org in self.organisations:
            if org.unitOf and org.unitOf not in org_ids:
                raise ValueError(f"organisation {org.id}: unitOf {org.unitOf!r} is not a known organisation")
        theme_ids = {t.id for t in self.themes}
        for theme in self.themes:
            if theme.broader and theme.broader not in theme_ids:
                raise ValueError(f"theme {theme.id}: broader {theme.broader!r} is not a known theme")
        cited = [m.source for n in (*self.agencies, *self.organisations, *self.instruments, *self.systems)
                 for m in n.exactMatch]
        cited += [i.source for i in self.instruments if i.source]
        cited += [c.source for c in self.network.chairs]
        unknown = sorted(set(cited) - set(self.sources))
        if unknown:
            raise ValueError(f"unknown sources cited: {', '.join(unknown)}")
        for ins in self.instruments:
            if (ins.celex or ins.eli) and not ins.source:
                raise ValueError(f"instrument {ins.id}: an identifier needs a source")
        return self

    def agency(self, agency_id: str) -> Agency:
        for a in self.agencies:
            if a.id == agency_id:
                return a
        raise KeyError(agency_id)


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_YAML) -> Registry:
    """Read and validate the registry; cached because every build and request needs it."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"registry file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"registry file {path} is not valid YAML: {exc}") from exc
    try:
        return Registry.model_validate(data)
    except ValidationError as exc:
        raise RegistryError(f"registry file {path} is invalid: {exc}") from exc
