"""Growth rates, one chart per comparison group: only figures of the same measure share an axis, every selected
locality is named in every group (a bar, or "no figure reported"), and each group says whether its figures
are comparable and why not."""
import pandas as pd
import streamlit as st

from dashboard import catalogue, comparison, fact_card, queries, state, ui
from dashboard.charts import FACT_INDEX
from dashboard.formatting import fmt_value, period_label
from dashboard.i18n import t
from dashboard.queries import Filters
from dashboard.safe_text import md

GAPS_OPEN = "growth_gaps_open"


# A fragment each: a click on a bar (or opening a chart's Export menu) reruns its group, not the page's eight
# or more charts; a click that moves the figure card from another group reruns the page (fact_card.card_for).
@st.fragment
def comparison_group(group: comparison.Group, filters: Filters, lang: str) -> None:
    chart = catalogue.chart(catalogue.GROWTH_PREFIX + group.group_id, filters, lang)
    verdict = ui.verdict_text(group.verdict, lang)
    # name, verdict, chart, captions and exports belong together (the key names the group in the page's HTML)
    with st.container(border=True, key=f"group-{group.group_id}"):
        # The group's name and its verdict in one element (a page draws eight groups or more).
        st.markdown(f"#### {md(chart.title)}\n\n" + (f"**{md(verdict)}**" if group.verdict.kind != "single" else md(verdict)))
        event = ui.chart(chart, lang, selectable=True)
        fact_card.card_for(chart.chart_id, fact_card.fact_from_event(event, FACT_INDEX), set(group.facts["fact_id"]),
                           filters, lang)


# Percentage-point gaps (e.g. "3.29 pp above the provincial average") are not growth rates: listed, not plotted.
# Listed when opened: they sit under every chart of the page, and a tab's first table (the grid's ~28 script files
# and its first drawing) made the page's first view ~1 s slower (overview -> growth: 2.05 s, 0.98 s without).
# A link to one of them (fact=<id>) opens the list once, so its card shows; closing it afterwards stands.
@st.fragment
def gaps_table(gaps: pd.DataFrame, filters: Filters, lang: str) -> None:
    focus = fact_card.selected_fact()
    if focus in set(gaps["fact_id"]) and fact_card.first_time_linked("_gaps_opened_for", focus):
        st.session_state[GAPS_OPEN] = True
    with st.expander(t("growth_gaps", lang, n=len(gaps)), key=GAPS_OPEN, on_change="rerun") as listed:
        if listed.open:
            gaps_list(gaps, filters, lang)


def gaps_list(gaps: pd.DataFrame, filters: Filters, lang: str) -> None:
    event = ui.wrapped_table(pd.DataFrame({
        t("col_locality", lang): gaps["locality_en" if lang == "en" else "locality_zh"],
        t("col_indicator", lang): gaps["indicator_en" if lang == "en" else "indicator_zh"],
        t("col_value", lang): [fmt_value(v, u, lang, q, d) for v, u, q, d in
                               zip(gaps["value"], gaps["unit"], gaps["qualifier"], gaps["decimals"])],
        t("col_period", lang): [period_label(a, b, lang) for a, b in zip(gaps["period_start"], gaps["period_end"])],
        t("col_quote", lang): gaps["quote"],
    }), lang, key="growth_gaps", selectable=True,
        # narrow enough that the quote fits beside it in the list at 1440 px (a name wraps in its cell)
        column_config={t("col_indicator", lang): st.column_config.TextColumn(width=220)})
    fact_card.card_for("growth_gaps", fact_card.row_fact(event, gaps["fact_id"]), set(gaps["fact_id"]), filters, lang)
    ui.captions(gaps, lang)


filters, lang = state.current()
ui.title("growth_title", lang)
ui.national_view_if_large(filters, lang)
growth = queries.facts(filters, categories=("growth",))
ui.stop_if_empty(growth, lang)
# The hatching key is also a chart legend's entry, so it has no full stop of its own: the sentence gets one here.
st.caption(f'{t("growth_groups_intro", lang)} {t("target_legend", lang)}{"。" if lang == "zh" else "."} {t("card_hint", lang)}')
for group in catalogue.growth_groups(filters):
    comparison_group(group, filters, lang)
gaps = growth[growth["unit"] != "percent"]
if not gaps.empty:
    gaps_table(gaps.reset_index(drop=True), filters, lang)
