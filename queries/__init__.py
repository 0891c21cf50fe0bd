"""Named SPARQL queries: `queries/*.rq` files with a short comment header.

Header lines: `# summary: …`, `# description: …` (continued on indented `#   ` lines) and
`# param _name: …` to describe a parameter. Parameters are the query's own variables whose
name starts with `_` (`?_agency`), so they are read from the text, never declared twice, and
are bound as values (pyoxigraph substitutions), never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from jhakg.errors import BadFile, NotFound

__all__ = ["QUERIES_DIR", "NamedQuery", "QueryFileError", "get_query", "load_queries"]

QUERIES_DIR = Path(__file__).resolve().parent
_PARAM_VAR = re.compile(r"[?$](_[A-Za-z][A-Za-z0-9_]*)")


class QueryFileError(BadFile):
    """A named query file is malformed: its name and the parser's message say where."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    description: str
    text: str
    params: tuple[str, ...]
    param_docs: dict[str, str] = field(default_factory=dict)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = re.sub(r"(?m)^\s*(#.*|PREFIX.*|BASE.*)$", "", self.text)
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match.group(1).upper() if match else "SELECT"


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    summary, description, docs = "", [], {}
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        content = line[1:].strip()
        if m := re.match(r"summary:\s*(.*)", content):
            summary, current = m.group(1), "summary"
        elif m := re.match(r"description:\s*(.*)", content):
            description, current = [m.group(1)], "description"
        elif m := re.match(r"param\s+\??(_\w+):\s*(.*)", content):
            docs[m.group(1)], current = m.group(2), None
        elif current == "description" and line.startswith("#  "):
            description.append(content)
    if not summary:
        raise QueryFileError(f"{path.name}: missing '# summary: …' header line")
    params = tuple(dict.fromkeys(_PARAM_VAR.findall(text)))
    undocumented = [p for p in docs if p not in params]
    if undocumented:
        raise QueryFileError(f"{path.name}: documents parameters not used in the query: {', '.join(undocumented)}")
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryFileError(f"{path.name}: not valid SPARQL: {exc}") from exc
    try:  # pyoxigraph binds only variables the query returns: project every parameter
        ox.Store().query(text, substitutions={ox.Variable(p): ox.NamedNode("urn:jhakg:check") for p in params})
    except RuntimeError as exc:
        raise QueryFileError(f"{path.name}: parameters must be in the SELECT (and GROUP BY) to be bound: {exc}") from exc
    return NamedQuery(path.stem, summary, " ".join(description).strip(), text, params, docs)


@lru_cache(maxsize=1)
def load_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query, checked once (syntax and header) when first needed."""
    return {q.name: q for q in (_parse(p) for p in sorted(directory.glob("*.rq")))}


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise NotFound(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]
