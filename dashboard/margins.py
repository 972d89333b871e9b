"""Chart margins sized from their text, so plotly draws a chart once: its automargin, starting from a margin
too small, draws the chart, measures the labels and draws it again."""
from __future__ import annotations

from .wrapping import label_px, units

# What plotly's automargin adds beside the labels' own width (tick standoff and padding), measured in Chromium.
LABEL_PAD, AXIS_TITLE_PX = 22, 70
TICK_FONT_PX = 12  # Streamlit's plotly theme draws tick labels at 12 px (the layout's font is 13)


def row_label_room(fig: dict) -> int:
    """Left margin (px) for a category y axis' labels, estimated from their text; 0 when there are none."""
    yaxis = fig["layout"].get("yaxis") or {}
    labels = yaxis.get("ticktext") or yaxis.get("categoryarray") or [y for tr in fig["data"] for y in tr.get("y") or []]
    widths = [label_px(y, TICK_FONT_PX) for y in labels if isinstance(y, str)]
    return LABEL_PAD + max(widths) if widths else 0


def value_room(texts) -> int:
    """Right margin (px) for value labels written beside the bars' ends: they are drawn in the margin, inside
    the chart, at any width (a share of the axis range would be too little on a phone)."""
    return 16 + 7 * max((units(str(s)) for s in texts if s), default=4)
