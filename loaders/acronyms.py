"""The report's list of acronyms (Annex 3) → organisations the registry does not know yet.

The PDF conversion joins several entries on one line ("EFCA European Fisheries Control Agency
EIGE European Institute ...") and wraps some in ** **, so entries are cut where an all-capital
token follows an expansion of at least two words. Only expansions that name an organisation
(agency, office, network, committee, mission ...) become organisations; the rest (SOCTA, JIT,
MS ...) are terms, not actors.
"""

from __future__ import annotations

import re

from loaders.records import Passage
from ontology.registry import Registry

__all__ = ["ORG_WORDS", "acronym_list", "organisation_kind", "organisations_from_acronyms"]

_ACRONYM_TOKEN = re.compile(
    r"^(?=[A-Z0-9-]*[A-Z][A-Z0-9-]*[A-Z0-9]$)[A-Z0-9][A-Za-z0-9-]*$|^[A-Z]{2,}[a-z]?[A-Z]*$|^[A-Z][a-z]?[A-Z]{2,}[a-z]?$"
)
_HEADING = re.compile(r"list of acronyms|abbreviations", re.IGNORECASE)
ORG_WORDS = re.compile(
    r"\b(?:Agency|Office|Centre|Center|Network|Committee|Commission|Council|College|Group|Service|Mission|"
    r"Organi[sz]ation|Directorate|Directorate-General|Institute|Unit|Coordinator|Parliament|Court|Naval Force|"
    r"Board|Force|Police|Prosecutor|Foundation|Authority|Bank|Ombudsman|Secretariat|Observatory|Academy)\b"
)


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(token) >= 2 and sum(c.isupper() for c in letters) >= 2 and bool(_ACRONYM_TOKEN.match(token))


def acronym_list(text: str) -> dict[str, str]:
    """Acronym → expansion from the lines of an acronym list."""
    entries: list[tuple[list[str], list[str]]] = []
    for raw in text.split("\n"):
        tokens = raw.replace("**", " ").split()
        for token in tokens:
            start_new = _is_acronym(token) and (not entries or len(entries[-1][1]) >= 2)
            # "DG HOME", "EU CTC": a second all-capital token right after an acronym belongs to it
            if entries and not entries[-1][1] and _is_acronym(token) and len(entries[-1][0]) == 1 \
                    and token not in ("EU", "UN") and (len(entries[-1][0][0]) <= 2 or len(token) >= 3):
                entries[-1][0].append(token)
            elif start_new:
                entries.append(([token], []))
            elif entries:
                entries[-1][1].append(token)
    out: dict[str, str] = {}
    for acronym, words in entries:
        if words:
            out[" ".join(acronym)] = " ".join(words)
    return out


def organisation_kind(expansion: str) -> str:
    """A registry organisation kind guessed from the words of the name."""
    if re.search(r"\bMission\b|\bNaval Force\b|\bOperation\b", expansion):
        return "CSDPMission"
    if re.search(r"\bUnited Nations\b|\bInternational\b", expansion):
        return "InternationalOrganisation"
    if re.search(r"\bNetwork\b|\bGroup\b|\bCollege\b", expansion):
        return "Network"
    if re.search(r"\bAgency\b|\bCentre\b|\bInstitute\b", expansion):
        return "EUAgency"
    return "EUBody"


def organisations_from_acronyms(passages: list[Passage], registry: Registry) -> dict[str, tuple[str, str, str]]:
    """id → (acronym, expansion, kind) for organisations in the acronym annex the registry lacks."""
    # entries may be read as paragraphs or as short headings under the annex heading
    lines = [p.text for p in passages if any(_HEADING.search(s) for s in p.section)]
    known_names: set[str] = set()
    for entry in (*registry.agencies, *registry.organisations, *registry.systems, *registry.instruments):
        known_names.update(n.lower() for n in entry.names)
    found: dict[str, tuple[str, str, str]] = {}
    for acronym, expansion in acronym_list("\n".join(lines)).items():
        expansion = expansion.strip(" *")
        if not ORG_WORDS.search(" ".join(expansion.split()[:5])) or acronym.lower() in known_names or expansion.lower() in known_names:
            continue
        ident = re.sub(r"[^a-z0-9]+", "-", acronym.lower()).strip("-")
        found[ident] = (acronym, expansion, organisation_kind(expansion))
    return found
