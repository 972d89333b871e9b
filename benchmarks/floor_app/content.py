"""The content floor's pages (benchmarks/floor_app/app.py with ``FLOOR_CONTENT=1``): under the floor's sidebar,
the same content our page draws, taken from the project (``dashboard.*``: the same cached queries, the same
figures from ``dashboard.catalogue``, the same report HTML), drawn with plain Streamlit calls and nothing else.
What it shows is what Streamlit itself costs for our content, so app / content is what our page adds on top.

Per page, as our pages (pages/*.py) at the same filters and language:
  overview     the period strip (selectable), each locality card's text as one ``st.markdown``
  growth       every growth chart (one per comparison group; selectable)
  problems     the two problem charts (selectable)
  instruments  the heatmap and the amounts chart (selectable)
  data         the facts table (the same frame: ``fact_frame`` of the same query and columns), ``st.dataframe``
  sources      the first report's highlighted HTML (``st.html``)
  A selection above ``queries.MAX_COMPARED`` localities: on the four chart pages, the national box chart and
  the two tables (the same frames) instead, as ``ui.national_view_if_large``.
Left out (what our pages add around the content): captions (sources lines, comparability notes, intros, hints),
verdicts and group headings, bordered containers and columns, export menus and "Cite this", figure cards, the
instruments page's two select boxes and measures table, the growth page's gaps table, the data page's search box,
the sources page's provenance, facts and corrections tables, empty-selection messages.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import catalogue, charts, queries, ui  # noqa: E402
from dashboard.cards import locality_cards  # noqa: E402
from dashboard.fact_columns import PAGE_COLUMNS, fact_frame, headers  # noqa: E402
from dashboard.highlight import highlighted_html  # noqa: E402

CHART_PAGES = ("overview", "growth", "problems", "instruments")
# Which page a chart id is on, so a page builds only its own charts (as ours does; catalogue.all_charts would
# build every page's). An id matching none is built and kept if its Chart.page is this page.
PAGE_OF = {"period_strip": "overview", catalogue.GROWTH_PREFIX: "growth", "problem_": "problems",
           "instrument_": "instruments"}
# The Data page's column order (pages/data.py).
FIRST = ("fact_id", "locality", "indicator", "value_text", "quote", "period")
DATA_COLUMNS = tuple(sorted(PAGE_COLUMNS, key=lambda c: FIRST.index(c.name) if c.name in FIRST else len(FIRST)))
CONFIG = {"displaylogo": False}
# The sources page's cache of the marked-up report (pages/sources.py).
cached_highlight = st.cache_data(max_entries=64, show_spinner=False)(highlighted_html)


def filters_from(state) -> queries.Filters:
    return queries.Filters(**{f: tuple(state.get(f, [])) for f in queries.FILTER_KEYS})


def page_charts(page: str, filters: queries.Filters, lang: str) -> list[catalogue.Chart]:
    """This page's charts from the catalogue, in page order: what catalogue.all_charts gives with .page == page."""
    out = []
    for chart_id in catalogue.chart_ids(filters):
        guess = next((p for prefix, p in PAGE_OF.items() if chart_id.startswith(prefix)), None)
        if guess not in (None, page):
            continue
        c = catalogue.chart(chart_id, filters, lang)
        if c is not None and c.page == page:
            out.append(c)
    return out


def national(filters: queries.Filters, lang: str) -> None:
    """ui.national_view_if_large's content: the box chart per province and its two tables, plain."""
    growth = queries.national_growth(filters)
    if not growth.empty:
        st.plotly_chart(charts.streamlit_figure(charts.national_growth_chart(growth, lang)), key="chart-national_growth",
                        config=CONFIG)
    st.dataframe(ui.province_frame(queries.province_summary(filters), lang), hide_index=True)
    st.dataframe(ui.locality_frame(queries.locality_table(filters), lang), hide_index=True)


def draw(page: str, state, lang: str) -> None:
    """The content of our ``page`` for the filters in ``state`` (the floor's session state) and ``lang``."""
    filters = filters_from(state)
    if page in CHART_PAGES and queries.selection_size(filters) > queries.MAX_COMPARED:
        national(filters, lang)
        return
    if page == "overview":
        for card in locality_cards(filters, lang):
            st.markdown("\n\n".join(p for p in (f"**{card['name']}**  \n{card['place']}", card["body"],
                                                card["headline"], card["counts"]) if p))
    if page in CHART_PAGES:
        for c in page_charts(page, filters, lang):
            st.plotly_chart(charts.streamlit_figure(c.figure), key=f"chart-{c.chart_id}", on_select="rerun",
                            selection_mode="points", config=CONFIG)
    elif page == "data":
        facts = queries.facts(filters, limit=queries.MAX_LISTED).reset_index(drop=True)
        st.dataframe(fact_frame(facts, lang, DATA_COLUMNS).rename(columns=headers(DATA_COLUMNS, lang)), hide_index=True)
    elif page == "sources":
        localities = queries.localities(filters)
        if localities.empty:
            return
        source_id = localities["source_id"].iloc[0]  # our select box's first report
        src = queries.source(source_id).iloc[0]
        facts = queries.facts(queries.Filters(locality=(src["locality_id"],)))
        facts = facts[facts["source_id"] == source_id].assign(
            label=lambda d: d["indicator_en"] if lang == "en" else d["indicator_zh"])
        st.html(cached_highlight(src["clean_text"], facts, None))
