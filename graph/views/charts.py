"""A bar chart of one measure per organisation, as SVG or PNG bytes (matplotlib, no display needed).

People would rather look than read: the CLI writes the chart to a file, the API serves it to the
browser. The chart is drawn from a `CentralityReport`'s rows, so it shows exactly the numbers the
table and JSON show.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from graph.analytics.centrality import MEASURES, CentralityRow
from jhakg.errors import UnknownName

__all__ = ["FORMATS", "bar_chart", "heatmap"]

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _figure(width: float, height: float) -> Figure:
    """A bare Figure (renders to bytes without pyplot or a display). matplotlib is imported on the first chart,
    not with the server: it is about 40 MB of resident memory that a server drawing no chart never needs."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _save(fig: Figure, fmt: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    with matplotlib.rc_context({"svg.hashsalt": "jha-kg"}):  # stable element ids in SVG
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=120)
    return buffer.getvalue()


def bar_chart(rows: Sequence[CentralityRow], measure: str, *, fmt: str = "svg", title: str | None = None,
              limit: int = 30) -> bytes:
    """Horizontal bars of `measure` for the first `limit` rows (in their order), largest at the top.

    SVG output carries no timestamp, so the same rows give the same bytes on every run.
    """
    if fmt not in FORMATS:
        raise UnknownName("chart format", fmt, FORMATS)
    if measure not in MEASURES:
        raise UnknownName("measure", measure, MEASURES)
    shown = list(rows)[:limit]
    labels = [r.label for r in shown]
    values = [float(getattr(r, measure) or 0.0) for r in shown]
    fig = _figure(7.5, 0.9 + 0.35 * max(len(shown), 1))
    ax = fig.subplots()
    ax.barh(range(len(shown)), values, color="#2b6cb0")
    ax.set_yticks(range(len(shown)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(MEASURES[measure].label)
    ax.set_title(title or f"{MEASURES[measure].label} per organisation", fontsize=11)
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.3g}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, fmt)


def heatmap(labels: Sequence[str], counts: Sequence[Sequence[int | None]], *, fmt: str = "svg", title: str = "") -> bytes:
    """The agency × agency matrix as a heat map with the count in each cell (the diagonal left blank)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; choose svg or png")
    n = len(labels)
    values = [[float(c) if c is not None else float("nan") for c in row] for row in counts]
    fig = _figure(1.2 + 0.62 * n, 1.0 + 0.58 * n)
    ax = fig.subplots()
    image = ax.imshow(values, cmap="Blues", vmin=0)
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    top = max((c for row in counts for c in row if c is not None), default=0) or 1
    for i, row in enumerate(counts):
        for j, c in enumerate(row):
            if c is not None:
                ax.text(j, i, str(c), ha="center", va="center", fontsize=8, color="white" if c > top / 2 else "#1d2430")
    ax.set_title(title or "Joint activities per pair of agencies", fontsize=11)
    fig.colorbar(image, ax=ax, shrink=0.7)
    return _save(fig, fmt)
