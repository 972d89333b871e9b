"""A small table's rows as plain dicts, and the few table operations the charts and captions need, over them.

Row by row, a pandas table of Arrow columns builds a Series a row (``iterrows``), and grouping or sorting it
builds a sub-table a call: on a chart's few rows that overhead was most of its build time (~12 ms of the
~14 a growth group took), paid on every new selection. The results are the same as pandas' (checked on every
chart of many selections of the real and the synthetic data when this was written)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd


def missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _boxed(v):
    """A value as ``to_dict`` gives it from an object or extension column (pandas' ``maybe_box_native``): NA as
    None, numpy scalars as Python's."""
    if v is pd.NA:
        return None
    if isinstance(v, np.generic):
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        if isinstance(v, np.datetime64):
            return pd.Timestamp(v)
        if isinstance(v, np.timedelta64):
            return pd.Timedelta(v)
    return v


def _column_values(column: pd.Series) -> list:
    values = column.tolist()
    if isinstance(column.dtype, pd.StringDtype):  # str or NaN already, as to_dict gives them
        return values
    if column.dtype == np.dtype(object) or isinstance(column.dtype, pd.api.extensions.ExtensionDtype):
        return [_boxed(v) for v in values]
    return values


def records(df: pd.DataFrame, columns: tuple[str, ...] = ()) -> list[dict]:
    """The rows as dicts, as ``to_dict("records")`` gives them; only ``columns`` (those the table has), if given:
    a table of facts has 47 columns and boxing every value costs in proportion. Built column by column
    (``tolist``): ``to_dict`` goes row by row through every Arrow column's scalars, ~5x slower (2,000 facts:
    ~180 -> ~35 ms), which a data page's captions paid on every new selection."""
    names = [c for c in columns if c in df.columns] if columns else list(df.columns)
    if not names:
        return [{} for _ in range(len(df))]
    values = [_column_values(df[c]) for c in names]
    return [dict(zip(names, row)) for row in zip(*values)]


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
