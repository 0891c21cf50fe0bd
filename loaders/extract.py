"""Passages → activities and opportunities: who did what with whom, of what kind, when, whether.

Reads the language of the report (cue words for roles, types, status and dates), never its
line numbers or particular sentences, so reports of other years load the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.mentions import MentionFinder
from loaders.records import ActivityRecord, Mention, OpportunityRecord, Participation, Passage
from ontology.registry import Registry

__all__ = ["Extractor"]

# Activity types: first matching cue wins, so specific cues come before general ones.
TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("Webinar", r"\bwebinars?\b"),
    ("OnlineModule", r"\bonline (?:training )?modules?\b|\be-learning\b|\bonline course"),
    ("MemorandumOfUnderstanding", r"\bmemorandum of understanding\b|\bMoUs?\b"),
    ("PlacementAgreement", r"\bplacement agreement\b|\btemporary placement\b"),
    ("CooperationPlan", r"\bcooperation plan\b|\bjoint action plan\b"),
    ("LetterOfUnderstanding", r"\bletter of understanding\b"),
    ("LiaisonPlacement", r"\bliaison officers?\b|\bLOs?\b"),
    ("ThreatAssessment", r"\bthreat assessments?\b|\brisk assessments?\b|\bSOCTA\b|\bIOCTA\b|\bTE-SAT\b"),
    ("JointOperation", r"\bjoint action days?\b|\bJADs?\b|\bjoint operations?\b|\baction day\b|\bCyber Patrol\b"),
    ("Conference", r"\bconferences?\b"),
    ("Workshop", r"\bworkshops?\b|\bseminars?\b|\broundtables?\b"),
    ("Course", r"\bcourses?\b"),
    ("Training", r"\btrain(?:ing|ed|s)?\b|\bcurricul\w+|\bhandbooks?\b|\bmanuals?\b"),
    ("Meeting", r"\bmeetings?\b|\bmet\b|\bvisit(?:s|ed)?\b|\bpress trips?\b"),
    ("Publication", r"\b(?:joint )?(?:reports?|publications?|published|publish|paper|booklet|video|guide|guidance|"
                    r"brochure|newsletter|web page|study|studies|survey)\b"),
    ("InformationExchange", r"\b(?:shar(?:e|es|ed|ing)|exchang\w+|transmit\w*|sending|provid\w+ (?:data|information))\b"),
    ("Tool", r"\btoolbox\b|\btools?\b|\bplatform\b|\bindex\b|\bmatrix\b|\brepository\b"),
    ("Project", r"\bprojects?\b|\binitiatives?\b"),
    ("Support", r"\bsupport\w*\b|\bassist\w*\b|\bcontribut\w+\b|\bexpertise\b|\bcooperat\w+\b|\bcollaborat\w+\b|\bworked?\b"),
)
_TYPE_PATTERNS = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in TYPE_CUES]

_LEAD = re.compile(
    r"\b(?:led|co-led|leads?|leading|organi[sz](?:ed|es|ing)|coordinat(?:ed|es|ing)|chair(?:ed|s|ing)|"
    r"hosted|launched|initiated|presented|published|produced|prepared|developed|set up|drafted)\b",
    re.IGNORECASE,
)
_SUPPORT = re.compile(
    r"\b(?:with (?:the )?(?:good |close )?support (?:of|from)|supported by|with input from|contributions? from|"
    r"contributed|associated with|with the participation of|involv\w+|peer review\w*|with (?:the )?help of)\b",
    re.IGNORECASE,
)
_ATTEND = re.compile(r"\b(?:attended by|attended|participated in|represented|took part)\b", re.IGNORECASE)
_RECIPIENT = re.compile(r"\b(?:to|with)\s*$", re.IGNORECASE)

_PROPOSED = re.compile(
    r"\b(?:could|should|would|might|(?-i:may)|possibilit\w+|potential|opportunit\w+|explor\w+|consider\w*|"
    r"suggest\w*|propos\w+|recommend\w*|need(?:s|ed)? to|envisag\w+)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|shall|is scheduled|are scheduled|plan(?:s|ned)? to|intend\w*|foresee\w*|to be (?:held|launched)|"
    r"in 20\d\d and beyond|upcoming|forthcoming)\b",
    re.IGNORECASE,
)
_ONGOING = re.compile(
    r"\b(?:continu\w+|ongoing|is (?:\w+ing)|are (?:\w+ing)|currently|under way|at the time of writing|"
    r"regularly|monthly|weekly|annual(?:ly)?)\b",
    re.IGNORECASE,
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_MONTH = "|".join(_MONTHS)
_DATE_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})\s*(?:(?P<m1>{_MONTH})\s*)?[–-]\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y>20\d\d)\b"
)
_DATE_DAY = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")
_DATE_MONTH = re.compile(rf"\b(?:in|since|from|by|of|early|late|end of)\s+(?P<m>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")

_OPPORTUNITY_SECTIONS = re.compile(r"challenges and opportunities|priorities for|conclusions of the heads", re.I)


def _iso(year: str | int, month: str | None = None, day: str | None = None) -> str:
    if month is None:
        return f"{int(year):04d}"
    m = _MONTHS.index(month) + 1
    return f"{int(year):04d}-{m:02d}" + (f"-{int(day):02d}" if day else "")


def find_dates(text: str, year: int) -> tuple[str | None, str | None]:
    """The first date a passage gives, as ISO 8601 (day, month or range), or (None, None)."""
    if m := _DATE_RANGE.search(text):
        y = m.group("y")
        start = _iso(y, m.group("m1") or m.group("m2"), m.group("d1"))
        return start, _iso(y, m.group("m2"), m.group("d2"))
    if m := _DATE_DAY.search(text):
        return _iso(m.group("y") or year, m.group("m"), m.group("d")), None
    if m := _DATE_MONTH.search(text):
        return _iso(m.group("y") or year, m.group("m")), None
    return None, None


class Extractor:
    """Turns the passages of one report into activity and opportunity records."""

    def __init__(self, registry: Registry, finder: MentionFinder) -> None:
        self.registry = registry
        self.finder = finder
        self._themes = [(t.id, t.headings, tuple(k.lower() for k in t.keywords)) for t in registry.themes]

    # -- pieces ---------------------------------------------------------------------------

    def themes(self, passage: Passage) -> list[str]:
        """Themes from the section path (headings) and from the sentence's own words."""
        found: list[str] = []
        section = " ".join(passage.section[1:] if len(passage.section) > 1 else passage.section).lower()
        text = passage.text.lower()
        for theme_id, headings, keywords in self._themes:
            if any(h in section for h in headings) or any(re.search(rf"\b{re.escape(k)}", text) for k in keywords):
                found.append(theme_id)
        return found

    @staticmethod
    def activity_type(text: str) -> str | None:
        for name, pattern in _TYPE_PATTERNS:
            if pattern.search(text):
                return name
        return None

    @staticmethod
    def status(text: str, section: str) -> str:
        if _PROPOSED.search(text) or (re.search(r"challenges and opportunities", section, re.I) and not re.search(
            r"\b(?:was|were|has|have|had|did|organised|signed|held)\b", text, re.I
        )):
            return "proposed" if _PROPOSED.search(text) or not _PLANNED.search(text) else "planned"
        if _PLANNED.search(text):
            return "planned"
        if _ONGOING.search(text):
            return "ongoing"
        return "done"

    def roles(self, text: str, agencies: list[Mention]) -> list[Participation]:
        """A role per agency from the words just before and after its name."""
        out: list[Participation] = []
        for mention in agencies:
            before = text[max(0, mention.start - 60): mention.start]
            after = text[mention.end: mention.end + 40]
            if _SUPPORT.search(before[-45:]):
                role = "support"
            elif _ATTEND.search(before[-30:]) or re.match(r"^\W*(?:\w+\W+){0,2}(?:attended|participated|took part)", after):
                role = "attendee"
            elif mention is agencies[0] and _LEAD.search(after) and len(agencies) > 1:
                role = "lead"
            else:
                role = "partner"
            out.append(Participation(mention.id, role, "agency"))
        return out

    # -- whole passages -------------------------------------------------------------------

    def extract(self, passages: Iterable[Passage], year: int) -> tuple[list[ActivityRecord], list[OpportunityRecord], list[Passage]]:
        activities: list[ActivityRecord] = []
        opportunities: list[OpportunityRecord] = []
        unplaced: list[Passage] = []
        for passage in passages:
            if passage.kind not in ("sentence", "bullet"):
                continue
            mentions = self.finder.find(passage.text)
            agencies = self._agency_mentions(mentions)
            orgs = [m for m in mentions if m.kind == "organisation" and m.id not in self.finder.unit_parent]
            network = any(m.kind == "network" for m in mentions)
            instruments = _unique(m.id for m in mentions if m.kind == "instrument")
            systems = _unique(m.id for m in mentions if m.kind == "system")
            if _OPPORTUNITY_SECTIONS.search(passage.section_path) and (agencies or network or orgs):
                heading = _OPPORTUNITY_SECTIONS.findall(passage.section_path)[-1].lower()
                kind = {"priorities for": "priority", "conclusions of the heads": "conclusion"}.get(heading, "opportunity")
                opportunities.append(OpportunityRecord(
                    kind=kind, passages=[passage],
                    organisations=_unique([m.id for m in agencies] + [m.id for m in orgs]
                                          + ([self.registry.network.id] if network else [])),
                    themes=self.themes(passage), instruments=instruments, systems=systems,
                ))
                if not _PROPOSED.search(passage.text) and not _PLANNED.search(passage.text):
                    pass  # done activities told inside such sections are still read below
                else:
                    continue
            distinct = _unique(m.id for m in agencies)
            if not distinct and not network:
                continue
            kind = self.activity_type(passage.text)
            if kind is None or (len(distinct) + len(orgs) < 2 and not network):
                if distinct:
                    unplaced.append(passage)
                continue
            participants = _dedupe(self.roles(passage.text, agencies))
            participants += [Participation(m.id, "partner", "organisation") for m in orgs
                             if m.id not in {p.org for p in participants}]
            if network:
                participants.append(Participation(self.registry.network.id, "partner", "network"))
            date, end = find_dates(passage.text, year)
            activities.append(ActivityRecord(
                type=kind, label=_label(passage.text), status=self.status(passage.text, passage.section_path),
                passages=[passage], participants=_dedupe(participants), themes=self.themes(passage),
                instruments=instruments, systems=systems, date=date, end_date=end,
            ))
        return activities, opportunities, unplaced

    def _agency_mentions(self, mentions: list[Mention]) -> list[Mention]:
        """Agency mentions, with a unit (EC3, ECTC, EMSC) also counting for its parent agency."""
        out: list[Mention] = []
        for m in mentions:
            if m.kind == "agency":
                out.append(m)
            elif m.kind == "organisation" and m.id in self.finder.unit_parent:
                out.append(Mention("agency", self.finder.unit_parent[m.id], m.surface, m.start, m.end))
        return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dedupe(parts: list[Participation]) -> list[Participation]:
    """One participation per organisation; the strongest role wins (lead > partner > support …)."""
    rank = {"lead": 0, "partner": 1, "support": 2, "attendee": 3, "recipient": 4}
    best: dict[str, Participation] = {}
    for p in parts:
        if p.org not in best or rank[p.role] < rank[best[p.org].role]:
            best[p.org] = p
    return list(best.values())


def _label(text: str, limit: int = 120) -> str:
    """A short label: the sentence itself, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
