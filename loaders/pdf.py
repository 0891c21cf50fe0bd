"""A report PDF → the report's text, in the shape the text loader reads.

The text layer is read with pypdfium2 (PDFium, the PDF engine of Chromium), chosen on measurement
(`bench/pdf_libraries.py`, README "Inputs"): it keeps words whole where the others break them at
soft hyphens, it marks the hyphens a typesetter added, and it reads a 30-page report in well under
a second. PDFium gives the characters in reading order with one line per printed line; this
module then undoes the page layout the way `loaders/text.py` undoes it in a PDF-to-text file:

- page furniture: running headers and footers (a line at the top or bottom of many pages, digits
  ignored) and page numbers are left out;
- paragraphs: lines are grouped by the space between them, a change of type size or weight, and
  bullets; a paragraph cut by a page break is joined again with its continuation;
- hyphenation: a hyphen the typesetter added (U+2010, soft hyphen) is removed and the word joined;
  a hyphen that is a character of the text ("inter-agency", at a line end PDFium marks it U+FFFE)
  stays, unless the document spells the joined word without it elsewhere and never with it;
- footnotes: lines in a smaller type become footnote blocks of their own, after the paragraph
  they interrupt, their number written as "(n)" when the PDF raised it instead of using
  superscript characters.

The result is one block per paragraph, heading, bullet item or footnote, separated by blank lines;
`loaders.report.parse_report` then reads it exactly as it reads a text file, so every quote in
the graph is the PDF's own text.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.text import ReportTextError

__all__ = ["PdfBlock", "PdfLine", "PdfReportError", "is_pdf", "pdf_blocks", "read_pdf_text"]

_SOFT_HYPHENS = "\u2010\u00ad\x02"  # hyphens a typesetter added: dropped when the word is joined
_PDFIUM_HYPHEN = "\ufffe"  # PDFium: "a hyphen at the end of this line, word joined"
_BULLETS = "•▪●◦‣∙·■□–-"
_BULLET_START = re.compile(rf"^[{re.escape(_BULLETS)}]\s+")
_TERMINAL = re.compile(r"[.!?;:][\"'’”*)\]]*\s*$")
_PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*(?:#+|[ivxlc]+)(?:\s*(?:/|of|-)\s*#+)?$", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"^\s*(?:[⁽(][⁰¹²³⁴⁵⁶⁷⁸⁹0-9]{1,3}[⁾)]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|https?://|www\.)")
_RAISED_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\S)")
_BARE_SUPERSCRIPT = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![⁾)])\s*(?=\S)")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MIN_CHARS_PER_PAGE = 20  # fewer on average: a scan without a text layer


class PdfReportError(ReportTextError):
    """A PDF that cannot give a report text; the message says why and what to do."""


@dataclass
class PdfLine:
    """One printed line: its text (PDFium's), box in PDF points (y up), type size and weight."""

    text: str
    page: int
    top: float
    bottom: float
    left: float
    right: float
    size: float
    bold: bool

    @property
    def style(self) -> tuple[float, bool]:
        return (round(self.size * 2) / 2, self.bold)


@dataclass
class PdfBlock:
    """A paragraph, heading, bullet item or footnote rebuilt from lines."""

    kind: str  # body | footnote
    lines: list[PdfLine] = field(default_factory=list)
    text: str = ""

    @property
    def style(self) -> tuple[float, bool]:
        return self.lines[0].style


def is_pdf(path: Path) -> bool:
    """True when the file starts (within its first kilobyte) with a PDF header."""
    try:
        with path.open("rb") as fh:
            return b"%PDF-" in fh.read(1024)
    except OSError:
        return False


def _open(path: Path) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise PdfReportError(f"{path}: the PDF is password-protected; give an unprotected copy") from exc
        raise PdfReportError(f"{path}: not a readable PDF ({exc}); give the report's PDF or its text") from exc


def _page_lines(textpage: Any, page: int) -> list[PdfLine]:
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    lines: list[PdfLine] = []
    offset = 0
    for part in text.split("\r\n"):
        start, end = offset, offset + len(part)
        offset = end + 2
        if not part.strip():
            continue
        visible = [i for i in range(start, end) if not part[i - start].isspace() and part[i - start] != _PDFIUM_HYPHEN]
        if not visible:
            continue
        step = max(1, len(visible) // 12)
        sample = [*visible[::step], visible[-1]]
        boxes = [textpage.get_charbox(i, loose=True) for i in sample]
        sizes = [raw.FPDFText_GetFontSize(textpage.raw, i) for i in sample]
        weights = [raw.FPDFText_GetFontWeight(textpage.raw, i) for i in sample]
        size = statistics.median(sizes)
        line = PdfLine(
            text=_superscripts(textpage, part, start, size), page=page,
            top=max(b[3] for b in boxes), bottom=min(b[1] for b in boxes), left=boxes[0][0], right=boxes[-1][2],
            size=size, bold=statistics.median(weights) >= 600,
        )
        if lines and _same_baseline(lines[-1], line):
            prev = lines[-1]  # PDFium breaks the line at a raised footnote number: one line again
            if line.text.strip().isdigit() and line.size < 0.9 * prev.size:
                line.text = line.text.strip().translate(_SUPERSCRIPT_DIGITS)
            glue = "" if line.text[:1] in _SUPERSCRIPT_CHARS else " "
            lines[-1] = PdfLine(prev.text + glue + line.text, page, max(prev.top, line.top), min(prev.bottom, line.bottom),
                                prev.left, line.right, prev.size, prev.bold)
        else:
            lines.append(line)
    return lines


def _same_baseline(prev: PdfLine, line: PdfLine) -> bool:
    """`line` goes on where `prev` stops, on the same printed line."""
    overlap = min(prev.top, line.top) - max(prev.bottom, line.bottom)
    height = min(prev.top - prev.bottom, line.top - line.bottom)
    return line.left >= prev.right - 1 and height > 0 and overlap >= 0.5 * height


_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", _SUPERSCRIPT_CHARS)


def _superscripts(textpage: Any, part: str, start: int, size: float) -> str:
    """Footnote numbers set as small raised digits become superscript digits ("Warsaw.¹"), as the
    text loader reads them; the space PDFium puts before a raised number goes."""
    import pypdfium2.raw as raw

    small = [i for i, ch in enumerate(part) if ch.isdigit() and raw.FPDFText_GetFontSize(textpage.raw, start + i) < 0.9 * size]
    if not small:
        return part
    chars = list(part)
    for i in small:
        chars[i] = chars[i].translate(_SUPERSCRIPT_DIGITS)
        if i > 0 and chars[i - 1] == " " and i - 1 not in small and (i < 2 or not chars[i - 2].isspace()):
            chars[i - 1] = ""
    return "".join(chars)


def _read_lines(path: Path) -> list[list[PdfLine]]:
    pdf = _open(path)
    try:
        pages: list[list[PdfLine]] = []
        chars = 0
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            chars += textpage.count_chars()
            pages.append(_page_lines(textpage, index + 1))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not pages:
        raise PdfReportError(f"{path}: the PDF has no pages; give the report's PDF or its text")
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        raise PdfReportError(
            f"{path}: the PDF has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) or give the report's text"
        )
    return pages


def _key(line: PdfLine) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line.text)).strip().lower()


def _edges(lines: list[PdfLine], depth: int = 2) -> list[PdfLine]:
    by_height = sorted(lines, key=lambda ln: -ln.top)
    return by_height[:depth] + by_height[-depth:] if len(by_height) > 2 * depth else by_height


def _furniture(pages: list[list[PdfLine]]) -> set[int]:
    """ids of running headers, footers and page numbers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(ln) for ln in _edges(lines)})
    with_text = sum(1 for lines in pages if lines)
    repeated = {k for k, n in counts.items() if n >= max(3, 0.3 * with_text)}
    out: set[int] = set()
    for lines in pages:
        for ln in _edges(lines):
            key = _key(ln)
            if key in repeated or _PAGE_NUMBER.match(key):
                out.add(id(ln))
    return out


def _body_style(pages: list[list[PdfLine]]) -> tuple[float, bool]:
    """The type size and weight of most of the text."""
    weight: Counter[tuple[float, bool]] = Counter()
    for lines in pages:
        for ln in lines:
            weight[ln.style] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else (0.0, False)


def _normal_gap(pages: list[list[PdfLine]]) -> float:
    """The most common space between two lines of one paragraph."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        for prev, line in itertools.pairwise(lines):
            if prev.style == line.style:
                gaps[round((prev.bottom - line.top) * 2) / 2] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.0


class _Joiner:
    """Joins the lines of a block, undoing the hyphenation a typesetter added."""

    def __init__(self, pages: list[list[PdfLine]]) -> None:
        words: Counter[str] = Counter()
        for lines in pages:
            for ln in lines:
                words.update(w.lower() for w in _WORDS.findall(ln.text))
        self.words = words

    def _hard(self, left: str, right: str) -> str:
        """A hyphen of the text at a line end: keep it unless the document says otherwise."""
        a, b = re.search(r"[^\W\d_]*$", left), re.match(r"[^\W\d_]*", right)
        head, tail = (a.group(0) if a else ""), (b.group(0) if b else "")
        joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
        if head and tail.lower() in ("and", "or", "to"):
            return left + "- " + right  # a suspended hyphen: "Dari- and Tigrinya-speaking"
        if head and tail and self.words[joined] and not self.words[hyphenated]:
            return left + right
        return left + "-" + right

    def line_text(self, text: str) -> str:
        parts = text.replace("\u00ad", "").split(_PDFIUM_HYPHEN)  # a soft hyphen inside a line is invisible
        out = parts[0]
        for part in parts[1:]:
            out = self._hard(out, part)
        return out.strip()

    def join(self, lines: list[str]) -> str:
        out = ""
        for raw_line in lines:
            line = self.line_text(raw_line)
            if not out:
                out = line
            elif out[-1] in _SOFT_HYPHENS and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
                out = out[:-1] + line
            elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
                out = self._hard(out[:-1], line)
            elif out.endswith(("/", "-")) and not line[:1].isspace() and "://" in out.rsplit(" ", 1)[-1]:
                out = out + line  # a web address broken over lines
            elif out.endswith(("–", "/")) and len(out) > 1 and out[-2].isalnum() and line[:1].isalnum():
                out = out + line  # "2017–" + "18", "and/" + "or"
            else:
                out = out + " " + line
        return out


def _blocks_of_page(lines: list[PdfLine], body: float, normal_gap: float) -> list[PdfBlock]:
    blocks: list[PdfBlock] = []
    prev: PdfLine | None = None
    for line in lines:
        small = line.size < 0.88 * body
        kind = "footnote" if small else "body"
        new = prev is None or blocks[-1].kind != kind
        if not new and prev is not None:
            height = max(line.top - line.bottom, 1.0)
            gap = prev.bottom - line.top
            new = (
                prev.style != line.style
                or gap > normal_gap + 0.2 * height
                or gap < -height  # above the previous line: another column or frame
                or bool(_BULLET_START.match(line.text))
                or (small and bool(_FOOTNOTE_MARK.match(line.text)))
            )
        if new:
            blocks.append(PdfBlock(kind))
        blocks[-1].lines.append(line)
        prev = line
    return blocks


def _runs_on(block: PdfBlock, nxt: PdfBlock, body_style: tuple[float, bool], columns: dict[int, tuple[float, float]]) -> bool:
    """`block` ends a page in the middle of a paragraph that `nxt` continues: no closing
    punctuation, body type on both sides (a heading is never continued), and the last line runs
    (nearly) to the column's right edge, as a line inside a paragraph does."""
    if block.kind != "body" or nxt.kind != "body" or _TERMINAL.search(block.text):
        return False
    if block.style != body_style or nxt.style != body_style:
        return False
    if _BULLET_START.match(nxt.text) or block.lines[-1].page != nxt.lines[0].page - 1:
        return False
    last = block.lines[-1]
    left, right = columns.get(last.page, columns.get(0, (last.left, last.right)))
    return last.right >= left + 0.8 * (right - left)


def _columns(pages: list[list[PdfLine]], body_style: tuple[float, bool]) -> dict[int, tuple[float, float]]:
    """Per page (and, under 0, for the whole document) the left and right edges of the body text."""
    out: dict[int, tuple[float, float]] = {}
    every: list[PdfLine] = []
    for lines in pages:
        body = [ln for ln in lines if ln.style == body_style]
        every += body
        if len(body) >= 3:
            out[body[0].page] = _edges_of(body)
    if every:
        out[0] = _edges_of(every)
    return out


def _edges_of(lines: list[PdfLine]) -> tuple[float, float]:
    lefts = sorted(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines)
    return lefts[len(lefts) // 10], rights[int(len(rights) * 0.9)]


def pdf_blocks(path: Path) -> list[PdfBlock]:
    """The report's blocks in reading order, page furniture left out, page-cut paragraphs joined."""
    pages = _read_lines(path)
    furniture = _furniture(pages)
    pages = [[ln for ln in lines if id(ln) not in furniture] for lines in pages]
    body_style = _body_style(pages)
    body, normal_gap, joiner = body_style[0], _normal_gap(pages), _Joiner(pages)
    columns = _columns(pages, body_style)
    out: list[PdfBlock] = []
    for lines in pages:
        page_blocks = _blocks_of_page(lines, body, normal_gap)
        for block in page_blocks:
            block.text = joiner.join([ln.text for ln in block.lines])
        first_body = next((b for b in page_blocks if b.kind == "body"), None)
        last_body = next((b for b in reversed(out) if b.kind == "body"), None)
        if first_body is not None and last_body is not None and _runs_on(last_body, first_body, body_style, columns):
            last_body.lines += first_body.lines
            last_body.text = joiner.join([last_body.text, first_body.text])
            page_blocks.remove(first_body)
        for block in page_blocks:
            if block.kind == "footnote" and (bare := _BARE_SUPERSCRIPT.match(block.text)):
                block.text = f"⁽{bare.group(1)}⁾ {block.text[bare.end():]}"  # the text loader's footnote form
            if block.kind == "footnote" and not _FOOTNOTE_MARK.match(block.text):
                if raised := _RAISED_NUMBER.match(block.text):
                    block.text = f"({raised.group(1)}) {block.text[raised.end():]}"
                elif out and out[-1].kind == "footnote":
                    out[-1].text = joiner.join([out[-1].text, block.text])  # a footnote running on
                    out[-1].lines += block.lines
                    continue
            out.append(block)
    return out


def read_pdf_text(path: Path) -> str:
    """The report text of a PDF: one block per paragraph, heading, bullet item or footnote."""
    blocks = pdf_blocks(path)
    text = "\n\n".join(_BULLET_START.sub("• ", b.text, count=1) for b in blocks if b.text.strip())
    if not text.strip():
        raise PdfReportError(
            f"{path}: the PDF has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) or give the report's text"
        )
    return text + "\n"
