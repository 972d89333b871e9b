"""Page building blocks: a chart with its sources and comparability captions and export buttons, empty
states, titles."""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from . import charts, export, queries, state
from .catalogue import Chart
from .db import db_stamp
from .formatting import period_label
from .i18n import t
from .notes import comparability_line, sources_line
from .queries import Filters
from .safe_text import md

# The chart toolbar's camera button saves a slide-sized (16:9) PNG at 2× scale.
SLIDE_WIDTH, SLIDE_HEIGHT = export.SLIDE_WIDTH, export.SLIDE_HEIGHT


def plotly_config(chart_id: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": chart_id, "width": SLIDE_WIDTH,
                                 "height": SLIDE_HEIGHT, "scale": 2},
    }


def chart(c: Chart | None, lang: str, selectable: bool = False):
    """Show a chart, its sources line and comparability note, and its export buttons. ``selectable``: a click
    on a mark selects it and reruns the page; the selection event is returned."""
    if c is None:
        return None
    options = {"on_select": "rerun", "selection_mode": "points"} if selectable else {}
    event = st.plotly_chart(charts.streamlit_figure(c.figure), key=f"chart-{c.chart_id}",
                            config=plotly_config(c.chart_id), **options)
    captions_of(c.sources_text, c.comparability_text)
    export_buttons(c, lang)
    return event if selectable else None


@st.cache_data(show_spinner=False, max_entries=256)
def _caption_texts(fact_ids: tuple[str, ...], lang: str, stamp: str, _data: pd.DataFrame) -> tuple[str, str]:
    # Keyed by the facts' ids and the database version, not by the table (hashing a table of facts on every
    # run cost more than the lines); building them walks every fact.
    return sources_line(_data, lang), comparability_line(_data, lang)


# Streamlit's grid wraps a cell's text only in rows taller than 4rem (64 px): at 84 px a quote shows three lines.
WRAPPED_ROW_PX, HEADER_PX, MAX_TABLE_PX = 84, 35, 640
QUOTE_PX = 460


def wrapped_table(table: pd.DataFrame, lang: str, key: str | None = None, selectable: bool = False,
                  column_config: dict | None = None):
    """A table whose long texts (quotes, names) wrap inside their cells, as tall as its rows (no empty grid
    under a few results, at most MAX_TABLE_PX), the quote column wide. ``selectable``: one row can be
    selected (the event is returned; a page opens that row's figure card)."""
    height = min(MAX_TABLE_PX, WRAPPED_ROW_PX * len(table) + HEADER_PX + 3)
    options = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    config = {t("col_quote", lang): st.column_config.TextColumn(width=QUOTE_PX)} | (column_config or {})
    return st.dataframe(table, hide_index=True, height=height, row_height=WRAPPED_ROW_PX, key=key,
                        column_config=config, **options)


def captions(data: pd.DataFrame, lang: str) -> None:
    """The sources line and comparability note of a table of facts (it has their ``fact_id`` column)."""
    captions_of(*_caption_texts(tuple(data["fact_id"]), lang, db_stamp(), data))


def captions_of(sources: str, comparability: str) -> None:
    """The sources line and the comparability note, two lines of one caption (one element, not two)."""
    st.caption(md(sources) + "  \n" + md(comparability))


def export_buttons(c: Chart, lang: str) -> None:
    """PNG/SVG/PDF, and the chart as a slide deck with an editable chart (PPTX), behind one "Export" button."""
    if export.chromium_path() is None:
        st.caption(md(export.install_hint(lang)))
        return
    # One element per chart until the menu is opened: five buttons in columns under each of a page's eight
    # charts were half the deltas of a page switch. Opening it reruns the page, which then draws the buttons;
    # a file is made on the server only when its button is clicked (the data argument is a callable). Not a
    # fragment: each fragment call deep-copies the run's cursors (~10 ms a chart on the Growth page).
    with st.popover(t("export_menu", lang), icon=":material/download:", key=f"export-{c.chart_id}",
                    on_change="rerun") as menu:
        if not menu.open:
            return
        filters = state.current()[0]   # the deck's title slide names the selection
        for fmt in export.FORMATS:
            st.download_button(
                t(f"export_{fmt}", lang), data=lambda fmt=fmt: export.export_figure(c, lang, fmt),
                file_name=f"{c.chart_id}_{lang}.{fmt}", mime=export.FORMATS[fmt], key=f"export-{c.chart_id}-{fmt}",
                icon=":material/download:", on_click="ignore", width="stretch")
        st.download_button(
            t("export_pptx", lang), data=lambda: export.chart_deck(c, filters, lang), file_name=f"{c.chart_id}_{lang}.pptx",
            mime=export.PPTX_MIME, key=f"export-{c.chart_id}-pptx", icon=":material/slideshow:", on_click="ignore",
            width="stretch")


def page_url() -> str:
    """The address of this view as the reader's browser shows it: its path and the query the frame wrote
    (filters, language, a selected figure)."""
    base = (st.context.url or "").split("?")[0] or "/"
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return base + ("?" + query if query else "")


def cite_this(lang: str) -> None:
    """How to cite the page: the dataset, its version (content hash and build date) and this view's URL, in a
    code box with a copy button. Drawn when opened: the code box's highlighter is 1.5 MB of script that every
    page load would otherwise fetch and compile."""
    st.divider()
    with st.popover(t("cite_title", lang), icon=":material/format_quote:", key="cite-this", on_change="rerun") as box:
        if box.open:
            version, date = queries.build_info()
            st.code(t("cite_text", lang, version=version or "—", date=date or "—", url=page_url()), language=None,
                    wrap_lines=True)


def stop_page(lang: str) -> None:
    """End a reader's page early (nothing more to show), with its "Cite this" like every page."""
    cite_this(lang)
    st.stop()


def stop_if_empty(data: pd.DataFrame, lang: str) -> None:
    """An empty selection is a message and the end of the page, never an error."""
    if data.empty:
        st.info(t("empty_selection", lang), icon=":material/info:")
        stop_page(lang)


def verdict_text(v, lang: str) -> str:
    """A comparison group's verdict in words: 'Partly comparable: different years; different periods'."""
    head = t(f"verdict_{v.kind}", lang)
    if v.kind in ("comparable", "single") or not v.reasons:
        return head
    sep = "; " if lang == "en" else "；"
    return f"{head}: " + sep.join(t(f"reason_{r}", lang) for r in v.reasons) if lang == "en" else \
        f"{head}：" + sep.join(t(f"reason_{r}", lang) for r in v.reasons)


def title(key: str, lang: str) -> None:
    st.title(t(key, lang))


def _percent(values: pd.Series) -> pd.Series:
    return values.map(lambda v: f"{v:.1f}%" if pd.notna(v) else "—")


def _resolution_rate(df: pd.DataFrame) -> pd.Series:
    """Resolved over collected problems, in percent; missing where nothing was collected."""
    return (100 * df["resolved"] / df["collected"]).where(df["collected"] > 0)


def _periods(df: pd.DataFrame, lang: str) -> list[str]:
    return [period_label(a, b, lang) for a, b in zip(df["period_start"], df["period_end"])]


def province_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The national view's table by province (``queries.province_summary``), as shown."""
    return pd.DataFrame({
        t("col_province", lang): summary["province_en" if lang == "en" else "province_zh"],
        t("col_localities", lang): summary["localities"],
        t("col_facts", lang): summary["facts"],
        t("col_period", lang): _periods(summary, lang),
        t("col_growth_median", lang): _percent(summary["growth_median"]),
        t("col_growth_n", lang): summary["growth_localities"],
        t("col_resolution", lang): _percent(_resolution_rate(summary)),
    })


def locality_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The national view's table by locality (``queries.locality_table``), as shown."""
    return pd.DataFrame({
        t("col_locality", lang): rows["name_en" if lang == "en" else "name_zh"],
        t("col_province", lang): rows["province_en" if lang == "en" else "province_zh"],
        t("col_facts", lang): rows["facts"],
        t("col_period", lang): _periods(rows, lang),
        t("col_growth_latest", lang): _percent(rows["growth_latest"]),
        t("col_resolution", lang): _percent(_resolution_rate(rows)),
    })


def national_view_if_large(filters: Filters, lang: str) -> None:
    """A selection too large to compare locality by locality is shown aggregated by province (computed in
    DuckDB), and the page ends there."""
    n = queries.selection_size(filters)
    if n <= queries.MAX_COMPARED:
        return
    st.info(t("national_note", lang, n=f"{n:,}", max=queries.MAX_COMPARED), icon=":material/public:")
    summary = queries.province_summary(filters)
    sources = md(t("national_sources", lang, sources=f"{int(summary['sources'].sum()):,}"))
    growth = queries.national_growth(filters)
    if not growth.empty:  # the chart a researcher reads at any size: a box per province, computed in DuckDB
        st.markdown(f"#### {t('national_growth_title', lang)}")
        st.plotly_chart(charts.streamlit_figure(charts.national_growth_chart(growth, lang)), key="chart-national_growth",
                        config=plotly_config("national_growth"))
        st.caption(t("national_growth_axis", lang))
        st.caption(sources)
    st.subheader(t("national_title", lang))
    counts = st.column_config.NumberColumn(format="localized")
    st.dataframe(province_frame(summary, lang), hide_index=True,
                 column_config={t(c, lang): counts for c in ("col_localities", "col_facts", "col_growth_n")})
    st.caption(sources)
    rows = queries.locality_table(filters)
    st.subheader(t("national_localities", lang, shown=f"{len(rows):,}", total=f"{n:,}"))
    st.dataframe(locality_frame(rows, lang), hide_index=True, column_config={t("col_facts", lang): counts})
    stop_page(lang)
