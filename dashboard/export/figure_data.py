"""What a chart's plotly figure dict shows, read back as plain text and numbers for the deck (deck.py).

A chart whose data are bars of one orientation, or markers on a category axis, or numbers against numbers,
is read as a ``Plot``: its categories in the order on screen and a series per data trace. Anything else (a
heatmap, a timeline of date ranges) is not (``native_kind`` is None).

Which traces are data: a trace with no value at all on its value axis (a legend key, or an empty trace that
keeps the "no figure reported" rows on the axis) becomes no series; its rows stay as categories. Labels are
read from the figure's mini-HTML once: tags dropped, entities unescaped once, a ``<br>`` before a line of the
same style joined back (it was wrapped for the screen), a change of style a new line; a row's lines are
joined with " · " (the deck wraps them for the slide).
"""
from __future__ import annotations

import dataclasses
import html
import math
import re
from collections import Counter

from ..wrapping import units

_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")
_STYLE = re.compile(r"""<span[^>]*style=(["'])(.*?)\1""", re.I)


def _join(a: str, b: str) -> str:
    return a + b if not a or not b or units(a[-1]) == 2 or units(b[0]) == 2 else f"{a} {b}"


def label_lines(label: object) -> list[str]:
    """A figure label's lines as plain text (tags dropped, entities unescaped once); a line in the same style as
    the one before continues it (the screen wrapped it) and is joined back."""
    lines: list[str] = []
    last_style = ()
    for part in _BR.split("" if label is None else str(label)):
        m = _STYLE.search(part)
        style = m.group(2) if m else None
        text = html.unescape(_TAG.sub("", part)).strip()
        if lines and style == last_style:
            lines[-1] = _join(lines[-1], text)
        elif text:
            lines.append(text)
        last_style = style
    return [line for line in lines if line]


def plain(label: object, sep: str = " ") -> str:
    return sep.join(label_lines(label))


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not _missing(v)


def _value_key(tr: dict) -> str | None:
    """Which of x/y holds the trace's values: "x" or "y", "xy" for numbers against numbers, None otherwise."""
    if tr.get("type") == "bar":
        return "x" if tr.get("orientation") == "h" else "y"
    xs, ys = ([v for v in tr.get(k) or [] if not _missing(v)] for k in "xy")
    x_num, y_num = all(number(v) for v in xs), all(number(v) for v in ys)
    return "xy" if x_num and y_num else "x" if x_num else "y" if y_num else None


def _carries_data(tr: dict) -> bool:
    key = _value_key(tr)
    if tr.get("type") not in (None, "scatter", "bar") or key is None:
        return any(not _missing(v) for k in "xyz" for v in _flat(tr.get(k)))
    return any(all(not _missing(tr[k][i]) for k in key) for i in range(len(tr.get(key[0]) or [])))


def _flat(values) -> list:
    return [v for row in values or [] for v in (row if isinstance(row, list) else [row])]


def native_kind(figure: dict) -> str | None:
    """"bar_h", "bar_v", "dots_h" (markers, categories on y), "dots_v", "xy", or None: the chart is an image."""
    data = [tr for tr in figure.get("data") or [] if _carries_data(tr)]
    types = {tr.get("type", "scatter") for tr in data}
    keys = {_value_key(tr) for tr in data}
    if types == {"bar"}:
        orient = {"h" if tr.get("orientation") == "h" else "v" for tr in data}
        numeric = all(number(v) or _missing(v) for tr in data for v in tr.get(_value_key(tr)) or [])
        return ("bar_h" if orient == {"h"} else "bar_v") if len(orient) == 1 and numeric else None
    if types == {"scatter"} and all(tr.get("mode") == "markers" for tr in data) and len(keys) == 1:
        return {"x": "dots_h", "y": "dots_v", "xy": "xy"}.get(keys.pop())
    return None


@dataclasses.dataclass
class Series:
    name: str
    values: list          # one per category (None: no value); for "xy" the y values
    labels: list[str]     # the screen's text beside each value ("" none)
    trace: dict
    x: list = dataclasses.field(default_factory=list)   # "xy" only
    below: set = dataclasses.field(default_factory=set)  # rows whose mark was written before the value on screen


@dataclasses.dataclass
class Plot:
    kind: str
    categories: list[str]   # plain text, one line each, in the order on screen: top to bottom, or left to right
    series: list[Series]
    value_title: str
    value_format: str       # the values' number format (data sheet)
    axis_format: str        # the value axis's tick labels
    overlay: bool = False   # bars drawn over each other (plotly barmode "overlay"), not side by side
    value_range: list = dataclasses.field(default_factory=lambda: [None, None])   # the value axis's range on screen, if set
    shown: list[str] = dataclasses.field(default_factory=list)   # the labels as the slide shows them (wrapped, shortened)


def figure_plot(figure: dict) -> Plot | None:
    """The figure's categories and series as a native chart takes them, or None when it is not one."""
    kind = native_kind(figure)
    if kind is None:
        return None
    layout = figure.get("layout") or {}
    data = [tr for tr in figure["data"] if _carries_data(tr)]
    val_key = {"bar_h": "x", "dots_h": "x"}.get(kind, "y")
    cat_key = "y" if val_key == "x" else "x"
    values_axis = layout.get(f"{val_key}axis") or {}
    if kind == "xy":
        series = [Series(plain(tr.get("name")) or f"{i + 1}", list(tr["y"]), [], tr, list(tr["x"])) for i, tr in enumerate(data)]
        cats: list[str] = []
    else:
        cats, series = _category_series(figure, data, cat_key, val_key)
    numbers = [v for s in series for v in s.values if number(v)]
    suffix = html.unescape(str(values_axis.get("ticksuffix") or ""))
    q = f'"{suffix}"' if suffix else ""
    if all(float(v).is_integer() for v in numbers):
        value_format = axis_format = "#,##0" + q
    else:
        value_format, axis_format = ("0.0#" if suffix == "%" else "#,##0.00##") + q, "General" + q
    title = (values_axis.get("title") or {}).get("text") if isinstance(values_axis.get("title"), dict) else values_axis.get("title")
    value_range = values_axis.get("range") if isinstance(values_axis.get("range"), list) else None
    return Plot(kind, cats, series, plain(title), value_format, axis_format, layout.get("barmode") == "overlay",
                [v if number(v) else None for v in value_range[:2]] if value_range and len(value_range) >= 2 else [None, None])


def _category_series(figure: dict, data: list[dict], cat_key: str, val_key: str) -> tuple[list[str], list[Series]]:
    layout = figure.get("layout") or {}
    axis = layout.get(f"{cat_key}axis") or {}
    order = dict.fromkeys(axis.get("categoryarray") or [] if axis.get("categoryorder") == "array" else [])
    for tr in figure["data"]:
        order.update(dict.fromkeys(v for v in tr.get(cat_key) or [] if not _missing(v)))
    labels = list(order)
    # plotly draws the first category of a y axis at the bottom; the deck lists them as read, top to bottom
    if (cat_key == "y") != (axis.get("autorange") == "reversed"):
        labels.reverse()
    # a row label twice in one trace is two rows on screen drawn over each other: here two rows
    repeats = Counter()
    for tr in data:
        for label, n in Counter(v for v in tr.get(cat_key) or [] if not _missing(v)).items():
            repeats[label] = max(repeats[label], n)
    rows = [(label, k) for label in labels for k in range(max(1, repeats[label]))]
    index = {row: i for i, row in enumerate(rows)}
    series = []
    for tr in data:
        values, texts, seen = [None] * len(rows), [""] * len(rows), Counter()
        text = tr.get("text") if isinstance(tr.get("text"), list) else []
        for i, (label, value) in enumerate(zip(tr.get(cat_key) or [], tr.get(val_key) or [])):
            if _missing(label):
                continue
            row = index[(label, seen[label])]
            seen[label] += 1
            values[row] = None if _missing(value) else value
            texts[row] = plain(text[i]) if i < len(text) and not _missing(value) else ""
        series.append(Series(plain(tr.get("name")), values, texts, tr))
    for a in layout.get("annotations") or []:   # marks written beside a value (≠, "no denominator")
        if a.get("xref", "x")[:1] == "x" and a.get("yref", "y")[:1] == "y" and (a.get(cat_key), 0) in index:
            row = index[(a[cat_key], 0)]
            for s in series:
                if number(s.values[row]) and number(a.get(val_key)) and abs(s.values[row] - a[val_key]) < 1e-9:
                    s.labels[row] = " ".join(x for x in (s.labels[row], plain(a.get("text"))) if x)
                    if (a.get("xshift") or 0) < 0:
                        s.below.add(row)
                    break
    return [plain(label, " · ") for label, _ in rows], series


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` half-width units: its beginning and its end (a row's measure) kept, "…"
    between."""
    if units(text) <= limit:
        return text
    head, tail = "", ""
    for ch in text:
        if units(head + ch) > (limit - 2) * 0.55:
            break
        head += ch
    for ch in reversed(text):
        if units(head + tail + ch) > limit - 2:
            break
        tail = ch + tail
    return head.rstrip() + "…" + tail.lstrip()
