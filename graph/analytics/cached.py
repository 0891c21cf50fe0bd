"""The analytics as the app serves them: each through the app's `DerivedCache`, once per store version.

The functions of the other modules here are pure (a `Network` in, a typed result out); these
wrap them with the name and parameters they are cached under, so the API and the explorer share
one projection and one result per question, and nobody recomputes what another request just did.
"""

from __future__ import annotations

from graph.analytics import centrality as _centrality
from graph.analytics import collaborations as _collaborations
from graph.analytics import communities as _communities
from graph.analytics import gaps as _gaps
from graph.analytics import recommend as _recommend
from graph.analytics.projection import Network, load_network
from graph.cache import DerivedCache

__all__ = ["centrality", "collaborations", "communities", "gaps", "network", "opportunities", "pair_gaps", "recommendations"]


def network(cache: DerivedCache) -> Network:
    """The projection with its vocabularies: what every analytic starts from."""
    return cache.get("network", {}, lambda: load_network(cache.store))


def opportunities(cache: DerivedCache) -> tuple[_gaps.Opportunity, ...]:
    return cache.get("opportunities", {}, lambda: tuple(_gaps.load_opportunities(cache.store)))


def centrality(cache: DerivedCache, *, measure: str | None = None, theme: str | None = None, scope: str = "agencies",
               year: int | None = None, sample: int | None = None) -> _centrality.CentralityReport:
    return cache.get("centrality", {"measure": measure, "theme": theme, "scope": scope, "year": year, "sample": sample},
                     lambda: _centrality.centrality_report(network(cache), measure=measure, theme=theme, scope=scope, year=year,
                                                           sample=sample))


def communities(cache: DerivedCache, *, theme: str | None = None, scope: str = "agencies",
                seed: int = _communities.SEED) -> _communities.CommunitiesReport:
    return cache.get("communities", {"theme": theme, "scope": scope, "seed": seed},
                     lambda: _communities.communities(network(cache), theme=theme, scope=scope, seed=seed))


def gaps(cache: DerivedCache, *, theme: str | None = None) -> _gaps.Gaps:
    return cache.get("gaps", {"theme": theme}, lambda: _gaps.gaps(network(cache), opportunities(cache), theme=theme))


def pair_gaps(cache: DerivedCache, *, theme: str | None = None) -> tuple[_gaps.PairGap, ...]:
    """The pair gaps alone (what the explorer draws): the same objects as `gaps(...).pairs`."""
    return gaps(cache, theme=theme).pairs


def recommendations(cache: DerivedCache, *, theme: str | None = None,
                    top: int | None = 20) -> tuple[_recommend.Recommendation, ...]:
    return cache.get("recommendations", {"theme": theme, "top": top},
                     lambda: tuple(_recommend.recommend(network(cache), theme=theme, top=top)))


def collaborations(cache: DerivedCache, *, theme: str | None = None, agency: str | None = None, scope: str = "agencies",
                   status: str | None = None, year: int | None = None) -> tuple[_collaborations.CollaborationPair, ...]:
    return cache.get("collaborations", {"theme": theme, "agency": agency, "scope": scope, "status": status, "year": year},
                     lambda: tuple(_collaborations.collaboration_pairs(network(cache), theme=theme, agency=agency, scope=scope,
                                                                       status=status, year=year)))
