"""SHACL validation of the store against `ontology/shapes.ttl` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Node
from rdflib.namespace import SH

from graph.store.base import Store
from ontology import SHAPES_TTL

__all__ = ["ValidationReport", "Violation", "validate_graph", "validate_store"]


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str | None
    message: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    text: str


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph; the ontology's subclass axioms must be in it."""
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    conforms, results, text = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        path = results.value(result, SH.resultPath)
        violations.append(Violation(
            focus=str(results.value(result, SH.focusNode)),
            shape=_shape_name(shapes, results, results.value(result, SH.sourceShape)),
            path=str(path) if path is not None else None,
            message=str(results.value(result, SH.resultMessage) or ""),
        ))
    return ValidationReport(bool(conforms), sorted(violations, key=lambda v: (v.shape, v.focus)), str(text))


def _shape_name(shapes: Graph, results: Graph, shape: Node | None) -> str:
    """A property shape is a blank node: name it by the node shape that holds it."""
    if shape is None:
        return ""
    if not isinstance(shape, BNode):
        return str(shape)
    for graph in (shapes, results):
        for parent in graph.subjects(SH.property, shape):
            return str(parent)
    return str(shape)


def validate_store(store: Store) -> ValidationReport:
    """Validate everything in the store (the union of its graphs)."""
    data = Graph()
    data.parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    return validate_graph(data)
