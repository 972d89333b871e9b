"""Captions generated from the data a chart shows: which sources and periods it draws on, and what makes
its figures less than comparable (years, period lengths, levels, targets, scopes, bases)."""
from __future__ import annotations

import pandas as pd

from .formatting import fmt_value, period_label
from .i18n import t

SEP = {"zh": "；", "en": "; "}
# A county-level fiscal figure this large is out of scale for a county economy of a few hundred 亿元.
COUNTY_FISCAL_SCALE_CNY = 5e9


def _loc(row, lang):
    return row["locality_en"] if lang == "en" else row["locality_zh"]


def _amount(row, lang: str) -> str:
    if lang != "en":
        return str(row["value_as_written"])
    qualifier = row["qualifier"] if isinstance(row.get("qualifier"), str) and row["qualifier"] else None
    decimals = None if pd.isna(row.get("decimals")) else int(row["decimals"])
    return fmt_value(row["value"], row["unit"], lang, qualifier, decimals)


def sources_line(df: pd.DataFrame, lang: str) -> str:
    """``来源：天台县——浙江省经信厅网站（未注明日期），2020年1–5月；…``"""
    if df.empty:
        return ""
    parts = []
    for _, g in df.groupby("source_id", sort=False):
        r = g.iloc[0]
        pub = r["publisher_en"] if lang == "en" else r["publisher_zh"]
        date = t("undated", lang) if r["published_as_written"] == "undated" else str(r["published_as_written"])
        period = period_label(g["period_start"].min(), g["period_end"].max(), lang)
        if lang == "en":
            parts.append(f"{_loc(r, lang)} — {pub} ({date}), figures for {period}")
        else:
            parts.append(f"{_loc(r, lang)}——{pub}（{date}），数字期间{period}")
    head = t("sources_line", lang)
    return f"{head}: " + SEP[lang].join(parts) if lang == "en" else f"{head}：" + SEP[lang].join(parts)


def comparability_notes(df: pd.DataFrame, lang: str) -> list[str]:
    if df.empty:
        return []
    notes = []
    years = sorted({int(pd.Timestamp(d).year) for d in df["period_end"]})
    if len(years) > 1:
        notes.append(t("note_years", lang, years=", ".join(map(str, years))))
    kinds = list(dict.fromkeys(df["period_kind"]))
    if len(kinds) > 1:
        notes.append(t("note_periods", lang, kinds=(", " if lang == "en" else "、").join(t("kind_" + k, lang) for k in kinds)))
    if "level" in df and df["level"].nunique() > 1:
        notes.append(t("note_levels", lang))
    if (df["status"] != "actual").any():
        notes.append(t("note_targets", lang))
    if df["scope"].fillna("").nunique() > 1:
        notes.append(t("note_scopes", lang))
    if df["basis"].dropna().nunique() > 1:
        notes.append(t("note_bases", lang))
    scale = df[((df.get("note_en", pd.Series("", index=df.index)).fillna("").str.contains("out of scale", case=False))
                | ((df["unit"] == "CNY") & (df["level"] == "county") & (df["category"] == "fiscal_support")
                   & (df["value"] >= COUNTY_FISCAL_SCALE_CNY)))]
    if not scale.empty:
        # English names the normalised amount ("CNY 8.7 bn"): the figure as written is Chinese text.
        items = (", " if lang == "en" else "、").join(
            f"{_loc(r, lang)} {_amount(r, lang)}" for _, r in scale.iterrows())
        notes.append(t("note_scale", lang, items=items))
    return notes


def comparability_line(df: pd.DataFrame, lang: str) -> str:
    notes = comparability_notes(df, lang)
    body = SEP[lang].join(notes) if notes else t("no_notes", lang)
    return f"{t('comparability', lang)}: {body}" if lang == "en" else f"{t('comparability', lang)}：{body}"

