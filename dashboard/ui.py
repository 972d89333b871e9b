"""Page building blocks: a chart with its sources and comparability captions, empty states, tables."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from .i18n import t
from .notes import comparability_line, sources_line
from .safe_text import md

# The chart toolbar's camera button saves a slide-sized (16:9) PNG at 2× scale.
SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900


def plotly_config(chart_id: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": chart_id, "width": SLIDE_WIDTH,
                                 "height": SLIDE_HEIGHT, "scale": 2},
    }


def chart(fig: go.Figure, data: pd.DataFrame, lang: str, chart_id: str) -> None:
    """Show a figure, then the sources line and the comparability note generated from ``data``."""
    st.plotly_chart(fig, key=f"chart-{chart_id}", config=plotly_config(chart_id))
    captions(data, lang)


def captions(data: pd.DataFrame, lang: str) -> None:
    st.caption(md(sources_line(data, lang)))
    st.caption(md(comparability_line(data, lang)))


def empty(lang: str) -> None:
    st.info(t("empty_selection", lang), icon="ℹ️")


def title(key: str, lang: str) -> None:
    st.title(t(key, lang))
