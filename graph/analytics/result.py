"""The base of every analytic result: a frozen pydantic model.

Why pydantic: the API serves these objects as they are (FastAPI takes them as response models,
with their field descriptions in /docs), the CLI reads them by attribute and prints the same
JSON, and a result held in the app's cache cannot be changed by whoever reads it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Result"]


class Result(BaseModel):
    """A typed, immutable analytic result."""

    model_config = ConfigDict(frozen=True)
