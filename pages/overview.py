"""Overview: one card per locality with its campaign, source, period and headline figures; a period strip."""
import streamlit as st

from dashboard import catalogue, queries, shell, ui
from dashboard.formatting import fmt_value, period_label
from dashboard.i18n import pick, t
from dashboard.safe_text import md

# Shown first on a card when the report has them, so the cards can be read side by side.
HEADLINE_ORDER = ["industrial_value_added_growth", "gdp_growth", "gdp", "problem_resolution_rate", "problems_resolved",
                  "cadres_dispatched", "tax_fee_relief", "industrial_investment_growth", "new_loans", "key_projects"]

filters, lang = shell.page()
ui.title("overview_title", lang)
ui.national_view_if_large(filters, lang)
st.caption(t("overview_intro", lang))
localities = queries.localities(filters)
facts = queries.facts(filters)
ui.stop_if_empty(localities, lang)

cols = st.columns(min(3, len(localities)))
for i, (_, loc) in enumerate(localities.iterrows()):
    with cols[i % len(cols)].container(border=True):
        level = t(loc["level"], lang)
        st.subheader(md(f"{pick(loc, 'name', lang)}"))
        st.caption(md(f"{pick(loc, 'province', lang)} · {level}"))
        date = t("undated", lang) if loc["published_as_written"] == "undated" else str(loc["published_as_written"])
        st.markdown(
            f"**{t('campaign', lang)}**: {md(loc['campaign_as_written'])} ({md(pick(loc, 'program', lang))})  \n"
            f"**{t('publisher', lang)}**: {md(pick(loc, 'publisher', lang))}, {md(date)}  \n"
            f"**{t('period', lang)}**: {md(period_label(loc['period_start'], loc['period_end'], lang))} — "
            f"{md(loc['period_note_en'] if lang == 'en' else loc['period_note_zh'])}")
        own = facts[(facts["locality_id"] == loc["locality_id"]) & (facts["status"] == "actual")]
        ranked = own.assign(rank=own["indicator_id"].map({k: i for i, k in enumerate(HEADLINE_ORDER)}).fillna(99))
        ranked = ranked[ranked["rank"] < 99].sort_values(["rank", "scope"]).drop_duplicates("indicator_id").head(4)
        if not ranked.empty:
            lines = []
            for _, f in ranked.iterrows():
                label = f["indicator_en"] if lang == "en" else f["indicator_zh"]
                value = fmt_value(f["value"], f["unit"], lang, f["qualifier"], f["decimals"])
                when = period_label(f["period_start"], f["period_end"], lang)
                lines.append(f"- **{md(value)}** {md(label)} · {md(when)}")
            st.markdown(f"**{t('headline', lang)}**\n" + "\n".join(lines))
        st.caption(md(f"{loc['n_facts']} {t('facts_count', lang)} · {loc['n_instruments']} {t('instruments_count', lang)}"))

ui.chart(catalogue.chart("period_strip", filters, lang), lang)
