"""Where cooperation is missing, each gap with the evidence behind it.

Three kinds of gap:

- `pair`: two agencies with no done or ongoing joint activity, overall or on a theme (a theme
  includes its narrower themes). Per theme, only pairs where *both* agencies are active on the
  theme are listed: both work on it, but not together. The evidence is each agency's own
  activities on the theme, and any planned or proposed joint work (which is not cooperation yet).
- `absent`: an agency with no done or ongoing activity on a theme where peers are active. The
  evidence is the peers' activities, and the absent agency's own planned or proposed work there.
- `stated`: a challenge, opportunity, priority or conclusion the report itself states
  (`jha:Opportunity`), with the verbatim passage it comes from and the activities it bears on:
  the concerned organisations' joint work on its themes, else their own work there, else (when it
  names no organisation with such work) the work the report describes in the same section.

Three agencies: a and b did activity 1 together, b and c only plan activity 3, c did 2 alone:

>>> from graph.analytics.projection import Collaboration, Network, ParticipationRow
>>> def took_part(org: str, act: str, status: str = "done") -> ParticipationRow:
...     return ParticipationRow(f"act/{act}", f"ag/{org}", status, "Meeting", 2017, f"Meeting {act}", ("partner",), (), (), True)
>>> net = Network([Collaboration("ag/a", "ag/b", "act/1", "done", "Meeting", 2017, (), True, True),
...                Collaboration("ag/b", "ag/c", "act/3", "planned", "Meeting", 2017, (), True, True)],
...               [took_part("a", "1"), took_part("b", "1"), took_part("c", "2"),
...                took_part("b", "3", "planned"), took_part("c", "3", "planned")], {}, {}, {}, ["ag/a", "ag/b", "ag/c"])
>>> for gap in pair_gaps(net):
...     print(gap.agencies, [p.id for p in gap.planned])
('a', 'c') []
('b', 'c') ['3']
>>> pair_gaps(net)[1].explanation.split(". ")[-1]
'1 joint activity is only planned or proposed.'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from pydantic import ConfigDict, Field

from graph.analytics.evidence import ActivityRef, OrgRef, Quote, activity_refs, org_ref
from graph.analytics.projection import HAPPENED, Network, select, short_id
from graph.analytics.result import Result
from graph.store.base import Store

__all__ = ["AbsentGap", "Gaps", "Opportunity", "OpportunityRef", "PairGap", "PeerRef", "StatedGap", "gaps",
           "load_opportunities", "pair_gaps"]

EVIDENCE_LIMIT = 5  # activities listed per agency as evidence
PLANNED = ("planned", "proposed")
GapActivities = tuple[ActivityRef, ...]
PLANNED_HELP = "Planned or proposed work that would close the gap."


class PeerRef(OrgRef):
    activities: int


class OpportunityRef(Result):
    id: str
    iri: str
    kind: str
    label: str


class PairGap(Result):
    """Two agencies with no done or ongoing joint activity (overall, or on `theme` and its narrower themes)."""

    kind: Literal["pair"] = "pair"
    theme: str | None
    agencies: tuple[str, ...]
    explanation: str
    activities: GapActivities = Field(description="Each agency's own work (on the theme), up to five each.")
    planned: GapActivities = Field(description=PLANNED_HELP)


class AbsentGap(Result):
    """An agency with no done or ongoing activity on a theme where peer agencies are active."""

    kind: Literal["absent"] = "absent"
    theme: str
    agencies: tuple[str, ...]
    explanation: str
    activities: GapActivities = Field(description="The peers' work on the theme.")
    planned: GapActivities = Field(description=PLANNED_HELP)
    peers: tuple[PeerRef, ...]


class StatedGap(Result):
    """A challenge or opportunity the report states, with its passage and the work it bears on."""

    kind: Literal["stated"] = "stated"
    theme: str | None
    agencies: tuple[str, ...]
    explanation: str
    activities: GapActivities = Field(description="The concerned organisations' work on the stated themes.")
    opportunity: OpportunityRef
    concerns: tuple[OrgRef, ...]
    themes: tuple[str, ...]
    evidence: tuple[Quote, ...]


class Gaps(Result):
    pairs: tuple[PairGap, ...]
    absent: tuple[AbsentGap, ...]
    stated: tuple[StatedGap, ...]

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "pairs": [{"kind": "pair", "theme": "drugs", "agencies": ["cepol", "eurojust"],
                   "explanation": "CEPOL and Eurojust have no done or ongoing joint activity on Drugs (or a narrower theme), "
                                  "although CEPOL has 2 activities and Eurojust has 1 activity there.",
                   "activities": [{"id": "jha-agencies-cooperation-2017-webinar-a98303824a",
                                   "iri": "https://w3id.org/jha-kg/activity/jha-agencies-cooperation-2017-webinar-a98303824a",
                                   "label": "…", "status": "done"}], "planned": []}],
        "absent": [], "stated": []}]})


@dataclass(frozen=True)
class Opportunity:
    """A challenge, opportunity, priority or conclusion as read from the store (queries/opportunities.rq)."""

    iri: str
    kind: str
    label: str
    concerns: tuple[str, ...]
    themes: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]  # (section path, verbatim quote)


@dataclass
class _Gathered:
    kind: str
    label: str
    concerns: set[str]
    themes: set[str]
    evidence: list[tuple[str, str]]


def load_opportunities(store: Store) -> list[Opportunity]:
    """The report's stated opportunities and challenges, one per IRI (a passage may state one several times)."""
    merged: dict[str, _Gathered] = {}
    for r in select(store, "opportunities"):
        iri = r["opportunity"].value
        entry = merged.setdefault(iri, _Gathered(kind=r["kind"].value if r["kind"] else "opportunity",
                                                 label=r["label"].value if r["label"] else "", concerns=set(), themes=set(),
                                                 evidence=[]))
        entry.concerns.update(r["concerns"].value.split() if r["concerns"] else ())
        entry.themes.update(r["themes"].value.split() if r["themes"] else ())
        entry.evidence.append((r["section"].value if r["section"] else "", r["quote"].value))
    return [Opportunity(iri, e.kind, e.label, tuple(sorted(e.concerns)), tuple(sorted(e.themes)), tuple(e.evidence))
            for iri, e in sorted(merged.items())]


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _themes_to_check(network: Network, theme: str | None) -> list[str]:
    if theme:
        return [network.theme(theme).id]
    return sorted(t.id for t in network.themes.values())


def _active(network: Network, theme: str | None, statuses: tuple[str, ...] = HAPPENED) -> dict[str, list[str]]:
    """Agency IRI → its activity IRIs (with the given statuses) on the theme."""
    return {a: [p.activity for p in network.activities_of(a, theme=theme, statuses=statuses)] for a in network.agencies}


def _joint(network: Network, theme: str | None, statuses: tuple[str, ...]) -> dict[tuple[str, str], list[str]]:
    graph = network.graph(theme=theme, statuses=statuses, include_agencies=False)
    return {(min(u, v), max(u, v)): list(d["activities"]) for u, v, d in graph.edges(data=True)}


def _pair_gaps(network: Network, theme: str | None) -> list[PairGap]:
    active = _active(network, theme)
    joint = _joint(network, theme, HAPPENED)
    planned = _joint(network, theme, PLANNED)
    where = f"on {network.theme(theme).label} (or a narrower theme)" if theme else "anywhere in the report"
    out = []
    for a, b in combinations(network.agencies, 2):
        if (a, b) in joint:
            continue
        if theme and not (active[a] and active[b]):
            continue  # one of them is absent from the theme: an `absent` gap says so
        la, lb = network.label(a), network.label(b)
        later = planned.get((a, b), [])
        explanation = (f"{la} and {lb} have no done or ongoing joint activity {where}, although {la} has "
                       f"{_n(len(active[a]), 'activity')} and {lb} has {_n(len(active[b]), 'activity')} there.")
        if later:
            explanation += f" {len(later)} joint activit{'y is' if len(later) == 1 else 'ies are'} only planned or proposed."
        out.append(PairGap(
            theme=network.theme(theme).id if theme else None, agencies=(short_id(a), short_id(b)), explanation=explanation,
            activities=activity_refs(network, active[a], EVIDENCE_LIMIT) + activity_refs(network, active[b], EVIDENCE_LIMIT),
            planned=activity_refs(network, later),
        ))
    return out


def _absent_gaps(network: Network, theme: str) -> list[AbsentGap]:
    active = _active(network, theme)
    later = _active(network, theme, PLANNED)
    peers = {a: acts for a, acts in active.items() if acts}
    label = network.theme(theme).label
    out = []
    for agency in network.agencies:
        if active[agency] or not peers:
            continue
        ranked = sorted(peers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        summary = ", ".join(f"{network.label(p)} ({len(acts)})" for p, acts in ranked)
        explanation = (f"{network.label(agency)} has no done or ongoing activity on {label} (or a narrower theme), "
                       f"while {len(peers)} peer agenc{'y is' if len(peers) == 1 else 'ies are'} active there: {summary}.")
        if later[agency]:
            explanation += f" {network.label(agency)} has {len(later[agency])} planned or proposed activities there."
        evidence_iris = [i for _p, acts in ranked[:3] for i in acts[:EVIDENCE_LIMIT]]
        out.append(AbsentGap(
            theme=network.theme(theme).id, agencies=(short_id(agency),),
            peers=tuple(PeerRef(id=short_id(p), iri=p, label=network.label(p), activities=len(acts)) for p, acts in ranked),
            explanation=explanation, activities=activity_refs(network, evidence_iris),
            planned=activity_refs(network, later[agency]),
        ))
    return out


def _stated_gaps(network: Network, opportunities: Sequence[Opportunity], theme: str | None) -> list[StatedGap]:
    wanted = network.narrower(theme) if theme else None
    out = []
    for opp in opportunities:
        if wanted is not None and not wanted.intersection(opp.themes):
            continue
        orgs = [c for c in opp.concerns if c in network.names]
        joint = _related(network, orgs, set(opp.themes))
        names = ", ".join(network.label(o) for o in orgs) or "no organisation by name"
        section = opp.evidence[0][0] if opp.evidence else ""
        article = "an" if opp.kind[:1] in "aeiou" else "a"
        explanation = (f"The report states {article} {opp.kind}" + (f" in '{section}'" if section else "")
                       + f"; it concerns {names}")
        if joint:
            together = "jointly by" if len(orgs) > 1 else "by"
            explanation += (f"; {_n(len(joint), 'done or ongoing activity')} on its themes "
                            f"{'is' if len(joint) == 1 else 'are'} carried out {together} these organisations.")
            related = joint
        elif (related := _own(network, orgs, opp.themes)):
            explanation += ("; no done or ongoing activity on its themes joins them yet" if len(orgs) > 1 else
                            "; no done or ongoing activity of it shares its themes yet")
            explanation += f" (their own work there: {_n(len(related), 'activity')})."
        else:
            parent = section.rsplit(" > ", 1)[0] if " > " in section else section
            related = _in_section(network, parent, opp.themes) if parent else []
            explanation += ("; no done or ongoing activity of these organisations shares its themes yet" if orgs else "")
            if related:
                explanation += (f"; the report's section '{parent}' describes {_n(len(related), 'done or ongoing activity')}"
                                " on its themes beside it.")
            else:
                explanation += "."
        out.append(StatedGap(
            theme=None if not theme else network.theme(theme).id,
            opportunity=OpportunityRef(id=short_id(opp.iri), iri=opp.iri, kind=opp.kind, label=opp.label),
            agencies=tuple(sorted(short_id(o) for o in orgs if o in network.agencies)),
            concerns=tuple(org_ref(network, c) if c in network.names else OrgRef(id=short_id(c), iri=c, label=short_id(c))
                           for c in opp.concerns),
            themes=tuple(sorted(short_id(t) for t in opp.themes)),
            explanation=explanation,
            evidence=tuple(Quote(section=s, quote=q) for s, q in opp.evidence),
            activities=activity_refs(network, related[: EVIDENCE_LIMIT * 2]),
        ))
    return out


def _related(network: Network, orgs: list[str], themes: set[str]) -> list[str]:
    """Done or ongoing activities on the themes joining the most concerned organisations (at least two when two are named)."""
    involved: dict[str, set[str]] = {}
    for p in network.participations:
        if p.org in orgs and p.status in HAPPENED and (not themes or themes.intersection(p.themes)):
            involved.setdefault(p.activity, set()).add(p.org)
    need = min(2, len(orgs))
    return sorted((a for a, who in involved.items() if len(who) >= need), key=lambda a: (-len(involved[a]), short_id(a)))


def _own(network: Network, orgs: list[str], themes: tuple[str, ...]) -> list[str]:
    """Done or ongoing activities of any concerned organisation on the themes (narrower ones included)."""
    wanted = set().union(*(network.narrower(t) for t in themes)) if themes else None
    return sorted({p.activity for p in network.participations if p.org in orgs and p.status in HAPPENED
                   and (wanted is None or wanted.intersection(p.themes))}, key=short_id)


def _in_section(network: Network, parent: str, themes: tuple[str, ...]) -> list[str]:
    """Done or ongoing activities reported under the same section, on the themes when there are any."""
    wanted = set().union(*(network.narrower(t) for t in themes)) if themes else None
    return sorted({p.activity for p in network.participations if p.status in HAPPENED and p.section.startswith(parent)
                   and (wanted is None or wanted.intersection(p.themes))}, key=short_id)


def pair_gaps(network: Network, *, theme: str | None = None) -> tuple[PairGap, ...]:
    """Agency pairs with no joint work: without `theme`, the overall gaps and then each theme's in id
    order; with it, that theme's (and its narrower themes') only. The explorer draws exactly these."""
    pairs = [] if theme else _pair_gaps(network, None)
    for t in _themes_to_check(network, theme):
        pairs.extend(_pair_gaps(network, t))
    return tuple(pairs)


def gaps(network: Network, opportunities: Sequence[Opportunity], *, theme: str | None = None, agency: str | None = None,
         statuses: Iterable[str] | str | None = None) -> Gaps:
    """Every gap, in three lists: `pairs` (see `pair_gaps`), `absent` and `stated`.

    With `theme`, only that theme (and its narrower themes) is examined and the overall pair gaps
    are left out; without it, overall pair gaps come first, then each theme in id order. With
    `agency` (an IRI), only the gaps that name it; `statuses` (some of done and ongoing) are the
    work counted as cooperation.
    """
    network = network.counting(statuses, "gaps")
    themes = _themes_to_check(network, theme)
    found = Gaps(
        pairs=pair_gaps(network, theme=theme),
        absent=tuple(g for t in themes for g in _absent_gaps(network, t)),
        stated=tuple(_stated_gaps(network, opportunities, theme)),
    )
    if agency is None:
        return found
    named = short_id(agency)
    return Gaps(pairs=tuple(g for g in found.pairs if named in g.agencies),
                absent=tuple(g for g in found.absent if named in g.agencies),
                stated=tuple(g for g in found.stated if named in g.agencies or any(c.iri == agency for c in g.concerns)))
