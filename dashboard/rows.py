"""A small table's rows as plain dicts, and the few table operations the charts and captions need, over them.

Row by row, a pandas table of Arrow columns builds a Series a row (``iterrows``), and grouping or sorting it
builds a sub-table a call: on a chart's few rows that overhead was most of its build time (~12 ms of the
~14 a growth group took), paid on every new selection. The results are the same as pandas' (checked on every
chart of many selections of the real and the synthetic data when this was written)."""
from __future__ import annotations

import math

import pandas as pd


def missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def records(df: pd.DataFrame, columns: tuple[str, ...] = ()) -> list[dict]:
    """The rows as dicts; only ``columns`` (those the table has), if given: a table of facts has 47 columns
    and boxing every value costs in proportion."""
    return (df[[c for c in columns if c in df.columns]] if columns else df).to_dict("records")


def sorted_rows(rows: list[dict], *columns: str) -> list[dict]:
    """``rows`` in ``DataFrame.sort_values(columns)`` order: stable, missing values last."""
    return sorted(rows, key=lambda r: tuple((1, 0) if missing(r[c]) else (0, r[c]) for c in columns))


def grouped(rows: list[dict], key) -> dict:
    """Row positions by ``key(row)``, groups in order of first appearance (``groupby(sort=False)``)."""
    groups: dict = {}
    for i, r in enumerate(rows):
        groups.setdefault(key(r), []).append(i)
    return groups


def first_per(rows: list[dict], column: str) -> list[dict]:
    """The first row of each value of ``column``, in order (``drop_duplicates(column)``)."""
    seen: set = set()
    return [r for r in rows if not (r[column] in seen or seen.add(r[column]))]
