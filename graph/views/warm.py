"""Derived results every page starts from, computed before the first visitor asks.

Why: an agency profile, a pair page, the overview and the analytics all start from the same few
derived results (the projection, the view data, the measures, the gaps, the recommendations,
the opportunities, the full-text index). Each is made once per store version through the app's `DerivedCache`, but
on a big store the first of them takes seconds, and without a warm-up the first analyst to open
any page pays for all of them. `warm` computes them in order; a request arriving meanwhile waits
on the same computation (the cache's single flight) instead of starting its own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from graph.analytics import cached
from graph.cache import DerivedCache
from graph.entities.search import search_index
from graph.store.memory import release_free_memory
from graph.views import pages
from graph.views.view_data import cached_view_data

__all__ = ["warm"]

log = logging.getLogger(__name__)


def warm(cache: DerivedCache) -> dict[str, float]:
    """Compute the shared derived results at the store's current version; seconds per step.

    A step that fails is logged and skipped: the request that needs it computes it again and
    reports the error itself.
    """
    steps: list[tuple[str, Callable[[], object]]] = [
        ("agencies", lambda: pages.agencies(cache)),
        ("network", lambda: cached.network(cache)),
        ("collaborations", lambda: cached.collaborations(cache)),
        ("centrality", lambda: cached.centrality(cache)),
        ("gaps", lambda: cached.gaps(cache)),
        ("recommendations", lambda: cached.recommendations(cache, top=None)),
        ("opportunities", lambda: cached.opportunities(cache)),
        ("view-data", lambda: cached_view_data(cache)),
        ("search-index", lambda: search_index(cache)),
    ]
    seconds: dict[str, float] = {}
    for name, step in steps:
        start = time.perf_counter()
        try:
            step()
        except Exception:  # a warm-up never stops the server; the request that needs it reports the error
            log.exception("warming %s failed; it will be computed on first use", name)
            continue
        seconds[name] = time.perf_counter() - start
    log.info("derived results ready in %.2f s (%s)", sum(seconds.values()),
             ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))
    # the scans filled the store's block caches and the heap; the results are made, so give that memory back
    cache.store.release_caches()
    release_free_memory()
    return seconds
