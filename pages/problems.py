"""Problem resolution: collected vs resolved, reported vs recomputed rate, missing denominators as missing."""
import pandas as pd
import streamlit as st

from dashboard import catalogue, fact_card, queries, state, ui
from dashboard.charts import PROBLEM_FACT_INDEX
from dashboard.formatting import fmt_value
from dashboard.i18n import t

filters, lang = state.current()
ui.title("problems_title", lang)
ui.national_view_if_large(filters, lang)
pr = queries.problem_resolution(filters)
ui.stop_if_empty(pr, lang)

# The facts behind each chart's marks; a selected one's card shows under the chart it belongs to.
OWNED = {"problem_counts": {f for col in ("collected_fact", "resolved_fact") for f in pr[col].dropna()},
         "problem_rates": {f for col in ("rate_fact", "target_fact", "resolved_fact") for f in pr[col].dropna()}}
for chart_id, owned in OWNED.items():
    chart = catalogue.chart(chart_id, filters, lang)
    if chart is None:
        continue
    event = ui.chart(chart, lang, selectable=True)
    fact_card.apply_selection(chart_id, fact_card.fact_from_event(event, PROBLEM_FACT_INDEX), owned)
    shown = fact_card.selected_fact()
    clicked_here = st.session_state.get(f"_card_{chart_id}") == shown
    if shown in owned and (clicked_here or (chart_id == "problem_counts" and not any(
            st.session_state.get(f"_card_{c}") == shown for c in OWNED))):
        fact_card.render(shown, filters, lang)


def agree(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"✓ {t('agree_yes', lang)}" if bool(v) else f"≠ {t('agree_no', lang)}"


table = pd.DataFrame({
    t("col_locality", lang): pr["locality_en" if lang == "en" else "locality_zh"],
    t("scope", lang): [(e if lang == "en" and e else s) or "—" for s, e in zip(pr["scope"], pr["scope_en"])],
    t("collected", lang): [fmt_value(v, "count", lang) if pd.notna(v) else t("missing", lang) for v in pr["collected"]],
    t("resolved", lang): [fmt_value(v, "count", lang) if pd.notna(v) else t("missing", lang) for v in pr["resolved"]],
    t("reported_rate", lang): [f"{v:g}%" if pd.notna(v) else "—" for v in pr["reported_rate"]],
    t("recomputed_rate", lang): [f"{v:.2f}%" if pd.notna(v) else (t("no_denominator", lang) if pd.notna(r) else "—")
                                 for v, r in zip(pr["recomputed_rate"], pr["resolved"])],
    t("rates_agree", lang): [agree(v) for v in pr["rates_agree"]],
})
# A row opens the card of its reported rate, or else of its resolved count (the figure the row stands on).
row_facts = [r if isinstance(r, str) else (v if isinstance(v, str) else "") for r, v in zip(pr["rate_fact"], pr["resolved_fact"])]
event = st.dataframe(table, hide_index=True, key="problems_table", on_select="rerun", selection_mode="single-row")
fact_card.apply_selection("problems_table", fact_card.row_fact(event, row_facts) or None, set(filter(None, row_facts)))
if st.session_state.get("_card_problems_table") and fact_card.selected_fact() == st.session_state["_card_problems_table"]:
    fact_card.render(fact_card.selected_fact(), filters, lang)
