"""The one date parser: every date in the dataset is an ISO date (YYYY-MM-DD), read with
``date.fromisoformat``; anything else is no date (None), which the rules report."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=4096)  # a dataset repeats few distinct dates over many rows
def _parse(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return _parse(str(value))
