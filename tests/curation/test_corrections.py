"""The corrections file end to end: build with it, then see each change and its PROV record in the graph."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graph.build.pipeline import build
from graph.store.embedded import EmbeddedStore
from loaders.curation import CurationError, load_corrections
from loaders.report import load_report
from tests.conftest import DATA, JHAKG

BASE = "https://example.org/kg/"
REPORT = DATA / "report-2020.txt"
PROV = "http://www.w3.org/ns/prov#"
JHA = "https://w3id.org/jha-kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _ids() -> dict[str, str]:
    """Activity id by a word of its label, as an analyst would copy them from /api/activities."""
    record = load_report(REPORT)
    words = {"virtual workshop": "workshop", "training sessions": "training", "co-organised": "meeting",
             "jointly published": "published"}
    return {key: next(a.slug for a in record.activities if text in a.label) for text, key in words.items()}


def _build(tmp_path: Path, corrections: str) -> EmbeddedStore:
    path = tmp_path / "corrections.yaml"
    path.write_text(corrections, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store", writable=True)
    build(store, [REPORT], BASE, corrections=path)
    return store


def _participants(store: EmbeddedStore, slug: str) -> set[str]:
    rows = store.query(f"SELECT ?p WHERE {{ <{BASE}activity/{slug}> <{JHA}participant> ?p }}")
    return {r["p"].value.rsplit("/", 1)[-1] for r in rows}


def _revisions(store: EmbeddedStore, slug: str) -> list[tuple[str, str, str, str]]:
    rows = store.query(f"""SELECT ?action ?change ?reason ?author WHERE {{
        <{BASE}activity/{slug}> <{JHA}revisedBy> ?r .
        ?r a <{JHA}Revision>, <{PROV}Activity> ; <{JHA}correctionAction> ?action ; <{JHA}change> ?change ;
           <{RDFS}comment> ?reason ; <{PROV}wasAssociatedWith>/<{RDFS}label> ?author }}""")
    return [(r["action"].value, r["change"].value, r["reason"].value, r["author"].value) for r in rows]


def test_shipped_file_is_empty_and_valid() -> None:
    assert load_corrections(Path("curation/corrections.yaml")).corrections == []


def test_each_kind_of_correction_end_to_end(tmp_path: Path) -> None:
    ids = _ids()
    store = _build(tmp_path, f"""
corrections:
  - {{action: add_participant, activity: {ids['workshop']}, participant: europol, role: attendee,
      reason: "Europol attended, per the agenda", author: "A. Analyst"}}
  - {{action: remove_participant, activity: {ids['meeting']}, participant: frontex,
      reason: "only a venue", author: "B. Analyst"}}
  - {{action: set_status, activity: {ids['training']}, status: planned, reason: "announced, not held", author: "A. Analyst"}}
  - action: split
    activity: {ids['published']}
    parts:
      - {{quote: "The EMCDDA and Europol jointly published", participants: {{emcdda: lead}}}}
      - {{quote: "the EU Drug Markets Report in November 2020", participants: {{europol: partner}}, type: Publication}}
    reason: "two outputs"
    author: "C. Analyst"
  - {{action: merge, activities: [{ids['workshop']}, {ids['training']}], reason: "one programme", author: "A. Analyst"}}
""")
    try:
        workshop = ids["workshop"]
        assert "europol" in _participants(store, workshop)
        assert "cepol" in _participants(store, workshop)  # the merged training's supporter came along
        assert "frontex" not in _participants(store, ids["meeting"])
        status = store.query(f"SELECT ?s WHERE {{ <{BASE}activity/{workshop}> <{JHA}status> ?s }}")
        assert {r["s"].value for r in status} == {f"{JHA}Done"}  # the merge kept the first one's status
        assert not bool(store.query(f"ASK {{ <{BASE}activity/{ids['training']}> ?p ?o }}"))  # merged away
        revisions = _revisions(store, workshop)
        assert ("add_participant", "added europol as attendee", "Europol attended, per the agenda", "A. Analyst") in revisions
        assert any(a == "set_status" and c == "status done → planned" for a, c, _r, _w in revisions)
        assert any(a == "merge" and ids["training"] in c for a, c, _r, _w in revisions)
        assert _revisions(store, ids["meeting"]) == [("remove_participant", "removed frontex", "only a venue", "B. Analyst")]
        split = store.query(f"""SELECT ?a ?q WHERE {{ ?a <{JHA}revisedBy>/<{JHA}correctionAction> "split" ;
                                <{PROV}wasDerivedFrom>/<{JHA}quote> ?q }}""")
        quotes = {r["q"].value for r in split}
        assert quotes == {"The EMCDDA and Europol jointly published", "the EU Drug Markets Report in November 2020"}
    finally:
        store.close()


@pytest.mark.parametrize(("text", "said"), [
    ("corrections: [{action: set_status, activity: x, status: maybe, reason: r, author: a}]",
     "correction 1 (set_status): status:"),
    ("corrections: [{action: add_participant, activity: x, participant: europol, reason: r}]",
     "correction 1 (add_participant): author: Field required"),
    ("corrections: [{action: rename, activity: x, reason: r, author: a}]", "correction 1 (rename)"),
    ("corrections: [{action: set_status, activity: no-such-id, status: done, reason: r, author: a}]",
     "correction 1 (set_status): no activity 'no-such-id'"),
    ("corrections: [unclosed", "not valid YAML"),
])
def test_a_bad_file_is_one_line_naming_the_entry(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([*JHAKG, "build", "--store", str(tmp_path / "s"), "--report", str(REPORT), "--corrections", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and said in lines[0], result.stderr


def test_load_rejects_a_non_mapping(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- 1\n", encoding="utf-8")
    with pytest.raises(CurationError, match="expected a mapping"):
        load_corrections(path)
