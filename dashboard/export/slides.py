"""The slide figure: a chart at slide size (16:9) with its title, sources line and comparability note drawn
in, in the current language, and its rendering to PNG/SVG/PDF."""
from __future__ import annotations

import copy
import html
import re
import threading
from collections import OrderedDict

from ..catalogue import Chart
from ..charts import FONT_FAMILY, HATCH_KEY, hatch_key, merge
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


LABEL_FONT_PX, LABEL_LINE_PX, LABEL_UNITS_MAX = 14, 22, 44  # a label line's box is ~1.4 × the font
MIN_LABEL_FONT_PX = 9


def _categories(data: list[dict]) -> list[str]:
    """The y axis's categories, in order: the row labels of horizontal bars, dot rows and heatmaps."""
    seen: dict[str, None] = {}
    for tr in data:
        if tr.get("yaxis", "y") == "y" and tr.get("y") is not None:
            seen.update((v, None) for v in tr["y"] if isinstance(v, str))
    return list(seen)


def _shortened(label: str, max_lines: int) -> str:
    """A row label in at most ``max_lines`` lines of at most LABEL_UNITS_MAX units, the cut marked with "…":
    kept as drawn on screen when it fits, else re-wrapped as plain text (the full text stays in the data and
    in the hover)."""
    lines = [html.unescape(line) for line in _plain(label)]
    if len(lines) <= max_lines and all(_units(line) <= LABEL_UNITS_MAX for line in lines):
        return label
    wrapped = wrap_units(_rejoined(label), LABEL_UNITS_MAX)
    if len(wrapped) > max_lines:
        last = wrapped[max_lines - 1]
        while last and _units(last) > LABEL_UNITS_MAX - 2:
            last = last[:-1]
        wrapped = wrapped[:max_lines - 1] + [last.rstrip(" ·") + "…"]
    return "<br>".join(html_text(line) for line in wrapped)


def _rejoined(label: str) -> str:
    """A label's lines as one text: a styled line (charts.small_lines: period, scope) is a part of its own,
    joined with " · "; a plain line continues the one before (the screen wrapped it), joined with a space, or
    with nothing between two CJK characters."""
    text = ""
    for part in str(label).split("<br>"):
        plain = html.unescape(re.sub(r"<[^>]+>", "", part)).strip()
        if not plain:
            continue
        if not text:
            text = plain
        elif part.lstrip().startswith("<span"):
            text += " · " + plain
        else:
            text += ("" if _units(text[-1]) == 2 and _units(plain[0]) == 2 else " ") + plain
    return text


def _fit_row_labels(layout: dict, data: list[dict], plot_h: int) -> list[str]:
    """Row labels that fit their rows: as many lines as a row has room for, the font smaller when even one line
    would crowd its neighbours. Set as tick texts, so the data (and the categories) stay as they are."""
    cats = _categories(data)
    if not cats:
        return []
    row_px = plot_h / len(cats)
    max_lines = max(1, int(row_px // LABEL_LINE_PX))
    labels = [_shortened(c, max_lines) for c in cats]
    font = max(MIN_LABEL_FONT_PX, min(LABEL_FONT_PX, int(row_px * 0.8)))
    merge(layout.setdefault("yaxis", {}), {"tickmode": "array", "tickvals": cats, "ticktext": labels,
                                           "tickfont": {"size": font}})
    return labels


def _level_column_labels(data: list[dict], layout: dict, width: int) -> bool:
    """A heatmap's column labels stand level on a slide when each fits its column (the screen stands them on
    their side for a phone's width). True when they do."""
    columns = list(dict.fromkeys(v for tr in data if tr.get("type") == "heatmap" for v in tr.get("x") or []))
    if not columns:
        return False
    widest = max(_units(html.unescape(line)) for c in columns for line in _plain(c)) * 8
    if widest > width * 0.75 / len(columns) - 16:  # the plot is ~3/4 of the slide wide
        return False
    merge(layout.setdefault("xaxis", {}), {"tickangle": 0})
    return True


def _key_for_hatching(data: list[dict], layout: dict, lang: str) -> None:
    """A slide has no page text around it: hatched bars (targets, forecasts) get a legend entry saying so."""
    def shapes(tr):
        shape = ((tr.get("marker") or {}).get("pattern") or {}).get("shape") or ""
        return [shape] if isinstance(shape, str) else list(shape)

    hatched = [tr for tr in data if any(shapes(tr)) and tr.get("legendgroup") != HATCH_KEY]
    if not hatched or any(tr.get("legendgroup") == HATCH_KEY for tr in data):
        return
    data.append(hatch_key(lang))
    layout["showlegend"] = True  # the charts' own traces say whether they are in the legend


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
    heatmap = any(tr.get("type") == "heatmap" for tr in data)
    axis_space = 150 if heatmap and not _level_column_labels(data, layout, width) else 70
    caption_h = 18 * len(caption_lines) + 10
    # Value labels written beside the bars' ends live in the chart's right margin (margins.value_room): kept.
    top, right = 110, max(40, int((layout.get("margin") or {}).get("r") or 0) + 10)
    bottom = axis_space + caption_h
    plot_h = height - top - bottom
    y_labels = [line for label in _fit_row_labels(layout, data, plot_h) for line in _plain(label)]
    left = int(min(width * 0.42, max(80, max((_units(html.unescape(s)) for s in y_labels), default=10) * 7 + 30)))
    plot_w = width - left - right
    merge(layout, {
        "width": width, "height": height,
        "margin": {"l": left, "r": right, "t": top, "b": bottom, "autoexpand": False},
        "font": {"family": FONT_FAMILY, "size": 14},
        "title": {"text": html_text(chart.title), "x": 0.01, "xanchor": "left", "y": 0.97, "font": {"size": 24}},
        "legend": {"orientation": "h", "yref": "paper", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        "paper_bgcolor": "white",
    })
    _key_for_hatching(data, layout, lang)
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
