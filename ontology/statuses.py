"""The one status vocabulary: where an activity stands (`jha:Done` … in the graph).

Done and ongoing work is cooperation that happened; planned and proposed work is an intention,
never counted as cooperation unless asked for.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["HAPPENED", "INTENDED", "STATUSES", "Status", "term_name"]

Status = Literal["done", "ongoing", "planned", "proposed"]
STATUSES: tuple[Status, ...] = get_args(Status)
HAPPENED: tuple[Status, ...] = ("done", "ongoing")
INTENDED: tuple[Status, ...] = ("planned", "proposed")


def term_name(status: Status) -> str:
    """The local name of the status's ontology term: `done` → `Done` (jha:Done)."""
    return status.capitalize()
