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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from graph.analytics.evidence import activity_refs, org_ref
from graph.analytics.projection import HAPPENED, Network, short_id
from graph.store.base import Store
from queries import get_query

__all__ = ["Opportunity", "gaps", "load_opportunities"]

EVIDENCE_LIMIT = 5  # activities listed per agency as evidence
PLANNED = ("planned", "proposed")


@dataclass(frozen=True)
class Opportunity:
    iri: str
    kind: str
    label: str
    concerns: tuple[str, ...]
    themes: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]  # (section path, verbatim quote)


def load_opportunities(store: Store) -> list[Opportunity]:
    """The report's stated opportunities and challenges (queries/opportunities.rq), one per IRI."""
    merged: dict[str, dict[str, object]] = {}
    for r in store.query(get_query("opportunities").text):
        iri = r["opportunity"].value
        entry = merged.setdefault(iri, {
            "kind": r["kind"].value if r["kind"] else "opportunity", "label": r["label"].value if r["label"] else "",
            "concerns": set(), "themes": set(), "evidence": []})
        entry["concerns"].update(r["concerns"].value.split() if r["concerns"] else ())  # type: ignore[union-attr]
        entry["themes"].update(r["themes"].value.split() if r["themes"] else ())  # type: ignore[union-attr]
        entry["evidence"].append((r["section"].value if r["section"] else "", r["quote"].value))  # type: ignore[union-attr]
    return [Opportunity(iri, str(e["kind"]), str(e["label"]), tuple(sorted(e["concerns"])), tuple(sorted(e["themes"])),  # type: ignore[arg-type]
                        tuple(e["evidence"]))  # type: ignore[arg-type]
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
    return {tuple(sorted((u, v))): list(d["activities"]) for u, v, d in graph.edges(data=True)}  # type: ignore[misc]


def _pair_gaps(network: Network, theme: str | None) -> list[dict[str, object]]:
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
        out.append({
            "kind": "pair", "theme": network.theme(theme).id if theme else None,
            "agencies": [short_id(a), short_id(b)], "explanation": explanation,
            "activities": activity_refs(network, active[a], EVIDENCE_LIMIT) + activity_refs(network, active[b], EVIDENCE_LIMIT),
            "planned": activity_refs(network, later),
        })
    return out


def _absent_gaps(network: Network, theme: str) -> list[dict[str, object]]:
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
        out.append({
            "kind": "absent", "theme": network.theme(theme).id, "agencies": [short_id(agency)],
            "peers": [{**org_ref(network, p), "activities": len(acts)} for p, acts in ranked],
            "explanation": explanation, "activities": activity_refs(network, evidence_iris),
            "planned": activity_refs(network, later[agency]),
        })
    return out


def _stated_gaps(network: Network, opportunities: list[Opportunity], theme: str | None) -> list[dict[str, object]]:
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
        out.append({
            "kind": "stated", "theme": None if not theme else network.theme(theme).id,
            "opportunity": {"id": short_id(opp.iri), "iri": opp.iri, "kind": opp.kind, "label": opp.label},
            "agencies": sorted(short_id(o) for o in orgs if o in network.agencies),
            "concerns": [org_ref(network, c) if c in network.names else {"id": short_id(c), "iri": c, "label": short_id(c)}
                         for c in opp.concerns],
            "themes": sorted(short_id(t) for t in opp.themes),
            "explanation": explanation,
            "evidence": [{"section": s, "quote": q} for s, q in opp.evidence],
            "activities": activity_refs(network, related[: EVIDENCE_LIMIT * 2]),
        })
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


def gaps(network: Network, opportunities: list[Opportunity], *, theme: str | None = None, agency: str | None = None,
         statuses: Iterable[str] | str | None = None) -> dict[str, list[dict[str, object]]]:
    """Every gap, in three lists: `pairs` (overall and per theme), `absent` and `stated`.

    With `theme`, only that theme (and its narrower themes) is examined and the overall pair gaps
    are left out; without it, overall pair gaps come first, then each theme in id order. With
    `agency` (an IRI), only the gaps that name it; `statuses` (some of done and ongoing) are the
    work counted as cooperation.
    """
    network = network.counting(statuses, "gaps")
    themes = _themes_to_check(network, theme)
    pairs = [] if theme else _pair_gaps(network, None)
    for t in themes:
        pairs.extend(_pair_gaps(network, t))
    absent = [g for t in themes for g in _absent_gaps(network, t)]
    found = {"pairs": pairs, "absent": absent, "stated": _stated_gaps(network, opportunities, theme)}
    if agency is None:
        return found
    return {kind: [g for g in items if _names(g, agency)] for kind, items in found.items()}


def _names(gap: dict[str, object], org: str) -> bool:
    """The gap names the organisation: one of its agencies, or (a stated gap) one of the organisations it concerns."""
    agencies, concerns = gap["agencies"], gap.get("concerns")
    if isinstance(agencies, list) and short_id(org) in agencies:
        return True
    return isinstance(concerns, list) and any(isinstance(c, dict) and c.get("iri") == org for c in concerns)
