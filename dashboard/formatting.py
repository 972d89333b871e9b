"""Numbers, periods and colours as readers expect them: 万/亿 in 中文, million/billion in English."""
from __future__ import annotations

import datetime as dt
import hashlib
import math

from .i18n import t

LOCALITY_COLOURS = {
    "tiantai": "#1f77b4",   # Zhejiang: blues
    "wenzhou": "#17becf",
    "shaoyang": "#ff7f0e",  # Hunan: orange
    "kaifeng": "#d62728",   # Henan: red / purple
    "yichuan": "#9467bd",
}
_FALLBACK = ["#2ca02c", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
QUALIFIER_EN = {"余": "over", "多": "over", "以上": "at least", "超": "over", "超过": "over", "逾": "over",
                "近": "nearly", "接近": "nearly", "不到": "under", "约": "about", "左右": "about"}
ZH_PREFIX_QUALIFIERS = {"超", "超过", "逾", "近", "接近", "约", "不到"}
UNIT_EN = {"count": "", "tonnes": " t", "mu": " mu", "m2": " m²", "days": " days", "index": "", "rank": ""}
UNIT_ZH = {"count": "", "tonnes": "吨", "mu": "亩", "m2": "平方米", "days": "天", "index": "", "rank": ""}


def locality_colour(locality_id: str) -> str:
    if locality_id in LOCALITY_COLOURS:
        return LOCALITY_COLOURS[locality_id]
    h = int(hashlib.sha1(locality_id.encode()).hexdigest(), 16)
    return _FALLBACK[h % len(_FALLBACK)]


def _num(x: float, digits: int = 2) -> str:
    s = f"{x:,.{digits}f}".rstrip("0").rstrip(".")
    return s


def blank_to_none(v):
    """pandas gives NaN for a missing text cell; treat NaN, None and '' alike."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
        return None
    return v


def fmt_value(value: float | None, unit: str, lang: str, qualifier: str | None = None,
              decimals: int | None = None) -> str:
    """Format a normalised value; ``decimals`` keeps the precision the report wrote (7.0% stays 7.0%)."""
    qualifier = blank_to_none(qualifier)
    if blank_to_none(value) is None:
        return t("missing", lang)
    v = float(value)
    if decimals is not None and unit in ("percent", "pp", "index") and not math.isnan(float(decimals)):
        fixed = f"{v:.{int(decimals)}f}"
        body = {"percent": f"{fixed}%", "pp": f"{fixed} pp" if lang == "en" else f"{fixed}个百分点",
                "index": fixed}[unit]
        return _qualify(body, qualifier, lang)
    if unit == "CNY":
        if lang == "en":
            a = abs(v)
            body = (f"CNY {_num(v / 1e9)} bn" if a >= 1e9 else f"CNY {_num(v / 1e6)} m" if a >= 1e6
                    else f"CNY {_num(v, 0)}")
        else:
            a = abs(v)
            body = (f"{_num(v / 1e8, 4)}亿元" if a >= 1e8 else f"{_num(v / 1e4, 2)}万元" if a >= 1e4
                    else f"{_num(v, 0)}元")
    elif unit == "percent":
        body = f"{_num(v)}%"
    elif unit == "pp":
        body = f"{_num(v)} pp" if lang == "en" else f"{_num(v)}个百分点"
    elif unit == "rank":
        body = f"No. {_num(v, 0)}" if lang == "en" else f"第{_num(v, 0)}"
    elif unit in ("count", "tonnes", "mu", "m2") and lang == "zh" and abs(v) >= 1e4 and round(v / 1e4, 2) * 1e4 == v:
        body = f"{_num(v / 1e4)}万{UNIT_ZH[unit]}"
    else:
        body = f"{_num(v)}{(UNIT_EN if lang == 'en' else UNIT_ZH).get(unit, '')}"
    return _qualify(body, qualifier, lang)


def _qualify(body: str, qualifier: str | None, lang: str) -> str:
    if not qualifier:
        return body
    if lang == "en":
        return f"{QUALIFIER_EN.get(qualifier, qualifier)} {body}"
    return f"{qualifier}{body}" if qualifier in ZH_PREFIX_QUALIFIERS else f"{body}{qualifier}"


def _d(x) -> dt.date:
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    return dt.date.fromisoformat(str(x)[:10])


def _month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).day == 1


def period_label(start, end, lang: str, kind: str | None = None) -> str:
    s, e = _d(start), _d(end)
    if s == e:
        text = f"{e.day} {MONTHS_EN[e.month - 1]} {e.year}" if lang == "en" else f"{e.year}年{e.month}月{e.day}日"
    elif s.day == 1 and _month_end(e) and s.year == e.year:
        if s.month == 1 and e.month == 12:
            text = f"{s.year}" if lang == "en" else f"{s.year}年"
        elif s.month == e.month:
            text = f"{MONTHS_EN[s.month - 1]} {s.year}" if lang == "en" else f"{s.year}年{s.month}月"
        else:
            text = (f"{MONTHS_EN[s.month - 1]}–{MONTHS_EN[e.month - 1]} {s.year}" if lang == "en"
                    else f"{s.year}年{s.month}–{e.month}月")
    else:
        text = (f"{s.day} {MONTHS_EN[s.month - 1]} {s.year} – {e.day} {MONTHS_EN[e.month - 1]} {e.year}" if lang == "en"
                else f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日")
    if kind in ("target", "campaign_to_date", "as_of"):
        text = f"{t('kind_' + kind, lang)}: {text}" if lang == "en" else f"{t('kind_' + kind, lang)}：{text}"
    return text
