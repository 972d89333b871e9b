"""Overview: one card per locality with its campaign, source, period and headline figures; a period strip."""
import streamlit as st

from dashboard import catalogue, queries, state, ui
from dashboard.cards import locality_cards
from dashboard.i18n import t

filters, lang = state.current()
ui.title("overview_title", lang)
ui.national_view_if_large(filters, lang)
st.caption(t("overview_intro", lang, n=f"{queries.report_count():,}"))
localities = queries.localities(filters)
ui.stop_if_empty(localities, lang)

cards = locality_cards(filters, lang)
cols = st.columns(min(3, len(cards)))
for i, card in enumerate(cards):
    with cols[i % len(cols)].container(border=True):
        st.subheader(card["name"])
        st.caption(card["place"])
        st.markdown(card["body"])
        if card["headline"]:
            st.markdown(card["headline"])
        st.caption(card["counts"])

ui.chart(catalogue.chart("period_strip", filters, lang), lang)
