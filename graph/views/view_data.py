"""What the explorer shows, read from the store through the `view_*` named queries.

Entities (organisations, instruments, systems), activities with their filters' facets, and the
evidence (quotes and sections) behind a node or an edge. Plain dataclasses and dicts, so the
view builder and the routes never touch SPARQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from graph.analytics.projection import select
from graph.cache import DerivedCache
from graph.store.base import Store
from graph.store.formats import rows_as_python
from graph.store.sparql_text import where_brace
from jhakg.errors import BadInput
from ontology.roles import role_of_term
from queries import get_query

__all__ = [
    "Activity",
    "Entity",
    "ViewData",
    "cached_view_data",
    "check_iri",
    "entity_evidence",
    "id_path",
    "load_view_data",
    "local_name",
    "pair_evidence",
    "sparql_text",
    "sparql_urls",
]

JHA = "https://w3id.org/jha-kg/ontology#"
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def local_name(iri: str) -> str:
    """`https://…/ontology#Training` → `Training`."""
    return re.split(r"[#/]", iri)[-1]


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands of rows at 1M triples
class Entity:
    """An organisation, instrument or information system."""

    iri: str
    top: str  # Organisation | Instrument | InformationSystem
    kind: str  # most specific jha: class, e.g. Agency, EUInstitution, Directive
    label: str
    acronym: str | None
    aliases: tuple[str, ...]
    id: str | None

    @property
    def is_agency(self) -> bool:
        return self.kind == "Agency"

    @property
    def short(self) -> str:
        """What to write on the node: the acronym if there is one, else the label (shortened)."""
        text = self.acronym or self.label
        return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands of rows at 1M triples
class Activity:
    iri: str
    type: str
    status: str  # done | ongoing | planned | proposed
    year: int
    label: str
    themes: tuple[str, ...]
    participants: tuple[str, ...]
    instruments: tuple[str, ...]
    systems: tuple[str, ...]


@dataclass(frozen=True)
class ViewData:
    entities: dict[str, Entity]
    activities: dict[str, Activity]
    themes: dict[str, str]  # theme IRI → label


def _split(value: str | None, sep: str = " ") -> tuple[str, ...]:
    return tuple(sorted(v for v in (value or "").split(sep) if v))


def cached_view_data(cache: DerivedCache) -> ViewData:
    """The view data at the store's version, loaded once through the app's cache (pages, explorer and warm-up share it)."""
    return cache.get("view-data", {}, lambda: load_view_data(cache.store))


def load_view_data(store: Store) -> ViewData:
    """Entities, activities and themes, each from one named query."""
    _v, rows = rows_as_python(select(store, "view_entities"))
    entities: dict[str, Entity] = {}
    for r in rows:
        iri = r["entity"] or ""
        kind = local_name(r["kind"] or "")
        previous = entities.get(iri)
        if previous is not None and previous.top.endswith("Organisation"):
            continue  # an organisation that is also typed otherwise stays an organisation
        entities[iri] = Entity(
            iri=iri, top=local_name(r["top"] or ""), kind=kind, label=r["label"] or local_name(iri),
            acronym=r["acronym"], aliases=_split(r["aliases"], "|"), id=r["id"],
        )
    _v, rows = rows_as_python(select(store, "view_activities"))
    activities = {
        r["activity"] or "": Activity(
            iri=r["activity"] or "", type=local_name(r["type"] or ""), status=local_name(r["status"] or "").lower(),
            year=int(r["year"] or 0), label=r["label"] or "", themes=_split(r["themes"]),
            participants=_split(r["participants"]), instruments=_split(r["instruments"]), systems=_split(r["systems"]),
        )
        for r in rows
    }
    _v, rows = rows_as_python(select(store, "view_themes"))
    themes = {r["theme"] or "": r["label"] or local_name(r["theme"] or "") for r in rows}
    return ViewData(entities, activities, themes)


def _evidence(rows: list[dict[str, str | None]], base_iri: str) -> list[dict[str, object]]:
    return [
        {
            "activity": r["activity"], "href": id_path(r["activity"] or "", base_iri), "label": r["label"] or "",
            "type": local_name(r["type"] or ""), "status": local_name(r["status"] or "").lower(), "year": r["year"],
            "roles": [role_of_term(x) or local_name(x) for x in _split(r.get("roles"))],
            "quote": r["quote"] or "", "section": r["section"] or "",
            # the whole sentence around a clause, and the general statements a participation was inferred from
            "sentence": r.get("sentence") or r["quote"] or "",
            "inferred_from": [q for q in (r.get("inferredFrom") or "").split(" | ") if q],
        }
        for r in rows
    ]


def entity_evidence(store: Store, iri: str, base_iri: str) -> list[dict[str, object]]:
    """The activities of one entity with role, status and the quote and section they come from."""
    check_iri(iri)
    _v, rows = rows_as_python(select(store, "view_entity_activities", {"_entity": ox.NamedNode(iri)}))
    return _evidence(rows, base_iri)


def pair_evidence(store: Store, a: str, b: str, base_iri: str) -> list[dict[str, object]]:
    """The activities two organisations share (the collaboration behind an edge), with quotes."""
    check_iri(a)
    check_iri(b)
    _v, rows = rows_as_python(select(store, "view_pair_activities", {"_a": ox.NamedNode(a), "_b": ox.NamedNode(b)}))
    return _evidence(rows, base_iri)


def check_iri(iri: str) -> None:
    if not _SAFE_IRI.match(iri):
        raise BadInput(f"not an absolute http(s) IRI: {iri!r}; give the full IRI of a node, e.g. https://w3id.org/jha-kg/agency/frontex")


def id_path(iri: str, base_iri: str) -> str | None:
    """The local linked-data page of an IRI minted under the base (`/id/{kind}/{slug}`)."""
    if not iri.startswith(base_iri):
        return None
    return "/id/" + iri[len(base_iri):]


def sparql_text(name: str, bindings: dict[str, str]) -> str:
    """A named query with its parameters bound in its own text, to be run as-is anywhere.

    The server binds parameters as values; a shareable link needs a standalone text, so an
    inline `VALUES` block (IRIs checked to hold no SPARQL-significant character) opens the
    query's WHERE clause.
    """
    text = get_query(name).text
    for iri in bindings.values():
        check_iri(iri)
    values = " ".join(f"VALUES ?{var} {{ <{iri}> }}" for var, iri in bindings.items())
    brace = where_brace(text)  # ValueError when the query has no WHERE group: a broken query file, a bug
    return text[: brace + 1] + "\n  " + values + text[brace + 1:]


def sparql_urls(name: str, bindings: dict[str, str]) -> dict[str, str]:
    """Links that reproduce a panel: the query in the editor, and its results as JSON."""
    text = sparql_text(name, bindings)
    encoded = quote(text, safe="")
    return {"editor": f"/sparql#query={encoded}", "results": f"/sparql?query={encoded}&format=json", "query": text}
