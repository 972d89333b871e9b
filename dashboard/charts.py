"""Plotly figures for the pages, as plain figure dicts (``{"data": [...], "layout": {...}}``).

Built as dicts, not ``go.Figure`` objects: plotly.py's property validation cost 25-50 ms a chart, most of a
page's first run after a filter change, and its ``to_dict`` copy another 1-3 ms on every rerun. Streamlit
is handed ``streamlit_figure(spec)``, which gives it the dict as it is. What validation caught is checked
in tests instead: every chart, in both languages, goes through ``go.Figure`` unchanged
(tests/dashboard/test_charts.py). Every untrusted string reaching a figure goes through ``html_text``.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd
import plotly.io as pio
from plotly.basedatatypes import BaseFigure
from plotly.colors import sequential

from .formatting import fmt_value, locality_colour, period_label
from .i18n import t
from .margins import AXIS_TITLE_PX, TICK_FONT_PX, row_label_room, value_room
from .rows import grouped, missing, records, sorted_rows
from .safe_text import plotly_text as html_text
from .safe_text import wrap
from .wrapping import label_px, wrap_units

# Noto Sans CJK is what the server renders exports with (Debian fonts-noto-cjk); the rest are the
# fonts a reader's own machine is likely to have.
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
BAR_PX = 30
# plotly.py's "Blues", spelled out: plotly.js has its own, different scale under the same name.
BLUES = [[i / (len(sequential.Blues) - 1), c] for i, c in enumerate(sequential.Blues)]


def _loc(row, lang):
    return row["locality_en"] if lang == "en" else row["locality_zh"]


def values(column) -> list:
    """A column (or a list) as a JSON-ready list: numpy scalars as Python numbers, missing values as None (a gap)."""
    items = column if isinstance(column, list) else pd.Series(column).astype(object).tolist()
    return [None if missing(v) else v for v in items]


LABEL_UNITS = 26  # a row label's detail line wraps at this many half-width units (a phone's label column)


def small_lines(text: str, colour: str = "") -> str:
    """Untrusted text as the small second line(s) of a row label, wrapped so the label column stays narrow."""
    style = "font-size:11px" + (f";color:{colour}" if colour else "")
    return "".join(f"<br><span style='{style}'>{html_text(line)}</span>" for line in wrap_units(text, LABEL_UNITS))


def day(v) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%d")


@lru_cache(maxsize=1)
def _template() -> dict:
    # The default template ("plotly"), written into every figure as go.Figure() did, so charts and exports
    # look as they always have. Shared between figures: nothing may change it (exports deep-copy first).
    return pio.templates[pio.templates.default].to_plotly_json()


def new_figure(data: list[dict] | None = None) -> dict:
    return {"data": data or [], "layout": {"template": _template()}}


def merge(target: dict, changes: dict) -> dict:
    """``changes`` merged into ``target`` key by key, nested dicts too, as ``Figure.update_layout`` merges."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def update_layout(fig: dict, **changes) -> dict:
    merge(fig["layout"], changes)
    return fig


class _SpecFigure(BaseFigure):
    """A figure dict in the one form ``st.plotly_chart`` takes without re-validating: a figure object.
    Streamlit asks it for ``to_dict()`` and serialises the answer; a dict passed directly would be rebuilt as a
    validated ``go.Figure`` on every rerun. ``BaseFigure.__init__`` is skipped on purpose (that is the
    validation); the dict is shared and read-only."""

    def __init__(self, spec: dict):  # BaseFigure.__init__ deliberately not called
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def streamlit_figure(spec: dict) -> BaseFigure:
    return _SpecFigure(spec)


def base_layout(fig: dict, title: str, lang: str, height: int | None = None) -> dict:
    # Title on the first line at the top, the legend on its own line under it, left-aligned: a long title and
    # a wide legend never cover each other (the legend may wrap; the top margin leaves it two lines).
    h = height or 450
    update_layout(
        fig,
        title={"text": html_text(title), "x": 0, "xanchor": "left", "yref": "container", "y": 1 - 10 / h,
               "yanchor": "top"},
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 30, "t": 100, "b": 40},
        legend={"orientation": "h", "yref": "container", "yanchor": "top", "y": 1 - 44 / h, "x": 0, "xanchor": "left"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
    )
    if height:
        update_layout(fig, height=height)
    update_layout(fig, xaxis={"showgrid": True, "gridcolor": "#eee", "zeroline": True, "zerolinecolor": "#999"},
                  yaxis={"automargin": True})
    if (fig["layout"].get("xaxis") or {}).get("title"):
        update_layout(fig, margin={"b": AXIS_TITLE_PX})  # the x axis' title under its tick labels
    room = row_label_room(fig)
    if room:
        # A left margin that already fits the widest row label: with plotly's automargin alone (from 10 px)
        # every chart was drawn, measured and drawn again (a third of a chart page's drawing time). Automargin
        # stays on, so a label wider than estimated (another font on the reader's machine) still fits; it
        # redraws only then.
        update_layout(fig, margin={"l": room})
    return fig


def _hover_rows(facts: list[dict], lang: str) -> list[list[str]]:
    rows = []
    for r in facts:
        basis = t(r["basis"], lang) if isinstance(r.get("basis"), str) and r["basis"] else "—"
        rows.append([
            html_text(r["value_as_written"]),
            html_text(period_label(r["period_start"], r["period_end"], lang, r["period_kind"])),
            html_text(basis),
            html_text(r["scope"] or "—"),
            html_text(t(r["status"], lang)),
            "<br>".join(html_text(line) for line in wrap(str(r["quote"]))),
            html_text(_loc(r, lang)),
        ])
    return rows


AMOUNT_FACT_INDEX = 2  # the amounts chart's customdata: (as written, quote, fact id)
PROBLEM_FACT_INDEX = 0  # the problem charts' customdata: (fact id,)
FACT_INDEX = 7  # where a selectable chart's customdata carries the fact id (after the hover's seven fields)
HOVER = ("<b>%{customdata[6]}</b><br>"
         "{value}: %{customdata[0]}<br>{period}: %{customdata[1]}<br>{basis}: %{customdata[2]}<br>"
         "{scope}: %{customdata[3]}<br>{status}: %{customdata[4]}<br>{quote}: %{customdata[5]}<extra></extra>")


def hovertemplate(lang: str) -> str:
    return (HOVER.replace("{value}", t("hover_value", lang)).replace("{period}", t("hover_period", lang))
            .replace("{basis}", t("hover_basis", lang)).replace("{scope}", t("hover_scope", lang))
            .replace("{status}", t("hover_status", lang)).replace("{quote}", t("hover_quote", lang)))


def growth_group_chart(df: pd.DataFrame, missing_rows: list[tuple[str, str]], title: str, lang: str) -> dict:
    """One comparison group: a bar per figure (colour = locality, hatched = target or forecast), and a row
    saying "no figure reported" for each selected locality without one. ``missing_rows``: (locality id, name)."""
    rows = sorted_rows(records(df), "locality_id", "period_end", "scope")
    labels = []
    for r in rows:
        scope = r["scope_en"] if lang == "en" and isinstance(r.get("scope_en"), str) and r["scope_en"] else r["scope"]
        detail = " · ".join(x for x in (period_label(r["period_start"], r["period_end"], lang), scope)
                            if isinstance(x, str) and x)
        labels.append(html_text(_loc(r, lang)) + small_lines(detail))
    fig = new_figure()
    hover = _hover_rows(rows, lang)
    for (loc, is_target), at in grouped(rows, lambda r: (r["locality_id"], r["status"] != "actual")).items():
        g = [rows[i] for i in at]
        fig["data"].append({
            "type": "bar", "y": [labels[i] for i in at], "x": values([r["value"] for r in g]), "orientation": "h",
            "name": html_text(_loc(g[0], lang)) + (f" · {t('target', lang)}" if is_target else ""),
            "legendgroup": loc, "showlegend": False,
            "marker": {"color": locality_colour(loc),
                       "pattern": {"shape": "/" if is_target else "", "fillmode": "overlay" if is_target else "replace"},
                       "opacity": 0.55 if is_target else 1.0},
            "text": [html_text(fmt_value(r["value"], "percent", lang, r["qualifier"], r["decimals"])) for r in g],
            "textposition": "outside", "cliponaxis": False,
            # the fact id last: a click on the bar opens its figure card (FACT_INDEX)
            "customdata": [hover[i] + [rows[i]["fact_id"]] for i in at], "hovertemplate": hovertemplate(lang),
        })
    absent = [html_text(name) + small_lines(t("no_figure", lang), "#a00") for _, name in missing_rows]
    if absent:
        # An empty trace on the same axis keeps the rows: the reader sees who does not report this measure.
        fig["data"].append({"type": "bar", "y": absent, "x": [None] * len(absent), "orientation": "h",
                            "showlegend": False, "hoverinfo": "skip", "marker": {"color": "rgba(0,0,0,0)"}})
    category_rows = labels + absent
    shown = [r["value"] for r in rows if not missing(r["value"])]
    top, low = max([0.0, *shown]), min([0.0, *shown])
    update_layout(fig, yaxis={"categoryorder": "array", "categoryarray": category_rows[::-1]}, barmode="overlay",
                  bargap=0.3, showlegend=False,
                  # room for the value labels outside the bars, so none is cut at the chart's edge
                  xaxis={"title": {"text": t("growth_axis", lang)}, "ticksuffix": "%",
                         "range": [low * 1.1 if low < 0 else 0, (top or 1) * 1.05]})
    # No title inside the chart on screen: the page writes the group's name above it, where it can wrap on a
    # phone (a plotly title is one line and is cut); exports draw the chart's title into the slide.
    fig = base_layout(fig, "", lang, height=max(200, 80 + 56 * len(category_rows)))
    texts = [x for tr in fig["data"] for x in (tr.get("text") or [])]
    return update_layout(fig, margin={"t": 20, "r": value_room(texts)})


def _row_label(r, lang: str) -> str:
    scope = r["scope_en"] if lang == "en" and r.get("scope_en") else r["scope"]
    return html_text(_loc(r, lang)) + small_lines(scope or "—")


RESOLVED_COLOUR = "#1f4e79"


def problem_counts_chart(df: pd.DataFrame, lang: str) -> dict:
    """Collected (grey) beside resolved (dark blue) per locality × scope, on a linear axis with the counts
    written beside the bars, level. A count with no denominator says so in its row's label."""
    df = df[df["collected"].notna() | df["resolved"].notna()].reset_index(drop=True)
    df["label"] = [_row_label(r, lang) + ("" if not missing(r["collected"]) else
                   small_lines(f"{t('collected', lang)}: {t('no_denominator', lang)}", "#a00"))
                   for r in records(df)]
    fig = new_figure()
    # Resolved first: plotly stacks a horizontal group bottom-up, so collected reads on top, resolved under it.
    for column, colour in (("resolved", RESOLVED_COLOUR), ("collected", "#b8b8b8")):
        fig["data"].append({
            "type": "bar", "y": values(df["label"]), "x": values(df[column]), "orientation": "h",
            "name": t(column, lang), "marker": {"color": colour},
            "text": [fmt_value(v, "count", lang) if pd.notna(v) else "" for v in df[column]],
            "textposition": "outside", "textangle": 0, "cliponaxis": False,
            "customdata": [[fid if isinstance(fid, str) else ""] for fid in df[f"{column}_fact"]],
            "hovertemplate": "%{y}<br>" + t(column, lang) + ": %{text}<extra></extra>",
        })
    top = float(df[["collected", "resolved"]].max().max() or 1)
    update_layout(fig, yaxis={"categoryorder": "array", "categoryarray": list(df["label"])[::-1]},
                  xaxis={"title": {"text": t("count_axis", lang)}, "type": "linear", "range": [0, top * 1.02]},
                  barmode="group", bargap=0.3, bargroupgap=0.05, legend={"traceorder": "reversed"})
    row_px = max(70, 16 * max(label.count("<br>") + 1 for label in df["label"]) + 14)
    fig = base_layout(fig, t("counts_chart", lang), lang, height=max(300, 150 + row_px * len(df)))
    return update_layout(fig, margin={"r": value_room([x for tr in fig["data"] for x in tr["text"]])})


RATE_FACTS = {"recomputed_rate": "", "reported_rate": "rate_fact", "target_rate": "target_fact"}
RATE_MARKERS = {  # meaning -> marker; the legend names each meaning once, colour stays the locality's
    "recomputed_rate": {"symbol": "circle", "size": 14},
    "reported_rate": {"symbol": "diamond-open", "size": 16, "line": {"width": 2}},
    "target_rate": {"symbol": "line-ns-open", "size": 20, "line": {"width": 3}},
}


def problem_rates_chart(df: pd.DataFrame, lang: str) -> dict:
    """Reported rate (open diamond) beside the recomputed one (dot) and any target (bar), coloured by
    locality; ≠ marks disagreement. One legend entry per meaning."""
    df = df[df["reported_rate"].notna() | df["recomputed_rate"].notna() | df["target_rate"].notna()].reset_index(drop=True)
    df["label"] = [_row_label(r, lang) for r in records(df)]
    colours = [locality_colour(loc) for loc in df["locality_id"]]
    names = {"recomputed_rate": t("recomputed_rate", lang), "reported_rate": t("reported_rate", lang),
             "target_rate": t("target", lang)}
    fig = new_figure()
    for column, marker in RATE_MARKERS.items():
        if df[column].isna().all():
            continue
        fig["data"].append({
            "type": "scatter", "y": values(df["label"]), "x": values(df[column]), "mode": "markers",
            "name": names[column], "showlegend": False,
            # a recomputed rate is no one fact: its mark opens the resolved count's card
            "customdata": [[fid if isinstance(fid, str) else ""] for fid in
                           df[RATE_FACTS[column] or "resolved_fact"]],
            "marker": {**marker, "color": colours, **({"line": {**marker["line"], "color": colours}} if "line" in marker else {})},
            "hovertemplate": "%{y}<br>" + names[column] + ": %{x:.2f}%<extra></extra>"})
        # the legend's entry: the marker in a neutral colour, no data
        fig["data"].append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": names[column],
                            "marker": {**marker, "color": "#555"}, "hoverinfo": "skip"})
    annotations = []
    for r in records(df):
        if r["rates_agree"] is False or (pd.notna(r["rates_agree"]) and not bool(r["rates_agree"])):
            annotations.append({"y": r["label"], "x": float(r["reported_rate"]), "text": "≠", "showarrow": False,
                                "xshift": 18, "font": {"color": "#c00", "size": 18}})
        if pd.isna(r["recomputed_rate"]) and pd.notna(r["reported_rate"]):
            annotations.append({"y": r["label"], "x": float(r["reported_rate"]), "text": t("no_denominator", lang),
                                "showarrow": False, "xshift": -60, "font": {"color": "#666", "size": 11}})
    if annotations:
        fig["layout"]["annotations"] = annotations
    low = min(0, float(df[["reported_rate", "recomputed_rate", "target_rate"]].min().min() or 0)) - 2
    update_layout(fig, yaxis={"categoryorder": "array", "categoryarray": list(df["label"])[::-1]},
                  xaxis={"title": {"text": t("rate_axis", lang)}, "ticksuffix": "%", "range": [low, 108]})
    row_px = max(48, 16 * max(label.count("<br>") + 1 for label in df["label"]) + 10)
    return base_layout(fig, t("rates_chart", lang), lang, height=max(280, 150 + row_px * len(df)))


def instrument_heatmap(df: pd.DataFrame, categories: pd.DataFrame, lang: str) -> dict:
    """Instrument category (rows) × locality with its province (columns), cell = number of named measures.
    Categories are rows so their names read level and wrap; localities, few and short, are the columns (on
    their side when there are many). A transparent marker sits on every non-empty cell, so a click selects
    that cell (plotly heatmaps do not report clicks in selection mode); its customdata is (locality, category)."""
    cat_name = dict(zip(categories["category_id"], categories["name_en" if lang == "en" else "name_zh"]))
    rows = records(df)
    firsts: dict[str, dict] = {}  # locality -> its first row
    for r in rows:
        firsts.setdefault(r["locality_id"], r)
    locs = list(firsts)
    province = "province_en" if lang == "en" else "province_zh"
    # Level column labels while they fit a phone's column (Chinese names are three or four characters);
    # English names, or many localities, stand on their side.
    many = len(locs) > 6 or (lang == "en" and len(locs) > 3)
    loc_label = {}
    for loc, r in firsts.items():
        prov = r[province] if province in r and isinstance(r[province], str) else ""
        name_lines = [_loc(r, lang)] if many else wrap_units(_loc(r, lang), 9)
        loc_label[loc] = "<br>".join(html_text(x) for x in name_lines) + (
            f"<br><span style='font-size:10px'>{html_text(prov)}</span>" if prov and not many
            else f" <span style='font-size:10px'>{html_text(prov)}</span>" if prov else "")
    counts = Counter((r["locality_id"], r["category"]) for r in rows)
    cats = [c for c in categories["category_id"] if c in {r["category"] for r in rows}]
    z = [[int(counts.get((loc, c), 0)) for loc in locs] for c in cats]
    cat_labels = {c: "<br>".join(html_text(x) for x in wrap_units(cat_name[c], 20)) for c in cats}
    cells = [(loc, c) for c in cats for loc in locs if counts.get((loc, c), 0)]
    fig = new_figure([{
        "type": "heatmap", "z": z, "x": [loc_label[loc] for loc in locs], "y": [cat_labels[c] for c in cats],
        "text": [[str(v) if v else "" for v in row] for row in z], "texttemplate": "%{text}",
        "colorscale": BLUES, "showscale": False, "xgap": 2, "ygap": 2, "hoverinfo": "skip",
    }, {
        "type": "scatter", "mode": "markers", "showlegend": False,
        "x": [loc_label[loc] for loc, _ in cells], "y": [cat_labels[c] for _, c in cells],
        "customdata": [[loc, c] for loc, c in cells],
        "marker": {"size": 26, "symbol": "square", "color": "rgba(0,0,0,0.01)"},
        "hovertemplate": "%{x} · %{y}: " + t("pick_cell_hover", lang) + "<extra></extra>",
    }])
    update_layout(fig, yaxis={"autorange": "reversed"},
                  xaxis={"tickangle": -90 if many else 0, "showgrid": False, "automargin": True},
                  clickmode="event+select", dragmode=False)
    # Room under the plot for the column labels (on their side, as deep as the longest is wide), so automargin
    # has nothing to add and the chart is drawn once.
    labels = loc_label.values()
    under = max(label_px(x, TICK_FONT_PX) for x in labels) if many else 17 * max(x.count("<br>") + 1 for x in labels)
    fig = base_layout(fig, t("instruments_title", lang), lang, height=200 + 46 * len(cats) + max(0, under - 60))
    return update_layout(fig, margin={"b": under + 45, "l": row_label_room(fig) + 6})  # a heatmap's ticks sit further out


HATCH_KEY = "hatch-key"  # legendgroup of the legend entry that says what hatching means


def hatch_key(lang: str) -> dict:
    """A legend entry, drawing nothing, that says hatched bars are targets or forecasts."""
    return {"type": "bar", "x": [None], "y": [None], "orientation": "h", "name": html_text(t("target_legend", lang)),
            "legendgroup": HATCH_KEY, "showlegend": True, "hoverinfo": "skip",
            "marker": {"color": "#9e9e9e", "opacity": 0.55, "pattern": {"shape": "/", "fillmode": "overlay"}}}


def amounts_chart(df: pd.DataFrame, lang: str) -> dict:
    """A bar per amount, colour = locality, hatched = target or forecast. Two amounts of one instrument and
    indicator (e.g. a year's result and a quarter's target) get their periods in their labels, so each keeps
    a row of its own instead of being drawn over the other."""
    df = df.sort_values("value").reset_index(drop=True)
    scale = 1e9 if lang == "en" else 1e8
    names = [f"{n} · {i}" for n, i in zip(df["name_en" if lang == "en" else "name_zh"],
                                          df["indicator_en" if lang == "en" else "indicator_zh"])]
    shared = pd.Series(names).duplicated(keep=False)
    df["label"] = ["<br>".join(html_text(line) for line in wrap_units(n, LABEL_UNITS))
                   + (small_lines(period_label(a, b, lang)) if twin else "")
                   for n, twin, a, b in zip(names, shared, df["period_start"], df["period_end"])]
    fig = new_figure()
    rows = records(df)
    for loc, at in grouped(rows, lambda r: r["locality_id"]).items():
        g = [rows[i] for i in at]
        fig["data"].append({
            "type": "bar", "y": values([r["label"] for r in g]),
            "x": values([r["value"] / scale for r in g]), "orientation": "h", "name": html_text(_loc(g[0], lang)),
            "marker": {"color": locality_colour(loc), "opacity": 1.0,
                       "pattern": {"shape": ["/" if r["status"] != "actual" else "" for r in g], "fillmode": "overlay"}},
            "text": [html_text(fmt_value(r["value"], "CNY", lang, r["qualifier"])) for r in g],
            "textposition": "outside", "cliponaxis": False,
            "customdata": [[html_text(r["value_as_written"]), "<br>".join(html_text(x) for x in wrap(str(r["quote"]))),
                            r["fact_id"]] for r in g],
            "hovertemplate": "%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        })
    if (df["status"] != "actual").any():
        fig["data"].append(hatch_key(lang))
    # A linear axis: the amounts run from thousands of yuan to tens of billions, so the small ones are thin
    # bars, but every bar carries its amount as written, and the axis reads as amounts, not as powers of ten.
    update_layout(fig, barmode="overlay",
                  xaxis={"title": {"text": "Amount (CNY bn)" if lang == "en" else t("amount_axis", lang)}, "type": "linear",
                         "range": [0, float((df["value"] / scale).max() or 1) * 1.02]})
    lines = max(str(y).count("<br>") + 1 for y in df["label"])
    fig = base_layout(fig, t("amounts_chart", lang), lang, height=max(260, 130 + max(30, 16 * lines + 8) * len(df)))
    # Long names on the left and long amounts on the right: on a phone the two margins leave the bars no room,
    # and only plotly's automargin (from a small margin) keeps the plot a minimum width, so here it decides.
    return update_layout(fig, margin={"l": 10, "r": value_room([x for tr in fig["data"] for x in tr.get("text") or []])})


def national_growth_chart(df: pd.DataFrame, lang: str) -> dict:
    """One box per province (precomputed quartiles, so thousands of localities arrive as five numbers each):
    the spread of its localities' latest industrial value-added growth, provinces by median."""
    name = "province_en" if lang == "en" else "province_zh"
    labels = [html_text(f"{p} ({n:,})") for p, n in zip(df[name], df["localities"])]
    fig = new_figure([{
        "type": "box", "orientation": "h", "y": labels, "q1": values(df["q1"]), "median": values(df["median"]),
        "q3": values(df["q3"]), "lowerfence": values(df["low"]), "upperfence": values(df["high"]),
        "marker": {"color": "#1f4e79"}, "fillcolor": "rgba(31,78,121,0.25)", "name": t("col_growth_median", lang),
        "showlegend": False, "hoverinfo": "y+x",
    }])
    update_layout(fig, yaxis={"categoryorder": "array", "categoryarray": labels[::-1]},
                  xaxis={"title": {"text": t("growth_axis", lang)}, "ticksuffix": "%"})
    # The title and how to read the boxes are written by the page above and below the chart, where they wrap.
    fig = base_layout(fig, "", lang, height=max(240, 100 + 26 * len(df)))
    return update_layout(fig, margin={"t": 20})
