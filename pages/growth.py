"""Growth rates: every growth figure side by side, grouped by indicator, target vs actual visibly different."""
import pandas as pd
import streamlit as st

from dashboard import catalogue, queries, state, ui
from dashboard.formatting import fmt_value, period_label
from dashboard.i18n import t

filters, lang = state.current()
ui.title("growth_title", lang)
ui.national_view_if_large(filters, lang)
growth = queries.facts(filters, categories=("growth",))
ui.stop_if_empty(growth, lang)
st.caption(t("target_legend", lang))
ui.chart(catalogue.chart("growth_rates", filters, lang), lang)
# Percentage-point gaps (e.g. "3.29 pp above the provincial average") are not growth rates: listed, not plotted.
gaps = growth[growth["unit"] != "percent"]
if not gaps.empty:
    st.subheader(t("growth_gaps", lang))
    st.dataframe(pd.DataFrame({
        t("col_locality", lang): gaps["locality_en" if lang == "en" else "locality_zh"],
        t("col_indicator", lang): gaps["indicator_en" if lang == "en" else "indicator_zh"],
        t("col_value", lang): [fmt_value(v, u, lang, q, d) for v, u, q, d in
                               zip(gaps["value"], gaps["unit"], gaps["qualifier"], gaps["decimals"])],
        t("col_period", lang): [period_label(a, b, lang) for a, b in zip(gaps["period_start"], gaps["period_end"])],
        t("col_quote", lang): gaps["quote"],
    }), hide_index=True)
    ui.captions(gaps, lang)
