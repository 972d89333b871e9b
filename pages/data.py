"""Data: the filtered fact table, searchable and sortable, with quotes; selecting a row opens its figure card."""
import streamlit as st

from dashboard import exports_panel, fact_card, queries, state, ui
from dashboard.fact_columns import PAGE_COLUMNS, fact_frame, headers
from dashboard.i18n import t

# What a reader scans first, the quote among it (not off-screen to the right); the rest of the page's columns after.
FIRST = ("fact_id", "locality", "indicator", "value_text", "quote", "period")
COLUMNS = tuple(sorted(PAGE_COLUMNS, key=lambda c: FIRST.index(c.name) if c.name in FIRST else len(FIRST)))

filters, lang = state.current()
ui.title("data_title", lang)
search = st.text_input(t("search", lang), key="data_search", max_chars=200)
facts = queries.facts(filters, search=search or "", limit=queries.MAX_LISTED).reset_index(drop=True)
ui.stop_if_empty(facts, lang)
total = queries.facts_count(filters, search or "") if len(facts) >= queries.MAX_LISTED else len(facts)
table = fact_frame(facts, lang, COLUMNS).rename(columns=headers(COLUMNS, lang))
st.caption((f"{len(table)} {t('rows', lang)}" if total == len(table)
            else t("listed_of", lang, shown=f"{len(table):,}", total=f"{total:,}")) + " · " + t("data_select_hint", lang))
# Names wide enough to read, the quote wrapped in its cell; the id pinned, so a row is named while scrolling.
event = ui.wrapped_table(
    table, lang, key="data_table", selectable=True,
    column_config={
        t("col_fact", lang): st.column_config.TextColumn(width=110, pinned=True),
        t("province", lang): st.column_config.TextColumn(width="small"),
        t("col_locality", lang): st.column_config.TextColumn(width=130),
        t("col_indicator", lang): st.column_config.TextColumn(width=190),
        t("col_value_read", lang): st.column_config.TextColumn(width=140),
    })
fact_card.apply_selection("data_table", fact_card.row_fact(event, facts["fact_id"]), set(facts["fact_id"]))
shown = fact_card.selected_fact()
if shown:
    fact_card.render(shown, filters, lang)
ui.captions(facts, lang)
exports_panel.render(filters, lang, facts)
