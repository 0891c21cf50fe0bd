"""Linked Data views of one entity: its triples (RDF formats) or a small HTML page of them."""

from __future__ import annotations

import html

import pyoxigraph as ox

from graph.store.base import Store
from graph.store.service_description import NS
from queries import get_query

__all__ = ["describe", "entity_html", "entity_iri", "serialise_triples"]

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
    result = store.query(get_query("describe_entity").text, substitutions={"_entity": node})
    if not isinstance(result, ox.QueryTriples):
        raise TypeError(f"describe_entity is a CONSTRUCT query; got {type(result).__name__}")
    return list(result)


def serialise_triples(triples: list[ox.Triple], fmt: ox.RdfFormat, base_iri: str) -> bytes:
    return ox.serialize(triples, format=fmt, prefixes={**PREFIXES, "jhakg": base_iri}) or b""


def _curie(iri: str, base_iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _cell(term: object, base_iri: str) -> str:
    if isinstance(term, ox.NamedNode):
        href = "/id/" + term.value[len(base_iri):] if term.value.startswith(base_iri) and "#" not in term.value else term.value
        return f'<a href="{html.escape(href)}">{html.escape(_curie(term.value, base_iri))}</a>'
    if isinstance(term, ox.Literal):
        lang = f' <small>@{html.escape(term.language)}</small>' if term.language else ""
        return f"{html.escape(term.value)}{lang}"
    return html.escape(str(term))


def entity_html(iri: str, triples: list[ox.Triple], base_iri: str) -> str:
    """A self-contained page (no outside assets) listing the entity's statements, everything escaped."""
    own = [t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    labels = [t.object.value for t in own if isinstance(t.object, ox.Literal)
              and t.predicate.value in (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label")]
    title = labels[0] if labels else iri
    rows = "".join(f"<tr><th>{_cell(t.predicate, base_iri)}</th><td>{_cell(t.object, base_iri)}</td></tr>"
                   for t in sorted(own, key=lambda t: (t.predicate.value, str(t.object))))
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)} — jha-kg</title>"
        "<style>body{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "th{text-align:left;vertical-align:top;padding:.2rem 1rem .2rem 0;white-space:nowrap}td{padding:.2rem 0}</style>"
        f"</head><body><h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>"
        f"<p>Also as <a href=\"?format=ttl\">Turtle</a> and <a href=\"?format=jsonld\">JSON-LD</a>.</p>"
        f"<table>{rows}</table></body></html>"
    )
