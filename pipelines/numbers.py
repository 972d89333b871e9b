"""Read a figure as written ("7.5亿元", "1.1万余册", "第8位", "百分之五") into number, multiplier and unit word."""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = ("CNY", "percent", "pp", "count", "index", "rank", "tonnes", "mu", "m2", "days")
MULTIPLIERS = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
# Qualifiers and the kind of bound they make. Order matters for matching: longer words first.
QUALIFIERS = {
    "超过": "lower", "以上": "lower", "余": "lower", "多": "lower", "超": "lower", "逾": "lower",
    "接近": "upper", "不到": "upper", "近": "upper",
    "约": "approx", "左右": "approx",
}
# Words that end in a qualifier character but do not qualify the number after them (其余59个 = "the other 59").
NOT_QUALIFIERS = {"余": ("其余", "剩余"), "多": ("更多", "许多", "最多"), "超": ("赶超",),
                  "约": ("签约", "预约", "节约", "集约", "制约", "约束")}
_QUALIFIERS_LONGEST_FIRST = sorted(QUALIFIERS, key=len, reverse=True)


def qualifier_touching(before: str, after: str) -> str | None:
    """The qualifier word that ends ``before`` or starts ``after`` (the text around a written figure)."""
    for q in _QUALIFIERS_LONGEST_FIRST:
        if before.endswith(q) and not any(before.endswith(w) for w in NOT_QUALIFIERS.get(q, ())):
            return q
        if after.startswith(q):
            return q
    return None


CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}

NUMBER = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)")
# Written unit word -> the only normalised unit it allows. Checked longest first.
UNIT_WORDS = [
    ("个百分点", "pp"), ("百分点", "pp"), ("%", "percent"), ("％", "percent"),
    ("平方米", "m2"), ("元", "CNY"), ("吨", "tonnes"), ("亩", "mu"),
    ("个工作日", "days"), ("工作日", "days"), ("天", "days"), ("小时", None),
]
FREE_UNITS = {"count", "rank", "index", "days"}


@dataclass(frozen=True)
class Written:
    number: float
    multiplier: float
    unit_word: str  # what follows the number and multiplier, qualifiers removed
    expected_unit: str | None  # None: count, rank or index (or days for 日/月-style durations)


def chinese_to_number(text: str) -> float | None:
    """一 → 1, 十六 → 16, 二十 → 20, 一百二十 → 120, 两 → 2. Returns None for anything else."""
    if not text or any(ch not in CHINESE_DIGITS and ch not in CHINESE_UNITS for ch in text):
        return None
    total, current = 0, None
    for ch in text:
        if ch in CHINESE_DIGITS:
            current = CHINESE_DIGITS[ch] if current is None else current * 10 + CHINESE_DIGITS[ch]
        else:
            total += (1 if current is None else current) * CHINESE_UNITS[ch]
            current = None
    return float(total + (current or 0))


def parse_written(text: str) -> Written | None:
    """None when no number can be read from the text."""
    s = str(text).strip()
    if s.startswith("百分之"):
        n = parse_written(s[3:])
        return None if n is None else Written(n.number * n.multiplier, 1.0, "%", "percent")
    s = s.removeprefix("第")
    for q in _QUALIFIERS_LONGEST_FIRST:
        if s.startswith(q):
            s = s[len(q):]
            break
    m = NUMBER.match(s)
    if not m:
        return None
    raw = m.group("num")
    if raw[0].isdigit():
        number = float(raw.replace(",", ""))
    else:
        number = chinese_to_number(raw)
        if number is None:
            return None
    rest = s[m.end():]
    # "300多万元", "3万余个": a qualifier may stand before or after the multiplier.
    for q in ("余", "多"):
        rest = rest.removeprefix(q)
    multiplier = 1.0
    for word in ("万亿", "亿", "万", "千"):
        if rest.startswith(word):
            multiplier = MULTIPLIERS[word]
            rest = rest[len(word):]
            break
    for q in _QUALIFIERS_LONGEST_FIRST:
        rest = rest.replace(q, "")
    expected = None
    for word, unit in UNIT_WORDS:
        if word in rest:
            expected = unit
            break
    return Written(number, multiplier, rest, expected)


def unit_agrees(written: Written, unit: str) -> bool:
    if written.expected_unit is None and not written.unit_word.strip("（）()"):
        return True  # a bare number ("300万补贴资金", "得分89.32") takes its unit from the words around it
    if written.expected_unit is not None:
        return written.expected_unit == unit
    return unit in FREE_UNITS


def values_equal(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
