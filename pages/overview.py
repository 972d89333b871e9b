"""Overview: one card per locality with its campaign, source, period and headline figures; a period strip."""
import streamlit as st

from dashboard import catalogue, fact_card, queries, state, ui
from dashboard.cards import locality_cards
from dashboard.fact_columns import COLUMNS, fact_frame, headers
from dashboard.i18n import pick, t
from dashboard.safe_text import md

DOT_COLUMNS = tuple(c for c in COLUMNS if c.name in ("fact_id", "indicator", "value_text", "period", "quote"))

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

# A dot stands for every figure of a locality ending that day: clicking it lists them (a lone figure opens its
# card at once); a row of the list opens its card.
strip = catalogue.chart("period_strip", filters, lang)
event = ui.chart(strip, lang, selectable=True)
if strip is not None:
    st.caption(t("strip_pick_hint", lang))
    dot = fact_card.dot_facts(event, strip.data)
    if dot is not None and not dot.empty:
        first = dot.iloc[0]
        day = str(first["period_end"])[:10]
        st.markdown(f"**{md(t('strip_dot_facts', lang, locality=pick(first, 'locality', lang), day=day, n=len(dot)))}**")
        listed = ui.wrapped_table(fact_frame(dot, lang, DOT_COLUMNS).rename(columns=headers(DOT_COLUMNS, lang)), lang,
                                  key="strip_facts", selectable=True)
        fact_card.apply_selection("strip_facts", fact_card.row_fact(listed, dot["fact_id"]), set(dot["fact_id"]))
    fact_card.apply_selection("period_strip", str(dot["fact_id"].iloc[0]) if dot is not None and len(dot) == 1 else None)
    if fact_card.selected_fact() in set(strip.data["fact_id"]):
        fact_card.render(fact_card.selected_fact(), filters, lang)
