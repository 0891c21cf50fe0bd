"""Score extracted activities against a hand-annotated gold file.

The gold file (YAML, or the JSON format of an independent annotation) lists activities by a verbatim quote snippet that locates the passage,
with participants and roles, type, themes, status and optionally date and place. Matching is
one-to-one: each gold activity takes the not yet used extracted activity whose passages contain
the snippet and which shares the most participants with it (agencies and the network; units
count as their agency). Scoring is on records, before RDF, so it is fast and independent of the
store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jhakg.errors import BadFile
from loaders.records import ActivityRecord, ReportRecord
from loaders.text import normalise_space
from ontology.registry import AGENCY_IDS, Registry
from ontology.roles import ROLE_ALIASES

__all__ = ["GoldActivity", "GoldError", "Score", "comparable", "load_gold", "score"]

# local names of the jha: activity classes, so gold files may write "memorandum of understanding" or "webinar"
_ACTIVITY_TYPES = {
    "Training", "Webinar", "OnlineModule", "Course", "Meeting", "Conference", "Workshop", "Publication",
    "ThreatAssessment", "JointOperation", "Agreement", "MemorandumOfUnderstanding", "CooperationPlan",
    "PlacementAgreement", "LetterOfUnderstanding", "LiaisonPlacement", "InformationExchange", "Tool", "Project", "Support",
}


class GoldError(BadFile):
    """The gold file is missing or malformed; the message says which entry and what to fix."""


@dataclass(frozen=True)
class GoldActivity:
    quote: str
    participants: dict[str, str]
    type: str
    themes: tuple[str, ...]
    status: str
    date: str | None = None
    place: str | None = None


@dataclass
class Score:
    """Counts and ratios of one scoring run; `misses` explains every error for review."""

    gold: int = 0
    matched: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lead_ok: int = 0
    type_ok: int = 0
    theme_ok: int = 0
    status_ok: int = 0
    date_total: int = 0
    date_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def activity_recall(self) -> float:
        return self._ratio(self.matched, self.gold)

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self._ratio(getattr(self, f"{name}_ok"), self.matched)

    @property
    def date_accuracy(self) -> float:
        return self._ratio(self.date_ok, self.date_total)

    def rows(self) -> list[tuple[str, str]]:
        """(measure, value) pairs in the order `jhakg evaluate` prints them."""
        return [
            ("gold activities", str(self.gold)),
            ("activity recall", f"{self.activity_recall:.3f}"),
            ("participation precision", f"{self.precision:.3f}"),
            ("participation recall", f"{self.recall:.3f}"),
            ("participation F1", f"{self.f1:.3f}"),
            ("lead accuracy", f"{self.accuracy('lead'):.3f}"),
            ("type accuracy", f"{self.accuracy('type'):.3f}"),
            ("theme accuracy", f"{self.accuracy('theme'):.3f}"),
            ("status accuracy", f"{self.accuracy('status'):.3f}"),
            ("date accuracy", f"{self.date_accuracy:.3f} (of {self.date_total} dated)"),
        ]


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_TYPE_ALIASES = {
    "mou": "MemorandumOfUnderstanding", "memorandum": "MemorandumOfUnderstanding", "report": "Publication",
    "jointactionday": "JointOperation", "jad": "JointOperation", "operation": "JointOperation",
    "liaisonofficer": "LiaisonPlacement", "liaison": "LiaisonPlacement", "toolbox": "Tool", "lou": "LetterOfUnderstanding",
    "seminar": "Workshop", "elearning": "OnlineModule", "threat assessment": "ThreatAssessment", "expertsupport": "Support",
}
_ROLE_ALIASES = ROLE_ALIASES


def comparable(text: str) -> str:
    """Text as quotes are compared: one kind of quote mark and dash, white space folded."""
    return normalise_space(text.translate(_QUOTES))


def _type_name(value: str, known: set[str]) -> str:
    key = re.sub(r"[^a-z]", "", value.lower())
    for name in known:
        if name.lower() == key:
            return name
    return _TYPE_ALIASES.get(key, value)


def _org_id(value: str, registry: Registry) -> str:
    """A registry id for an agency or the network, also when the gold file names it ("EU-LISA", "JHA network")."""
    key = value.strip().lower()
    if key in AGENCY_IDS or key == registry.network.id:
        return key
    for agency in registry.agencies:
        if key in {n.lower() for n in agency.names}:
            return agency.id
    for unit in registry.organisations:
        if unit.unitOf and key in {n.lower() for n in unit.names}:
            return unit.unitOf
    if "network" in key or key in ("jha agencies", "all agencies", "the jha agencies"):
        return registry.network.id
    return key


_GOLD_STATUS = {"proposed/opportunity": "proposed", "opportunity": "proposed"}


def _gold_json(path: Path, data: dict[str, Any], registry: Registry | None) -> tuple[str | None, list[GoldActivity]]:
    """The independent annotation's format (`{"meta": …, "activities": [{"evidence", "agencies", "lead", …}]}`).

    Agencies are codes (EUROPOL, EULISA); a network-wide activity counts as the network; leads are
    the listed JHA leads and every other agency a partner (that format gives no finer roles).
    """
    out: list[GoldActivity] = []
    for i, entry in enumerate(data["activities"], start=1):
        if not isinstance(entry, dict) or not all(k in entry for k in ("evidence", "agencies", "status")):
            raise GoldError(f"{path}: activity {i} lacks evidence, agencies or status")
        leads = {_code(str(a), registry) for a in entry.get("lead") or ()}
        if entry.get("network_wide"):
            participants = {(registry.network.id if registry else "jha-agencies-network"): "partner"}
        else:
            participants = {_code(str(a), registry): "partner" for a in entry["agencies"]}
            participants.update({a: "lead" for a in leads if a in participants})
        status = str(entry["status"]).lower()
        out.append(GoldActivity(
            quote=comparable(str(entry["evidence"])), participants=participants,
            type=_type_name(str(entry.get("type") or "Support"), _ACTIVITY_TYPES), themes=(),
            status=_GOLD_STATUS.get(status, status), date=str(entry["date"]) if entry.get("date") else None,
            place=entry.get("place"),
        ))
    source = str(data.get("meta", {}).get("source", ""))
    year = re.search(r"cooperation[- ](?:in[- ])?(20\d\d)", source)
    return (f"jha-agencies-cooperation-{year.group(1)}" if year else None), out


def _code(code: str, registry: Registry | None) -> str:
    """EULISA → eu-lisa, EUROPOL → europol, EC3 → europol (a unit counts as its agency)."""
    key = re.sub(r"[^a-z0-9]", "", code.lower())
    for agency in AGENCY_IDS:
        if re.sub(r"[^a-z0-9]", "", agency) == key:
            return agency
    return _org_id(code, registry) if registry else code.lower()


def load_gold(path: Path, registry: Registry | None = None) -> tuple[str | None, list[GoldActivity]]:
    """Read and check a gold file (this project's YAML, or the JSON of an independent annotation)."""
    if Path(path).suffix.lower() == ".json":
        try:
            loaded = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GoldError(f"{path}: no such gold file") from exc
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: not valid JSON: {exc}") from exc
        if not isinstance(loaded, dict) or not isinstance(loaded.get("activities"), list):
            raise GoldError(f"{path}: expected a mapping with an 'activities' list")
        return _gold_json(path, loaded, registry)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldError(f"{path}: no such gold file; give a YAML file as described in the README") from exc
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("activities"), list):
        raise GoldError(f"{path}: expected a mapping with an 'activities' list")
    out: list[GoldActivity] = []
    for i, entry in enumerate(data["activities"], start=1):
        missing = [k for k in ("quote", "participants", "type", "status") if k not in entry]
        if missing:
            raise GoldError(f"{path}: activity {i} lacks {', '.join(missing)}")
        if not isinstance(entry["participants"], dict):
            raise GoldError(f"{path}: activity {i}: participants must map ids to roles, e.g. {{frontex: lead}}")
        participants: dict[str, str] = {}
        for org, role in entry["participants"].items():
            ident = _org_id(str(org), registry) if registry else str(org)
            role = _ROLE_ALIASES.get(str(role).lower(), str(role).lower())
            if ident not in participants or role == "lead":
                participants[ident] = role
        out.append(GoldActivity(
            quote=comparable(str(entry["quote"])), participants=participants,
            type=_type_name(str(entry["type"]), _ACTIVITY_TYPES), themes=tuple(entry.get("themes") or ()),
            status=str(entry["status"]).lower(),
            date=str(entry["date"]) if entry.get("date") else None, place=entry.get("place"),
        ))
    return data.get("report"), out


def _locates(quote: str, activity: ActivityRecord) -> bool:
    """The snippet is in one of the activity's passages, or a passage is in it (a quote of two sentences)."""
    for p in activity.passages:
        text = comparable(p.text)
        if quote in text or (len(text) > 30 and text in quote) or (len(quote) > 60 and quote[:60] in text):
            return True
    return False


def _scored(activity: ActivityRecord, registry: Registry) -> dict[str, str]:
    """Agency and network participations of an extracted activity; units folded into their agency."""
    units = {o.id: o.unitOf for o in registry.organisations if o.unitOf}
    out: dict[str, str] = {}
    for p in activity.participants:
        org = units.get(p.org, p.org)
        if org in AGENCY_IDS or org == registry.network.id:
            out.setdefault(org, p.role)
    return out


def score(record: ReportRecord, gold: list[GoldActivity], registry: Registry) -> Score:
    """Match gold activities to extracted ones and count what agrees."""
    result = Score(gold=len(gold))
    used: set[int] = set()
    for g in gold:
        candidates = [(i, a) for i, a in enumerate(record.activities) if i not in used and _locates(g.quote, a)]
        best: tuple[int, ActivityRecord] | None = None
        best_key = (0, False)
        for i, a in candidates:
            overlap = len(set(_scored(a, registry)) & set(g.participants))
            # ties go to the activity whose own clause holds the snippet (two activities in one sentence)
            key = (overlap, comparable(g.quote[:40]) in comparable(a.label))
            if overlap > 0 and key > best_key:
                best, best_key = (i, a), key
        if best is None:
            result.fn += len(g.participants)
            result.misses.append(f"MISSED  {g.quote!r}" + ("" if candidates else " (no activity on this passage)"))
            continue
        used.add(best[0])
        act = best[1]
        got = _scored(act, registry)
        result.matched += 1
        result.tp += len(set(got) & set(g.participants))
        result.fp += len(set(got) - set(g.participants))
        result.fn += len(set(g.participants) - set(got))
        if set(got) != set(g.participants):
            result.misses.append(f"PARTIES {g.quote!r}: got {sorted(got)}, gold {sorted(g.participants)}")
        leads = {o for o, r in got.items() if r == "lead"}
        gold_leads = {o for o, r in g.participants.items() if r == "lead"}
        if leads == gold_leads:
            result.lead_ok += 1
        else:
            result.misses.append(f"LEAD    {g.quote!r}: got {sorted(leads)}, gold {sorted(gold_leads)}")
        if act.type == g.type:
            result.type_ok += 1
        else:
            result.misses.append(f"TYPE    {g.quote!r}: got {act.type}, gold {g.type}")
        if set(g.themes) <= set(act.themes):
            result.theme_ok += 1
        else:
            result.misses.append(f"THEME   {g.quote!r}: got {act.themes}, gold {list(g.themes)}")
        if act.status == g.status:
            result.status_ok += 1
        else:
            result.misses.append(f"STATUS  {g.quote!r}: got {act.status}, gold {g.status}")
        if g.date:
            result.date_total += 1
            if act.date == g.date:
                result.date_ok += 1
            else:
                result.misses.append(f"DATE    {g.quote!r}: got {act.date}, gold {g.date}")
    return result
