"""Synthetic JHA-like graphs in jha-kg's own model, at any size, seeded and reproducible.

Written as N-Triples straight to disk (one file per named graph, as `jhakg build` lays them out)
so millions of triples never pass through an rdflib Graph. The real reference graph (ontology +
registry) comes first, so class-hierarchy queries (`rdfs:subClassOf*`) and the collaboration query
(`?type a owl:Class`) work exactly as on the real report. The shape follows the 2017 report:
activities of 2–6 participants (at least one agency) with roles, statuses, themes, instruments,
systems, dates and places, each derived from a passage with its quote, one graph per report year.

    .venv/bin/python -m bench.generate --triples 100k --out bench/results/data/100k
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from loaders.to_rdf import graph_iri, reference_graph
from ontology.registry import load_registry
from ontology.roles import ROLES as ROLE_NAMES
from ontology.roles import term_name

__all__ = ["Dataset", "generate", "parse_size"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
XSD = "http://www.w3.org/2001/XMLSchema#"
JHA = "https://w3id.org/jha-kg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

ACTIVITY_TYPES = ("Training", "Webinar", "OnlineModule", "Course", "Meeting", "Conference", "Workshop", "Publication",
                  "ThreatAssessment", "JointOperation", "Agreement", "MemorandumOfUnderstanding", "CooperationPlan",
                  "LiaisonPlacement", "InformationExchange", "Tool", "Project", "Support")
ORG_KINDS = ("EUInstitution", "EUBody", "EUAgency", "Network", "InternationalOrganisation", "CSDPMission",
             "MemberState", "ThirdCountry", "OtherOrganisation")
INSTRUMENT_KINDS = ("Directive", "Regulation", "Decision", "ActionPlan", "Strategy", "Framework")
STATUSES = (("Done", 55), ("Ongoing", 20), ("Planned", 15), ("Proposed", 10))
ROLES = tuple((role, term_name(role)) for role in ROLE_NAMES)  # (shortcut property, role class), lead first
WORDS = ("joint", "training", "border", "risk", "analysis", "cooperation", "exchange", "asylum", "drugs", "trafficking",
         "cybercrime", "fundamental", "rights", "gender", "judicial", "operational", "support", "workshop", "network",
         "strategic", "migration", "terrorism", "firearms", "document", "fraud", "information", "systems", "experts")
TRIPLES_PER_ACTIVITY = 42  # measured average of the mix below, for sizing


def parse_size(text: str) -> int:
    """'10k' → 10_000, '1M' → 1_000_000, '2500' → 2500."""
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


@dataclass
class Dataset:
    """A generated graph on disk: one N-Triples file per named graph, and its manifest."""

    folder: Path
    graphs: list[tuple[str, Path, int]]  # (graph IRI, file, triples)

    @property
    def triples(self) -> int:
        return sum(n for _g, _f, n in self.graphs)

    def sources(self) -> list[tuple[str, bytes]]:
        """(graph, N-Triples) pairs, as `Store.replace` takes them."""
        return [(graph, path.read_bytes()) for graph, path, _n in self.graphs]

    @classmethod
    def open(cls, folder: Path) -> Dataset:
        manifest = json.loads((folder / "manifest.json").read_text())
        return cls(folder, [(g["graph"], folder / g["file"], g["triples"]) for g in manifest["graphs"]])


class _Writer:
    """Counts the lines it writes; IRIs and literals are formatted once, by the caller."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} .\n")
        self.count += 1


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{XSD}{dtype}>' if dtype else f'"{escaped}"'


def generate(target: int, out: Path, seed: int = 7, base: str = "https://w3id.org/jha-kg/") -> Dataset:
    """Write about `target` triples (±2 %) under `out`; the same seed and target give the same bytes."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    registry = load_registry()
    graphs: list[tuple[str, Path, int]] = []

    ref_path = out / "reference.nt"
    ref_bytes = reference_graph(registry, base).serialize(format="nt", encoding="utf-8")
    ref_lines = sorted(set(ref_bytes.decode().splitlines()) - {""})  # rdflib's order is not stable
    ref_path.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    graphs.append((graph_iri(base, "reference"), ref_path, len(ref_lines)))

    activities = max(20, (target - len(ref_lines)) // TRIPLES_PER_ACTIVITY)
    agencies = [f"<{base}agency/{a.id}>" for a in registry.agencies]
    orgs = [f"<{base}organisation/{o.id}>" for o in registry.organisations]
    n_synthetic = max(40, activities // 16)
    synthetic_orgs = [f"<{base}organisation/synthetic-{i:05d}>" for i in range(n_synthetic)]
    instruments = [f"<{base}instrument/{i.id}>" for i in registry.instruments]
    synthetic_instruments = [f"<{base}instrument/synthetic-{i:04d}>" for i in range(max(20, activities // 200))]
    systems = [f"<{base}system/{s.id}>" for s in registry.systems]
    themes = [f"<{base}theme/{t.id}>" for t in registry.themes]
    places = [f"<{base}place/synthetic-city-{i:03d}>" for i in range(max(10, activities // 500))]

    ent_path = out / "entities.nt"
    with ent_path.open("w", encoding="utf-8") as fh:
        w = _Writer(fh)
        for i, node in enumerate(synthetic_orgs):
            kind = ORG_KINDS[rng.randrange(len(ORG_KINDS))]
            label = f"Synthetic {kind} {i}"
            w.t(node, RDF_TYPE, f"<{JHA}{kind}>")
            w.t(node, SKOS_LABEL, _lit(label, "en"))
            w.t(node, RDFS_LABEL, _lit(label, "en"))
            w.t(node, f"<{DCT}identifier>", _lit(f"synthetic-{i:05d}"))
        for i, node in enumerate(synthetic_instruments):
            kind = INSTRUMENT_KINDS[rng.randrange(len(INSTRUMENT_KINDS))]
            w.t(node, RDF_TYPE, f"<{JHA}{kind}>")
            w.t(node, SKOS_LABEL, _lit(f"Synthetic {kind} {i}", "en"))
            w.t(node, RDFS_LABEL, _lit(f"Synthetic {kind} {i}", "en"))
        for i, node in enumerate(places):
            w.t(node, RDF_TYPE, f"<{JHA}Place>")
            w.t(node, RDFS_LABEL, _lit(f"Synthetic city {i}"))
    graphs.append((graph_iri(base, "synthetic-entities"), ent_path, w.count))

    years = list(range(2024 - min(15, max(1, activities // 1500)) + 1, 2025))
    partners = orgs + synthetic_orgs
    all_instruments = instruments + synthetic_instruments
    status_pool = [s for s, weight in STATUSES for _ in range(weight)]
    per_year = -(-activities // len(years))
    for year in years:
        slug = f"synthetic-report-{year}"
        path = out / f"{slug}.nt"
        report = f"<{base}report/{slug}>"
        with path.open("w", encoding="utf-8") as fh:
            w = _Writer(fh)
            w.t(report, RDF_TYPE, f"<{JHA}Report>")
            w.t(report, f"<{DCT}title>", _lit(f"Synthetic JHA agencies' cooperation report {year}", "en"))
            w.t(report, f"<{JHA}year>", _lit(str(year), dtype="gYear"))
            w.t(report, f"<{DCT}publisher>", f"<{base}organisation/{registry.network.id}>")
            for n in range(per_year):
                _activity(w, rng, base, year, n, report, agencies, partners, all_instruments, systems, themes, places, status_pool)
        graphs.append((graph_iri(base, slug), path, w.count))

    manifest = {"seed": seed, "target": target, "triples": sum(g[2] for g in graphs),
                "graphs": [{"graph": g, "file": p.name, "triples": n} for g, p, n in graphs]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return Dataset(out, graphs)


def _activity(w: _Writer, rng: random.Random, base: str, year: int, n: int, report: str, agencies: list[str],
              partners: list[str], instruments: list[str], systems: list[str], themes: list[str], places: list[str],
              status_pool: list[str]) -> None:
    slug = f"{year}-{n:06d}"
    node = f"<{base}activity/synthetic-{slug}>"
    passage = f"<{base}passage/synthetic-{slug}>"
    kind = ACTIVITY_TYPES[rng.randrange(len(ACTIVITY_TYPES))]
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
    w.t(passage, RDF_TYPE, f"<{JHA}Passage>")
    w.t(passage, f"<{JHA}quote>", _lit(f"In {year} the agencies held a {words}."))
    w.t(passage, f"<{JHA}sectionPath>", _lit(f"{rng.randint(1, 9)}. Section > {rng.randint(1, 9)}.{rng.randint(1, 9)}"))
    w.t(passage, f"<{JHA}line>", _lit(str(n + 1), dtype="integer"))
    w.t(passage, f"<{DCT}isPartOf>", report)

    w.t(node, RDF_TYPE, f"<{JHA}{kind}>")
    w.t(node, RDFS_LABEL, _lit(f"{kind} on {words[:40]}", "en"))
    w.t(node, f"<{JHA}status>", f"<{JHA}{rng.choice(status_pool)}>")
    w.t(node, f"<{PROV}wasDerivedFrom>", passage)
    size = rng.randint(2, 6)
    chosen = {agencies[rng.randrange(len(agencies))]}
    while len(chosen) < size:
        chosen.add(agencies[rng.randrange(len(agencies))] if rng.random() < 0.45 else partners[rng.randrange(len(partners))])
    for i, agent in enumerate(sorted(chosen)):
        shortcut, role = ROLES[0] if i == 0 else ROLES[rng.randrange(1, len(ROLES))]
        association = f"<{base}activity/synthetic-{slug}#association-{i}>"
        w.t(node, f"<{PROV}qualifiedAssociation>", association)
        w.t(association, RDF_TYPE, f"<{PROV}Association>")
        w.t(association, f"<{PROV}agent>", agent)
        w.t(association, f"<{PROV}hadRole>", f"<{JHA}{role}>")
        w.t(node, f"<{JHA}participant>", agent)
        w.t(node, f"<{JHA}{shortcut}>", agent)
        w.t(node, f"<{PROV}wasAssociatedWith>", agent)
    for theme in rng.sample(themes, rng.randint(1, 3)):
        w.t(node, f"<{DCT}subject>", theme)
    if rng.random() < 0.3:
        w.t(node, f"<{JHA}concernsInstrument>", instruments[rng.randrange(len(instruments))])
    if rng.random() < 0.2:
        w.t(node, f"<{JHA}concernsSystem>", systems[rng.randrange(len(systems))])
    if rng.random() < 0.2:
        w.t(node, f"<{PROV}atLocation>", places[rng.randrange(len(places))])
    if rng.random() < 0.6:
        date = _lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", dtype="date")
        w.t(node, f"<{DCT}date>", date)
        w.t(node, f"<{SCHEMA}startDate>", date)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="100k", help="about how many triples: 10k, 100k, 1M, 5M or a number")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (one .nt per named graph + manifest.json)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    data = generate(parse_size(args.triples), args.out, args.seed)
    print(f"wrote {data.triples} triples in {len(data.graphs)} graphs to {args.out}")


if __name__ == "__main__":
    main()
