"""Lexical checks and rewrites of SPARQL text that the engine cannot be configured to do.

pyoxigraph performs SERVICE calls and LOAD over HTTP and has no switch to turn that off, so
requests naming them are refused before they reach the engine. The SPARQL Protocol's
`using-graph-uri` / `using-named-graph-uri` have no pyoxigraph parameter either, so they become
`USING` clauses inserted before the WHERE of each DELETE/INSERT operation. A remote endpoint has
no pre-binding either, so bound parameters open the query's WHERE group (`where_brace`).

The scanner knows just enough of the grammar to be safe: strings, IRIs and comments are skipped,
so a keyword inside a literal (`"SERVICE"`), an IRI or a prefixed name (`ex:service`) never counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from jhakg.errors import BadInput

__all__ = ["ForbiddenOperation", "UsingConflict", "check_allowed", "has_from", "keywords", "where_brace", "with_using"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*(?::[\w.\-:%\\\u00b7\u00c0-\uffff]*)?|:[\w.\-:%\\\u00b7\u00c0-\uffff]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class ForbiddenOperation(BadInput):
    """The request names an operation this server never performs (SERVICE, LOAD)."""


class UsingConflict(BadInput):
    """using-graph-uri / using-named-graph-uri given together with USING or WITH in the text."""


@dataclass(frozen=True)
class Keyword:
    word: str  # upper-cased bare keyword
    start: int
    depth: int  # brace depth where it occurs


def keywords(text: str) -> Iterator[Keyword]:
    """Bare keywords (not prefixed names, variables, strings, IRIs or comments) and closing braces, with their depth."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
            yield Keyword("}", match.start(), depth)
        elif kind == "word" and ":" not in match.group():
            yield Keyword(match.group().upper(), match.start(), depth)


def check_allowed(text: str) -> None:
    """Refuse SERVICE (federated query) and LOAD: both would make the server fetch a URL."""
    if not _mentions(text, "SERVICE", "LOAD"):
        return
    for kw in keywords(text):
        if kw.word == "SERVICE":
            raise ForbiddenOperation("SERVICE (federated query) is not allowed on this endpoint: it never fetches other URLs")
        if kw.word == "LOAD":
            raise ForbiddenOperation("LOAD is not allowed on this endpoint: it never fetches URLs; use the Graph Store protocol (/store)")


def has_from(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which the union default must not override."""
    return _mentions(query, "FROM") and any(k.word == "FROM" and k.depth == 0 for k in keywords(query))


def _mentions(text: str, *words: str) -> bool:
    """Whether any of the upper-case `words` occurs in `text` at all, in any case: a keyword can only be where its
    letters are, so most texts skip the scan (it was a fifth of the worker's time on a 1 ms query)."""
    upper = text.upper()  # the scan upper-cases each word: the same mapping, character by character
    return any(word in upper for word in words)


def where_brace(query: str) -> int:
    """Index of the `{` that opens a query's WHERE group, where bound values can go.

    The keyword WHERE is optional in SPARQL, so without it the first top-level group counts (the
    second for a CONSTRUCT, whose first is the template). Braces in strings, IRIs and comments
    never count. ValueError when there is no such group, or for `CONSTRUCT WHERE { … }`, whose
    group is a template that takes no VALUES.
    """
    depth = groups = 0
    where = construct = False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            if depth == 0:
                if construct and where and groups == 0:
                    raise ValueError("the short form CONSTRUCT WHERE { … } cannot take bound values; "
                                     "write CONSTRUCT { template } WHERE { pattern }")
                if where or not construct or groups == 1:
                    return match.start()
                groups += 1
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word" and depth == 0 and ":" not in match.group():
            word = match.group().upper()
            where = where or word == "WHERE"
            construct = construct or word == "CONSTRUCT"
    raise ValueError("the query has no WHERE group to bind values in")


def with_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with the protocol's dataset as USING / USING NAMED on each DELETE/INSERT … WHERE."""
    if not using and not using_named:
        return update
    found = list(keywords(update))
    if any(k.depth == 0 and k.word in ("USING", "WITH") for k in found):
        raise UsingConflict("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the update")
    clause = " ".join([*(f"USING <{_iri(g)}>" for g in using), *(f"USING NAMED <{_iri(g)}>" for g in using_named)])
    out, last, previous = [], 0, ""
    for kw in found:
        if kw.depth == 0 and kw.word == "WHERE" and previous != "DELETE":
            out.append(update[last:kw.start])
            out.append(clause + " ")
            last = kw.start
        if kw.depth == 0:
            previous = kw.word
    out.append(update[last:])
    return "".join(out)


def _iri(value: str) -> str:
    if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", value):
        raise BadInput(f"not a valid IRI: {value!r}")
    return value
