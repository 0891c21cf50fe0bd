"""What the analyst pages show: the agency profile, the pair page, the matrix and the theme counts.

Each function returns plain JSON-ready dicts: the page templates render them and the JSON twins
serve them as they are, so a page and its twin never disagree. Counts come from the analytics
as `/api/collaborations` and `/api/centrality` serve them (`graph.analytics.cached`), so the
pair page's `count` is the pair's `count` there; quotes come from the store through named
queries (`queries/entity_activities.rq`). Everything is derived once per store version.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pyoxigraph as ox

from graph.analytics import cached
from graph.analytics.collaborations import CollaborationPair, resolve_org
from graph.analytics.gaps import AbsentGap, PairGap, StatedGap
from graph.analytics.projection import HAPPENED, STATUSES, Network, UnknownNameError, parse_statuses, select, short_id
from graph.cache import DerivedCache
from graph.entities.agencies import list_agencies
from graph.filters import Filters
from graph.store.formats import rows_as_python
from graph.views.view_data import cached_view_data

__all__ = ["UnknownPage", "activity_rows", "agencies", "agency_profile", "matrix", "pair_detail", "theme_counts", "top_theme"]

ROLE_NAMES = {"Lead": "lead", "Partner": "partner", "Supporter": "supporter", "Attendee": "attendee", "Recipient": "recipient"}
NO_THEME = "(no theme)"
MAX_PER_GROUP = 60  # activities listed per theme and status on a profile page (the JSON twin has them all)


class UnknownPage(LookupError):
    """No agency (or organisation) with that id; the message names the known ones."""


def agencies(cache: DerivedCache) -> list[dict[str, str | None]]:
    """The nine agencies (id, IRI, label, acronym, seat, website), by id."""
    return cache.get("agencies", {}, lambda: sorted(list_agencies(cache.store), key=lambda a: a["id"] or ""))


def _agency(cache: DerivedCache, agency_id: str) -> dict[str, str | None]:
    for a in agencies(cache):
        if a["id"] == agency_id:
            return a
    raise UnknownPage(f"no agency {agency_id!r}; known agencies: {', '.join(a['id'] or '' for a in agencies(cache))}")


def top_theme(network: Network, iri: str) -> str:
    """The report cluster a theme belongs to (its broadest theme)."""
    seen = set()
    while iri in network.themes and network.themes[iri].broader and iri not in seen:
        seen.add(iri)
        iri = network.themes[iri].broader or iri
    return iri


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def activity_rows(cache: DerivedCache, org_iri: str) -> dict[str, dict[str, Any]]:
    """The organisation's activities by IRI: id, label, type, status, year, date, roles, themes and evidence."""
    def make() -> dict[str, dict[str, Any]]:
        _v, rows = rows_as_python(select(cache.store, "entity_activities", {"_org": ox.NamedNode(org_iri)}))
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            iri = r["activity"] or ""
            record = out.setdefault(iri, {
                "id": short_id(iri), "iri": iri, "label": r["label"] or short_id(iri), "type": _local(r["type"]),
                "status": _local(r["status"]).lower(), "year": int(r["year"] or 0), "date": r["date"],
                "roles": sorted(ROLE_NAMES.get(_local(x), _local(x)) for x in (r["roles"] or "").split()),
                "themes": sorted((r["themes"] or "").split()), "evidence": []})
            entry = {"section": r["section"] or "", "quote": r["quote"] or "", "passage": r["passage"]}
            if entry not in record["evidence"]:
                record["evidence"].append(entry)
        return out
    return cache.get("entity-activities", {"org": org_iri}, make)


def _theme_ref(network: Network, iri: str) -> dict[str, str]:
    theme = network.themes.get(iri)
    return {"id": theme.id if theme else short_id(iri), "iri": iri, "label": theme.label if theme else short_id(iri)}


def _pair_rows(cache: DerivedCache, agency_id: str) -> tuple[dict[str, CollaborationPair], dict[str, CollaborationPair]]:
    """The agency's rows of /api/collaborations (happened) and of its planned/proposed twin, by partner id."""
    happened = {r.b if r.a == agency_id else r.a: r for r in cached.collaborations(cache, Filters(agency=agency_id))}
    planned = {r.b if r.a == agency_id else r.a: r
               for r in cached.collaborations(cache, Filters(agency=agency_id, status="planned,proposed"))}
    return happened, planned


def agency_profile(cache: DerivedCache, base_iri: str, agency_id: str) -> dict[str, Any]:
    """Everything the agency profile shows (see the module docstring); `UnknownPage` for an unknown id."""
    agency = _agency(cache, agency_id)
    return cache.get("agency-profile", {"agency": agency_id, "base": base_iri}, lambda: _profile(cache, base_iri, agency))


def _profile(cache: DerivedCache, base_iri: str, agency: dict[str, str | None]) -> dict[str, Any]:
    network = cached.network(cache)
    agency_id, iri = agency["id"] or "", agency["iri"] or ""
    names = {a["id"]: a["acronym"] or a["label"] for a in agencies(cache)}

    happened, planned = _pair_rows(cache, agency_id)
    partners: list[dict[str, Any]] = []
    for other in sorted(set(happened) | set(planned)):
        if other not in names:
            continue
        h, p = happened.get(other), planned.get(other)
        partners.append({"id": other, "label": names[other], "href": _pair_href(agency_id, other),
                         "count": h.count if h else 0, "planned": p.count if p else 0,
                         "themes": [_theme_ref(network, f"{base_iri}theme/{t}") for t in (h.themes if h else ())]})
    partners.sort(key=lambda x: (-x["count"], -x["planned"], x["id"]))

    activities = activity_rows(cache, iri)
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {s: [] for s in STATUSES})
    for a in sorted(activities.values(), key=lambda a: (a["date"] or str(a["year"]), a["id"])):
        tops = sorted({top_theme(network, t) for t in a["themes"]}) or [NO_THEME]
        for t in tops:
            groups[t].setdefault(a["status"], []).append(a)
    themes: list[dict[str, Any]] = []
    for t, by_status in groups.items():
        total = sum(len(v) for v in by_status.values())
        themes.append({**(_theme_ref(network, t) if t != NO_THEME else {"id": "", "iri": "", "label": NO_THEME}),
                       "total": total, "statuses": [{"status": s, "count": len(v), "activities": v[:MAX_PER_GROUP],
                                                     "more": max(0, len(v) - MAX_PER_GROUP)}
                                                    for s, v in by_status.items() if v]})
    themes.sort(key=lambda t: (-t["total"], t["label"]))

    report = cached.centrality(cache)
    rows = {r.id: r for r in report.rows if r.agency}
    measures = []
    for m in report.measures:
        values = {k: getattr(r, m.name) for k, r in rows.items()}
        mine = values.get(agency_id)
        ordered = sorted((v for v in values.values() if v is not None), reverse=True)
        measures.append({"name": m.name, "label": m.label, "meaning": m.meaning, "value": mine,
                         "rank": ordered.index(mine) + 1 if mine is not None else None, "of": len(ordered),
                         "href": f"/api/centrality?measure={m.name}"})

    gaps = cached.gaps(cache)
    gap_rows: list[dict[str, Any]] = []
    every: list[PairGap | AbsentGap | StatedGap] = [*gaps.pairs, *gaps.absent, *gaps.stated]
    for g in every:
        if agency_id in g.agencies:
            refs = [ref.model_dump() for ref in g.activities]
            gap_rows.append({"kind": g.kind, "theme": g.theme, "agencies": list(g.agencies), "explanation": g.explanation,
                             "activities": refs[:10]})
    recommendations = [r.model_dump() for r in cached.recommendations(cache, top=None) if agency_id in (r.a, r.b)][:8]

    data = cached_view_data(cache)
    used: Counter[str] = Counter()
    used_by: dict[str, list[str]] = defaultdict(list)
    for part in network.activities_of(iri, statuses=STATUSES):
        for inst in part.instruments:
            used[inst] += 1
            used_by[inst].append(short_id(part.activity))
    tools = []
    for inst, n in used.most_common():
        entity = data.entities.get(inst)
        kind = "system" if entity is not None and entity.top == "InformationSystem" else "instrument"
        tools.append({"iri": inst, "label": entity.label if entity else short_id(inst), "kind": kind,
                      "href": f"/id/{inst[len(base_iri):]}" if inst.startswith(base_iri) else inst, "count": n,
                      "activities": used_by[inst]})

    opportunities = [{"id": short_id(o.iri), "iri": o.iri, "kind": o.kind, "label": o.label,
                      "href": f"/id/{o.iri[len(base_iri):]}" if o.iri.startswith(base_iri) else o.iri,
                      "themes": [_theme_ref(network, t) for t in o.themes],
                      "evidence": [{"section": s, "quote": q} for s, q in o.evidence]}
                     for o in cached.opportunities(cache) if iri in o.concerns]

    status_counts = Counter(a["status"] for a in activities.values())
    return {
        "agency": agency, "partners": partners, "themes": themes, "measures": measures, "gaps": gap_rows,
        "recommendations": recommendations, "instruments": [t for t in tools if t["kind"] == "instrument"],
        "systems": [t for t in tools if t["kind"] == "system"], "opportunities": opportunities,
        "counts": {"activities": len(activities), "by_status": dict(status_counts),
                   "quotes": len({e["quote"] for a in activities.values() for e in a["evidence"]})},
        "activities": sorted(activities.values(), key=lambda a: a["id"]),
    }


def _pair_href(a: str, b: str) -> str:
    a, b = sorted((a, b))
    return f"/collaborations/{a}/{b}"


def pair_detail(cache: DerivedCache, base_iri: str, a: str, b: str) -> dict[str, Any]:
    """One pair: its count (as in /api/collaborations), every joint activity with roles, status, theme, date and evidence."""
    network = cached.network(cache)
    try:
        iri_a, iri_b = resolve_org(network, a), resolve_org(network, b)
    except UnknownNameError as exc:
        raise UnknownPage(str(exc)) from exc
    a, b = sorted((short_id(iri_a), short_id(iri_b)))
    if a == b:
        raise UnknownPage("a pair needs two different organisations")
    iri_a, iri_b = (iri_a, iri_b) if short_id(iri_a) == a else (iri_b, iri_a)
    return cache.get("pair", {"a": a, "b": b, "base": base_iri}, lambda: _pair(cache, network, base_iri, a, b, iri_a, iri_b))


def _pair(cache: DerivedCache, network: Network, base_iri: str, a: str, b: str, iri_a: str, iri_b: str) -> dict[str, Any]:
    row = next((r for r in cached.collaborations(cache, Filters(agency=a), scope="all") if {r.a, r.b} == {a, b}), None)
    later = next((r for r in cached.collaborations(cache, Filters(agency=a, status="planned,proposed"), scope="all")
                  if {r.a, r.b} == {a, b}), None)
    mine, theirs = activity_rows(cache, iri_a), activity_rows(cache, iri_b)
    joint = []
    for act_iri in sorted(set(mine) & set(theirs)):
        x, y = mine[act_iri], theirs[act_iri]
        joint.append({"id": x["id"], "iri": act_iri, "label": x["label"], "type": x["type"], "status": x["status"],
                      "year": x["year"], "date": x["date"], "roles": {a: x["roles"], b: y["roles"]},
                      "themes": [_theme_ref(network, t) for t in x["themes"]], "evidence": x["evidence"],
                      "href": f"/id/activity/{x['id']}"})
    joint.sort(key=lambda j: (j["date"] or str(j["year"]), j["id"]))
    happened_ids = set(row.activities if row else ())
    done = [j for j in joint if j["status"] in HAPPENED and j["id"] in happened_ids]
    intended = [j for j in joint if j["status"] not in HAPPENED]

    def themes_of(acts: dict[str, dict[str, Any]]) -> set[str]:
        return {top_theme(network, t) for x in acts.values() if x["status"] in HAPPENED for t in x["themes"]}
    shared = {top_theme(network, t["iri"]) for j in done for t in j["themes"]}
    only_a, only_b = themes_of(mine) - shared, themes_of(theirs) - shared

    def refs(iris: set[str]) -> list[dict[str, str]]:
        return sorted((_theme_ref(network, t) for t in iris), key=lambda t: t["label"])
    return {
        "a": a, "b": b, "a_label": network.label(iri_a), "b_label": network.label(iri_b),
        "a_href": f"/id/{iri_a[len(base_iri):]}", "b_href": f"/id/{iri_b[len(base_iri):]}",
        "count": row.count if row else 0, "themes": list(row.themes) if row else [],
        "shared_themes": refs(shared), "only_a": refs(only_a), "only_b": refs(only_b),
        "activities": done, "planned": [j for j in intended if j["id"] in set(later.activities if later else ())],
    }


def matrix(cache: DerivedCache, *, theme: str | None = None, status: str | None = None) -> dict[str, Any]:
    """The 9 × 9 agency matrix of joint activities (as /api/collaborations counts them) under a theme and status filter."""
    statuses = parse_statuses(status, HAPPENED)  # raises UnknownName for an unknown status
    pairs = cached.collaborations(  # the default statuses as None: the same cache entry as /api/collaborations
        cache, Filters(theme=theme, status=None if statuses == HAPPENED else ",".join(statuses)))
    ids = [a["id"] or "" for a in agencies(cache)]
    labels = {a["id"]: a["acronym"] or a["label"] for a in agencies(cache)}
    counts = {(r.a, r.b): r.count for r in pairs}
    cells = [[counts.get((min(x, y), max(x, y)), 0) if x != y else None for y in ids] for x in ids]
    return {"theme": theme, "status": list(statuses), "agencies": [{"id": i, "label": labels[i]} for i in ids],
            "counts": cells, "max": max((c for row in cells for c in row if c is not None), default=0)}


def theme_counts(cache: DerivedCache) -> list[dict[str, Any]]:
    """Activities per report cluster (top theme), split by status, most first."""
    def make() -> list[dict[str, Any]]:
        network = cached.network(cache)
        per: dict[str, Counter[str]] = defaultdict(Counter)
        for act in network.activity_info.values():
            for t in {top_theme(network, x) for x in act.themes}:
                per[t][act.status] += 1
        rows = [{**_theme_ref(network, t), "href": f"/id/theme/{short_id(t)}", "statuses": dict(c),
                 "happened": sum(c[s] for s in HAPPENED), "total": sum(c.values())} for t, c in per.items()]
        return sorted(rows, key=lambda r: (-r["total"], r["label"]))
    return cache.get("theme-counts", {}, make)
