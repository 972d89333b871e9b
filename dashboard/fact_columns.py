"""The columns of a fact as a reader sees it, in one list: the Data page shows some of them, the CSV/XLSX
exports all of them, both with headers, names and units in the reader's language."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

from .formatting import fmt_value, period_label
from .i18n import t


class Column(NamedTuple):
    name: str  # the column's id in the frame ``fact_frame`` makes
    header_key: str  # i18n key of its header
    on_page: bool  # shown on the Data page (the exports carry every column)


COLUMNS = (
    Column("fact_id", "col_fact", True),
    Column("province", "province", True),
    Column("locality", "col_locality", True),
    Column("program", "col_program", False),
    Column("category", "col_category", True),
    Column("indicator", "col_indicator", True),
    Column("value_text", "col_value_read", True),
    Column("value", "col_value", False),
    Column("unit", "col_unit", False),
    Column("value_as_written", "col_written", True),
    Column("qualifier", "col_qualifier", True),
    Column("period", "col_period", True),
    Column("period_start", "col_period_start", False),
    Column("period_end", "col_period_end", False),
    Column("status", "col_status", True),
    Column("basis", "col_basis", True),
    Column("scope", "col_scope", True),
    Column("quote", "col_quote", True),
    Column("source_id", "col_source", True),
    Column("publisher", "publisher", False),
    Column("published_as_written", "published", False),
)
PAGE_COLUMNS = tuple(c for c in COLUMNS if c.on_page)

# A unit as a reader of each language writes it (中文, English). Amounts are exported in 万元 / CNY m, the units
# formatting.fmt_value reads them out in: SCALE is the power of ten the value in yuan is divided by.
UNITS: dict[str, tuple[str, str]] = {
    "CNY": ("万元", "CNY m"), "percent": ("%", "%"), "pp": ("个百分点", "pp"), "count": ("个", "count"),
    "index": ("指数", "index"), "rank": ("位次", "rank"), "tonnes": ("吨", "t"), "mu": ("亩", "mu"),
    "m2": ("平方米", "m²"), "days": ("天", "days"),
}
SCALE = {("CNY", "zh"): 4, ("CNY", "en"): 6}  # 万元 = 10^4 yuan, CNY m = 10^6 yuan


def unit_label(unit: str, lang: str) -> str:
    zh, en = UNITS.get(unit, (unit, unit))
    return en if lang == "en" else zh


def value_in_unit(value, unit: str, lang: str) -> float | None:
    """The value in the unit ``unit_label`` names: the decimal shift is done on the digits, so 4.5e9 yuan is
    450000 万元 exactly and 12345.6 yuan is 1.23456 万元, not 1.2345600000000001."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    shift = SCALE.get((unit, lang), 0)
    return float(Decimal(repr(float(value))).scaleb(-shift)) if shift else float(value)


def _scope(facts: pd.DataFrame, en: bool) -> pd.Series:
    """The scope as written (中文); in English its curated translation where there is one."""
    zh = facts["scope"].fillna("")
    if not en or "scope_en" not in facts:
        return zh
    english = facts["scope_en"].fillna("")
    return english.where(english != "", zh)


def _date(x) -> dt.date | None:
    return None if x is None or pd.isna(x) else pd.Timestamp(x).date()


def fact_frame(facts: pd.DataFrame, lang: str, columns: tuple[Column, ...] = COLUMNS) -> pd.DataFrame:
    """The facts as the reader sees them (names in the reader's language), columns by id."""
    en = lang == "en"

    lists: dict[str, list] = {}

    def col(name: str) -> list:
        # A column's values as a list, made once (value and unit serve two columns): zip over a Series goes
        # through its Arrow scalars one by one (~4x slower).
        if name not in lists:
            lists[name] = facts[name].tolist()
        return lists[name]

    make = {
        "fact_id": lambda: facts["fact_id"],
        "locality": lambda: facts["locality_en" if en else "locality_zh"],
        "province": lambda: facts["province_en" if en else "province_zh"],
        "program": lambda: facts["program_en" if en else "program_zh"],
        "category": lambda: facts["category_en" if en else "category_zh"],
        "indicator": lambda: facts["indicator_en" if en else "indicator_zh"],
        "value_text": lambda: [fmt_value(v, u, lang, q if isinstance(q, str) else None, None if pd.isna(d) else int(d))
                               for v, u, q, d in zip(col("value"), col("unit"), col("qualifier"), col("decimals"))],
        "value": lambda: [value_in_unit(v, u, lang) for v, u in zip(col("value"), col("unit"))],
        "unit": lambda: [unit_label(u, lang) for u in col("unit")],
        "value_as_written": lambda: facts["value_as_written"],
        "qualifier": lambda: facts["qualifier"].fillna(""),
        "period": lambda: [period_label(s, e, lang, k) for s, e, k in
                           zip(col("period_start"), col("period_end"), col("period_kind"))],
        "period_start": lambda: [_date(d) for d in col("period_start")],  # dates: real date cells in the XLSX
        "period_end": lambda: [_date(d) for d in col("period_end")],
        "status": lambda: [t(s, lang) for s in col("status")],
        "basis": lambda: [t(b, lang) if isinstance(b, str) and b else "" for b in col("basis")],
        "scope": lambda: _scope(facts, en),
        "quote": lambda: facts["quote"],
        "source_id": lambda: facts["source_id"],
        "publisher": lambda: facts["publisher_en" if en else "publisher_zh"],
        "published_as_written": lambda: facts["published_as_written"],
    }
    return pd.DataFrame({c.name: make[c.name]() for c in columns}, index=facts.index)


def headers(columns: tuple[Column, ...], lang: str) -> dict[str, str]:
    return {c.name: t(c.header_key, lang) for c in columns}
