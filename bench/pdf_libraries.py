"""Which PDF text library reads a published-looking report best? Measured, not assumed.

    .venv/bin/python -m bench.pdf_libraries [--report FILE.txt] [--out FOLDER]

Prints the report text as a PDF with real Chromium (`tests/report_pdf.py`: re-flowed, justified,
hyphenated, running header, page numbers, footnotes), then reads it back with each library's plain
text extraction and compares the result with the text it came from:

- words: of the text's long words (8+ letters, the ones hyphenation may cut), how many come back
  whole once a hyphen at the end of a line is joined to the next line;
- line-end hyphen: the character the library gives for a hyphen at a line end (U+2010: the
  typesetter's, '-': a hyphen of the text; PDFium marks the latter U+FFFE and joins the line);
- order: of the text's sentences (40+ characters), how many come back whole and in the text's
  order (longest increasing run of their positions), ignoring the running header and page numbers;
- footnotes: footnote markers (⁽ⁿ⁾) kept, and footnote texts that come back on lines of their own;
- seconds for the whole document.

pypdf, pdfplumber and pdfminer.six come with `scripts/setup --bench`; pypdfium2 is jha-kg's own.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loaders.report import BUNDLED_REPORTS
from tests.report_pdf import text_to_pdf

_HYPHENS = "-\u2010\u00ad\x02"
_LINE_END_HYPHEN = re.compile(rf"(\w) ?[{_HYPHENS}]\s*\n\s*(\w)")
_SPACE = re.compile(r"\s+")
_FOOTNOTE = re.compile(r"^[⁽(][⁰¹²³⁴⁵⁶⁷⁸⁹0-9]{1,3}[⁾)]", re.MULTILINE)


def _pypdf(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _pdfplumber_repaired(path: Path) -> list[str]:
    """pdfplumber without the spaces Chromium maps to invisible soft hyphens (they overlap the next glyph)."""
    import pdfplumber

    def overlapping_spaces(chars: list[dict[str, Any]]) -> set[int]:
        return {id(c) for c, nxt in itertools.pairwise(chars)
                if c["text"] == " " and abs(float(nxt["x0"]) - float(c["x0"])) < 0.01 and nxt["top"] == c["top"]}

    with pdfplumber.open(path) as pdf:
        out = []
        for page in pdf.pages:
            drop = overlapping_spaces(page.chars)

            def keep(obj: dict[str, Any], drop: set[int] = drop) -> bool:
                return id(obj) not in drop

            out.append(page.filter(keep).extract_text())
        return out


def _pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")


def _pypdfium2(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    finally:
        pdf.close()


LIBRARIES: dict[str, Callable[[Path], list[str]]] = {
    "pypdf": _pypdf, "pdfplumber": _pdfplumber,
    "pdfplumber, overlapping spaces dropped": _pdfplumber_repaired, "pdfminer.six": _pdfminer, "pypdfium2": _pypdfium2,
}


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        tails[i:i + 1] = [v]
    return len(tails)


def measure(text: str, pages: list[str], header: str) -> dict[str, object]:
    raw = "\n".join(pages)
    ends = {c: len(re.findall(rf"\w ?{re.escape(c)}[ \t]*\n", raw)) for c in _HYPHENS}
    ends["\ufffe"] = raw.count("\ufffe")  # PDFium: a hyphen at a line end, the line joined
    body_lines = [ln for ln in raw.split("\n") if ln.strip() and ln.strip() != header and not ln.strip().isdigit()]
    joined = _LINE_END_HYPHEN.sub(r"\1\2", "\n".join(body_lines))
    flat = _SPACE.sub(" ", joined)
    words = set(re.findall(r"[A-Za-z]{8,}", text))
    whole_words = sum(1 for w in words if re.search(rf"\b{w}\b", flat))
    source = _SPACE.sub(" ", text)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source) if len(s.strip()) >= 40]
    positions = [flat.find(s) for s in sentences]
    found = [p for p in positions if p >= 0]
    notes = _FOOTNOTE.findall(text)
    note_lines = _FOOTNOTE.findall(raw)
    return {
        "words": f"{whole_words}/{len(words)}",
        "line-end hyphen": ", ".join(f"{c!r}×{n}" for c, n in ends.items() if n) or "none",
        "sentences whole": f"{len(found)}/{len(sentences)}",
        "in order": f"{_longest_increasing(found)}/{len(sentences)}",
        "footnotes on own line": f"{len(note_lines)}/{len(notes)}",
        "markers kept": f"{raw.count('⁽')}/{text.count('⁽')}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=BUNDLED_REPORTS[0])
    parser.add_argument("--out", type=Path, default=None, help="keep the HTML and PDF in this folder")
    args = parser.parse_args()
    text = args.report.read_text(encoding="utf-8")
    header = next(line.strip() for line in text.split("\n") if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdf = text_to_pdf(text, folder)
        print(f"{args.report.name}: {pdf.stat().st_size:,} bytes of PDF")
        rows = []
        for name, extract in LIBRARIES.items():
            start = time.perf_counter()
            pages = extract(pdf)
            seconds = time.perf_counter() - start
            rows.append({"library": name, **measure(text, pages, header), "seconds": f"{seconds:.2f}"})
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
