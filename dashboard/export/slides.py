"""The slide figure: a chart at slide size (16:9) with its title, sources line and comparability note drawn
in, in the current language, and its rendering to PNG/SVG/PDF."""
from __future__ import annotations

import copy
import re
import threading
from collections import OrderedDict

from ..catalogue import Chart
from ..charts import FONT_FAMILY, merge
from ..notes import comparability_line, sources_line
from ..safe_text import plotly_text as html_text
from ..wrapping import units as _units
from ..wrapping import wrap_units
from . import renderer

SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1600, 900, 2
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CAPTION_FONT_PX = 13
SLIDE_CACHE_SIZE = 64     # slide figures kept, per chart object × language × size
_render_lock = threading.Lock()
_slide_cache: OrderedDict[tuple, tuple[Chart, dict]] = OrderedDict()
_slide_cache_lock = threading.Lock()


def _plain(label: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", part) for part in str(label).split("<br>")]


def slide_figure(chart: Chart, lang: str, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT) -> dict:
    """The chart at slide size with title, sources line and comparability note drawn in, as a plotly figure
    dict (what kaleido sends to plotly.js), built on a copy of the chart's figure dict. Like the charts, it is
    not run through plotly.py's validation (30-80 ms a figure); ``go.Figure(slide_figure(...))`` accepts it
    unchanged (a test checks)."""
    fig = copy.deepcopy(chart.figure)  # the cached chart is shared between sessions and stays untouched
    data, layout = fig["data"], fig.setdefault("layout", {})
    caption_lines = []
    # The lines the chart was built with (catalogue makes them once); a chart made elsewhere has none yet.
    for text in (chart.sources_text or sources_line(chart.data, lang),
                 chart.comparability_text or comparability_line(chart.data, lang)):
        caption_lines += wrap_units(text, int((width - 80) / (CAPTION_FONT_PX * 0.55)))
    # Fixed margins (automargin off) make the caption's place exact: bottom-left of the canvas.
    y_labels = [line for tr in data if tr.get("y") is not None for v in tr["y"] for line in _plain(v)]
    left = int(min(width * 0.42, max(80, max((_units(s) for s in y_labels), default=10) * 7 + 30)))
    heatmap = any(tr.get("type") == "heatmap" for tr in data)
    axis_space = 150 if heatmap else 70
    caption_h = 18 * len(caption_lines) + 10
    top, right = 110, 40
    bottom = axis_space + caption_h
    plot_w, plot_h = width - left - right, height - top - bottom
    merge(layout, {
        "width": width, "height": height,
        "margin": {"l": left, "r": right, "t": top, "b": bottom, "autoexpand": False},
        "font": {"family": FONT_FAMILY, "size": 14},
        "title": {"text": html_text(chart.title), "x": 0.01, "xanchor": "left", "y": 0.97, "font": {"size": 24}},
        "legend": {"orientation": "h", "yref": "paper", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        "paper_bgcolor": "white",
    })
    # Every x and y axis, as update_xaxes/update_yaxes would (xaxis and yaxis exist even when unset).
    for key in {"xaxis", "yaxis", *(k for k in layout if re.fullmatch(r"[xy]axis\d*", k))}:
        merge(layout.setdefault(key, {}), {"automargin": False} if key[0] == "x"
              else {"automargin": False, "ticklabelstandoff": 8})
    layout["annotations"] = [*layout.get("annotations", []), {
        "text": "<br>".join(html_text(line) for line in caption_lines), "showarrow": False, "align": "left",
        "xref": "paper", "yref": "paper", "x": -(left - 20) / plot_w, "y": -axis_space / plot_h,
        "xanchor": "left", "yanchor": "top", "font": {"size": CAPTION_FONT_PX, "color": "#444"}}]
    return fig


def _cached_slide_figure(chart: Chart, lang: str, width: int, height: int) -> dict:
    """``slide_figure``, built once per chart object, language and size. Charts come from
    ``catalogue.chart``'s shared cache and are never changed, so the same object gives the same figure; the
    entry holds the chart itself, so its id cannot be reused by another chart while the entry lives.
    The dict is shared: only kaleido reads it (serialised, never changed)."""
    key = (id(chart), lang, width, height)
    with _slide_cache_lock:
        hit = _slide_cache.get(key)
        if hit is not None and hit[0] is chart:
            _slide_cache.move_to_end(key)
            return hit[1]
    fig = slide_figure(chart, lang, width, height)
    with _slide_cache_lock:
        _slide_cache[key] = (chart, fig)
        while len(_slide_cache) > SLIDE_CACHE_SIZE:
            _slide_cache.popitem(last=False)
    return fig


def export_figure(chart: Chart, lang: str, fmt: str, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT,
                  scale: float = SLIDE_SCALE) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    fig = _cached_slide_figure(chart, lang, width, height)
    # One render at a time: one page to draw on, two CPUs shared with the app, and a broken renderer is only ever
    # replaced while nobody renders with it. (Each call also waits on its own future, so even without the lock
    # no caller could be handed another's image.)
    with _render_lock:
        return renderer.ensure_server().render(fig, fmt, width, height, scale if fmt == "png" else 1)
