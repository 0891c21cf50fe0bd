"""Write a benchmark's Markdown into the README between its markers, so the README carries the last run.

A section is the text between a `<!-- bench:NAME -->` line and a `<!-- /bench:NAME -->` line; only that
text is replaced, so the prose around a table (what limits a target, what would move it) stays as written.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["README", "write_section"]

README = Path(__file__).resolve().parent.parent / "README.md"


def write_section(name: str, text: str, readme: Path = README) -> None:
    """Replace the text between the markers of section `name` with `text`."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    content = readme.read_text(encoding="utf-8")
    if content.count(start) != 1 or content.count(end) != 1 or content.index(start) > content.index(end):
        raise SystemExit(f"{readme.name} needs one '{start}' line and one '{end}' line after it, around the part to "
                         "rewrite; add them, or run without --readme and paste the printed Markdown")
    before, rest = content.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{text.strip()}\n{end}{after}", encoding="utf-8")
