"""The overview's locality cards as ready-to-draw text, made once per selection, language and database
version (the rerun after a filter change only draws them). Every piece of data text is escaped here."""
from __future__ import annotations

import streamlit as st

from . import queries
from .db import db_stamp
from .formatting import fmt_value, period_label
from .i18n import pick, t
from .queries import Filters
from .rows import first_per, grouped, records, sorted_rows
from .safe_text import md

# Shown first on a card when the report has them, so the cards can be read side by side.
HEADLINE_ORDER = ["industrial_value_added_growth", "gdp_growth", "gdp", "problem_resolution_rate", "problems_resolved",
                  "cadres_dispatched", "tax_fee_relief", "industrial_investment_growth", "new_loans", "key_projects"]


def locality_cards(f: Filters, lang: str) -> list[dict]:
    return _cards(f, lang, db_stamp())


@st.cache_data(show_spinner=False, max_entries=256)
def _cards(f: Filters, lang: str, stamp: str) -> list[dict]:
    localities, facts = queries.localities(f), queries.facts(f)
    rank = {k: i for i, k in enumerate(HEADLINE_ORDER)}
    # Per locality, its reported (not target) figures of a headline indicator, in headline order.
    columns = ("locality_id", "status", "indicator_id", "scope", "indicator_en", "indicator_zh", "value", "unit",
               "qualifier", "decimals", "period_start", "period_end")
    headline_facts = [r for r in records(facts, columns) if r["status"] == "actual" and r["indicator_id"] in rank]
    for r in headline_facts:
        r["rank"] = rank[r["indicator_id"]]
    by_locality = grouped(headline_facts, lambda r: r["locality_id"])
    cards = []
    for loc in records(localities):
        date = t("undated", lang) if loc["published_as_written"] == "undated" else str(loc["published_as_written"])
        body = (f"**{t('campaign', lang)}**: {md(loc['campaign_as_written'])} ({md(pick(loc, 'program', lang))})  \n"
                f"**{t('publisher', lang)}**: {md(pick(loc, 'publisher', lang))}, {md(date)}  \n"
                f"**{t('period', lang)}**: {md(period_label(loc['period_start'], loc['period_end'], lang))} — "
                f"{md(loc['period_note_en'] if lang == 'en' else loc['period_note_zh'])}")
        ranked = sorted_rows([headline_facts[i] for i in by_locality.get(loc["locality_id"], [])], "rank", "scope")
        ranked = first_per(ranked, "indicator_id")[:4]
        headline = ""
        if ranked:
            lines = []
            for fact in ranked:
                label = fact["indicator_en"] if lang == "en" else fact["indicator_zh"]
                value = fmt_value(fact["value"], fact["unit"], lang, fact["qualifier"], fact["decimals"])
                when = period_label(fact["period_start"], fact["period_end"], lang)
                lines.append(f"- **{md(value)}** {md(label)} · {md(when)}")
            headline = f"**{t('headline', lang)}**\n" + "\n".join(lines)
        cards.append({
            "name": md(f"{pick(loc, 'name', lang)}"),
            "place": md(f"{pick(loc, 'province', lang)} · {t(loc['level'], lang)}"),
            "body": body, "headline": headline,
            "counts": md(f"{loc['n_facts']} {t('facts_count', lang)} · {loc['n_instruments']} {t('instruments_count', lang)}"),
        })
    return cards
