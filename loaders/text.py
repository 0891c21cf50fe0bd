"""Report text → sections and passages.

The report is a PDF-to-text conversion: paragraphs broken over lines, sentences broken over page
breaks (with footnotes and blank runs in between), bullets, footnote markers and stray page
furniture. This module undoes the layout without rewriting the words: every passage's text is
the report's own characters, with runs of white space folded to one space and page furniture
between two halves of a sentence left out. `verify_quote` checks exactly that property.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pysbd

from jhakg.errors import BadFile
from loaders.records import Passage

__all__ = [
    "Block",
    "ReportTextError",
    "normalise_space",
    "read_report_text",
    "split_blocks",
    "split_passages",
    "verify_quote",
]

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_START = re.compile(rf"^\s*(?:[⁽(]?[{_SUPERSCRIPTS}0-9]{{1,3}}[⁾)]|⁻\s*$|https?://|www\.)")
_URL_ONLY = re.compile(r"^\s*(?:[⁽(]?[⁰-⁹0-9]*[⁾)]?\s*)?(?:https?://\S+\s*)+(?:[⁽(][^)⁾]*[⁾)])?\s*$")
_NUMBERED_HEADING = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.?\s+(?P<title>[A-Z].*)$")
_BULLET = re.compile(r"^\s*(?:[-•–]\s+|\d+\)\s+)")
_BULLET_MARKER = re.compile(r"^(?:[-•–]\s+)?(?:\d+[.)]\s+)?")
_TRAILING_MARKER = re.compile(rf"\s*[⁽(]\s*[{_SUPERSCRIPTS}0-9]*\s*[⁾)]\s*$")
_TERMINAL = re.compile(rf"[.!?;:][\"'’”*)\]]*\s*(?:[⁽(][{_SUPERSCRIPTS}0-9]+[⁾)])?\s*$")
_SPACE = re.compile(r"\s+")

# Top-level parts of this kind of report; numbered chapters ("1.", "2.") are found by number.
_PART_HEADINGS = re.compile(
    r"^(foreword|introduction|preamble|conclusions of the heads|priorities for \d{4}|annex\b|"
    r"justice and home affairs agencies network)",
    re.IGNORECASE,
)
# Sub-section kinds that recur under every chapter.
_KIND_HEADINGS = re.compile(
    r"^(key joint activities|challenges and opportunities)", re.IGNORECASE
)


class ReportTextError(BadFile):
    """The input file is not a readable report text; the message says what to do."""


def normalise_space(text: str) -> str:
    """Fold every run of white space to one space and trim: the only change quotes undergo."""
    return _SPACE.sub(" ", text).strip()


def read_report_text(path: Path) -> str:
    """Read a report text file, refusing what cannot be a report with a clear reason."""
    if not path.exists():
        raise ReportTextError(f"{path}: no such file; give the path of a report text (.txt)")
    if not path.is_file():
        raise ReportTextError(f"{path}: not a file; give the path of a report text (.txt)")
    data = path.read_bytes()
    if not data.strip():
        raise ReportTextError(f"{path}: the file is empty; give a report text")
    if b"\x00" in data[:65536] or data.startswith(b"%PDF"):
        raise ReportTextError(
            f"{path}: this is a binary file, not text; convert the report to UTF-8 text first (e.g. pdftotext)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportTextError(
            f"{path}: not valid UTF-8 (byte {exc.start}); re-encode the file as UTF-8, e.g. iconv -t UTF-8"
        ) from exc
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass
class Block:
    """A run of non-blank lines, classified; `line` is 1-based."""

    line: int
    lines: list[str]
    kind: str = "paragraph"  # paragraph | bullet | heading | footnote | noise
    extra_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return normalise_space(" ".join(self.lines))


def _classify(lines: list[str]) -> str:
    first = lines[0].strip()
    text = normalise_space(" ".join(lines))
    if _FOOTNOTE_START.match(first) or _URL_ONLY.match(text):
        return "footnote"
    if _BULLET.match(first):
        return "bullet"
    if len(lines) == 1 and len(text) <= 110 and not _TERMINAL.search(text) and not text[0].islower():
        if "()" in text or text.endswith(("-", ",")) or sum(c.isalpha() for c in text) < 3:
            return "noise"
        return "heading"
    return "paragraph"


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks, classified, with sentences rejoined across page breaks."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            if not current:
                start = number
            current.append(raw)
        elif current:
            blocks.append(Block(start, current, _classify(current)))
            current = []
    if current:
        blocks.append(Block(start, current, _classify(current)))
    return _rejoin(blocks)


def _continues(block: Block, nxt: Block) -> bool:
    if block.kind not in ("paragraph", "bullet") or _TERMINAL.search(block.text):
        return False
    if nxt.kind == "paragraph":
        return True
    first = nxt.lines[0].lstrip()
    return bool(first) and first[0].islower()


def _rejoin(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut by a page break with its continuation, skipping footnotes between."""
    out: list[Block] = []
    skip: set[int] = set()
    for i, block in enumerate(blocks):
        if i in skip:
            continue
        while True:
            between: list[int] = []
            j = i + 1
            while j < len(blocks) and j - i <= 4 and (j in skip or blocks[j].kind in ("footnote", "noise")
                                                         or (blocks[j].kind == "paragraph" and len(between) < 3
                                                             and not blocks[j].lines[0][:1].islower()
                                                             and _TERMINAL.search(blocks[j].text)
                                                             and len(blocks[j].text) < 90)):
                if j not in skip:
                    between.append(j)
                j += 1
            if j >= len(blocks) or not _continues(block, blocks[j]):
                break
            nxt = blocks[j]
            if between and not nxt.lines[0].lstrip()[:1].islower():
                break  # only skip furniture when the continuation is clearly mid-sentence
            block.extra_lines.append((nxt.line, "\n".join(nxt.lines)))
            block.lines = block.lines + nxt.lines
            skip.add(j)
            i = j
        out.append(block)
    # blocks that were skipped over stay in the output (footnotes are reported, not dropped)
    return out


_SEGMENTER: pysbd.Segmenter | None = None


def _sentences(text: str) -> list[str]:
    global _SEGMENTER
    if _SEGMENTER is None:
        _SEGMENTER = pysbd.Segmenter(language="en", clean=False)
    out: list[str] = []
    cursor = 0
    for raw in _SEGMENTER.segment(text):
        sentence = raw.strip()
        if not sentence:
            continue
        start = text.find(sentence, cursor)
        glued = out and start > 0 and not text[start - 1].isspace()
        stray = out and re.match(r"^[*’'\")\]]+\s", sentence)
        if glued or stray:
            # a split inside a word ("E!Sharp") or before closing punctuation: undo it
            prev_start = text.find(out[-1], max(0, cursor - len(out[-1]) - 1))
            out[-1] = text[prev_start : start + len(sentence)].strip() if prev_start >= 0 else out[-1] + sentence
        else:
            out.append(sentence)
        cursor = start + len(sentence) if start >= 0 else cursor
    return out


def _heading_title(text: str) -> str:
    return _TRAILING_MARKER.sub("", text).strip()


def _split_bullets(block: Block) -> Iterator[str]:
    items: list[list[str]] = []
    for raw in block.lines:
        if _BULLET.match(raw) or not items:
            items.append([raw])
        else:
            items[-1].append(raw)
    for item in items:
        yield _BULLET_MARKER.sub("", normalise_space(" ".join(item)), count=1)


def split_passages(text: str, report: str) -> tuple[list[Passage], list[Passage]]:
    """Sentences (and bullet items) with their section paths, plus the furniture set aside.

    Returns `(passages, set_aside)`: `set_aside` holds footnotes and noise lines, each as a
    passage too, so the loader can report every piece of text it did not read as prose.
    """
    passages: list[Passage] = []
    aside: list[Passage] = []
    path: list[str] = []
    chapter_depth = 0
    for block in split_blocks(text):
        if block.kind == "heading":
            title = _heading_title(block.text)
            numbered = _NUMBERED_HEADING.match(title)
            if numbered:
                depth = numbered.group("num").count(".") + 1
                path = path[: depth - 1] if len(path) >= depth - 1 else path
                if depth == 1 or not path:
                    path = []
                path = [*path[: depth - 1], title]
                chapter_depth = len(path)
            elif _PART_HEADINGS.match(title):
                path = [title]
                chapter_depth = 1
            elif _KIND_HEADINGS.match(title):
                path = [*path[:chapter_depth], title]
            else:
                base = chapter_depth + (1 if len(path) > chapter_depth and _KIND_HEADINGS.match(path[chapter_depth]) else 0)
                path = [*path[:base], title]
            passages.append(Passage(report=report, section=tuple(path[:-1]), text=title, line=block.line,
                                    kind="heading"))
            continue
        if block.kind in ("footnote", "noise"):
            aside.append(Passage(report=report, section=tuple(path), text=block.text, line=block.line,
                                 kind=block.kind))
            continue
        pieces = list(_split_bullets(block)) if block.kind == "bullet" else [block.text]
        for piece in pieces:
            for sentence in _sentences(piece):
                passages.append(Passage(report=report, section=tuple(path), text=sentence, line=block.line,
                                        kind="bullet" if block.kind == "bullet" else "sentence"))
    return passages, aside


def verify_quote(text: str, quote: str, from_line: int, window: int = 80) -> bool:
    """True when `quote` is the report's own text, starting within `window` lines of `from_line`.

    The quote must start inside a line and run on over the following lines, where only white
    space may differ and whole lines (page breaks, footnotes) may be passed over between two
    parts of it. This is the property every quote in the graph must have.
    """
    lines = [normalise_space(line) for line in text.split("\n")]
    quote = normalise_space(quote)
    if not quote or not 1 <= from_line <= len(lines):
        return False
    last = min(len(lines), from_line - 1 + window)
    for i in range(from_line - 1, last):
        line = lines[i]
        for pos in [0, *(m.end() for m in re.finditer(" ", line))]:
            head = line[pos:]
            if head.startswith(quote):
                return True
            if head and quote.startswith(head) and _runs_on(lines, i + 1, last + window, quote[len(head):]):
                return True
    return False


def _runs_on(lines: list[str], start: int, stop: int, rest: str) -> bool:
    rest = rest.lstrip()
    skipped = 0
    for j in range(start, min(stop, len(lines))):
        if not rest:
            return True
        line = lines[j]
        if not line:
            continue
        if line.startswith(rest):
            return True
        if rest.startswith(line + " "):
            rest = rest[len(line):].lstrip()
            skipped = 0
            continue
        skipped += 1  # a line of furniture between two parts of the sentence
        if skipped > 6:
            return False
    return not rest
