"""Records → RDF (rdflib), under a base IRI passed in, never read from globals.

Two graphs come out: the reference graph (ontology, registry entities, themes, the network) and
one graph per report (report, passages, activities, opportunities). IRIs follow PRODUCT.md:
`{base}agency/{id}`, `{base}{kind}/{slug}`, with slugs derived from content so that two builds of
the same input give the same IRIs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from loaders.records import ActivityRecord, Evidence, OpportunityRecord, Passage, ReportRecord
from ontology import ONTOLOGY_TTL
from ontology.namespaces import (
    DCTERMS,
    ELI,
    FOAF,
    JHA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    bind_prefixes,
)
from ontology.registry import Registry
from ontology.roles import ROLES, property_name, term_name

__all__ = ["Minter", "graph_iri", "reference_graph", "report_graph", "slugify"]

ROLE_TERMS = {role: JHA[term_name(role)] for role in ROLES}
ROLE_SHORTCUTS = {role: JHA[property_name(role)] for role in ROLES}
STATUS_TERMS = {"done": JHA.Done, "ongoing": JHA.Ongoing, "planned": JHA.Planned, "proposed": JHA.Proposed}


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': readable and stable."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class Minter:
    """Mints the IRIs of every kind of entity under one base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base

    def agency(self, ident: str) -> URIRef:
        return URIRef(f"{self.base}agency/{ident}")

    def entity(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{slug}")

    def org(self, ident: str, registry: Registry) -> URIRef:
        """An agency IRI for the nine, an organisation IRI for anything else."""
        if any(a.id == ident for a in registry.agencies):
            return self.agency(ident)
        return self.entity("organisation", ident)


def graph_iri(base: str, name: str) -> str:
    """The named graph a source is loaded into."""
    return f"{base}graph/{name}"


def _date_literal(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def reference_graph(registry: Registry, base: str) -> Graph:
    """The ontology plus everything the registry knows, independent of any report."""
    g = bind_prefixes(Graph())
    g.parse(ONTOLOGY_TTL, format="turtle")
    mint = Minter(base)
    sources = {key: URIRef(src.url) for key, src in registry.sources.items()}

    def names(node: URIRef, entry: Any) -> None:
        g.add((node, SKOS.prefLabel, Literal(entry.label, lang="en")))
        g.add((node, RDFS.label, Literal(entry.label, lang="en")))
        if getattr(entry, "acronym", None):
            g.add((node, JHA.acronym, Literal(entry.acronym)))
        for alias in getattr(entry, "aliases", ()):
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for match in getattr(entry, "exactMatch", ()):
            g.add((node, SKOS.exactMatch, URIRef(match.iri)))
            g.add((URIRef(match.iri), DCTERMS.source, sources[match.source]))

    network = mint.entity("organisation", registry.network.id)
    g.add((network, RDF.type, JHA.AgencyNetwork))
    names(network, registry.network)
    if registry.network.established:
        g.add((network, SCHEMA.foundingDate, Literal(str(registry.network.established), datatype=XSD.gYear)))
    for chair in registry.network.chairs:
        membership = URIRef(f"{base}organisation/{registry.network.id}/chair/{chair.year}")
        g.add((membership, RDF.type, ORG.Membership))
        g.add((membership, ORG.organization, network))
        g.add((membership, ORG.member, mint.agency(chair.agency)))
        g.add((membership, ORG.role, JHA.ChairRole))
        g.add((membership, JHA.year, Literal(str(chair.year), datatype=XSD.gYear)))
        g.add((membership, DCTERMS.source, sources[chair.source]))

    for agency in registry.agencies:
        node = mint.agency(agency.id)
        g.add((node, RDF.type, JHA.Agency))
        names(node, agency)
        g.add((node, DCTERMS.identifier, Literal(agency.id)))
        g.add((node, FOAF.homepage, URIRef(agency.website)))
        g.add((node, SCHEMA.location, Literal(agency.seat)))
        g.add((network, ORG.hasMember, node))
        if agency.successor:
            succ = mint.entity("organisation", agency.successor.id)
            g.add((succ, RDF.type, JHA.EUAgency))
            g.add((succ, SKOS.prefLabel, Literal(agency.successor.label, lang="en")))
            g.add((succ, RDFS.label, Literal(agency.successor.label, lang="en")))
            if agency.successor.acronym:
                g.add((succ, JHA.acronym, Literal(agency.successor.acronym)))
            if agency.successor.established_by:
                g.add((succ, DCTERMS.source, URIRef(agency.successor.established_by)))
            g.add((node, JHA.successor, succ))

    for org in registry.organisations:
        node = mint.entity("organisation", org.id)
        g.add((node, RDF.type, JHA[org.kind]))
        names(node, org)
        g.add((node, DCTERMS.identifier, Literal(org.id)))
        if org.unitOf:
            g.add((node, ORG.unitOf, mint.org(org.unitOf, registry)))

    for ins in registry.instruments:
        node = mint.entity("instrument", ins.id)
        g.add((node, RDF.type, JHA[ins.kind]))
        names(node, ins)
        if ins.celex:
            g.add((node, ELI.id_local, Literal(ins.celex)))
        if ins.eli:
            g.add((node, SKOS.exactMatch, URIRef(ins.eli)))
            g.add((node, OWL.sameAs, URIRef(ins.eli)))
        if ins.source:
            g.add((node, DCTERMS.source, sources[ins.source]))

    for system in registry.systems:
        node = mint.entity("system", system.id)
        g.add((node, RDF.type, JHA.InformationSystem))
        names(node, system)
        if system.operatedBy:
            g.add((node, JHA.operatedBy, mint.org(system.operatedBy, registry)))

    scheme = mint.entity("theme", "scheme")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Themes of JHA agencies' cooperation", lang="en")))
    for theme in registry.themes:
        node = mint.entity("theme", theme.id)
        g.add((node, RDF.type, JHA.Theme))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, Literal(theme.label, lang="en")))
        g.add((node, RDFS.label, Literal(theme.label, lang="en")))
        g.add((node, SKOS.inScheme, scheme))
        if theme.crossCutting:
            g.add((node, JHA.crossCutting, Literal(True)))
        if theme.broader:
            g.add((node, SKOS.broader, mint.entity("theme", theme.broader)))
        else:
            g.add((scheme, SKOS.hasTopConcept, node))
    return g


def report_graph(record: ReportRecord, registry: Registry, base: str) -> Graph:
    """One report's passages, activities and opportunities, each traced to its passage."""
    g = bind_prefixes(Graph())
    mint = Minter(base)
    report = mint.entity("report", record.slug)
    g.add((report, RDF.type, JHA.Report))
    g.add((report, DCTERMS.title, Literal(record.title, lang="en")))
    g.add((report, JHA.year, Literal(str(record.year), datatype=XSD.gYear)))
    g.add((report, DCTERMS.publisher, mint.entity("organisation", registry.network.id)))
    if record.source:
        g.add((report, DCTERMS.source, Literal(record.source)))

    for ident, (label, acronym, kind) in sorted(record.organisations.items()):
        node = mint.entity("organisation", ident)  # from the report's acronym list, not the registry
        g.add((node, RDF.type, JHA[kind]))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((node, JHA.acronym, Literal(acronym)))
        g.add((node, DCTERMS.identifier, Literal(ident)))
        g.add((node, DCTERMS.source, report))

    for ident, (label, kind) in sorted(record.instruments.items()):
        node = mint.entity("instrument", ident)  # named by pattern in the report, not in the registry
        g.add((node, RDF.type, JHA[kind]))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((node, DCTERMS.source, report))

    written: set[str] = set()

    def passage_node(passage: Passage) -> URIRef:
        node = mint.entity("passage", passage.slug)
        if passage.slug not in written:
            written.add(passage.slug)
            g.add((node, RDF.type, JHA.Passage))
            g.add((node, JHA.quote, Literal(passage.text)))
            g.add((node, JHA.sectionPath, Literal(passage.section_path)))
            g.add((node, JHA.line, Literal(passage.line)))
            g.add((node, DCTERMS.isPartOf, report))
        return node

    def clause_node(evidence: Evidence) -> URIRef:
        """The sentence's node when the clause is all of it, else a jha:Clause node inside it."""
        sentence = passage_node(evidence.passage)
        if evidence.whole:
            return sentence
        slug = f"{evidence.passage.slug}-{evidence.start}-{evidence.end}"
        node = mint.entity("passage", slug)
        if slug not in written:
            written.add(slug)
            g.add((node, RDF.type, JHA.Passage))
            g.add((node, RDF.type, JHA.Clause))
            g.add((node, JHA.quote, Literal(evidence.quote)))
            g.add((node, JHA.sentence, Literal(evidence.passage.text)))
            g.add((node, JHA.clauseOf, sentence))
            g.add((node, JHA.sectionPath, Literal(evidence.passage.section_path)))
            g.add((node, JHA.line, Literal(evidence.passage.line)))
            g.add((node, DCTERMS.isPartOf, report))
        return node

    for activity in record.activities:
        _activity(g, activity, mint, registry, clause_node)
    for opportunity in record.opportunities:
        _opportunity(g, opportunity, mint, registry, passage_node)
    for passage in record.unplaced:
        g.add((passage_node(passage), JHA.unplaced, Literal(True)))
    return g


def _activity(g: Graph, activity: ActivityRecord, mint: Minter, registry: Registry,
              clause_node: Callable[[Evidence], URIRef]) -> None:
    node = mint.entity("activity", activity.slug)
    g.add((node, RDF.type, JHA[activity.type]))
    g.add((node, RDFS.label, Literal(activity.label, lang="en")))
    g.add((node, JHA.status, STATUS_TERMS[activity.status]))
    for evidence in activity.clauses():
        g.add((node, PROV.wasDerivedFrom, clause_node(evidence)))
    for part in activity.participants:
        agent = mint.org(part.org, registry)
        association = URIRef(f"{node}#association-{part.org}")
        if part.inferred_from is not None:
            source = clause_node(part.inferred_from)
            g.add((association, JHA.inferredFrom, source))
            g.add((node, JHA.inferredFrom, source))
        g.add((node, PROV.qualifiedAssociation, association))
        g.add((association, RDF.type, PROV.Association))
        g.add((association, PROV.agent, agent))
        g.add((association, PROV.hadRole, ROLE_TERMS[part.role]))
        g.add((node, JHA.participant, agent))
        g.add((node, ROLE_SHORTCUTS[part.role], agent))
        g.add((node, PROV.wasAssociatedWith, agent))
    for theme in activity.themes:
        g.add((node, DCTERMS.subject, mint.entity("theme", theme)))
    for ins in activity.instruments:
        g.add((node, JHA.concernsInstrument, mint.entity("instrument", ins)))
    for system in activity.systems:
        g.add((node, JHA.concernsSystem, mint.entity("system", system)))
    for place in activity.places:
        place_node = mint.entity("place", slugify(place))
        g.add((place_node, RDF.type, JHA.Place))
        g.add((place_node, RDFS.label, Literal(place)))
        g.add((node, PROV.atLocation, place_node))
    if activity.date:
        g.add((node, DCTERMS.date, _date_literal(activity.date)))
        if len(activity.date) == 10:
            g.add((node, SCHEMA.startDate, _date_literal(activity.date)))
    if activity.end_date:
        g.add((node, SCHEMA.endDate, _date_literal(activity.end_date)))
    for revision in activity.revisions:
        change = URIRef(f"{node}#revision-{revision.index}")
        author = mint.entity("curator", slugify(revision.author))
        g.add((node, JHA.revisedBy, change))
        g.add((change, RDF.type, JHA.Revision))
        g.add((change, RDF.type, PROV.Activity))
        g.add((change, JHA.correctionAction, Literal(revision.action)))
        g.add((change, JHA.change, Literal(revision.detail)))
        g.add((change, RDFS.comment, Literal(revision.reason)))
        g.add((change, PROV.wasAssociatedWith, author))
        g.add((author, RDF.type, PROV.Person))
        g.add((author, RDFS.label, Literal(revision.author)))


def _opportunity(g: Graph, opp: OpportunityRecord, mint: Minter, registry: Registry,
                 passage_node: Callable[[Passage], URIRef]) -> None:
    node = mint.entity("opportunity", opp.slug)
    g.add((node, RDF.type, JHA.Opportunity))
    g.add((node, JHA.opportunityKind, Literal(opp.kind)))
    g.add((node, RDFS.label, Literal(opp.passages[0].text[:120], lang="en")))
    for passage in opp.passages:
        g.add((node, PROV.wasDerivedFrom, passage_node(passage)))
    for org in opp.organisations:
        g.add((node, JHA.concerns, mint.org(org, registry)))
    for theme in opp.themes:
        g.add((node, DCTERMS.subject, mint.entity("theme", theme)))
    for ins in opp.instruments:
        g.add((node, JHA.concerns, mint.entity("instrument", ins)))
    for system in opp.systems:
        g.add((node, JHA.concerns, mint.entity("system", system)))
