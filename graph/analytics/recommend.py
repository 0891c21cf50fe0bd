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
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import networkx as nx

from graph.analytics.evidence import activity_refs, org_ref
from graph.analytics.projection import HAPPENED, Network, short_id

__all__ = ["INDICES", "candidates", "recommend"]

INDICES = ("adamic_adar", "resource_allocation", "jaccard_partners", "jaccard_themes", "jaccard_instruments")
PLANNED = ("planned", "proposed")


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


def candidates(network: Network, theme: str) -> list[dict[str, object]]:
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
        out.append({
            "a": short_id(a), "b": short_id(b), "theme": t.id, "indices": indices,
            "shared_partners": [{**org_ref(network, w), "activities": [short_id(i) for i in via[w]]} for w in shared],
            "shared_themes": sorted(short_id(x) for x in themes[a] & themes[b]),
            "shared_instruments": sorted(short_id(x) for x in instruments[a] & instruments[b]),
            "activities": activity_refs(network, driving or active[a][:5] + active[b][:5]),
            "planned": activity_refs(network, later),
            "_counts": (len(active[a]), len(active[b])), "_names": (network.label(a), network.label(b), t.label),
        })
    return out


def _explain(c: dict[str, object]) -> str:
    la, lb, theme = c["_names"]  # type: ignore[misc]
    na, nb = c["_counts"]  # type: ignore[misc]
    partners = c["shared_partners"]
    text = f"{la} ({na} {'activity' if na == 1 else 'activities'}) and {lb} ({nb}) both work on {theme} but have no joint activity there. "
    if partners:
        names = ", ".join(f"{p['label']}" for p in partners[:5]) + (" and others" if len(partners) > 5 else "")  # type: ignore[index]
        text += f"On it they share {len(partners)} partner{'s' if len(partners) != 1 else ''} ({names}); "  # type: ignore[arg-type]
    else:
        text += "On it they share no partner yet; "
    nt, ni = len(c["shared_themes"]), len(c["shared_instruments"])  # type: ignore[arg-type]
    text += (f"overall they share {nt} theme{'s' if nt != 1 else ''} and "
             f"{ni} instrument{'s' if ni != 1 else ''} or IT system{'s' if ni != 1 else ''}.")
    if c["planned"]:
        text += f" {len(c['planned'])} joint activities there are already planned or proposed."  # type: ignore[arg-type]
    return text


def recommend(network: Network, *, theme: str | None = None, top: int | None = 20, agency: str | None = None,
              statuses: Iterable[str] | str | None = None) -> list[dict[str, object]]:
    """Ranked recommendations (best first), each with `score`, `indices`, its evidence and `explanation`.

    With `agency` (an IRI), only the pairs with it (scored among all candidates, ranked among its
    own); `statuses` (some of done and ongoing) are the work counted as cooperation.
    """
    network = network.counting(statuses, "recommendations")
    themes = [network.theme(theme).id] if theme else sorted(t.id for t in network.themes.values())
    pool = [c for t in themes for c in candidates(network, t)]
    peak = {name: max((c["indices"][name] for c in pool), default=0.0) for name in INDICES}  # type: ignore[index]
    for c in pool:
        scaled = [c["indices"][n] / peak[n] if peak[n] else 0.0 for n in INDICES]  # type: ignore[index]
        c["score"] = round(sum(scaled) / len(INDICES), 9)
        c["indices"] = {n: round(v, 9) for n, v in c["indices"].items()}  # type: ignore[union-attr]
        c["explanation"] = _explain(c)
    pool.sort(key=lambda c: (-c["score"], c["a"], c["b"], c["theme"]))  # type: ignore[operator]
    if agency is not None:
        pool = [c for c in pool if short_id(agency) in (c["a"], c["b"])]
    ranked = pool[:top] if top is not None else pool
    keys = ("rank", "a", "b", "theme", "score", "indices", "explanation", "shared_partners", "shared_themes",
            "shared_instruments", "activities", "planned")
    return [{k: (i + 1 if k == "rank" else c[k]) for k in keys} for i, c in enumerate(ranked)]
