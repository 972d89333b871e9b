"""Data: the filtered fact table, searchable and sortable, with quotes."""
import streamlit as st

from dashboard import exports_panel, queries, state, ui
from dashboard.fact_columns import PAGE_COLUMNS, fact_frame, headers
from dashboard.i18n import t

filters, lang = state.current()
ui.title("data_title", lang)
search = st.text_input(t("search", lang), key="data_search", max_chars=200)
facts = queries.facts(filters, search=search or "", limit=queries.MAX_LISTED)
ui.stop_if_empty(facts, lang)
total = queries.facts_count(filters, search or "") if len(facts) >= queries.MAX_LISTED else len(facts)
table = fact_frame(facts, lang, PAGE_COLUMNS).rename(columns=headers(PAGE_COLUMNS, lang))
st.caption(f"{len(table)} {t('rows', lang)}" if total == len(table) else t("listed_of", lang, shown=f"{len(table):,}", total=f"{total:,}"))
st.dataframe(table, hide_index=True, height=600, column_config={
    t("col_value", lang): st.column_config.NumberColumn(format="localized", width="medium"),
    t("col_quote", lang): st.column_config.TextColumn(width="large"),
})
ui.captions(facts, lang)
exports_panel.render(filters, lang, facts)
