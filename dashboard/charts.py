"""Plotly figures for the pages. Every untrusted string reaching a figure goes through ``html_text``."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .formatting import fmt_value, locality_colour, period_label
from .i18n import t
from .safe_text import html_text, wrap

# Noto Sans CJK is what the server renders exports with (Debian fonts-noto-cjk); the rest are the
# fonts a reader's own machine is likely to have.
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
BAR_PX = 30


def _loc(row, lang):
    return row["locality_en"] if lang == "en" else row["locality_zh"]


def _ind(row, lang):
    return row["indicator_en"] if lang == "en" else row["indicator_zh"]


def base_layout(fig: go.Figure, title: str, lang: str, height: int | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": html_text(title), "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 30, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
    )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=True, zerolinecolor="#999")
    fig.update_yaxes(automargin=True)
    return fig


def _hover_rows(df: pd.DataFrame, lang: str) -> list[list[str]]:
    rows = []
    for _, r in df.iterrows():
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


HOVER = ("<b>%{customdata[6]}</b><br>"
         "{value}: %{customdata[0]}<br>{period}: %{customdata[1]}<br>{basis}: %{customdata[2]}<br>"
         "{scope}: %{customdata[3]}<br>{status}: %{customdata[4]}<br>{quote}: %{customdata[5]}<extra></extra>")


def hovertemplate(lang: str) -> str:
    return (HOVER.replace("{value}", t("hover_value", lang)).replace("{period}", t("hover_period", lang))
            .replace("{basis}", t("hover_basis", lang)).replace("{scope}", t("hover_scope", lang))
            .replace("{status}", t("hover_status", lang)).replace("{quote}", t("hover_quote", lang)))


def growth_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """One horizontal bar per growth figure, grouped by indicator; colour = locality; hatched = target."""
    # Indicators reported by most localities first: those are the comparisons the page is for.
    spread = df.groupby("indicator_id")["locality_id"].transform("nunique")
    df = (df.assign(_spread=-spread).sort_values(["_spread", "indicator_id", "locality_id", "period_end", "scope"])
          .reset_index(drop=True))
    labels = []
    for _, r in df.iterrows():
        scope = f"（{r['scope']}）" if r["scope"] and lang == "zh" else (f" ({r['scope_en'] or r['scope']})" if r["scope"] else "")
        labels.append(html_text(f"{_ind(r, lang)}{scope}") + "<br><span style='font-size:11px'>"
                      + html_text(f"{_loc(r, lang)} · {period_label(r['period_start'], r['period_end'], lang)}") + "</span>")
    df["label"] = labels
    fig = go.Figure()
    hover = _hover_rows(df, lang)
    shown = set()
    for (loc, is_target), g in df.groupby(["locality_id", df["status"] != "actual"], sort=False):
        idx = g.index
        first = g.iloc[0]
        fig.add_trace(go.Bar(
            y=g["label"], x=g["value"], orientation="h", name=html_text(_loc(first, lang)),
            legendgroup=loc, showlegend=loc not in shown,
            marker={"color": locality_colour(loc), "pattern": {"shape": "/" if is_target else "", "fillmode": "overlay" if is_target else "replace"},
                    "opacity": 0.55 if is_target else 1.0},
            text=[html_text(fmt_value(v, "percent", lang, q, d)) for v, q, d in zip(g["value"], g["qualifier"], g["decimals"])],
            textposition="outside", cliponaxis=False,
            customdata=[hover[i] for i in idx], hovertemplate=hovertemplate(lang),
        ))
        shown.add(loc)
    order = list(df["label"])
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_xaxes(title=t("growth_axis", lang), ticksuffix="%")
    return base_layout(fig, t("growth_title", lang), lang, height=max(300, 120 + BAR_PX * 1.4 * len(df)))


def _row_label(r, lang: str) -> str:
    scope = r["scope_en"] if lang == "en" and r.get("scope_en") else r["scope"]
    return html_text(_loc(r, lang)) + "<br><span style='font-size:11px'>" + html_text(scope or "—") + "</span>"


def problem_counts_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Collected (grey, behind) and resolved (locality colour, in front) per locality × scope."""
    df = df[df["collected"].notna() | df["resolved"].notna()].reset_index(drop=True)
    # A count with no denominator is said so in its label, never drawn as a zero-length bar.
    df["label"] = [_row_label(r, lang) + ("" if pd.notna(r["collected"]) else
                   "<br><span style='font-size:11px;color:#a00'>" + html_text(f"{t('collected', lang)}: {t('no_denominator', lang)}") + "</span>")
                   for _, r in df.iterrows()]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=df["label"], x=df["collected"].fillna(0), orientation="h", name=t("collected", lang),
        marker={"color": "#d0d0d0"}, width=0.75,
        text=[fmt_value(v, "count", lang) if pd.notna(v) else "" for v in df["collected"]],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}<br>" + t("collected", lang) + ": %{text}<extra></extra>",
    ))
    for loc, g in df.groupby("locality_id", sort=False):
        fig.add_trace(go.Bar(
            y=g["label"], x=g["resolved"], orientation="h", name=f"{t('resolved', lang)} · {html_text(_loc(g.iloc[0], lang))}",
            marker={"color": locality_colour(loc)}, width=0.4,
            text=[fmt_value(v, "count", lang) if pd.notna(v) else "—" for v in g["resolved"]],
            textposition="inside", insidetextanchor="end",
            hovertemplate="%{y}<br>" + t("resolved", lang) + ": %{text}<extra></extra>",
        ))
    log_axis = df["collected"].max() > 50 * max(1, df["collected"].min() or 1)
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["label"])[::-1])
    fig.update_xaxes(title=t("count_axis", lang), type="log" if log_axis else "linear")
    fig.update_layout(barmode="overlay")
    return base_layout(fig, t("counts_chart", lang), lang, height=max(280, 120 + 60 * len(df)))


def problem_rates_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Reported rate (diamond) beside the recomputed one (circle); ≠ marks disagreement."""
    df = df[df["reported_rate"].notna() | df["recomputed_rate"].notna() | df["target_rate"].notna()].reset_index(drop=True)
    df["label"] = [_row_label(r, lang) for _, r in df.iterrows()]
    fig = go.Figure()
    for loc, g in df.groupby("locality_id", sort=False):
        colour = locality_colour(loc)
        name = html_text(_loc(g.iloc[0], lang))
        fig.add_trace(go.Scatter(
            y=g["label"], x=g["recomputed_rate"], mode="markers", name=f"{t('recomputed_rate', lang)} · {name}",
            marker={"symbol": "circle", "size": 14, "color": colour},
            hovertemplate="%{y}<br>" + t("recomputed_rate", lang) + ": %{x:.2f}%<extra></extra>"))
        fig.add_trace(go.Scatter(
            y=g["label"], x=g["reported_rate"], mode="markers", name=f"{t('reported_rate', lang)} · {name}",
            marker={"symbol": "diamond-open", "size": 16, "color": "#222", "line": {"width": 2}},
            hovertemplate="%{y}<br>" + t("reported_rate", lang) + ": %{x}%<extra></extra>"))
        if g["target_rate"].notna().any():
            fig.add_trace(go.Scatter(
                y=g["label"], x=g["target_rate"], mode="markers", name=f"{t('target', lang)} · {name}",
                marker={"symbol": "line-ns-open", "size": 20, "color": colour, "line": {"width": 3}},
                hovertemplate="%{y}<br>" + t("target", lang) + ": %{x}%<extra></extra>"))
    for _, r in df.iterrows():
        if r["rates_agree"] is False or (pd.notna(r["rates_agree"]) and not bool(r["rates_agree"])):
            fig.add_annotation(y=r["label"], x=r["reported_rate"], text="≠", showarrow=False, xshift=18,
                               font={"color": "#c00", "size": 18})
        if pd.isna(r["recomputed_rate"]) and pd.notna(r["reported_rate"]):
            fig.add_annotation(y=r["label"], x=r["reported_rate"], text=t("no_denominator", lang), showarrow=False,
                               xshift=-60, font={"color": "#666", "size": 11})
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["label"])[::-1])
    fig.update_xaxes(title=t("rate_axis", lang), ticksuffix="%", range=[min(0, float(df[["reported_rate", "recomputed_rate", "target_rate"]].min().min() or 0)) - 2, 108])
    return base_layout(fig, t("rates_chart", lang), lang, height=max(280, 120 + 48 * len(df)))


def instrument_heatmap(df: pd.DataFrame, categories: pd.DataFrame, lang: str) -> go.Figure:
    """Locality × instrument category, cell = number of named measures."""
    cat_name = dict(zip(categories["category_id"], categories["name_en" if lang == "en" else "name_zh"]))
    locs = list(dict.fromkeys(df["locality_id"]))
    loc_name = {r["locality_id"]: _loc(r, lang) for _, r in df.drop_duplicates("locality_id").iterrows()}
    cats = [c for c in categories["category_id"] if c in set(df["category"])]
    counts = df.groupby(["locality_id", "category"]).size()
    z = [[int(counts.get((loc, c), 0)) for c in cats] for loc in locs]
    fig = go.Figure(go.Heatmap(
        z=z, x=[html_text(cat_name[c]) for c in cats], y=[html_text(loc_name[loc]) for loc in locs],
        text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}",
        colorscale="Blues", showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-30, showgrid=False)
    return base_layout(fig, t("instruments_title", lang), lang, height=180 + 50 * len(locs))


def amounts_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    df = df.sort_values("value").reset_index(drop=True)
    scale = 1e9 if lang == "en" else 1e8
    fig = go.Figure()
    for loc, g in df.groupby("locality_id", sort=False):
        fig.add_trace(go.Bar(
            y=[html_text(f"{n} · {i}") for n, i in zip(g["name_en" if lang == "en" else "name_zh"],
                                                       g["indicator_en" if lang == "en" else "indicator_zh"])],
            x=g["value"] / scale, orientation="h", name=html_text(_loc(g.iloc[0], lang)),
            marker={"color": locality_colour(loc)},
            text=[html_text(fmt_value(v, "CNY", lang, q)) for v, q in zip(g["value"], g["qualifier"])],
            textposition="outside", cliponaxis=False,
            customdata=[[html_text(w), "<br>".join(html_text(x) for x in wrap(str(q)))] for w, q in zip(g["value_as_written"], g["quote"])],
            hovertemplate="%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="Amount (CNY bn)" if lang == "en" else t("amount_axis", lang), type="log")
    return base_layout(fig, t("amounts_chart", lang), lang, height=max(260, 120 + 36 * len(df)))


def period_strip(localities: pd.DataFrame, facts: pd.DataFrame, lang: str) -> go.Figure:
    """Thick line: the report's stated period; dots: the end date of each figure's period."""
    fig = go.Figure()
    for _, r in localities.iterrows():
        name = html_text(_loc({"locality_en": r["name_en"], "locality_zh": r["name_zh"]}, lang))
        colour = locality_colour(r["locality_id"])
        fig.add_trace(go.Scatter(
            x=[r["period_start"], r["period_end"]], y=[name, name], mode="lines", line={"color": colour, "width": 16},
            name=name, legendgroup=r["locality_id"], showlegend=False,
            hovertemplate=html_text(f"{t('report_period', lang)}: {period_label(r['period_start'], r['period_end'], lang)}") + "<extra></extra>"))
        f = facts[facts["locality_id"] == r["locality_id"]]
        if not f.empty:
            ends = f.groupby("period_end").size().reset_index(name="n")
            fig.add_trace(go.Scatter(
                x=ends["period_end"], y=[name] * len(ends), mode="markers",
                marker={"color": "white", "line": {"color": colour, "width": 2}, "size": 8 + 2 * ends["n"].clip(upper=8)},
                showlegend=False, customdata=ends["n"],
                hovertemplate=html_text(t("figure_periods", lang)) + ": %{x|%Y-%m-%d} · %{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, t("period_strip", lang), lang, height=140 + 50 * len(localities))
