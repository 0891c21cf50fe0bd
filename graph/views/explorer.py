"""What the browser pages ask for: the explorer's network, the click panels and the overview.

The store's data is read once per store state (location and triple count) and kept, so
moving between pages does not re-run the queries and the layout; a rebuild changes the count
and the next request reads afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from graph.analytics.projection import Collaboration, collaboration_graph, collaboration_rows
from graph.filters import Filters, Vocabulary, load_vocabulary
from graph.store.base import Store
from graph.store.formats import rows_as_python
from graph.views.network_view import KIND_COLOURS, MAX_NODES, explorer_payload, node_measures
from graph.views.view_data import ViewData, check_iri, entity_evidence, id_path, load_view_data, local_name, pair_evidence, sparql_urls
from jhakg.errors import NotFound
from ontology.statuses import HAPPENED
from queries import get_query

__all__ = ["UnknownEntity", "agency_iri", "edge_panel", "explorer_filters", "explorer_view", "node_panel", "overview"]

T = TypeVar("T")
_CACHE: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.Lock()
_CACHE_SIZE = 32


class UnknownEntity(NotFound):
    """No organisation, instrument or system with that identifier in the graph."""


def _cached(store: Store, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    full = (store.location, store.triple_count(), *key)
    with _LOCK:
        if full in _CACHE:
            return _CACHE[full]
    value = make()
    with _LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[full] = value
    return value


def _base(store: Store) -> tuple[ViewData, list[Collaboration]]:
    return _cached(store, ("base",), lambda: (load_view_data(store), collaboration_rows(store)))


def _vocabulary(store: Store) -> Vocabulary:
    return _cached(store, ("vocabulary",), lambda: load_vocabulary(store))


def explorer_filters(store: Store, filters: Filters) -> tuple[str | None, dict[str, Any]]:
    """The filters checked like everywhere else (`UnknownName` for an unknown name): the organisation
    to centre on (`agency`), and the page's initial filter state (theme index, type, statuses, year)."""
    selection = _vocabulary(store).select(filters, default_statuses=HAPPENED)
    data, _rows = _base(store)
    themes = sorted(data.themes)  # the payload's theme order
    return selection.agency, {
        "theme": str(themes.index(selection.theme.iri)) if selection.theme and selection.theme.iri in themes else "",
        "type": _vocabulary(store).type(filters.type) if filters.type else "",
        "statuses": list(selection.statuses),
        "year": str(selection.year) if selection.year is not None else "",
    }


def agency_iri(store: Store, base_iri: str, agency_id: str) -> str:
    """The IRI of an agency by its short id, or UnknownEntity listing the known ids."""
    data, _rows = _base(store)
    iri = f"{base_iri}agency/{agency_id}"
    entity = data.entities.get(iri)
    if entity is None or not entity.is_agency:
        known = sorted(e.id or local_name(e.iri) for e in data.entities.values() if e.is_agency)
        raise UnknownEntity(f"no agency {agency_id!r}; known agencies: {', '.join(known)}")
    return iri


def explorer_view(store: Store, base_iri: str, *, focus: str | None = None, depth: int = 1, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """The explorer's data (nodes, edges, activities, filters, legend), whole or around one agency."""
    def make() -> dict[str, Any]:
        data, rows = _base(store)
        return explorer_payload(data, rows, base_iri, focus=focus, depth=depth, max_nodes=max_nodes, vocabulary=_vocabulary(store))
    return _cached(store, ("view", base_iri, focus, depth, max_nodes), make)


def node_panel(store: Store, iri: str, base_iri: str) -> dict[str, Any]:
    """A node's details: names, kind, partners, and each activity with its quote and section."""
    check_iri(iri)
    data, rows = _base(store)
    entity = data.entities.get(iri)
    activity = data.activities.get(iri)
    if entity is None and activity is None:
        raise UnknownEntity(f"no organisation, instrument, system or activity {iri!r} in the graph")
    if activity is not None:
        names = {e.iri: e.acronym or e.label for e in data.entities.values()}
        return {
            "iri": iri, "label": activity.label, "kind": activity.type, "href": id_path(iri, base_iri),
            "facts": [["Status", activity.status], ["Year", str(activity.year)],
                      ["Participants", ", ".join(names.get(p, local_name(p)) for p in activity.participants)],
                      ["Themes", ", ".join(data.themes.get(t, local_name(t)) for t in activity.themes)]],
            "evidence": [e for e in entity_evidence_for_activity(store, activity.participants, iri, base_iri)],
            "sparql": None,
        }
    assert entity is not None
    graph = collaboration_graph(rows, scope="all")
    partners = sorted(((graph.edges[iri, p]["weight"], p) for p in graph[iri]), reverse=True) if iri in graph else []
    facts = [["Kind", KIND_COLOURS.get(entity.kind, ("", entity.kind))[1] or entity.kind]]
    if entity.acronym:
        facts.append(["Acronym", entity.acronym])
    if entity.aliases:
        facts.append(["Also called", "; ".join(entity.aliases)])
    if partners:
        facts.append(["Partners (activities that happened)",
                      ", ".join(f"{data.entities[p].acronym or data.entities[p].label if p in data.entities else local_name(p)} ({w})"
                                for w, p in partners[:15]) + (" …" if len(partners) > 15 else "")])
    return {
        "iri": iri, "label": entity.label, "kind": entity.kind, "href": id_path(iri, base_iri), "facts": facts,
        "evidence": entity_evidence(store, iri, base_iri),
        "sparql": sparql_urls("view_entity_activities", {"_entity": iri}),
    }


def entity_evidence_for_activity(store: Store, participants: tuple[str, ...], activity: str, base_iri: str) -> list[dict[str, Any]]:
    """The evidence rows of one activity (read through one of its participants)."""
    for participant in participants[:1]:
        return [e for e in entity_evidence(store, participant, base_iri) if e["activity"] == activity]
    return []


def edge_panel(store: Store, a: str, b: str, base_iri: str) -> dict[str, Any]:
    """The collaboration behind an edge: every shared activity with its quote and section."""
    data, _rows = _base(store)
    for iri in (a, b):
        check_iri(iri)
        if iri not in data.entities:
            raise UnknownEntity(f"no organisation {iri!r} in the graph")
    a, b = sorted((a, b))
    evidence = pair_evidence(store, a, b, base_iri)
    name_a, name_b = (data.entities[x].acronym or data.entities[x].label for x in (a, b))
    happened = sum(1 for e in evidence if e["status"] in ("done", "ongoing"))
    return {
        "a": a, "b": b, "label": f"{name_a} — {name_b}",
        "facts": [["Joint activities that happened", str(happened)], ["Planned or proposed", str(len(evidence) - happened)]],
        "links": [{"label": name_a, "href": id_path(a, base_iri)}, {"label": name_b, "href": id_path(b, base_iri)}],
        "evidence": evidence,
        "sparql": sparql_urls("view_pair_activities", {"_a": a, "_b": b}),
    }


def overview(store: Store, top: int = 9) -> dict[str, Any]:
    """What the graph holds (entities per class) and the agencies ranked by joint activities."""
    def make() -> dict[str, Any]:
        _v, rows = rows_as_python(store.query(get_query("class_counts").text))
        counts = [{"class": local_name(r["class"] or ""), "count": int(r["count"] or 0)} for r in rows]
        data, collab = _base(store)
        graph = collaboration_graph(collab, scope="agencies")
        measures = node_measures(graph)
        ranking = sorted(((v, n) for n, v in measures["strength"].items()), reverse=True)[:top]
        agencies = [
            {"iri": n, "id": data.entities[n].id if n in data.entities else local_name(n),
             "label": data.entities[n].acronym or data.entities[n].label if n in data.entities else local_name(n),
             "value": v, "partners": int(measures["degree"].get(n, 0))}
            for v, n in ranking
        ]
        everyone = collaboration_graph(collab, scope="all")
        return {"counts": counts, "triples": store.triple_count(), "agencies": agencies,
                "organisations": everyone.number_of_nodes(), "collaborations": everyone.number_of_edges(),
                "measure": "joint activities with other agencies (done or ongoing)"}
    return _cached(store, ("overview", top), make)
