"""Linked Data views of one entity: its triples (RDF formats), or what its page shows (the
template `api/templates/entity.html` renders it; the agency profile has its own page)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyoxigraph as ox

from graph.analytics import cached
from graph.analytics.projection import HAPPENED, select, short_id
from graph.cache import DerivedCache
from graph.entities.activities import get_activity
from graph.store.base import Store
from graph.store.formats import as_triples, rows_as_python
from graph.store.service_description import NS
from graph.views.view_data import entity_evidence
from queries import get_query

__all__ = ["describe", "entity_iri", "entity_view", "serialise_triples"]

LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
JHA = "https://w3id.org/jha-kg/ontology#"
MAX_INCOMING = 500
MAX_EVIDENCE = 300

PREFIXES = {**NS, "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "schema": "https://schema.org/", "org": "http://www.w3.org/ns/org#"}


def entity_iri(base_iri: str, kind: str, slug: str) -> str:
    return f"{base_iri}{kind}/{slug}"


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The entity's triples and those of its qualified associations (empty when unknown)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return []
    return list(as_triples(store.query(get_query("describe_entity").text, substitutions={"_entity": node})))


def serialise_triples(triples: list[ox.Triple], fmt: ox.RdfFormat, base_iri: str) -> bytes:
    return ox.serialize(triples, format=fmt, prefixes={**PREFIXES, "jhakg": base_iri}) or b""


def _curie(iri: str, base_iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _term(term: object, base_iri: str) -> dict[str, str | None]:
    """A term for a template: its text, where it links (a local page for IRIs minted under the base) and its language."""
    if isinstance(term, ox.NamedNode):
        return {"text": _curie(term.value, base_iri), "href": _href(term.value, base_iri), "iri": term.value, "lang": None}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "href": None, "iri": None, "lang": term.language}
    return {"text": str(term), "href": None, "iri": None, "lang": None}


def _href(iri: str, base_iri: str) -> str:
    return "/id/" + iri[len(base_iri):] if iri.startswith(base_iri) and "#" not in iri else iri


def entity_view(cache: DerivedCache, base_iri: str, kind: str, iri: str, triples: list[ox.Triple]) -> dict[str, Any]:
    """What an entity page shows: label, statements, what points at it, and the evidence for its kind."""
    own = [t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    labels = [t.object.value for t in own if isinstance(t.object, ox.Literal) and t.predicate.value in LABELS]
    statements = [{"predicate": _term(t.predicate, base_iri), "object": _term(t.object, base_iri)}
                  for t in sorted(own, key=lambda t: (t.predicate.value, str(t.object)))]
    _v, rows = rows_as_python(select(cache.store, "entity_links_in", {"_entity": ox.NamedNode(iri)}))
    incoming = [{"subject": {"text": r["label"] or _curie(r["subject"] or "", base_iri), "href": _href(r["subject"] or "", base_iri),
                             "iri": r["subject"]},
                 "predicate": _term(ox.NamedNode(r["predicate"] or ""), base_iri),
                 "class": _curie(r["class"] or "", base_iri) if r["class"] else None}
                for r in rows[:MAX_INCOMING]]
    view: dict[str, Any] = {"iri": iri, "kind": kind, "slug": iri[len(base_iri) + len(kind) + 1:], "label": labels[0] if labels else iri,
                            "statements": statements, "incoming": incoming, "incoming_total": len(rows),
                            "evidence": [], "activities": [], "agencies": []}
    if kind == "activity":
        record = get_activity(cache.store, base_iri, iri)
        if record:
            view["evidence"] = [{"section": e["section"], "quote": e["quote"]} for e in record["evidence"]]
            view["participants"] = [{"label": p["label"] or p["id"], "href": _href(p["iri"], base_iri), "roles": p["roles"]}
                                    for p in record["participants"]]
    elif kind in ("agency", "organisation", "instrument", "system"):
        view["evidence"] = [{"section": e["section"], "quote": e["quote"], "href": e["href"], "label": e["label"],
                             "status": e["status"]} for e in entity_evidence(cache.store, iri, base_iri)[:MAX_EVIDENCE]]
    elif kind == "passage":
        view["evidence"] = [{"section": s["object"]["text"], "quote": q["object"]["text"]}
                            for q in statements if q["predicate"]["iri"] == JHA + "quote"
                            for s in statements if s["predicate"]["iri"] == JHA + "sectionPath"]
    elif kind == "theme":
        view.update(_theme(cache, base_iri, iri))
    return view


def _theme(cache: DerivedCache, base_iri: str, iri: str) -> dict[str, Any]:
    """A theme's activities (its narrower themes included) and the agencies active in it, by joint activities."""
    network = cached.network(cache)
    wanted = network.narrower(iri) if iri in network.themes else {iri}
    acts = sorted((p for p in network.activity_info.values() if wanted.intersection(p.themes)), key=lambda p: p.activity)
    per_agency: Counter[str] = Counter()
    for p in network.participations:
        if p.is_agency and p.status in HAPPENED and wanted.intersection(p.themes):
            per_agency[p.org] += 1
    return {
        "activities": [{"id": short_id(p.activity), "label": p.label, "status": p.status, "type": p.type, "section": p.section,
                        "href": _href(p.activity, base_iri)} for p in acts],
        "agencies": [{"id": short_id(a), "label": network.label(a), "count": n, "href": _href(a, base_iri)}
                     for a, n in per_agency.most_common()],
        "narrower": sorted(network.themes[t].label for t in wanted if t != iri and t in network.themes),
    }
