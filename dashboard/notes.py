"""Captions generated from the data a chart shows: which sources and periods it draws on, and what makes
its figures less than comparable (years, period lengths, levels, targets, scopes, bases)."""
from __future__ import annotations

import pandas as pd

from .formatting import fmt_value, period_label
from .i18n import t
from .rows import grouped, missing, records

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
    rows = records(df, ("source_id", "publisher_en", "publisher_zh", "published_as_written", "period_start",
                        "period_end", "locality_en", "locality_zh"))
    parts = []
    for at in grouped(rows, lambda r: r["source_id"]).values():
        r = rows[at[0]]
        pub = r["publisher_en"] if lang == "en" else r["publisher_zh"]
        date = t("undated", lang) if r["published_as_written"] == "undated" else str(r["published_as_written"])
        starts = [rows[i]["period_start"] for i in at if not missing(rows[i]["period_start"])]
        ends = [rows[i]["period_end"] for i in at if not missing(rows[i]["period_end"])]
        period = period_label(min(starts, default=pd.NaT), max(ends, default=pd.NaT), lang)
        if lang == "en":
            parts.append(f"{_loc(r, lang)} — {pub} ({date}), figures for {period}")
        else:
            parts.append(f"{_loc(r, lang)}——{pub}（{date}），数字期间{period}")
    head = t("sources_line", lang)
    return f"{head}: " + SEP[lang].join(parts) if lang == "en" else f"{head}：" + SEP[lang].join(parts)


def _out_of_scale(r: dict) -> bool:
    """A figure the data marks out of scale, or a county's fiscal support too large for a county economy."""
    note = r.get("note_en")
    return ((isinstance(note, str) and "out of scale" in note.lower())
            or (r["unit"] == "CNY" and r.get("level") == "county" and r["category"] == "fiscal_support"
                and not missing(r["value"]) and r["value"] >= COUNTY_FISCAL_SCALE_CNY))


def comparability_notes(df: pd.DataFrame, lang: str) -> list[str]:
    if df.empty:
        return []
    rows = records(df, ("period_end", "period_kind", "level", "status", "scope", "basis", "note_en", "unit", "category",
                        "value", "value_as_written", "qualifier", "decimals", "locality_en", "locality_zh"))
    notes = []
    years = sorted({int(pd.Timestamp(r["period_end"]).year) for r in rows})
    if len(years) > 1:
        notes.append(t("note_years", lang, years=", ".join(map(str, years))))
    kinds = list(dict.fromkeys(r["period_kind"] for r in rows))
    if len(kinds) > 1:
        notes.append(t("note_periods", lang, kinds=(", " if lang == "en" else "、").join(t("kind_" + k, lang) for k in kinds)))
    if len({r["level"] for r in rows if "level" in r and not missing(r["level"])}) > 1:
        notes.append(t("note_levels", lang))
    if any(r["status"] != "actual" for r in rows):
        notes.append(t("note_targets", lang))
    if len({"" if missing(r["scope"]) else r["scope"] for r in rows}) > 1:
        notes.append(t("note_scopes", lang))
    if len({r["basis"] for r in rows if not missing(r["basis"])}) > 1:
        notes.append(t("note_bases", lang))
    scale = [r for r in rows if _out_of_scale(r)]
    if scale:
        # English names the normalised amount ("CNY 8.7 bn"): the figure as written is Chinese text.
        items = (", " if lang == "en" else "、").join(f"{_loc(r, lang)} {_amount(r, lang)}" for r in scale)
        notes.append(t("note_scale", lang, items=items))
    return notes


def comparability_line(df: pd.DataFrame, lang: str) -> str:
    notes = comparability_notes(df, lang)
    body = SEP[lang].join(notes) if notes else t("no_notes", lang)
    return f"{t('comparability', lang)}: {body}" if lang == "en" else f"{t('comparability', lang)}：{body}"

