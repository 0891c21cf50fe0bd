"""What changed between two reports: pairs that started or stopped working together, and how
each agency's joint activity count moved. Built on the one collaboration projection."""

from __future__ import annotations

from collections import Counter

from graph.analytics.projection import HAPPENED, Collaboration, collaboration_rows, short_id
from graph.analytics.result import Result
from graph.store.base import Store
from jhakg.errors import UnknownName

__all__ = ["AgencyChange", "Changes", "PairChange", "changes", "report_years"]


class PairChange(Result):
    a: str
    b: str
    from_count: int
    to_count: int
    delta: int


class AgencyChange(Result):
    agency: str
    from_count: int
    to_count: int
    delta: int


class Changes(Result):
    from_year: int
    to_year: int
    new_pairs: tuple[PairChange, ...]
    ended_pairs: tuple[PairChange, ...]
    continued_pairs: tuple[PairChange, ...]
    agencies: tuple[AgencyChange, ...]


def report_years(rows: list[Collaboration]) -> list[int]:
    return sorted({r.year for r in rows})


def _pair_counts(rows: list[Collaboration], year: int) -> Counter[tuple[str, str]]:
    seen: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r.year == year and r.status in HAPPENED and r.a_is_agency and r.b_is_agency:
            seen.setdefault((r.a, r.b), set()).add(r.activity)
    return Counter({pair: len(acts) for pair, acts in seen.items()})


def _agency_counts(rows: list[Collaboration], year: int) -> Counter[str]:
    acts: dict[str, set[str]] = {}
    for r in rows:
        if r.year == year and r.status in HAPPENED:
            for node, is_agency in ((r.a, r.a_is_agency), (r.b, r.b_is_agency)):
                if is_agency:
                    acts.setdefault(node, set()).add(r.activity)
    return Counter({agency: len(a) for agency, a in acts.items()})


def changes(store: Store, from_year: int, to_year: int) -> Changes:
    """Year-over-year change in agency pairs and per-agency joint activities (done or ongoing)."""
    rows = collaboration_rows(store)
    years = report_years(rows)
    missing = [y for y in (from_year, to_year) if y not in years]
    if missing:
        raise UnknownName("year", missing[0] if len(missing) == 1 else ", ".join(map(str, missing)), years,
                          hint="" if years else " (the graph holds no report; build it first)")
    before, after = _pair_counts(rows, from_year), _pair_counts(rows, to_year)

    def pair(p: tuple[str, str]) -> PairChange:
        return PairChange(a=short_id(p[0]), b=short_id(p[1]), from_count=before.get(p, 0), to_count=after.get(p, 0),
                          delta=after.get(p, 0) - before.get(p, 0))

    agencies_before, agencies_after = _agency_counts(rows, from_year), _agency_counts(rows, to_year)
    agencies = tuple(
        AgencyChange(agency=short_id(a), from_count=agencies_before.get(a, 0), to_count=agencies_after.get(a, 0),
                     delta=agencies_after.get(a, 0) - agencies_before.get(a, 0))
        for a in sorted(set(agencies_before) | set(agencies_after))
    )
    return Changes(
        from_year=from_year, to_year=to_year,
        new_pairs=tuple(pair(p) for p in sorted(set(after) - set(before))),
        ended_pairs=tuple(pair(p) for p in sorted(set(before) - set(after))),
        continued_pairs=tuple(pair(p) for p in sorted(set(before) & set(after))),
        agencies=agencies,
    )
