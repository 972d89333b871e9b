"""Page building blocks: a chart with its sources and comparability captions and export buttons, empty
states, titles."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import export
from .catalogue import Chart
from .i18n import t
from .notes import comparability_line, sources_line
from .safe_text import md

# The chart toolbar's camera button saves a slide-sized (16:9) PNG at 2× scale.
SLIDE_WIDTH, SLIDE_HEIGHT = export.SLIDE_WIDTH, export.SLIDE_HEIGHT


def plotly_config(chart_id: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": chart_id, "width": SLIDE_WIDTH,
                                 "height": SLIDE_HEIGHT, "scale": 2},
    }


def chart(c: Chart | None, lang: str) -> None:
    """Show a chart, its sources line and comparability note, and its export buttons."""
    if c is None:
        return
    st.plotly_chart(c.figure, key=f"chart-{c.chart_id}", config=plotly_config(c.chart_id))
    captions(c.data, lang)
    export_buttons(c, lang)


def captions(data: pd.DataFrame, lang: str) -> None:
    st.caption(md(sources_line(data, lang)))
    st.caption(md(comparability_line(data, lang)))


def export_buttons(c: Chart, lang: str) -> None:
    """PNG/SVG/PDF rendered on the server only when a button is clicked (the data argument is a callable)."""
    if export.chromium_path() is None:
        st.caption(md(export.install_hint(lang)))
        return
    cols = st.columns([3, 2, 1.4, 4], gap="small")
    for col, fmt in zip(cols, export.FORMATS):
        col.download_button(
            t(f"export_{fmt}", lang), data=lambda fmt=fmt: export.export_figure(c, lang, fmt),
            file_name=f"{c.chart_id}_{lang}.{fmt}", mime=export.FORMATS[fmt], key=f"export-{c.chart_id}-{fmt}",
            icon=":material/download:", on_click="ignore")


def stop_if_empty(data: pd.DataFrame, lang: str) -> None:
    """An empty selection is a message and the end of the page, never an error."""
    if data.empty:
        st.info(t("empty_selection", lang), icon=":material/info:")
        st.stop()


def title(key: str, lang: str) -> None:
    st.title(t(key, lang))
