"""Instruments the registry does not list, found by the patterns reports name them with.

"Directive on …", "… Regulation", "EU Action Plan on/against …", "… EMPACT … priority",
"'…' EU Policy Cycle Priority". Names the registry knows win (they carry verified identifiers);
what is found here gets an IRI from its name and the kind the pattern implies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.mentions import MentionFinder

__all__ = ["FoundInstrument", "find_instruments"]

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Directive", re.compile(r"\bDirective on (?:the )?[a-z][a-z -]{3,60}?(?=\s*(?:[,.;:()]|\bwas\b|\bwere\b|\bis\b|$))")),
    ("Regulation", re.compile(r"\b(?:(?:[A-Z][A-Za-z/-]+|EU|of|on|the) ){1,5}Regulation\b")),
    ("ActionPlan", re.compile(r"\b(?:EU |European )?Action Plan (?:on|against|for|to) [a-z][a-z -]{2,50}?"
                              r"(?:\s+\d{4}[–-]\d{4})?(?=\s*(?:[,.;:()]|\bwas\b|\bwere\b|\band\b|\bin\b|$))")),
    ("PolicyCyclePriority", re.compile(r"\b(?:[A-Z][\w-]+ )?EMPACT (?:[A-Za-z-]+ ){0,3}[Pp]riority\b"
                                       r"|'[^']{3,60}' EU Policy Cycle Priority\b")),
)
_LEADING = re.compile(r"^(?:the|of|on|EU)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class FoundInstrument:
    id: str
    label: str
    kind: str
    start: int
    end: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def find_instruments(text: str, finder: MentionFinder) -> list[FoundInstrument]:
    """Instruments named in text by pattern, minus those the registry already recognises there."""
    known = [(m.start, m.end) for m in finder.find(text) if m.kind in ("instrument", "agency", "organisation", "system")]
    out: list[FoundInstrument] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            label = " ".join(m.group().split())
            while _LEADING.match(label) and kind == "Regulation":
                label = _LEADING.sub("", label, count=1)
            if len(label.split()) < 2 or any(s <= m.start() < e or m.start() <= s < m.end() for s, e in known):
                continue
            if kind == "Regulation" and label.split()[0] in ("Regulation", "The", "A", "An"):
                continue
            out.append(FoundInstrument(f"{_slug(label)}", label, kind, m.start(), m.end()))
    return out
