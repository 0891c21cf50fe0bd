"""Make a PDF of a report text the way a published PDF looks, with real Chromium's print to PDF.

The text's paragraphs are re-flowed (justified, hyphenated at soft hyphens from pyphen's English
dictionary), headings set in bold, bullets as a list, footnotes in small type with a rule above,
and every page but the first carries a running header (the report's title) and a page number
(CSS paged-media margin boxes). A paragraph the text cut at an old page break is set whole again,
its footnotes after it, as a typesetter would have done. Used by the tests and by
`bench/pdf_libraries.py`; never by the product.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pyphen

from loaders.text import split_blocks

__all__ = ["CHROMIUM", "html_to_pdf", "report_html", "text_to_pdf"]

CHROMIUM = "/usr/bin/chromium"
_BULLET = re.compile(r"^\s*[-•–]\s+")
_WORD = re.compile(r"[A-Za-z]{8,}")
_DIC = pyphen.Pyphen(lang="en_GB")

_CSS = """
@page { size: A4; margin: 24mm 22mm 22mm 22mm;
  @top-center { content: "%(header)s"; font: italic 8pt "Liberation Serif", serif; color: #444; }
  @bottom-center { content: counter(page); font: 9pt "Liberation Serif", serif; } }
@page :first { @top-center { content: none; } @bottom-center { content: none; } }
body { font: 10.5pt/1.38 "Liberation Serif", serif; text-align: justify; margin: 0; }
h1 { font-size: 22pt; text-align: left; margin: 60mm 0 8mm; }
h1 + p.sub { font-size: 14pt; break-after: page; }
h2 { font: bold 12.5pt "Liberation Sans", sans-serif; text-align: left; margin: 1.1em 0 .45em; break-after: avoid; }
p { margin: 0 0 .55em; orphans: 2; widows: 2; }
ul { margin: 0 0 .55em 1.3em; padding: 0; list-style-type: "•\\2002"; }
li { margin: 0 0 .4em; }
p.fn { font-size: 7.5pt; line-height: 1.25; border-top: .5pt solid #777; padding-top: 2pt; text-align: left; }
"""


def _hyphenate(text: str) -> str:
    """Soft hyphens inside long words: Chromium breaks there and draws a hyphen, as InDesign would."""
    return _WORD.sub(lambda m: _DIC.inserted(m.group(0), hyphen="\u00ad"), text)


def report_html(text: str) -> str:
    """The report text as one HTML page ready for print.

    Blocks come from the text loader's own reading of the layout (`split_blocks`), so a paragraph
    the text cut at an old page break is set whole, with the footnotes that interrupted it after it.
    """
    blocks = split_blocks(text)
    body: list[str] = []
    for index, block in enumerate(blocks):
        lines = [line.strip() for line in block.lines if line.strip()]
        if index == 0:
            body.append(f"<h1>{html.escape(block.text)}</h1>")
            continue
        if index == 1 and block.kind == "heading":
            body.append(f'<p class="sub">{html.escape(block.text)}</p>')
            continue
        if block.kind == "bullet":
            items: list[str] = []
            for line in lines:
                if _BULLET.match(line) or not items:
                    items.append(_BULLET.sub("", line, count=1))
                else:
                    items[-1] += " " + line
            body.append("<ul>" + "".join(f"<li>{_hyphenate(html.escape(it))}</li>" for it in items) + "</ul>")
        elif block.kind == "paragraph":
            body.append(f"<p>{_hyphenate(html.escape(block.text))}</p>")
        elif block.kind == "heading":
            body.append(f"<h2>{html.escape(block.text)}</h2>")
        else:  # footnotes and stray furniture of the text, in small type
            body.append(f'<p class="fn">{html.escape(block.text)}</p>')
    title = blocks[0].text if blocks else "Report"
    header = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS % {'header': header}}</style></head>\n<body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )


def html_to_pdf(page: Path, pdf: Path, timeout: float = 120) -> Path:
    """Chromium's headless print to PDF, without its own header and footer."""
    with tempfile.TemporaryDirectory(prefix="jhakg-chromium-") as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
            capture_output=True, timeout=timeout, check=False,
        )
    if result.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium print to PDF failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return pdf


def text_to_pdf(text: str, folder: Path, name: str = "report") -> Path:
    """Write `name.html` and print it to `name.pdf` in `folder`."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        raise RuntimeError("Debian's chromium is needed: run scripts/setup --test")
    page = folder / f"{name}.html"
    page.write_text(report_html(text), encoding="utf-8")
    return html_to_pdf(page, folder / f"{name}.pdf")
