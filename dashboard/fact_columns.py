"""The columns of a fact as a reader sees it, in one list: the Data page shows some of them, the CSV/XLSX
exports all of them, both with headers in the reader's language."""
from __future__ import annotations

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


def fact_frame(facts: pd.DataFrame, lang: str, columns: tuple[Column, ...] = COLUMNS) -> pd.DataFrame:
    """The facts as the reader sees them (names in the reader's language), columns by id."""
    en = lang == "en"
    make = {
        "fact_id": lambda: facts["fact_id"],
        "locality": lambda: facts["locality_en" if en else "locality_zh"],
        "province": lambda: facts["province_en" if en else "province_zh"],
        "program": lambda: facts["program_en" if en else "program_zh"],
        "category": lambda: facts["category_en" if en else "category_zh"],
        "indicator": lambda: facts["indicator_en" if en else "indicator_zh"],
        "value_text": lambda: [fmt_value(v, u, lang, q if isinstance(q, str) else None, None if pd.isna(d) else int(d))
                               for v, u, q, d in zip(facts["value"], facts["unit"], facts["qualifier"], facts["decimals"])],
        "value": lambda: facts["value"].astype(float),
        "unit": lambda: facts["unit"],
        "value_as_written": lambda: facts["value_as_written"],
        "qualifier": lambda: facts["qualifier"].fillna(""),
        "period": lambda: [period_label(s, e, lang, k) for s, e, k in
                           zip(facts["period_start"], facts["period_end"], facts["period_kind"])],
        "period_start": lambda: pd.to_datetime(facts["period_start"]).dt.strftime("%Y-%m-%d"),
        "period_end": lambda: pd.to_datetime(facts["period_end"]).dt.strftime("%Y-%m-%d"),
        "status": lambda: [t(s, lang) for s in facts["status"]],
        "basis": lambda: [t(b, lang) if isinstance(b, str) and b else "" for b in facts["basis"]],
        "scope": lambda: facts["scope"].fillna(""),
        "quote": lambda: facts["quote"],
        "source_id": lambda: facts["source_id"],
        "publisher": lambda: facts["publisher_en" if en else "publisher_zh"],
        "published_as_written": lambda: facts["published_as_written"],
    }
    return pd.DataFrame({c.name: make[c.name]() for c in columns}, index=facts.index)


def headers(columns: tuple[Column, ...], lang: str) -> dict[str, str]:
    return {c.name: t(c.header_key, lang) for c in columns}
