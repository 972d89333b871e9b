"""Data: the filtered fact table, searchable and sortable, with quotes."""
import pandas as pd
import streamlit as st

from dashboard import exports_panel, queries, state, ui
from dashboard.formatting import period_label
from dashboard.i18n import t

filters, lang = state.current()
ui.title("data_title", lang)
search = st.text_input(t("search", lang), key="data_search", max_chars=200)
facts = queries.facts(filters, search=search or "", limit=queries.MAX_LISTED)
ui.stop_if_empty(facts, lang)
total = queries.facts_count(filters, search or "") if len(facts) >= queries.MAX_LISTED else len(facts)
table = pd.DataFrame({
    t("col_fact", lang): facts["fact_id"],
    t("col_locality", lang): facts["locality_en" if lang == "en" else "locality_zh"],
    t("col_category", lang): facts["category_en" if lang == "en" else "category_zh"],
    t("col_indicator", lang): facts["indicator_en" if lang == "en" else "indicator_zh"],
    t("col_value", lang): facts["value"],
    t("col_unit", lang): facts["unit"],
    t("col_written", lang): facts["value_as_written"],
    t("col_qualifier", lang): facts["qualifier"].fillna(""),
    t("col_period", lang): [period_label(s, e, lang, k) for s, e, k in zip(facts["period_start"], facts["period_end"], facts["period_kind"])],
    t("col_status", lang): [t(s, lang) for s in facts["status"]],
    t("col_basis", lang): [t(b, lang) if isinstance(b, str) and b else "" for b in facts["basis"]],
    t("col_scope", lang): facts["scope"].fillna(""),
    t("col_quote", lang): facts["quote"],
    t("col_source", lang): facts["source_id"],
})
st.caption(f"{len(table)} {t('rows', lang)}" if total == len(table) else t("listed_of", lang, shown=f"{len(table):,}", total=f"{total:,}"))
st.dataframe(table, hide_index=True, height=600, column_config={
    t("col_value", lang): st.column_config.NumberColumn(format="localized", width="medium"),
    t("col_quote", lang): st.column_config.TextColumn(width="large"),
})
ui.captions(facts, lang)
exports_panel.render(filters, lang, facts)
