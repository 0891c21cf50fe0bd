"""Named queries as an API: listing them and binding request parameters to their `?_name` variables.

A parameter value is bound as an RDF term, never pasted into the text. Short forms are expanded
so analysts can write `agency=frontex` instead of the full IRI: an absolute IRI is used as is;
for a parameter named after an entity kind (`_agency`, `_theme`, `_system`, …) a bare slug becomes
`{base}{kind}/{slug}`; `_type` and `_status` name ontology terms (`Training`, `done`); `_year` is
an xsd:gYear; anything else is a plain literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from graph.store.runner import QueryJob, Term
from jhakg.errors import BadInput, UnknownName
from ontology.namespaces import JHA
from ontology.registry import AGENCY_IDS
from queries import NamedQuery, get_query, load_queries

__all__ = ["ENTITY_KINDS", "all_queries", "bind", "describe", "job_for_named", "term_for"]

ENTITY_KINDS = ("agency", "organisation", "instrument", "system", "activity", "theme", "place", "report", "passage",
                "opportunity")
ONTOLOGY = str(JHA)
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


def describe(query: NamedQuery) -> dict[str, object]:
    """The public face of a named query: name, summary, description, form, parameters, text."""
    return {
        "name": query.name, "summary": query.summary, "description": query.description, "form": query.form,
        "parameters": [{"name": p.lstrip("_"), "variable": f"?{p}", "description": query.param_docs.get(p, "")}
                       for p in query.params],
        "text": query.text,
    }


def term_for(param: str, value: str, base_iri: str) -> Term:
    """The RDF term a parameter value stands for (see the module docstring); `BadInput` for a bad IRI."""
    name = param.lstrip("_")
    if value.lower().startswith("jha:"):
        return ("iri", ONTOLOGY + value[4:])
    if _ABSOLUTE.match(value):
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise BadInput(f"{name} is not a valid IRI: {value!r} ({exc})") from exc
        return ("iri", value)
    if name in ("type", "status", "class") and _SLUG.match(value):
        return ("iri", ONTOLOGY + value[:1].upper() + value[1:])
    if name == "year" and re.fullmatch(r"\d{4}", value):
        return ("literal", value, "http://www.w3.org/2001/XMLSchema#gYear")
    if name in ("agency", "partner") and _SLUG.match(value):
        kind = "agency" if value.lower() in AGENCY_IDS else "organisation"
        return ("iri", f"{base_iri}{kind}/{value.lower() if kind == 'agency' else value}")
    if name in ENTITY_KINDS and _SLUG.match(value):
        return ("iri", f"{base_iri}{name}/{value}")
    if name in (*ENTITY_KINDS, "partner", "entity", "type", "status", "class"):
        raise BadInput(f"{name} must be an absolute IRI or a short id (letters, digits, '-', '_', '.'), got {value!r}")
    return ("literal", value, None)


def bind(query: NamedQuery, given: Mapping[str, str], base_iri: str) -> dict[str, Term]:
    """Substitutions for the given parameters (`agency=` or `_agency=`); unknown names are an error."""
    known = {p.lstrip("_"): p for p in query.params}
    out: dict[str, Term] = {}
    for key, value in given.items():
        param = known.get(key.lstrip("_"))
        if param is None:
            raise UnknownName("parameter", key, known, hint=f" (of query {query.name!r}{'' if known else ', which takes none'})")
        out[param] = term_for(param, value, base_iri)
    return out


def job_for_named(name: str, given: Mapping[str, str], base_iri: str, *, accept: str = "", fmt: str | None = None) -> QueryJob:
    """A QueryJob running a named query with bound parameters (`NotFound` for an unknown name, `BadInput` for a bad value)."""
    query = get_query(name)
    return QueryJob(query.text, accept=accept, format=fmt, substitutions=bind(query, given, base_iri))


def all_queries() -> list[dict[str, object]]:
    return [describe(q) for q in load_queries().values()]
