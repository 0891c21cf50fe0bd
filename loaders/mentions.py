"""Find registry entities named in a passage: agencies, units, organisations, instruments, systems.

Names and aliases match case-insensitively; acronyms match as written (so "FRA" is the agency
and "fra" in a URL is not). Longer names win over the shorter names inside them
("European Union Agency for Fundamental Rights" over "EU").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.records import Mention
from ontology.registry import Registry

__all__ = ["NETWORK_PATTERN", "MentionFinder"]

# "the JHA agencies", "all JHA agencies", "the nine agencies", "JHA agencies' network": the network.
NETWORK_PATTERN = (
    r"(?:(?:the|all(?: the)?|all nine|nine|several|various|other|some)\s+)?"
    r"(?:JHA|Justice and Home Affairs(?: \(JHA\))?)\s+agencies(?:['’]\s*network|\s+network)?"
    r"|(?:the\s+)?JHA\s+network|the\s+network\b(?!\s+of)|network['’]s?\s"
    r"|(?:all|all the|the)\s+nine\s+(?:EU\s+)?agencies|all\s+(?:the\s+)?agencies\b"
)


@dataclass(frozen=True)
class _Entry:
    kind: str
    id: str
    pattern: re.Pattern[str]
    length: int
    needle: str = ""  # a lower-case piece every match contains: a cheap test before the regex


class MentionFinder:
    """Compiled matchers for every name in the registry (plus names added at build time)."""

    def __init__(self, registry: Registry, extra_organisations: dict[str, tuple[str, ...]] | None = None) -> None:
        entries: list[_Entry] = []

        def add(kind: str, ident: str, names: tuple[str, ...], acronym: str | None) -> None:
            for name in names:
                if not name:
                    continue
                flags = 0 if name == acronym or (name.isupper() and len(name) <= 8) else re.IGNORECASE
                body = re.escape(name).replace(r"\ ", r"\s+")
                pattern = re.compile(rf"(?<![\w/.-]){body}(?![\w-]|\.\w)", flags)
                needle = max(re.findall(r"[^\W_]+", name.lower()) or [""], key=len)
                entries.append(_Entry(kind, ident, pattern, len(name), needle))

        for agency in registry.agencies:
            add("agency", agency.id, agency.names, agency.acronym)
        for org in registry.organisations:
            add("organisation", org.id, org.names, org.acronym)
        for ins in registry.instruments:
            add("instrument", ins.id, ins.names, ins.acronym)
        for system in registry.systems:
            add("system", system.id, system.names, system.acronym)
        for ident, names in (extra_organisations or {}).items():
            add("organisation", ident, names, names[0] if names else None)
        network = registry.network
        entries.append(_Entry("network", network.id, re.compile(rf"\b(?:{NETWORK_PATTERN})", re.IGNORECASE), 12))
        for alias in (network.label, *network.aliases):
            add("network", network.id, (alias,), None)
        self._entries = sorted(entries, key=lambda e: -e.length)
        self._cache: dict[str, tuple[Mention, ...]] = {}
        # "CEPOL-FRA webinar", "Frontex-EASO press trips", "Europol/EC3": two names joined by - or /
        acronyms = [a.acronym for a in registry.agencies if a.acronym]
        acronyms += [o.acronym for o in registry.organisations if o.unitOf and o.acronym]
        alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
        self._joined = re.compile(rf"(?<![\w-])(?:{alternatives})(?P<sep>[-/])(?=(?:{alternatives})(?![\w]))")
        # "Africa-Frontex Intelligence Community": an agency's name inside a compound name is still the agency
        self._prefixed = re.compile(rf"(?<![\w-])[A-Z][a-z]+(?P<sep>-)(?=(?:{alternatives})(?![\w-]))")
        self.unit_parent = {o.id: o.unitOf for o in registry.organisations if o.unitOf}

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in text order; the longest match wins an overlap."""
        if text in self._cache:
            return list(self._cache[text])
        original = text
        lowered = text.lower()
        text = self._joined.sub(lambda m: m.group()[:-1] + " ", text)  # same length: offsets stay valid
        text = self._prefixed.sub(lambda m: m.group()[:-1] + " ", text)
        found: list[Mention] = []
        taken = [False] * len(text)
        candidates: list[tuple[int, int, int, _Entry]] = []
        for entry in self._entries:
            if entry.needle and entry.needle not in lowered:
                continue
            for match in entry.pattern.finditer(text):
                candidates.append((-(match.end() - match.start()), match.start(), match.end(), entry))
        for _neg, start, end, entry in sorted(candidates, key=lambda c: (c[0], c[1])):
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(Mention(entry.kind, entry.id, original[start:end], start, end))
        result = sorted(found, key=lambda m: m.start)
        if len(self._cache) < 20000:
            self._cache[original] = tuple(result)
        return result
