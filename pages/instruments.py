"""Policy instruments: locality × category matrix; pick a cell to list its measures with quotes."""
import pandas as pd
import streamlit as st

from dashboard import catalogue, fact_card, queries, state, ui
from dashboard.charts import AMOUNT_FACT_INDEX
from dashboard.i18n import t

filters, lang = state.current()
ui.title("instruments_title", lang)
ui.national_view_if_large(filters, lang)
inst = queries.instruments(filters)
ui.stop_if_empty(inst, lang)
categories = queries.instrument_categories()
event = ui.chart(catalogue.chart("instrument_matrix", filters, lang), lang, selectable=True)
loc_names = dict(zip(inst["locality_id"], inst["locality_en" if lang == "en" else "locality_zh"]))
# A clicked cell chooses the locality and category below (the two lists stay for keyboards and phones).
clicked = [p.get("customdata") for p in ((event or {}).get("selection") or {}).get("points", []) if p.get("customdata")]
# The chart keeps its selection across reruns: apply a click once, so a later choice in the lists stands.
if clicked and clicked[0][0] in loc_names and st.session_state.get("_inst_clicked") != tuple(clicked[0]):
    st.session_state["_inst_clicked"] = tuple(clicked[0])
    st.session_state["inst_locality"], st.session_state["inst_category"] = clicked[0][0], clicked[0][1]

st.subheader(t("pick_cell", lang))
cat_names = dict(zip(categories["category_id"], categories["name_en" if lang == "en" else "name_zh"]))
c1, c2 = st.columns(2)
loc = c1.selectbox(t("locality", lang), list(loc_names), format_func=lambda v: loc_names[v], key="inst_locality")
cats_here = [c for c in categories["category_id"] if c in set(inst.loc[inst["locality_id"] == loc, "category"])]
if st.session_state.get("inst_category") not in cats_here:
    st.session_state.pop("inst_category", None)  # the other locality has no measure of that category
cat = c2.selectbox(t("instrument_category", lang), cats_here, format_func=lambda v: cat_names[v], key="inst_category")
cell = inst[(inst["locality_id"] == loc) & (inst["category"] == cat)]
ui.wrapped_table(pd.DataFrame({
    t("province", lang): cell["province_en" if lang == "en" else "province_zh"],
    t("col_locality", lang): cell["locality_en" if lang == "en" else "locality_zh"],
    t("col_name", lang): cell["name_en" if lang == "en" else "name_zh"],
    (t("col_name", lang) + (" (中文)" if lang == "en" else "（英文）")): cell["name_zh" if lang == "en" else "name_en"],
    t("col_quote", lang): cell["quote"],
    t("col_fact", lang): cell["instrument_id"],
}), lang)

amounts = catalogue.chart("instrument_amounts", filters, lang)
if amounts is None:
    st.caption(t("no_amounts", lang))
else:
    event = ui.chart(amounts, lang, selectable=True)
    owned = set(amounts.data["fact_id"])
    fact_card.apply_selection(amounts.chart_id, fact_card.fact_from_event(event, AMOUNT_FACT_INDEX), owned)
    shown = fact_card.selected_fact()
    if shown in owned:
        fact_card.render(shown, filters, lang)
