"""Report PDFs: a PDF printed from the report text by real Chromium reads as the text does.

The PDF is re-flowed (justified, hyphenated, running header, page numbers, footnotes in small
type), so page furniture, hyphenation and page-cut sentences all differ from the text file; the
graph built from it must still match the text's graph (activity count within 5 %, agency pair
counts within 3 % in total).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pypdfium2
import pytest

from graph.analytics.projection import collaboration_rows
from graph.store.embedded import EmbeddedStore
from graph.store.formats import as_solutions
from loaders.pdf import PdfReportError, pdf_blocks, read_pdf_text
from loaders.report import BUNDLED_REPORTS, load_report
from loaders.text import normalise_space, split_passages
from tests.conftest import DATA, JHAKG, ROOT
from tests.report_pdf import html_to_pdf

HEADER = "EU Justice and Home Affairs agencies' cooperation in 2017"


@pytest.fixture(scope="module")
def report_pdf(pdf_of: Callable[[Path], Path]) -> Path:
    return pdf_of(BUNDLED_REPORTS[0])


@dataclass
class PdfBuild:
    store: EmbeddedStore
    counts: dict[str, str]
    stderr: str


@pytest.fixture(scope="module")
def pdf_build(report_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """`jhakg build --report report.pdf`, run as a user runs it."""
    path = tmp_path_factory.mktemp("pdf-store") / "s"
    result = subprocess.run([*JHAKG, "build", "--store", str(path), "--report", str(report_pdf)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = {line.split("│")[1].strip(): line.split("│")[2].strip()
              for line in result.stdout.splitlines() if line.count("│") == 3}
    return PdfBuild(EmbeddedStore(path), counts, result.stderr)


def _pair_counts(store: EmbeddedStore) -> Counter[tuple[str, str]]:
    seen: dict[tuple[str, str], set[str]] = {}
    for r in collaboration_rows(store):
        if r.a_is_agency and r.b_is_agency:
            seen.setdefault((r.a, r.b), set()).add(r.activity)
    return Counter({pair: len(acts) for pair, acts in seen.items()})


def test_the_pdf_looks_published(report_pdf: Path) -> None:
    pdf = pypdfium2.PdfDocument(report_pdf)
    try:
        assert len(pdf) >= 20
        raw = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert sum(HEADER in page for page in raw) >= len(raw) - 1  # a running header on every page but the title
    assert sum(bool(re.search(rf"^{i + 1}\r?$", page, re.MULTILINE)) for i, page in enumerate(raw)) >= len(raw) - 1
    assert sum(page.count("\u2010\r\n") for page in raw) >= 50  # words hyphenated at line ends


def test_pdf_graph_matches_the_text_graph(pdf_build: PdfBuild, store: EmbeddedStore, report_pdf: Path) -> None:
    pdf_store = pdf_build.store
    assert f"{report_pdf.name}: " in pdf_build.stderr
    text_counts = {row["class"].value.rsplit("#", 1)[-1]: int(row["count"].value) for row in as_solutions(store.query(
        "SELECT ?class (COUNT(DISTINCT ?x) AS ?count) WHERE { VALUES ?class { <https://w3id.org/jha-kg/ontology#Activity> }"
        " ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class } GROUP BY ?class"))}
    text_activities, pdf_activities = text_counts["Activity"], int(pdf_build.counts["Activity"])
    assert text_activities >= 200
    assert abs(pdf_activities - text_activities) <= 0.05 * text_activities, (pdf_activities, text_activities)
    text_pairs, pdf_pairs = _pair_counts(store), _pair_counts(pdf_store)
    difference = sum(abs(text_pairs[p] - pdf_pairs[p]) for p in set(text_pairs) | set(pdf_pairs))
    assert len(text_pairs) >= 30
    assert difference <= 0.03 * sum(text_pairs.values()), (difference, sum(text_pairs.values()))


def _quotes(store: EmbeddedStore) -> set[str]:
    return {row["q"].value for row in as_solutions(store.query(
        "SELECT DISTINCT ?q WHERE { ?a <http://www.w3.org/ns/prov#wasDerivedFrom>/<https://w3id.org/jha-kg/ontology#quote> ?q }"))}


def test_pdf_quotes_are_the_pdfs_own_text_and_the_reports_words(pdf_build: PdfBuild, store: EmbeddedStore,
                                                                 report_pdf: Path) -> None:
    pdf_store = pdf_build.store
    text = normalise_space(read_pdf_text(report_pdf))
    quotes = _quotes(pdf_store)
    assert len(quotes) >= 200
    assert [q for q in quotes if q not in text] == []
    assert not [q for q in quotes if HEADER in q]
    assert not [q for q in quotes if "\u2010" in q or "\ufffe" in q or "\u00ad" in q]  # no typesetter's hyphen left
    same = quotes & _quotes(store)
    assert len(same) >= 0.95 * len(quotes), sorted(quotes - same)[:5]


def test_hyphenation_page_numbers_and_footnotes(report_pdf: Path) -> None:
    record = load_report(report_pdf)
    passages = [p.text for p in record.passages]
    # words the PDF hyphenated at line ends come back whole; hyphens of the text stay
    joined = " ".join(passages)
    for word in ("interoperability", "cooperation", "inter-agency", "eu-LISA", "capacity-building"):
        assert word in joined
    # the running header and the page numbers are not read as text
    assert passages.count(HEADER) == 1  # the title page's title only
    assert not [p for p in passages if p.strip().isdigit()]
    # footnotes are set aside, not read as sentences, also when they sat in the middle of a paragraph
    note = "Interoperability is a theme that is wider than internal security"
    assert any(note in p.text for p in record.set_aside)
    assert not any(note in p for p in passages)
    # a paragraph that a page break cut in two is one paragraph again, its sentences whole
    cut = [b for b in pdf_blocks(report_pdf) if b.lines[0].page != b.lines[-1].page]
    assert len(cut) >= 5
    for block in cut:
        i = next(i for i, line in enumerate(block.lines) if line.page != block.lines[0].page)
        before, after = block.lines[i - 1].text.split()[-1], block.lines[i].text.split()[0]
        assert any(re.search(rf"{re.escape(before.rstrip(chr(0x2010)))}\S*\s+\S*{re.escape(after)}", p) or
                   f"{before.rstrip(chr(0x2010))}{after}" in p for p in passages + [n.text for n in record.set_aside]), (before, after)


def _scan(report_pdf: Path, target: Path) -> Path:
    """An image-only PDF, as a scanner makes it: two pages of the report rendered as pictures."""
    pdf = pypdfium2.PdfDocument(report_pdf)
    try:
        images = [pdf[i].render(scale=1).to_pil().convert("RGB") for i in (1, 2)]
    finally:
        pdf.close()
    images[0].save(target, save_all=True, append_images=images[1:])
    return target


def test_a_scan_without_text_layer_is_refused_in_one_line(report_pdf: Path, tmp_path: Path) -> None:
    scan = _scan(report_pdf, tmp_path / "scanned.pdf")
    with pytest.raises(PdfReportError, match="no text layer"):
        read_pdf_text(scan)
    store = tmp_path / "store"
    ok = subprocess.run([*JHAKG, "build", "--store", str(store), "--report", str(DATA / "mini-report-2019.txt")],
                        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert ok.returncode == 0, ok.stderr
    before = EmbeddedStore(store).dump(ox.RdfFormat.N_QUADS)
    result = subprocess.run([*JHAKG, "build", "--store", str(store), "--report", str(scan)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "scanned.pdf" in lines[0] and "no text layer" in lines[0] and "OCR" in lines[0]
    assert EmbeddedStore(store).dump(ox.RdfFormat.N_QUADS) == before


def test_a_broken_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")
    with pytest.raises(PdfReportError, match="not a readable PDF"):
        read_pdf_text(broken)


_RAISED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page { size: A5; margin: 15mm; @bottom-center { content: counter(page); font-size: 8pt } }
body { font: 11pt/1.4 "Liberation Serif", serif; } p { margin: 0 0 .6em; width: 7cm } .fn { font-size: 7.5pt; margin-top: 2em }
h2 { font: bold 13pt "Liberation Sans", sans-serif }
</style></head><body>
<h2>Key joint activities</h2>
<p>In March 2018, Frontex and FRA organised a workshop on border checks in Warsaw.<sup>1</sup> The inter-agency meeting was
attended by EASO, and the well-organised teams of eu-LISA agreed on a common approach to cross-border data exchange.</p>
<p class="fn"><sup>2</sup> A note whose number is raised.</p>
<p class="fn">1 The workshop report is an internal document of the two agencies.</p>
<p>Europol shared its threat assessment with Eurojust.</p>
</body></html>"""


def test_raised_footnote_numbers_as_other_pdfs_set_them(tmp_path: Path) -> None:
    page = tmp_path / "raised.html"
    page.write_text(_RAISED, encoding="utf-8")
    text = read_pdf_text(html_to_pdf(page, tmp_path / "raised.pdf"))
    passages, aside = split_passages(text, "r")
    sentences = [p.text for p in passages]
    # the raised number is a superscript digit in its place, not a "1" starting the next sentence
    assert any("checks in Warsaw.¹ The inter-agency meeting was attended by EASO, and the well-organised teams of eu-LISA "
               "agreed on a common approach to cross-border data exchange." in s for s in sentences), sentences
    assert not [s for s in sentences if s[:1].isdigit()]
    assert "Europol shared its threat assessment with Eurojust." in sentences
    assert sorted(a.text for a in aside) == ["(1) The workshop report is an internal document of the two agencies.",
                                             "⁽²⁾ A note whose number is raised."]
    assert "Key joint activities" in [p.text for p in passages if p.kind == "heading"]
