"""Sources: each report's clean text with every curated figure highlighted; provenance; corrections applied."""
import pandas as pd
import streamlit as st

from dashboard import fact_card, queries, state, ui
from dashboard.highlight import SCROLL_TO_FOCUS, highlighted_html
from dashboard.i18n import pick, t
from dashboard.safe_text import file_digest, md

# A national report has hundreds of figures to mark; the marked-up text is the same on every rerun.
cached_highlight = st.cache_data(max_entries=64, show_spinner=False)(highlighted_html)

filters, lang = state.current()
ui.title("sources_title", lang)
localities = queries.localities(filters)
ui.stop_if_empty(localities, lang)
names = dict(zip(localities["source_id"], localities["name_en" if lang == "en" else "name_zh"]))
focus = fact_card.selected_fact()
focus_source = queries.fact(focus)["source_id"] if focus else None
# A link to a figure (fact=<id>) opens its report, once: choosing another report afterwards stands.
if focus_source in names and fact_card.first_time_linked("_source_for_fact", focus):
    st.session_state["source_pick"] = focus_source
source_id = st.selectbox(t("source", lang), list(names), format_func=lambda v: names[v], key="source_pick")
src = queries.source(source_id).iloc[0]
date = t("undated", lang) if src["published_as_written"] == "undated" else str(src["published_as_written"])
st.subheader(md(pick(src, "title", lang)))
st.markdown(
    f"**{t('publisher', lang)}**: {md(pick(src, 'publisher', lang))}  \n"
    f"**{t('published', lang)}**: {md(date)}  \n"
    f"**{t('period', lang)}**: {md(src['period_note_en'] if lang == 'en' else src['period_note_zh'])}  \n"
    f"**{t('campaign', lang)}**: {md(src['campaign_as_written'])} ({md(pick(src, 'program', lang))})")
st.markdown(f"**{t('sha256', lang)}**")
st.markdown(file_digest(src["raw_file"], src["raw_sha256"]))

facts = queries.facts(queries.Filters(locality=(src["locality_id"],)))
facts = facts[facts["source_id"] == source_id].assign(
    label=lambda d: d["indicator_en"] if lang == "en" else d["indicator_zh"])
if focus and focus_source == source_id:
    fact_card.render(focus, filters, lang, with_link=False)
st.markdown(f"**{t('clean_text', lang)}**")
st.html(cached_highlight(src["clean_text"], facts, focus if focus_source == source_id else None))
if focus and focus_source == source_id:
    st.html(SCROLL_TO_FOCUS, unsafe_allow_javascript=True)

st.markdown(f"**{t('facts_in_source', lang)}** ({len(facts)}) · {t('data_select_hint', lang)}")
event = ui.wrapped_table(pd.DataFrame({
    t("col_fact", lang): facts["fact_id"], t("col_indicator", lang): facts["label"],
    t("col_written", lang): facts["value_as_written"], t("col_quote", lang): facts["quote"],
}), lang, key="source_facts", selectable=True)
if fact_card.apply_selection("source_facts", fact_card.row_fact(event, facts["fact_id"]), set(facts["fact_id"])):
    st.rerun()  # the report above marks and scrolls to the chosen figure

corr = queries.corrections(source_id)
st.markdown(f"**{t('corrections', lang)}** ({len(corr)})")
if not corr.empty:
    st.dataframe(corr.rename(columns={"damaged": t("damaged", lang), "repair": t("repair", lang), "reason": t("reason", lang)})
                 .drop(columns=["source_id"]), hide_index=True)
ui.captions(facts, lang)
