"""Every chart the dashboard draws, by id: the data it shows and the figure. Pages and the figure pack
(`zhuqi figures`, dashboard/export/command.py) both take their charts from here, so an exported chart is the chart on screen."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import streamlit as st

from . import charts, comparison, period_strip, queries
from .db import db_stamp
from .i18n import t
from .notes import comparability_line, sources_line
from .queries import Filters


@dataclass
class Chart:
    chart_id: str   # stable id: file names and widget keys are derived from it, never from data text
    page: str
    title: str
    figure: dict    # the plotly figure as a dict (charts.py); shared between sessions, never changed
    data: pd.DataFrame  # the facts the chart draws on: its sources line and comparability note come from these
    sources_text: str = ""        # the sources line and comparability note, made once with the chart
    comparability_text: str = ""


def _period_strip(f: Filters, lang: str) -> Chart | None:
    loc, facts = queries.localities(f), queries.facts(f)
    if loc.empty:
        return None
    return Chart("period_strip", "overview", t("period_strip", lang), period_strip.period_strip(loc, facts, lang), facts)


GROWTH_PREFIX = "growth_"  # a growth chart per comparison group: growth_<group id>


@st.cache_resource(max_entries=256, show_spinner=False)
def _growth_groups(f: Filters, stamp: str) -> list[comparison.Group]:
    # Once per selection and database version: the page, each group's chart and the figure pack all ask.
    # Shared read-only (the charts sort copies).
    return comparison.growth_groups(queries.facts(f, categories=("growth",)), queries.localities(f))


def growth_groups(f: Filters) -> list[comparison.Group]:
    return _growth_groups(f, db_stamp())


def _growth_group(group_id: str, f: Filters, lang: str) -> Chart | None:
    group = next((g for g in growth_groups(f) if g.group_id == group_id), None)
    if group is None:
        return None
    names = queries.localities(f).set_index("locality_id")["name_en" if lang == "en" else "name_zh"]
    title = group.name_en if lang == "en" else group.name_zh
    return Chart(GROWTH_PREFIX + group_id, "growth", title,
                 charts.growth_group_chart(group.facts, [(loc, names[loc]) for loc in group.missing], title, lang),
                 group.facts)


def _problem_facts(f: Filters) -> pd.DataFrame:
    return queries.facts(f, categories=("problem_resolution",))


def _problem_counts(f: Filters, lang: str) -> Chart | None:
    pr = queries.problem_resolution(f)
    if pr.empty or (pr["collected"].isna() & pr["resolved"].isna()).all():
        return None
    return Chart("problem_counts", "problems", t("counts_chart", lang), charts.problem_counts_chart(pr, lang),
                 _problem_facts(f))


def _problem_rates(f: Filters, lang: str) -> Chart | None:
    pr = queries.problem_resolution(f)
    rates = pr[pr["reported_rate"].notna() | pr["recomputed_rate"].notna() | pr["target_rate"].notna()]
    if rates.empty:
        return None
    facts = _problem_facts(f)
    facts = facts[facts["indicator_id"].isin(["problems_collected", "problems_resolved", "problem_resolution_rate"])]
    return Chart("problem_rates", "problems", t("rates_chart", lang), charts.problem_rates_chart(pr, lang), facts)


def _instrument_matrix(f: Filters, lang: str) -> Chart | None:
    inst = queries.instruments(f)
    if inst.empty:
        return None
    facts = queries.facts(f)
    return Chart("instrument_matrix", "instruments", t("instruments_title", lang),
                 charts.instrument_heatmap(inst, queries.instrument_categories(), lang),
                 facts[facts["source_id"].isin(inst["source_id"])])


def _instrument_amounts(f: Filters, lang: str) -> Chart | None:
    amounts = queries.instrument_amounts(f)
    if amounts.empty:
        return None
    facts = queries.facts(f)
    return Chart("instrument_amounts", "instruments", t("amounts_chart", lang), charts.amounts_chart(amounts, lang),
                 facts[facts["fact_id"].isin(amounts["fact_id"])])


BUILDERS: dict[str, Callable[[Filters, str], Chart | None]] = {
    "period_strip": _period_strip,
    "problem_counts": _problem_counts,
    "problem_rates": _problem_rates,
    "instrument_matrix": _instrument_matrix,
    "instrument_amounts": _instrument_amounts,
}


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_chart(chart_id: str, f: Filters, lang: str, stamp: str) -> Chart | None:
    # The same selection gives the same chart (queries, figure, captions), so it is built once per database
    # version and shared (read-only: exports copy the figure before changing anything).
    if chart_id in BUILDERS:
        c = BUILDERS[chart_id](f, lang)
    elif chart_id.startswith(GROWTH_PREFIX):
        c = _growth_group(chart_id[len(GROWTH_PREFIX):], f, lang)
    else:
        raise KeyError(chart_id)
    if c is not None:
        c.sources_text, c.comparability_text = sources_line(c.data, lang), comparability_line(c.data, lang)
    return c


def chart(chart_id: str, f: Filters, lang: str) -> Chart | None:
    return _cached_chart(chart_id, f, lang, db_stamp())


def chart_ids(f: Filters) -> list[str]:
    """Every chart of the selection, in page order (the growth charts, one per comparison group, second)."""
    fixed = list(BUILDERS)
    return fixed[:1] + [GROWTH_PREFIX + g.group_id for g in growth_groups(f)] + fixed[1:]


def all_charts(f: Filters, lang: str) -> list[Chart]:
    return [c for c in (chart(chart_id, f, lang) for chart_id in chart_ids(f)) if c is not None]
