"""Cached queries the pages compose. SQL lives in dashboard/sql/*.sql; every filter value is bound."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from .db import cursor, db_stamp

SQL_DIR = Path(__file__).parent / "sql"


class Filters(NamedTuple):
    """Registry ids chosen in the sidebar; an empty tuple means "all"."""

    province: tuple[str, ...] = ()
    program: tuple[str, ...] = ()
    locality: tuple[str, ...] = ()
    level: tuple[str, ...] = ()

    def params(self) -> dict:
        return {k: list(v) for k, v in self._asdict().items()}


FILTER_KEYS = Filters._fields


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    if "{selection}" in text:
        # The prelude is our own file, not user input: it is spliced in before any parameter is bound.
        text = text.replace("{selection}", (SQL_DIR / "_selection.sql").read_text(encoding="utf-8"))
    return text


def _run(name: str, params: dict, stamp: str) -> pd.DataFrame:
    return cursor(stamp).execute(sql(name), params).df()


@st.cache_data(show_spinner=False, max_entries=256)
def options(stamp: str) -> pd.DataFrame:
    return _run("options", {}, stamp)


# Pages compare localities one by one only up to this many; a larger selection (a province of a national
# dataset, or all of it) is shown aggregated in DuckDB, so a page never pulls millions of facts into pandas.
MAX_COMPARED = 12
# The Data page lists at most this many facts (the count says how many match).
MAX_LISTED = 2000
NO_LIMIT = 2**62


@st.cache_data(show_spinner=False, max_entries=256)
def _facts(f: Filters, categories: tuple[str, ...], search: str, limit: int, stamp: str) -> pd.DataFrame:
    return _run("facts", {**f.params(), "categories": list(categories), "search": search, "limit": limit}, stamp)


def facts(f: Filters, categories: tuple[str, ...] = (), search: str = "", limit: int | None = None) -> pd.DataFrame:
    return _facts(f, tuple(categories), search.strip()[:200], NO_LIMIT if limit is None else limit, db_stamp())


@st.cache_data(show_spinner=False, max_entries=256)
def _facts_count(f: Filters, search: str, stamp: str) -> int:
    if not search:
        return int(_run("facts_count_all", f.params(), stamp)["n"].iloc[0])
    return int(_run("facts_count", {**f.params(), "search": search}, stamp)["n"].iloc[0])


def facts_count(f: Filters, search: str = "") -> int:
    return _facts_count(f, search.strip()[:200], db_stamp())


def selection_size(f: Filters) -> int:
    """How many localities the filters select."""
    return int(_by_filters("selection_size", f, db_stamp())["n"].iloc[0])


def national_growth(f: Filters) -> pd.DataFrame:
    """Per province: the five-number summary of its localities' latest industrial value-added growth."""
    return _by_filters("national_growth", f, db_stamp())


def province_summary(f: Filters) -> pd.DataFrame:
    return _by_filters("province_summary", f, db_stamp())


@st.cache_data(show_spinner=False, max_entries=256)
def _locality_table(f: Filters, limit: int, stamp: str) -> pd.DataFrame:
    return _run("locality_table", {**f.params(), "limit": limit}, stamp)


def locality_table(f: Filters, limit: int = MAX_LISTED) -> pd.DataFrame:
    return _locality_table(f, limit, db_stamp())


@st.cache_data(show_spinner=False, max_entries=256)
def _by_filters(name: str, f: Filters, stamp: str) -> pd.DataFrame:
    return _run(name, f.params(), stamp)


def localities(f: Filters) -> pd.DataFrame:
    return _by_filters("localities", f, db_stamp())


def problem_resolution(f: Filters) -> pd.DataFrame:
    return _by_filters("problem_resolution", f, db_stamp())


def instruments(f: Filters) -> pd.DataFrame:
    return _by_filters("instruments", f, db_stamp())


def instrument_amounts(f: Filters) -> pd.DataFrame:
    return _by_filters("instrument_amounts", f, db_stamp())


@st.cache_data(show_spinner=False, max_entries=256)
def _fact(fact_id: str, stamp: str) -> dict | None:
    # A dict, not a one-row table: a cache hit unpickles its value, and a page asks for the selected fact once
    # per chart (a one-row table of 40 Arrow columns took ~2 ms to unpickle, a dict a few microseconds).
    rows = _run("fact", {"fact": fact_id}, stamp)
    return None if rows.empty else rows.iloc[0].to_dict()


def fact(fact_id: str) -> dict | None:
    """One fact with its labels and provenance (column -> value), or None for an unknown id."""
    return _fact(str(fact_id)[:100], db_stamp())


@st.cache_data(show_spinner=False, max_entries=64)
def _by_source(name: str, source_id: str, stamp: str) -> pd.DataFrame:
    return _run(name, {"source": source_id}, stamp)


def corrections(source_id: str) -> pd.DataFrame:
    return _by_source("corrections", source_id, db_stamp())


def source(source_id: str) -> pd.DataFrame:
    return _by_source("source_text", source_id, db_stamp())


@st.cache_data(show_spinner=False)
def _instrument_categories(stamp: str) -> pd.DataFrame:
    return _run("instrument_categories", {}, stamp)


def instrument_categories() -> pd.DataFrame:
    return _instrument_categories(db_stamp())


def filter_options() -> pd.DataFrame:
    return options(db_stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _facets(stamp: str) -> pd.DataFrame:
    return _run("filter_facets", {}, stamp)


@st.cache_data(show_spinner=False, max_entries=256)
def _reachable_options(f: Filters, stamp: str) -> dict[str, frozenset[str]]:
    rows = _facets(stamp)
    match = {key: rows[key].isin(chosen) if chosen else None for key, chosen in f._asdict().items()}
    reachable = {}
    for key in FILTER_KEYS:
        keep = pd.Series(True, index=rows.index)
        for other, m in match.items():
            if other != key and m is not None:
                keep &= m
        reachable[key] = frozenset(rows.loc[keep, key])
    return reachable


def reachable_options(f: Filters) -> dict[str, frozenset[str]]:
    """Per filter, the values that leave the selection non-empty given the *other* filters' choices."""
    return _reachable_options(f, db_stamp())


@st.cache_data(show_spinner=False)
def _sources(stamp: str) -> pd.DataFrame:
    return _run("sources", {}, stamp)


def sources() -> pd.DataFrame:
    return _sources(db_stamp())


@st.cache_data(show_spinner=False)
def _report_count(stamp: str) -> int:
    return int(_run("report_count", {}, stamp)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=4)
def _build_info(stamp: str) -> tuple[str, str]:
    try:
        row = _run("build_info", {}, stamp)
    except Exception:  # a database from a build before build_info existed
        return "", ""
    return (str(row["dataset_version"].iloc[0]), str(row["built_at"].iloc[0])[:10]) if len(row) else ("", "")


def build_info() -> tuple[str, str]:
    """(dataset version: the content hash of the files it was built from, build date)."""
    return _build_info(db_stamp())


def report_count() -> int:
    """How many reports the database holds (every one, whatever the filters)."""
    return _report_count(db_stamp())
