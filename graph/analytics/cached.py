"""The analytics as the app serves them: each through the app's `DerivedCache`, once per store version.

The functions of the other modules here are pure (a `Network` in, a typed result out); these
wrap them with the name and parameters they are cached under, so the API and the explorer share
one projection and one result per question, and nobody recomputes what another request just did.
Each takes the request's `Filters` (the one filter model, `graph.filters`): `Network.select`
checks them (an unknown name raises `UnknownName`, and nothing is cached) and keeps the selected
types and year; the analytic applies the theme, the counted statuses and the agency.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from graph.analytics import centrality as _centrality
from graph.analytics import collaborations as _collaborations
from graph.analytics import communities as _communities
from graph.analytics import gaps as _gaps
from graph.analytics import recommend as _recommend
from graph.analytics.projection import Network, load_network
from graph.cache import DerivedCache
from graph.filters import Filters, Selection

__all__ = ["centrality", "collaborations", "communities", "gaps", "network", "opportunities", "pair_gaps", "recommendations"]

EVERYTHING = Filters()


def network(cache: DerivedCache) -> Network:
    """The projection with its vocabularies: what every analytic starts from."""
    return cache.get("network", {}, lambda: load_network(cache.store))


def opportunities(cache: DerivedCache) -> tuple[_gaps.Opportunity, ...]:
    return cache.get("opportunities", {}, lambda: tuple(_gaps.load_opportunities(cache.store)))


def _selected(cache: DerivedCache, filters: Filters) -> tuple[Network, Selection]:
    return network(cache).select(filters)


def _key(filters: Filters, **options: Any) -> dict[str, Any]:
    return {**asdict(filters), **options}


def centrality(cache: DerivedCache, filters: Filters = EVERYTHING, *, measure: str | None = None, scope: str = "agencies",
               sample: int | None = None) -> _centrality.CentralityReport:
    def compute() -> _centrality.CentralityReport:
        selected, where = _selected(cache, filters)
        return _centrality.centrality_report(selected, measure=measure, theme=where.theme_id, scope=scope,
                                             statuses=where.statuses, sample=sample, agency=where.agency)
    return cache.get("centrality", _key(filters, measure=measure, scope=scope, sample=sample), compute)


def communities(cache: DerivedCache, filters: Filters = EVERYTHING, *, scope: str = "agencies",
                seed: int = _communities.SEED) -> _communities.CommunitiesReport:
    def compute() -> _communities.CommunitiesReport:
        selected, where = _selected(cache, filters)
        return _communities.communities(selected, theme=where.theme_id, scope=scope, seed=seed, statuses=where.statuses,
                                        agency=where.agency)
    return cache.get("communities", _key(filters, scope=scope, seed=seed), compute)


def gaps(cache: DerivedCache, filters: Filters = EVERYTHING) -> _gaps.Gaps:
    def compute() -> _gaps.Gaps:
        selected, where = _selected(cache, filters)
        return _gaps.gaps(selected, opportunities(cache), theme=where.theme_id, agency=where.agency, statuses=where.statuses)
    return cache.get("gaps", _key(filters), compute)


def pair_gaps(cache: DerivedCache, filters: Filters = EVERYTHING) -> tuple[_gaps.PairGap, ...]:
    """The pair gaps alone (what the explorer draws): the same objects as `gaps(...).pairs`."""
    return gaps(cache, filters).pairs


def recommendations(cache: DerivedCache, filters: Filters = EVERYTHING, *,
                    top: int | None = 20) -> tuple[_recommend.Recommendation, ...]:
    def compute() -> tuple[_recommend.Recommendation, ...]:
        selected, where = _selected(cache, filters)
        return tuple(_recommend.recommend(selected, theme=where.theme_id, top=top, agency=where.agency, statuses=where.statuses))
    return cache.get("recommendations", _key(filters, top=top), compute)


def collaborations(cache: DerivedCache, filters: Filters = EVERYTHING, *,
                   scope: str = "agencies") -> tuple[_collaborations.CollaborationPair, ...]:
    def compute() -> tuple[_collaborations.CollaborationPair, ...]:
        selected, where = _selected(cache, filters)
        return tuple(_collaborations.collaboration_pairs(selected, theme=where.theme_id, agency=where.agency, scope=scope,
                                                         status=where.statuses))
    return cache.get("collaborations", _key(filters, scope=scope), compute)
