"""Tables as CSV: every table of the analyst pages downloads as the rows its JSON twin holds.

>>> print(to_csv([{"a": "europol", "b": "frontex", "themes": ["migration", "security"]}], ["a", "b", "themes"]), end="")
a,b,themes
europol,frontex,migration; security
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["to_csv"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v.get("label") or v.get("id") or v.get("quote") if isinstance(v, Mapping) else v) for v in value)
    return str(value)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """One line per row with the given columns; lists are joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()
