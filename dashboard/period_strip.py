"""The period strip: each locality's report period as a thick line and, on it, a dot per day its figures'
periods end (the overview's chart). A dot stands for every figure of that locality ending that day; its
customdata names them (``dashboard.fact_card.dot_facts``)."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from .charts import _loc, base_layout, day, new_figure, update_layout
from .formatting import locality_colour, period_label
from .i18n import t
from .rows import missing, records
from .safe_text import plotly_text as html_text

# A period strip dot's customdata: [figures ending that day, locality id, that day (YYYY-MM-DD)].
STRIP_LOCALITY_INDEX, STRIP_DAY_INDEX = 1, 2


def period_strip(localities: pd.DataFrame, facts: pd.DataFrame, lang: str) -> dict:
    """Thick line: the report's stated period; dots: the end date of each figure's period (a dot's size grows
    with the number of figures ending that day). Two grey legend entries say so, on screen and in exports."""
    fig = new_figure()
    ending: dict[str, Counter] = {}  # locality -> figures per day their periods end
    for r in records(facts[["locality_id", "period_end"]]):
        if not missing(r["period_end"]):
            ending.setdefault(r["locality_id"], Counter())[r["period_end"]] += 1
    for r in records(localities):
        name = html_text(_loc({"locality_en": r["name_en"], "locality_zh": r["name_zh"]}, lang))
        colour = locality_colour(r["locality_id"])
        fig["data"].append({
            "type": "scatter", "x": [day(r["period_start"]), day(r["period_end"])], "y": [name, name], "mode": "lines",
            "line": {"color": colour, "width": 16}, "name": name, "legendgroup": r["locality_id"], "showlegend": False,
            "hovertemplate": html_text(f"{t('report_period', lang)}: {period_label(r['period_start'], r['period_end'], lang)}")
            + "<extra></extra>"})
        ends = sorted(ending.get(r["locality_id"], {}).items())
        if ends:
            fig["data"].append({
                "type": "scatter", "x": [day(v) for v, _ in ends], "y": [name] * len(ends), "mode": "markers",
                "marker": {"color": "white", "line": {"color": colour, "width": 2},
                           "size": [8 + 2 * min(n, 8) for _, n in ends]},
                "showlegend": False,
                "customdata": [[n, r["locality_id"], day(v)] for v, n in ends],
                "hovertemplate": html_text(t("figure_periods", lang)) + ": %{x|%Y-%m-%d} · %{customdata[0]}<extra></extra>"})
    # The key's traces have no points: the axis types are set, not guessed from them.
    fig["data"] += [
        {"type": "scatter", "x": [None], "y": [None], "mode": "lines", "line": {"color": "#9e9e9e", "width": 10},
         "name": html_text(t("strip_key_period", lang)), "showlegend": True, "hoverinfo": "skip"},
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": html_text(t("strip_key_dots", lang)),
         "marker": {"color": "white", "size": 12, "line": {"color": "#616161", "width": 2}}, "showlegend": True,
         "hoverinfo": "skip"}]
    update_layout(fig, xaxis={"type": "date"}, yaxis={"type": "category", "autorange": "reversed"})
    return base_layout(fig, t("period_strip", lang), lang, height=170 + 50 * len(localities))
