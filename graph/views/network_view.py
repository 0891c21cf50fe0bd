"""The explorer's network views, built with pyvis and laid out server-side with networkx.

Why server-side: vis-network with physics on takes minutes to settle past ~1,000 nodes, so
positions come from a networkx layout and physics stays off in the browser. pyvis builds the
node and edge records; its stock template (CDN Bootstrap, unescaped titles) is not used: the
page template in `api/templates/` embeds the data as JSON and loads vis-network from the pyvis
package through a local route, so no request leaves the server.

Node sizes come from `graph.analytics.centrality` (`node_measures`), and the gap layer draws
exactly the pair gaps of `graph.analytics.gaps` (the caller passes them in, as /api/gaps lists
them): each gap edge carries its theme (None for an overall gap), and the page shows the gaps
of the theme it is filtered on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from graph.analytics import centrality
from graph.analytics.gaps import PairGap
from graph.analytics.projection import Collaboration, collaboration_graph, short_id
from graph.filters import Vocabulary
from graph.views.view_data import Entity, ViewData, id_path, local_name
from ontology.statuses import HAPPENED, STATUSES

__all__ = [
    "ALL_STATUSES",
    "KIND_COLOURS",
    "MAX_NODES",
    "MEASURES",
    "build_network",
    "explorer_payload",
    "layout",
    "node_measures",
]

ALL_STATUSES = STATUSES
MAX_NODES = 2500  # above this many organisations the view keeps the best connected and says so
MAX_ACTIVITY_NODES = 1500  # above this many activities the activity layer is left out (filters still use them)
MEASURES = {"strength": "Joint activities (weighted degree)", "degree": "Partners (degree)", "betweenness": "Brokerage (betweenness)"}

KIND_COLOURS: dict[str, tuple[str, str]] = {  # kind → (colour, legend text)
    "Agency": ("#1f4e99", "JHA agency"),
    "EUInstitution": ("#e69f00", "EU institution"),
    "EUBody": ("#c9a227", "EU body, office or service"),
    "EUAgency": ("#56b4e9", "Other EU agency"),
    "Network": ("#009e73", "Network or expert group"),
    "AgencyNetwork": ("#00735a", "Agencies' network"),
    "InternationalOrganisation": ("#cc79a7", "International organisation"),
    "CSDPMission": ("#d55e00", "CSDP mission or operation"),
    "MemberState": ("#7f7f7f", "EU Member State"),
    "ThirdCountry": ("#b0b0b0", "Third country"),
    "OrganisationalUnit": ("#6a8caf", "Organisational unit"),
    "Organisation": ("#9a9a66", "Other organisation"),
    "Activity": ("#f2d024", "Activity (layer)"),
    "Instrument": ("#8e44ad", "Instrument (layer)"),
    "InformationSystem": ("#2a9d8f", "Information system (layer)"),
}
LAYER_SHAPES = {"activity": "square", "instrument": "triangle", "system": "diamond"}
GAP_COLOURS = {"missing": "#d62728", "planned": "#ff7f0e"}  # no joint work; only planned or proposed joint work


def _kind_key(entity: Entity | None) -> str:
    if entity is None:
        return "Organisation"
    if entity.top == "Instrument":
        return "Instrument"
    if entity.top == "InformationSystem":
        return "InformationSystem"
    return entity.kind if entity.kind in KIND_COLOURS else "Organisation"


# -- measures and gaps from the analytics ----------------------------------------------------------


def node_measures(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Centrality per node for sizing: measure name → node → value, from `graph.centrality`.

    The same definitions as the CLI and /api/centrality (betweenness on distance = 1/weight);
    betweenness samples 64 sources above 500 nodes so a 2,000-node view stays quick.
    """
    if graph.number_of_nodes() == 0:
        return {m: {} for m in MEASURES}
    k = 64 if graph.number_of_nodes() > 500 else None
    values = centrality.compute(graph, list(MEASURES), sample=k)
    return {m: {node: float(values[node][m] or 0.0) for node in graph.nodes} for m in MEASURES}


def _gap_edges(gaps: Sequence[PairGap], drawn: set[str]) -> list[dict[str, Any]]:
    """One dashed edge per pair gap whose two agencies are drawn, with its theme and explanation."""
    by_id = {short_id(node): node for node in drawn}
    edges: list[dict[str, Any]] = []
    for gap in gaps:
        ends = [by_id.get(agency) for agency in gap.agencies]
        if len(ends) != 2 or ends[0] is None or ends[1] is None:
            continue
        kind = "planned" if gap.planned else "missing"
        edges.append(Edge(ends[0], ends[1], id=f"g{len(edges)}", layer="gaps", hidden=True, dashes=True, width=2,
                          smooth={"enabled": True, "type": "curvedCW", "roundness": 0.25}, color={"color": GAP_COLOURS[kind]},
                          title=gap.explanation, gap=kind, theme=gap.theme, explanation=gap.explanation).options)
    return edges


# -- layout -----------------------------------------------------------------------------------


LAYOUT_CORE = 400  # nodes laid out by force; the rest are placed around their neighbours


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions: a force-directed layout of the best connected nodes, the rest around them.

    networkx's spring layout costs O(n²) per step (about 13 s at 2,000 nodes here), so above
    `LAYOUT_CORE` nodes only the core (by joint activities) is laid out by force; every other
    node goes on a small spiral around the centroid of its already placed neighbours, in order
    of strength, which keeps partners next to the hubs they work with, in linear time.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    strength = dict(graph.degree(weight="weight"))
    order = sorted(graph, key=lambda v: (-strength[v], str(v)))
    core = order[:LAYOUT_CORE]
    raw = {v: (float(x), float(y)) for v, (x, y) in nx.spring_layout(graph.subgraph(core), weight=None, seed=seed).items()}
    crowd: dict[tuple[float, float], int] = {}
    outer = 0
    for v in order[LAYOUT_CORE:]:
        placed = [raw[u] for u in graph[v] if u in raw]
        if placed:
            anchor = (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
            k = crowd.get(anchor, 0) + 1
            crowd[anchor] = k
            radius, angle = 0.035 * math.sqrt(k), k * 2.39996  # golden-angle spiral
            raw[v] = (anchor[0] + radius * math.cos(angle), anchor[1] + radius * math.sin(angle))
        else:
            outer += 1
            raw[v] = (1.3 * math.cos(outer * 2.39996), 1.3 * math.sin(outer * 2.39996))
    scale = 800 * math.sqrt(max(min(n, LAYOUT_CORE), 20) / 20) * (1 + 0.5 * math.log10(max(n, LAYOUT_CORE) / LAYOUT_CORE))
    return {node: (x * scale, y * scale) for node, (x, y) in raw.items()}


def _around(points: list[tuple[float, float]], salt: int) -> tuple[float, float]:
    """The centroid of some points, nudged so layer nodes sharing neighbours do not overlap."""
    if not points:
        return (0.0, 0.0)
    x = sum(p[0] for p in points) / len(points)
    y = sum(p[1] for p in points) / len(points)
    angle = (salt % 360) * math.pi / 180
    return (x + 25 * math.cos(angle), y + 25 * math.sin(angle))


def _words(name: str) -> str:
    """`MemorandumOfUnderstanding` → `Memorandum Of Understanding`."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def _search_text(entity: Entity | None, label: str) -> str:
    """Name, acronym and aliases in lower case: what the search box matches."""
    if entity is None:
        return label.lower()
    return " | ".join([label, *([entity.acronym] if entity.acronym else []), *entity.aliases]).lower()


# -- building ---------------------------------------------------------------------------------


def _organisation_graph(
    data: ViewData, rows: Sequence[Collaboration], focus: str | None, depth: int, max_nodes: int,
) -> tuple[nx.Graph, str | None]:
    """Organisations joined by any joint activity (every status: the page filters), and a note."""
    graph = collaboration_graph(rows, scope="all", statuses=ALL_STATUSES)
    for entity in data.entities.values():
        if entity.is_agency and not graph.has_node(entity.iri):
            graph.add_node(entity.iri, agency=True)
    note = None
    if focus is not None:
        if focus not in graph:  # an organisation with no joint activity: itself alone
            graph.add_node(focus, agency=False)
        graph = nx.ego_graph(graph, focus, radius=depth)
    if graph.number_of_nodes() > max_nodes:
        strength = dict(graph.degree(weight="weight"))
        keep = {n for n in graph if data.entities.get(n) is not None and data.entities[n].is_agency}
        for node in sorted(graph, key=lambda n: (-strength[n], n)):
            if len(keep) >= max_nodes:
                break
            keep.add(node)
        note = (f"Showing the {len(keep):,} best connected of {graph.number_of_nodes():,} organisations "
                "(by joint activities). Search, filter or open one agency's neighbourhood to see the rest.")
        graph = graph.subgraph(keep).copy()
    return graph, note


def build_network(
    data: ViewData,
    rows: Sequence[Collaboration],
    base_iri: str,
    *,
    gaps: Sequence[PairGap] = (),
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    vocabulary: Vocabulary | None = None,
) -> tuple[Network, dict[str, Any]]:
    """The pyvis network (nodes and edges with positions) and the extra data the page needs.

    With the graph's `vocabulary`, the theme and type filters include narrower themes and subtypes,
    as every filter does (`graph.filters`): each theme lists the themes it `covers`, each type the
    types it covers (`typeCovers`)."""
    graph, note = _organisation_graph(data, rows, focus, depth, max_nodes)
    positions = layout(graph)
    measures = node_measures(collaboration_graph(rows, scope="all").subgraph(graph.nodes).copy())
    net = Network(directed=False, cdn_resources="remote")
    net.toggle_physics(False)

    activity_ids = sorted({a for _u, _v, d in graph.edges(data=True) for a in d["activities"]}
                          | {a.iri for a in data.activities.values() if set(a.participants) & set(graph.nodes)})
    activity_index = {iri: i for i, iri in enumerate(activity_ids)}
    theme_ids = sorted(data.themes)
    theme_index = {iri: i for i, iri in enumerate(theme_ids)}

    for node in graph.nodes:
        entity = data.entities.get(node)
        kind = _kind_key(entity)
        label = entity.label if entity else local_name(node)
        x, y = positions[node]
        net.add_node(
            node, label=entity.short if entity else label, title=f"{label} — {KIND_COLOURS[kind][1]}",
            color=KIND_COLOURS[kind][0], shape="dot", size=12, x=x, y=y, physics=False,
            layer="organisation", kind=kind, agency=bool(entity and entity.is_agency), name=label,
            agencyId=(entity.id or local_name(node)) if entity and entity.is_agency else None,  # as in /collaborations/{a}/{b}
            search=_search_text(entity, label),
            measures={m: round(values.get(node, 0.0), 6) for m, values in measures.items()},
            href=id_path(node, base_iri),
        )
    for n, (u, v, d) in enumerate(graph.edges(data=True)):
        edge = Edge(u, v, id=f"e{n}", layer="collaboration", width=1,
                    activities=sorted(activity_index[a] for a in d["activities"]), color={"color": "#8aa1c1", "opacity": 0.7})
        net.edges.append(edge.options)

    layer_counter = 0
    with_activities = len(activity_ids) <= MAX_ACTIVITY_NODES
    if not with_activities:
        note = ((note + " ") if note else "") + (
            f"The activity layer is off: {len(activity_ids):,} activities are too many to draw; "
            "open one agency's neighbourhood to see them.")
    for iri in activity_ids if with_activities else ():
        activity = data.activities.get(iri)
        if activity is None:
            continue
        members = [p for p in activity.participants if p in positions]
        x, y = _around([positions[p] for p in members], activity_index[iri] * 37)
        net.add_node(iri, label=" ", title=f"{_words(activity.type)}: {activity.label}", color=KIND_COLOURS["Activity"][0],
                     shape=LAYER_SHAPES["activity"], size=5, x=x, y=y, physics=False, hidden=True, layer="activity",
                     kind="Activity", name=activity.label, search="", activities=[activity_index[iri]], href=id_path(iri, base_iri))
        for p in members:
            layer_counter += 1
            net.edges.append(Edge(iri, p, id=f"l{layer_counter}", layer="activity", width=0.5, hidden=True,
                                  activities=[activity_index[iri]], color={"color": "#d9c25a"}).options)
    for attr, layer, kind in (("instruments", "instrument", "Instrument"), ("systems", "system", "InformationSystem")):
        users: dict[str, dict[str, set[int]]] = {}
        for iri in activity_ids:
            activity = data.activities.get(iri)
            if activity is None:
                continue
            for target in getattr(activity, attr):
                for p in activity.participants:
                    if p in positions:
                        users.setdefault(target, {}).setdefault(p, set()).add(activity_index[iri])
        for target, by_org in sorted(users.items()):
            entity = data.entities.get(target)
            label = entity.label if entity else local_name(target)
            x, y = _around([positions[p] for p in by_org], len(target) * 53)
            all_acts = sorted(set().union(*by_org.values()))
            net.add_node(target, label=entity.short if entity else label, title=f"{label} — {KIND_COLOURS[kind][1]}",
                         color=KIND_COLOURS[kind][0], shape=LAYER_SHAPES[layer], size=10, x=x, y=y, physics=False, hidden=True,
                         layer=layer, kind=kind, name=label,
                         search=_search_text(entity, label),
                         activities=all_acts, href=id_path(target, base_iri))
            for org, acts in sorted(by_org.items()):
                layer_counter += 1
                net.edges.append(Edge(target, org, id=f"l{layer_counter}", layer=layer, width=0.7, hidden=True,
                                      activities=sorted(acts), color={"color": KIND_COLOURS[kind][0], "opacity": 0.5}).options)

    agencies = {n for n in graph.nodes if data.entities.get(n) is not None and data.entities[n].is_agency}
    gap_edges = _gap_edges(gaps, agencies)
    net.edges.extend(gap_edges)

    activities = [
        {"iri": iri, "type": a.type, "status": a.status, "year": a.year, "label": a.label,
         "themes": [theme_index[t] for t in a.themes if t in theme_index]}
        for iri in activity_ids if (a := data.activities.get(iri)) is not None
    ]
    covers = _type_covers({str(a["type"]) for a in activities}, vocabulary)
    extra = {
        "activities": activities,
        "themes": [{"iri": t, "id": local_name(t), "label": data.themes[t], "covers": _theme_covers(t, theme_index, vocabulary)}
                   for t in theme_ids],
        "types": sorted(covers),
        "typeCovers": covers,
        "statuses": list(ALL_STATUSES),
        "defaultStatuses": list(HAPPENED),
        "years": sorted({a["year"] for a in activities}),
        "measures": [{"id": k, "label": v} for k, v in MEASURES.items()],
        "note": note,
        "layers": {"activity": with_activities},
        "focus": focus,
        "gaps": len(gap_edges),
    }
    return net, extra


def _theme_covers(theme: str, index: dict[str, int], vocabulary: Vocabulary | None) -> list[int]:
    """Indexes of the theme and its narrower themes: what choosing it in the theme filter selects."""
    below = vocabulary.narrower(theme) if vocabulary is not None and theme in vocabulary.themes else {theme}
    return sorted(index[t] for t in below if t in index)


def _type_covers(present: set[str], vocabulary: Vocabulary | None) -> dict[str, list[str]]:
    """Each type worth offering (those present and the types above them) → the present types it selects."""
    covers: dict[str, set[str]] = {}
    for kind in present:
        above = vocabulary.type_parents.get(kind, {kind}) if vocabulary is not None else {kind}
        for parent in {kind, *above} - {"Activity"}:
            covers.setdefault(parent, set()).add(kind)
    return {kind: sorted(found) for kind, found in sorted(covers.items())}


def explorer_payload(
    data: ViewData,
    rows: Sequence[Collaboration],
    base_iri: str,
    *,
    gaps: Sequence[PairGap] = (),
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    vocabulary: Vocabulary | None = None,
) -> dict[str, Any]:
    """Everything the explorer page draws, as one JSON-ready dict (pyvis nodes, edges and options)."""
    net, extra = build_network(data, rows, base_iri, gaps=gaps, focus=focus, depth=depth, max_nodes=max_nodes, vocabulary=vocabulary)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    kinds = sorted({n["kind"] for n in nodes}, key=list(KIND_COLOURS).index)
    legend = [{"kind": k, "colour": KIND_COLOURS[k][0], "label": KIND_COLOURS[k][1]} for k in kinds]
    return {"nodes": nodes, "edges": edges, "options": options, "legend": legend,
            "gapColours": GAP_COLOURS, **extra}
