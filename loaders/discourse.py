"""Context a sentence does not give by itself: the section's own agency and umbrella statements.

A report tells much of its cooperation through context: in a subsection headed by an agency
("Europol", "Contribution of Frontex") a sentence naming only the partner is still that agency's
work; and a general statement ("Eurojust participated in all JADs") covers each activity of its
class told elsewhere in the chapter. Both add participants the clause itself does not name, so
each is recorded as inferred, pointing at the passage it was inferred from (`jha:inferredFrom`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.mentions import MentionFinder
from loaders.records import ActivityRecord, Evidence, Participation, Passage

__all__ = ["UMBRELLA", "propagate_umbrellas", "section_owner"]

# "X participated in all JADs", "X took part in each of the joint action days", "X supported all these
# operations": a statement about every activity of a class (its noun after "all"/"each"/"every").
UMBRELLA = re.compile(
    r"\b(?P<verb>participated|took part|was involved|were involved|contributed|supported|joined|attended)\s+"
    r"(?:in\s+|to\s+)?(?:all|each|every)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?(?P<noun>[\w-]+(?:\s+[\w-]+){0,2})",
    re.IGNORECASE,
)
_ROLE_OF_VERB = {"contributed": "supporter", "supported": "supporter"}

# A heading that is an agency's own part: "Europol", "Frontex's contribution", "Contribution of eu-LISA".
_OWN_HEADING = re.compile(r"^\s*(?:(?:the\s+)?(?:contribution|role|work|activities)\s+of\s+(?:the\s+)?)?(?P<name>\S+(?:\s+\S+){0,2}?)"
                          r"(?:['’]s?\s+(?:contribution|role|work|activities))?\s*$", re.IGNORECASE)


def section_owner(heading: Passage | None, finder: MentionFinder, agency_ids: set[str]) -> str | None:
    """The agency a subsection belongs to when its heading is that agency (and nothing more)."""
    if heading is None:
        return None
    if not _OWN_HEADING.match(heading.text):
        return None
    named = [m for m in finder.find(heading.text) if m.kind == "agency" and m.id in agency_ids]
    if len({m.id for m in named}) != 1:
        return None
    rest = heading.text[:named[0].start] + heading.text[named[0].end:]
    if re.search(r"\b(?:and|with|between|cooperation)\b", rest, re.IGNORECASE):
        return None  # "Europol and Frontex", "Cooperation with Eurojust": a shared or a partner's heading
    return named[0].id


def _chapter(passage: Passage) -> tuple[str, ...]:
    return passage.section[:2]


def propagate_umbrellas(activities: list[ActivityRecord], patterns: Iterable[tuple[str, re.Pattern[str]]],
                        agency_ids: set[str]) -> int:
    """Add the umbrella's agencies to every done or ongoing activity of its class in its chapter.

    `patterns` are the (type, noun pattern) cues of activity types; the umbrella's noun picks the
    type it speaks of, and an activity is covered when it is of that type and its own clause uses
    a noun of that type. Returns the number of participations added.
    """
    cues = list(patterns)
    added = 0
    for umbrella in activities:
        for evidence in umbrella.clauses():
            m = UMBRELLA.search(evidence.quote)
            if not m:
                continue
            kind = next((name for name, pattern in cues if pattern.match(m.group("noun"))), None)
            if kind is None:
                continue
            noun = next(pattern for name, pattern in cues if name == kind)
            who = [p for p in umbrella.participants if p.org in agency_ids and p.inferred_from is None]
            role = _ROLE_OF_VERB.get(m.group("verb").lower(), "attendee")
            for act in activities:
                if act is umbrella or act.type != kind or act.status not in ("done", "ongoing"):
                    continue
                if any(p.kind == "network" for p in act.participants):
                    continue  # the whole network already takes part
                if _chapter(act.passages[0]) != _chapter(evidence.passage):
                    continue
                if not any(noun.search(e.quote) for e in act.clauses()):
                    continue
                if any(UMBRELLA.search(e.quote) for e in act.clauses()):
                    continue  # another general statement, not an activity of the class
                have = {p.org for p in act.participants}
                for p in who:
                    if p.org not in have:
                        act.participants.append(Participation(p.org, role, p.kind, inferred_from=evidence))  # type: ignore[arg-type]
                        added += 1
    return added


def owner_evidence(heading: Passage) -> Evidence:
    """The heading a section owner was read from, as evidence of the inference."""
    return Evidence(heading, 0, len(heading.text))
