"""What the browser pages ask for: the explorer's network, the click panels and the overview.

Everything derived from the store (the view data, the layout, the overview) goes through the
app's `DerivedCache`, so moving between pages does not re-run the queries and the layout; a
write or a rebuild moves the store's version and the next request reads afresh.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analytics import cached
from graph.analytics.projection import collaboration_graph, select
from graph.cache import DerivedCache
from graph.filters import Filters
from graph.store.base import Store
from graph.store.formats import rows_as_python
from graph.views.network_view import KIND_COLOURS, MAX_NODES, explorer_payload, node_measures
from graph.views.view_data import (
    ViewData,
    cached_view_data,
    check_iri,
    entity_evidence,
    id_path,
    local_name,
    pair_evidence,
    sparql_urls,
)
from jhakg.errors import NotFound
from ontology.statuses import HAPPENED

__all__ = ["UnknownEntity", "agency_iri", "edge_panel", "explorer_filters", "explorer_view", "node_panel", "overview"]


class UnknownEntity(NotFound):
    """No organisation, instrument or system with that identifier in the graph."""


def _data(cache: DerivedCache) -> ViewData:
    return cached_view_data(cache)


def _everyone(cache: DerivedCache) -> nx.Graph:
    """Every organisation joined by done or ongoing joint work (read only: shared by all requests)."""
    return cache.get("organisation-graph", {}, lambda: collaboration_graph(cached.network(cache).collaborations, scope="all"))


def explorer_filters(cache: DerivedCache, filters: Filters) -> tuple[str | None, dict[str, Any]]:
    """The filters checked like everywhere else (`UnknownName` for an unknown name): the organisation
    to centre on (`agency`), and the page's initial filter state (theme index, type, statuses, year)."""
    vocabulary = cached.network(cache).vocabulary
    selection = vocabulary.select(filters, default_statuses=HAPPENED)
    themes = sorted(_data(cache).themes)  # the payload's theme order
    return selection.agency, {
        "theme": str(themes.index(selection.theme.iri)) if selection.theme and selection.theme.iri in themes else "",
        "type": vocabulary.type(filters.type) if filters.type else "",
        "statuses": list(selection.statuses),
        "year": str(selection.year) if selection.year is not None else "",
    }


def agency_iri(cache: DerivedCache, base_iri: str, agency_id: str) -> str:
    """The IRI of an agency by its short id, or UnknownEntity listing the known ids."""
    data = _data(cache)
    iri = f"{base_iri}agency/{agency_id}"
    entity = data.entities.get(iri)
    if entity is None or not entity.is_agency:
        known = sorted(e.id or local_name(e.iri) for e in data.entities.values() if e.is_agency)
        raise UnknownEntity(f"no agency {agency_id!r}; known agencies: {', '.join(known)}")
    return iri


def explorer_view(cache: DerivedCache, base_iri: str, *, focus: str | None = None, depth: int = 1,
                  max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """The explorer's data (nodes, edges, activities, filters, legend, the gaps of /api/gaps), whole or around one agency."""
    def make() -> dict[str, Any]:
        network = cached.network(cache)
        return explorer_payload(_data(cache), network.collaborations, base_iri, gaps=cached.pair_gaps(cache),
                                focus=focus, depth=depth, max_nodes=max_nodes, vocabulary=network.vocabulary)
    return cache.get("explorer", {"base_iri": base_iri, "focus": focus, "depth": depth, "max_nodes": max_nodes}, make)


def node_panel(cache: DerivedCache, iri: str, base_iri: str) -> dict[str, Any]:
    """A node's details: names, kind, partners, and each activity with its quote and section."""
    check_iri(iri)
    store, data = cache.store, _data(cache)
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
    graph = _everyone(cache)
    partners = sorted(((graph.edges[iri, p]["weight"], p) for p in graph[iri]), reverse=True) if iri in graph else []
    facts = [["Kind", KIND_COLOURS.get(entity.kind, ("", entity.kind))[1] or entity.kind]]
    if entity.acronym:
        facts.append(["Acronym", entity.acronym])
    if entity.aliases:
        facts.append(["Also called", "; ".join(entity.aliases)])
    def partner_list(ranked: list[tuple[int, str]]) -> str:
        return ", ".join(f"{data.entities[p].acronym or data.entities[p].label if p in data.entities else local_name(p)} ({w})"
                         for w, p in ranked[:15]) + (" …" if len(ranked) > 15 else "")

    if partners:
        facts.append(["Partners (activities that happened)", partner_list(partners)])
    rows = cached.network(cache).collaborations
    years = sorted({r.year for r in rows})
    for year in years if len(years) > 1 else ():  # several reports: the partners year by year
        in_year = collaboration_graph(rows, scope="all", year=year)
        ranked = sorted(((in_year.edges[iri, p]["weight"], p) for p in in_year[iri]), reverse=True) if iri in in_year else []
        facts.append([f"Partners in {year}", partner_list(ranked) or "none"])
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


def edge_panel(cache: DerivedCache, a: str, b: str, base_iri: str) -> dict[str, Any]:
    """The collaboration behind an edge: every shared activity with its quote and section."""
    data = _data(cache)
    for iri in (a, b):
        check_iri(iri)
        if iri not in data.entities:
            raise UnknownEntity(f"no organisation {iri!r} in the graph")
    a, b = sorted((a, b))
    evidence = pair_evidence(cache.store, a, b, base_iri)
    name_a, name_b = (data.entities[x].acronym or data.entities[x].label for x in (a, b))
    happened = sum(1 for e in evidence if e["status"] in ("done", "ongoing"))
    return {
        "a": a, "b": b, "label": f"{name_a} — {name_b}",
        "facts": [["Joint activities that happened", str(happened)], ["Planned or proposed", str(len(evidence) - happened)]],
        "links": [{"label": name_a, "href": id_path(a, base_iri)}, {"label": name_b, "href": id_path(b, base_iri)}],
        "evidence": evidence,
        "sparql": sparql_urls("view_pair_activities", {"_a": a, "_b": b}),
    }


def overview(cache: DerivedCache, top: int = 9) -> dict[str, Any]:
    """What the graph holds (entities per class) and the agencies ranked by joint activities."""
    store = cache.store

    def make() -> dict[str, Any]:
        _v, rows = rows_as_python(select(store, "class_counts"))
        counts = [{"class": local_name(r["class"] or ""), "count": int(r["count"] or 0)} for r in rows]
        data = _data(cache)
        graph = collaboration_graph(cached.network(cache).collaborations, scope="agencies")
        measures = node_measures(graph)
        ranking = sorted(((v, n) for n, v in measures["strength"].items()), reverse=True)[:top]
        agencies = [
            {"iri": n, "id": data.entities[n].id if n in data.entities else local_name(n),
             "label": data.entities[n].acronym or data.entities[n].label if n in data.entities else local_name(n),
             "value": v, "partners": int(measures["degree"].get(n, 0))}
            for v, n in ranking
        ]
        everyone = _everyone(cache)
        return {"counts": counts, "triples": store.triple_count(), "agencies": agencies,
                "organisations": everyone.number_of_nodes(), "collaborations": everyone.number_of_edges(),
                "measure": "joint activities with other agencies (done or ongoing)"}
    return cache.get("overview", {"top": top}, make)
