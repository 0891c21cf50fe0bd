"""Which new partnerships the evidence suggests: link prediction for agency pairs on a theme.

A candidate is a pair of agencies that are both active (done or ongoing work) on a theme, or a
narrower one, but have no joint activity there. Each candidate is scored with five established
link-prediction indices (networkx's own where they exist):

- `adamic_adar`: shared partners on the theme, each counted 1/log(its number of partners) — a
  shared partner with few contacts says more than a hub everyone works with;
- `resource_allocation`: the same with 1/(number of partners), which punishes hubs harder;
- `jaccard_partners`: shared partners on the theme / all partners of either on the theme;
- `jaccard_themes`: themes both work on / themes either works on (all their done or ongoing work);
- `jaccard_instruments`: instruments and IT systems both work with / those either works with.

The score is the mean of the five, each first divided by its largest value among the candidates
(so each lies in [0, 1] and none dominates by scale). Ties are broken by agency ids and theme id,
so the ranking is the same on every run. Every recommendation carries the partners, themes,
instruments and activities that drive its score, and an explanation in words.

Agencies a and b each work with c on one theme but not with each other: one recommendation,
driven by their shared partner (Adamic–Adar 1/ln 2). As the only candidate, each of its indices
is its own maximum: four scale to 1, instruments (none) to 0, so the score is 4/5.

>>> from graph.analytics.projection import Collaboration, Network, ParticipationRow, Theme
>>> def joint(x: str, y: str, act: str) -> Collaboration:
...     return Collaboration(f"ag/{x}", f"ag/{y}", f"act/{act}", "done", "Meeting", 2017, ("th/t",), True, True)
>>> def took_part(org: str, act: str) -> ParticipationRow:
...     return ParticipationRow(f"act/{act}", f"ag/{org}", "done", "Meeting", 2017, f"Meeting {act}", ("partner",), ("th/t",), (), True)
>>> net = Network([joint("a", "c", "1"), joint("b", "c", "2")],
...               [took_part("a", "1"), took_part("c", "1"), took_part("b", "2"), took_part("c", "2")],
...               {"th/t": Theme("th/t", "t", "Training", None, False)}, {}, {}, ["ag/a", "ag/b", "ag/c"])
>>> (first,) = recommend(net)
>>> first.a, first.b, first.theme, first.score, [p.id for p in first.shared_partners]
('a', 'b', 't', 0.8, ['c'])
>>> first.indices["adamic_adar"], first.indices["jaccard_instruments"]
(1.442695041, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from pydantic import ConfigDict, Field

from graph.analytics.evidence import ActivityRef, OrgRef, activity_refs
from graph.analytics.projection import HAPPENED, Network, short_id
from graph.analytics.result import Result

__all__ = ["INDICES", "Candidate", "Recommendation", "SharedPartner", "candidates", "recommend"]

INDICES = ("adamic_adar", "resource_allocation", "jaccard_partners", "jaccard_themes", "jaccard_instruments")
PLANNED = ("planned", "proposed")


class SharedPartner(OrgRef):
    activities: tuple[str, ...] = Field(description="Ids of the activities linking either agency to this partner on the theme.")


class Recommendation(Result):
    rank: int
    a: str
    b: str
    theme: str
    score: float = Field(description="Mean of the five indices, each scaled by its largest value among the candidates.")
    indices: dict[str, float]
    explanation: str
    shared_partners: tuple[SharedPartner, ...]
    shared_themes: tuple[str, ...]
    shared_instruments: tuple[str, ...]
    activities: tuple[ActivityRef, ...] = Field(description="The activities that drive the score.")
    planned: tuple[ActivityRef, ...]

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "rank": 1, "a": "cepol", "b": "eurojust", "theme": "drugs", "score": 0.68,
        "indices": {"adamic_adar": 0.95, "resource_allocation": 0.24, "jaccard_partners": 1.0, "jaccard_themes": 0.69,
                    "jaccard_instruments": 1.0},
        "explanation": "CEPOL (2 activities) and Eurojust (1) both work on Drugs but have no joint activity there. …",
        "shared_partners": [{"id": "europol", "iri": "https://w3id.org/jha-kg/agency/europol", "label": "Europol",
                             "activities": ["jha-agencies-cooperation-2017-webinar-a98303824a"]}],
        "shared_themes": ["drugs", "security"], "shared_instruments": ["eu-policy-cycle"],
        "activities": [], "planned": []}]})


@dataclass(frozen=True)
class Candidate:
    """A pair not yet working together on a theme, with its raw indices and what drives them."""

    a: str  # agency ids
    b: str
    theme: str  # theme id
    indices: dict[str, float]  # raw, before scaling
    shared_partners: tuple[SharedPartner, ...]
    shared_themes: tuple[str, ...]
    shared_instruments: tuple[str, ...]
    activities: tuple[ActivityRef, ...]
    planned: tuple[ActivityRef, ...]
    counts: tuple[int, int]  # each agency's done or ongoing activities on the theme
    names: tuple[str, str, str]  # display names of a, b and the theme


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _profile(network: Network) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Agency → themes it works on, and → instruments/systems it works with (done or ongoing)."""
    themes: dict[str, set[str]] = {a: set() for a in network.agencies}
    instruments: dict[str, set[str]] = {a: set() for a in network.agencies}
    for p in network.participations:
        if p.org in themes and p.status in HAPPENED:
            themes[p.org].update(p.themes)
            instruments[p.org].update(p.instruments)
    return themes, instruments


def candidates(network: Network, theme: str) -> list[Candidate]:
    """Unscored candidates on one theme, with the raw indices and what drives them."""
    t = network.theme(theme)
    graph = network.graph(scope="all", theme=t.id)  # everyone's done/ongoing joint work on the theme
    planned = network.graph(scope="agencies", theme=t.id, statuses=PLANNED, include_agencies=False)
    active = {a: [p.activity for p in network.activities_of(a, theme=t.id)] for a in network.agencies}
    themes, instruments = _profile(network)
    out = []
    for a, b in combinations(network.agencies, 2):
        if graph.has_edge(a, b) or not (active[a] and active[b]):
            continue
        shared = sorted(nx.common_neighbors(graph, a, b), key=short_id)
        pair = [(a, b)]
        indices = {
            "adamic_adar": next(nx.adamic_adar_index(graph, pair))[2] if shared else 0.0,
            "resource_allocation": next(nx.resource_allocation_index(graph, pair))[2],
            "jaccard_partners": next(nx.jaccard_coefficient(graph, pair))[2] if graph.degree(a) + graph.degree(b) else 0.0,
            "jaccard_themes": _jaccard(themes[a], themes[b]),
            "jaccard_instruments": _jaccard(instruments[a], instruments[b]),
        }
        via = {w: sorted(set(graph.edges[a, w]["activities"] + graph.edges[b, w]["activities"]), key=short_id) for w in shared}
        driving = [i for w in shared for i in via[w]]
        later = planned.edges[a, b]["activities"] if planned.has_edge(a, b) else []
        out.append(Candidate(
            a=short_id(a), b=short_id(b), theme=t.id, indices=indices,
            shared_partners=tuple(SharedPartner(id=short_id(w), iri=w, label=network.label(w),
                                                activities=tuple(short_id(i) for i in via[w])) for w in shared),
            shared_themes=tuple(sorted(short_id(x) for x in themes[a] & themes[b])),
            shared_instruments=tuple(sorted(short_id(x) for x in instruments[a] & instruments[b])),
            activities=activity_refs(network, driving or active[a][:5] + active[b][:5]),
            planned=activity_refs(network, later),
            counts=(len(active[a]), len(active[b])), names=(network.label(a), network.label(b), t.label),
        ))
    return out


def _explain(c: Candidate) -> str:
    la, lb, theme = c.names
    na, nb = c.counts
    partners = c.shared_partners
    text = f"{la} ({na} {'activity' if na == 1 else 'activities'}) and {lb} ({nb}) both work on {theme} but have no joint activity there. "
    if partners:
        names = ", ".join(p.label for p in partners[:5]) + (" and others" if len(partners) > 5 else "")
        text += f"On it they share {len(partners)} partner{'s' if len(partners) != 1 else ''} ({names}); "
    else:
        text += "On it they share no partner yet; "
    nt, ni = len(c.shared_themes), len(c.shared_instruments)
    text += (f"overall they share {nt} theme{'s' if nt != 1 else ''} and "
             f"{ni} instrument{'s' if ni != 1 else ''} or IT system{'s' if ni != 1 else ''}.")
    if c.planned:
        text += f" {len(c.planned)} joint activities there are already planned or proposed."
    return text


def _score(c: Candidate, peak: dict[str, float]) -> float:
    return round(sum(c.indices[n] / peak[n] if peak[n] else 0.0 for n in INDICES) / len(INDICES), 9)


def recommend(network: Network, *, theme: str | None = None, top: int | None = 20, agency: str | None = None,
              statuses: Iterable[str] | str | None = None) -> list[Recommendation]:
    """Ranked recommendations (best first), each with `score`, `indices`, its evidence and `explanation`.

    With `agency` (an IRI), only the pairs with it (scored among all candidates, ranked among its
    own); `statuses` (some of done and ongoing) are the work counted as cooperation.
    """
    network = network.counting(statuses, "recommendations")
    themes = [network.theme(theme).id] if theme else sorted(t.id for t in network.themes.values())
    pool = [c for t in themes for c in candidates(network, t)]
    peak = {name: max((c.indices[name] for c in pool), default=0.0) for name in INDICES}
    scored = sorted(((_score(c, peak), c) for c in pool), key=lambda sc: (-sc[0], sc[1].a, sc[1].b, sc[1].theme))
    if agency is not None:
        scored = [(score, c) for score, c in scored if short_id(agency) in (c.a, c.b)]
    ranked = scored[:top] if top is not None else scored
    return [
        Recommendation(
            rank=i + 1, a=c.a, b=c.b, theme=c.theme, score=score, indices={n: round(v, 9) for n, v in c.indices.items()},
            explanation=_explain(c), shared_partners=c.shared_partners, shared_themes=c.shared_themes,
            shared_instruments=c.shared_instruments, activities=c.activities, planned=c.planned,
        )
        for i, (score, c) in enumerate(ranked)
    ]
