"""Curation assistant: ``python -m pipelines.curation.extract RAW_FILE --locality ID --out DRAFT_FILE``.

Reads a raw report, cleans it the way the build does, finds every figure in it and writes a *draft* curated
file (the format of ``data/curated/*.yaml``) for a curator to review. The draft is refused by the build
(``draft: true``, ``review: pending`` on every entry) until a person has checked each entry.

Steps:
1. Cleaning. A raw file registered in ``data/sources/registry.yaml`` (found by its sha256) is cleaned with its
   reviewed corrections and page-chrome rules, so the quotes match ``data/sources/clean/<id>.txt``. An
   unregistered file has neither: suspected mojibake is only *reported* (raw line and snippet, for a new
   ``corrections.yaml`` entry), never repaired by guessing.
2. Reading figures (:func:`find_figures`): Arabic and Chinese numerals, ranges, 万/亿 multipliers, unit words,
   qualifiers, ordinals (第8位). Dates, periods, names of plans ("1+6+5", “三个一批”, 《…十项措施》) and the
   indefinite article 一 (一个缩影) are not figures.
3. Guessing what each figure is (:func:`propose`): indicator (from the registry by name similarity, or a
   new-indicator guess with a category from keywords), period (from dates near the figure), status, basis.
4. Writing the draft YAML (:func:`draft_yaml`), with hints for the curator as YAML comments.

Values follow ``pipelines.numbers.parse_written`` so that a reviewed entry passes the build's value check.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from pipelines.sources import clean
from pipelines import paths
from pipelines.files.csv_table import read_csv
from pipelines.numbers import (
    MULTIPLIERS,
    QUALIFIERS,
    chinese_to_number,
    parse_written,
    qualifier_touching,
    unit_agrees,
    values_equal,
)
from pipelines.dates import parse_date
from pipelines.sources.registry import Source, load_sources

# ---------------------------------------------------------------------------------------------------------
# Reading figures
# ---------------------------------------------------------------------------------------------------------

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+"
CHINESE_DIGIT_CHARS = set("零〇一二两三四五六七八九")
# Written unit word -> unit of the vocabulary (numbers.UNITS).
VOCAB_UNIT_WORDS = {
    "个百分点": "pp", "百分点": "pp", "%": "percent", "％": "percent", "平方米": "m2", "元": "CNY",
    "吨": "tonnes", "亩": "mu", "个工作日": "days", "工作日": "days", "天": "days",
}
# Measure words of counted things (家 企业, 名 干部, 场 活动 …): unit count.
COUNT_WORDS = ["人次", "家次", "户次", "家", "名", "个", "张", "场", "册", "本", "项", "次", "户", "人", "件", "套", "位", "条", "批", "辆", "台", "座", "所", "处", "支", "份", "笔", "间", "栋", "种", "款", "宗", "例", "篇", "部", "只", "头", "株", "棵", "届", "轮"]
# Units outside the vocabulary. Durations and multiples become count/index (as the curated data does for
# 24小时, 一周, 一年); the curator is told what was measured. Other currencies cannot be CNY without converting.
OTHER_UNIT_WORDS = {
    "个小时": ("count", "hours"), "小时": ("count", "hours"), "个星期": ("count", "weeks"), "周": ("count", "weeks"),
    "个月": ("count", "months"), "年": ("count", "years"), "倍": ("index", "a multiple"),
    "平方公里": ("count", "km²"), "公里": ("count", "km"), "公斤": ("count", "kg"), "立方米": ("count", "m³"),
    "美元": ("CNY", "US dollars"), "欧元": ("CNY", "euros"), "港元": ("CNY", "HK dollars"),
}
# 日 is a date (6月15日) unless it is a duration: 3日内.
DAY_WORD = "日"
UNIT_WORDS = sorted([*VOCAB_UNIT_WORDS, *COUNT_WORDS, *OTHER_UNIT_WORDS, DAY_WORD], key=len, reverse=True)
PREFIX_QUALIFIERS = sorted([q for q in QUALIFIERS if q not in ("余", "多", "以上", "左右")], key=len, reverse=True)

FIGURE = re.compile(rf"""
    (?P<prefix>{'|'.join(PREFIX_QUALIFIERS)})?
    (?P<ordinal>第)?
    (?P<percent_word>百分之)?
    (?P<num>{ARABIC}|{CHINESE})
    (?:(?P<sep>[-–—~～至到])(?P<num2>{ARABIC}|{CHINESE}))?
    (?P<inner>余|多)?
    (?P<mult>万亿|亿|万|千)?
    (?P<inner2>余|多)?
    (?P<unit>{'|'.join(re.escape(u) for u in UNIT_WORDS)})?
    (?P<unit_note>（(?:{'|'.join(COUNT_WORDS)})）)?
    (?P<suffix>以上|左右)?
""", re.VERBOSE)

CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A pinyin annotation that cleaning could not strip because damage stands before it: F（xiàn）.
LEFTOVER_PINYIN = re.compile(rf"（[{clean.PINYIN_LETTERS}]+ *）")
CLAUSE_END = "，。；！？：\n…"
SENTENCE_END = "。！？\n…"
# A quoted phrase without clause punctuation is a name (“三个一批”, “1+6+5”, “一班六组”); a book title 《…》
# is a document. Numbers inside them are names, not quantities.
NAME_SPAN = re.compile(r"“[^“”，。；！？\n]{1,30}”|\"[^\"，。；！？\n]{1,30}\"|《[^《》\n]*》")
HAS_NUMERAL = re.compile(r"\d|[一二两三四五六七八九十百千]")
ISO_LIKE_DATE = re.compile(r"\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}:\d{2}")
# Policy documents named by how many articles they have (22条意见, 降本减负42条新政) are instruments.
DOCUMENT_AFTER_ARTICLES = re.compile(r"(?:意见|措施|新政|举措|政策|办法|规定|条例)")
NAMED_SCHEME_AFTER = re.compile(r"计划|工程|行动|战略|体系|机制|制度|模式")
# Words that end in a qualifier character without qualifying the figure after them (签约12家). The build's
# qualifier check does not know all of them, so the draft records what the build asks for and says why.
WORDS_ENDING_IN_A_QUALIFIER = ("签约", "节约", "制约", "合约", "预约", "履约", "特约", "最近", "附近", "邻近", "就近",
                               "赶超", "高超", "诸多", "众多", "较多", "多余", "业余")
# 破千 / 超千: a bare round number as the end of a clause.
BARE_ROUND_NUMBER_BEFORE = ("突破", "破", "超过", "超", "逾", "近", "上")
RANK_WORDS = ("排名", "名次", "位次", "位列", "位居", "居", "排")
SCORE_WORDS = ("得分", "评分", "分值", "指数", "得")
MONEY_WORDS = ("资金", "元", "款", "投资", "贷款", "收入", "产值", "税", "补贴", "奖励", "奖补", "销售", "营收", "利润", "融资")


@dataclass(frozen=True)
class Figure:
    """One figure read from the text: where it is, how it is written and what it means."""

    start: int  # span in the text, prefix qualifier included
    end: int
    written: str  # value_as_written: number, multiplier, 余/多 and unit word, without a prefix/suffix qualifier
    written_start: int
    value: float
    unit: str
    qualifier: str | None
    negative: bool
    quote: str
    quote_start: int
    confidence: float
    hints: tuple[str, ...] = ()
    range_high: float | None = None


def _not_figure_spans(text: str) -> list[tuple[int, int]]:
    """Names, titles and numeric dates/times (2022-08-12 10:23): nothing inside them is a figure."""
    return [(m.start(), m.end()) for rx in (NAME_SPAN, ISO_LIKE_DATE) for m in rx.finditer(text)]


def names_that_look_like_numbers(text: str) -> list[str]:
    """Quoted names and titles with a numeral in them: candidates for ``instruments``, never facts."""
    seen = []
    for m in NAME_SPAN.finditer(text):
        if HAS_NUMERAL.search(m.group(0)[1:-1]) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _well_formed_chinese(numeral: str) -> bool:
    """三五 / 七八 (an approximate range) and 三一 (a company name) are not one number."""
    if chinese_to_number(numeral) is None:
        return False
    return not any(a in CHINESE_DIGIT_CHARS and b in CHINESE_DIGIT_CHARS and a not in "零〇"
                   for a, b in zip(numeral, numeral[1:]))


def _number(text: str) -> float | None:
    return float(text.replace(",", "")) if text[0].isdigit() else chinese_to_number(text)


def _exact_value(num: str, mult: str | None) -> float | None:
    """The number times its multiplier in decimal arithmetic: 540.31亿 is 54031000000, not 54030999999.99999."""
    factor = Decimal(int(MULTIPLIERS.get(mult or "", 1.0)))
    if num[0].isdigit():
        return float(Decimal(num.replace(",", "")) * factor)
    n = chinese_to_number(num)
    return None if n is None else float(Decimal(int(n)) * factor)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    hi_candidates = [i for i in (text.find(ch, end) for ch in CLAUSE_END) if i >= 0]
    return lo, min(hi_candidates) if hi_candidates else len(text)


def sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_END) + 1


def _quote_for(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around the figure; with the clause before it (same sentence) when the clause alone says
    too little (同比增长24.6% / 已解决179个 / 居全省第8位)."""
    lo, hi = clause_bounds(text, start, end)
    context = len(CJK_CHAR.findall(text[lo:start] + text[end:hi]))
    if context < 6 and lo > 0 and text[lo - 1] in "，；：":
        prev_lo, _ = clause_bounds(text, lo - 1, lo - 1)
        lo = prev_lo
    # A clause that begins or ends a quotation keeps the words, not an unpaired quotation mark.
    while lo < start and text[lo] in "“\"" and text.find("”", lo, hi) < 0:
        lo += 1
    while hi > end and text[hi - 1] in "”\"" and text.rfind("“", lo, hi) < 0:
        hi -= 1
    return lo, hi


def _touching_qualifier(quote: str, offset: int, written: str) -> str | None:
    """The qualifier word right before or after the written figure, read as the build reads it."""
    return qualifier_touching(quote[:offset], quote[offset + len(written):])


def _is_negative(text: str, clause_start: int, start: int, unit: str) -> bool:
    """Growth written as a fall (同比下降3.1%) or with a minus sign; only rates can be negative."""
    if start > 0 and text[start - 1] in "-－" and not (start > 1 and text[start - 2].isdigit()):
        return True
    if unit not in ("percent", "pp"):
        return False
    left = text[clause_start:start]
    verbs = [(left.rfind(v), v) for v in ("增长", "增加", "提高", "上升", "增幅", "增速", "高于", "超出",
                                           "下降", "减少", "下滑", "回落", "降低", "负增长", "低于")]
    pos, verb = max(verbs)
    return pos >= 0 and verb in ("下降", "减少", "下滑", "回落", "降低", "负增长", "低于")


def _unit_of(m: re.Match, text: str) -> tuple[str | None, float, list[str]] | None:
    """(unit, confidence, hints) for a matched figure, or None when it is not a figure at all."""
    unit_word = m.group("unit")
    num = m.group("num")
    chinese = not num[0].isdigit()
    end = m.end()
    nxt = text[end: end + 1]
    hints: list[str] = []
    if m.group("ordinal"):
        # 第8位 / 第一名 / 居全省第3。 are ranks; 第一批, 第一时间, 第五督导组, 第3天 are names or dates.
        if unit_word in ("名", "位") or (unit_word is None and not CJK_CHAR.match(nxt)):
            return "rank", 0.85, hints
        return None
    if m.group("percent_word"):
        return "percent", 0.85, hints
    if unit_word is None:
        if chinese:
            before = text[max(0, m.start() - 2): m.start()]
            if m.group("mult") is None and any(before.endswith(w) for w in BARE_ROUND_NUMBER_BEFORE) \
                    and (not nxt or nxt in CLAUSE_END) and set(num) <= set("百千"):
                return "count", 0.5, ["a round number written alone (破千): check what is counted"]
            return None
        if m.group("mult"):
            # 300万补贴资金: the amount's unit is in the words around it.
            window = text[m.start(): end + 6]
            if any(w in window for w in MONEY_WORDS):
                return "CNY", 0.6, ["no unit word; CNY guessed from the words around it"]
            return "count", 0.4, ["no unit word; check what is counted"]
        if CJK_CHAR.match(nxt) or (nxt and nxt.isascii() and nxt.isalnum()):
            return None  # 230国道, 1号文件, 5G: a name or an identifier
        prev = text[m.start() - 1: m.start()] if m.start() else "\n"
        if prev in "（(" and nxt in "）)" or prev in "\n。；：" and nxt in "、.．":
            return None  # （1） / 1、 / 1. : the number of an item in a list
        left = text[max(0, m.start() - 4): m.start()]
        if any(left.endswith(w) for w in RANK_WORDS):
            return "rank", 0.6, ["a bare number after a ranking word: read as a rank"]
        if any(left.endswith(w) for w in SCORE_WORDS):
            return "index", 0.6, ["a bare number after a score word: read as an index score"]
        return "count", 0.3, ["a bare number: check what it counts, or delete"]
    if unit_word in VOCAB_UNIT_WORDS:
        return VOCAB_UNIT_WORDS[unit_word], (0.75 if chinese else 0.9), hints
    if unit_word == DAY_WORD:
        return ("days", 0.7, hints) if nxt == "内" else None  # 15日 is a date, 3日内 a duration
    if unit_word in OTHER_UNIT_WORDS:
        unit, measured = OTHER_UNIT_WORDS[unit_word]
        if unit == "CNY":
            return unit, 0.2, [f"the amount is in {measured}, not 元: the unit vocabulary has no other currency"]
        return unit, 0.5, [f"measured in {measured} ({unit_word}); the unit vocabulary has no such unit, recorded as {unit}"]
    # Count words. 一 before a measure word is mostly the indefinite article (一个缩影, 一名局班子成员).
    if chinese and num == "一" and not m.group("prefix") and m.group("mult") is None:
        return None
    if unit_word in ("名", "位") and text[max(0, m.start() - 1): m.start()] == "前":
        return None  # 前三名: a band of ranks, not a count
    return "count", (0.7 if chinese else 0.85), hints


def _is_date_or_name(m: re.Match, text: str, names: list[tuple[int, int]]) -> bool:
    num_start = m.start("num")
    if _inside(names, num_start):
        return True
    num_end = m.end("num2") if m.group("num2") else m.end("num")
    after_num = text[num_end: num_end + 2]
    before = text[max(0, m.start() - 1): m.start()]
    if before == "+" or after_num[:1] == "+":
        return True  # 1+6+5, 9+2: names of plans
    if before == "·" or after_num[:1] == "·":
        return True  # 10·15: a date used as a name
    if before.isascii() and before.isalnum() or after_num[:1].isascii() and after_num[:1].isalpha():
        return True  # part of an identifier (PM2.5, G20, 5G)
    if after_num[:1] in ("月", "号", "时", "点", "分", "秒") or after_num.startswith("季度") or after_num.startswith("个季度"):
        return True  # 5月, 1-5月份, 11月29日, 一季度, 前三个季度: dates and periods
    unit = m.group("unit")
    if unit == "个月" and text[max(0, m.start() - 1): m.start()] == "前":
        return True  # 前7个月: a period
    if unit == "年":
        n = _number(m.group("num"))
        if n is not None and 1900 <= n <= 2100 or text[m.end("unit"): m.end("unit") + 1] in ("度", "初", "底"):
            return True  # 2021年, 2019年度
    if text[max(0, m.start() - 1): m.start()] == "每":
        return True  # 每3天: a frequency
    if m.group("unit") and HAS_NUMERAL.match(text, m.end()):
        return True  # 四个50, 三个一批: a count of a named thing is a name
    if not m.group("num")[0].isdigit() and NAMED_SCHEME_AFTER.match(text, m.end()):
        return True  # 千人计划, 百千万工程: a programme named by a round number
    if m.group("mult") and not m.group("unit") and text[m.end(): m.end() + 1] == "级":
        return True  # 百亿级龙头企业: a size class
    return False


def find_figures(text: str) -> list[Figure]:
    """Every figure in the clean text, in reading order."""
    names = _not_figure_spans(text)
    figures = []
    for m in FIGURE.finditer(text):
        num = m.group("num")
        if not num[0].isdigit() and not _well_formed_chinese(num):
            continue
        if m.group("num2") and not m.group("num2")[0].isdigit() and not _well_formed_chinese(m.group("num2")):
            continue
        if _is_date_or_name(m, text, names):
            continue
        if m.group("unit") == "条" and DOCUMENT_AFTER_ARTICLES.match(text, m.end("unit")):
            continue  # 22条意见: the name of a policy document
        read = _unit_of(m, text)
        if read is None:
            continue
        unit, confidence, hints = read
        figures.append(_figure(m, text, unit, confidence, hints))
    return figures


def _figure(m: re.Match, text: str, unit: str, confidence: float, hints: list[str]) -> Figure:
    written_start = m.start("ordinal") if m.group("ordinal") else m.start("percent_word") if m.group("percent_word") else m.start("num")
    written_end = m.end("unit_note") if m.group("unit_note") else max(m.end(g) for g in ("num", "num2", "inner", "mult", "inner2", "unit") if m.group(g))
    written = text[written_start:written_end]
    end = m.end()
    quote_start, quote_end = _quote_for(text, m.start(), end)
    quote = text[quote_start:quote_end]
    offset = written_start - quote_start

    # The value is what the figure means; the build reads value_as_written with parse_written, and where the
    # two differ (300多万元: the build sees no multiplier after 多) the curator is told, as the entry would fail.
    parsed = parse_written(written)
    value = _exact_value(m.group("num"), m.group("mult"))
    read = parsed.number * parsed.multiplier if parsed else None
    if read is None or not values_equal(read, value):
        hints.append(f"'{written}' means {value:g} but the build reads {'no number' if read is None else f'{read:g}'}: "
                     "rewrite value_as_written")
        confidence = min(confidence, 0.3)
    if parsed is not None and not unit_agrees(parsed, unit):
        hints.append(f"the written unit '{parsed.unit_word}' does not fit {unit}")
        confidence = min(confidence, 0.3)
    range_high = None
    if m.group("num2"):
        range_high = _exact_value(m.group("num2"), m.group("mult"))
        hints.append(f"a range {written}: value is the lower bound; note the upper bound ({range_high:g})")
        confidence = min(confidence, 0.6)
    clause_lo, _ = clause_bounds(text, m.start(), end)
    negative = _is_negative(text, clause_lo, m.start(), unit)
    qualifier = _touching_qualifier(quote, offset, written) or m.group("inner") or m.group("inner2")
    word = next((w for w in WORDS_ENDING_IN_A_QUALIFIER if quote[:offset].endswith(w)), None)
    if word and qualifier and word.endswith(qualifier):
        hints.append(f"'{qualifier}' is the end of '{word}', not a qualifier, but the build's qualifier check "
                     "reads it as one: keep it, or quote a clause where the figure does not follow that word")
    after = text[end: end + 1]
    # 20亿元以上单体项目 / 超过300万元的企业 describe a class of things; 1000个以上就业岗位 still counts them.
    if unit != "count" and ((m.group("suffix") == "以上" or m.group("prefix") in ("超过", "超")) and after == "的"
                            or m.group("suffix") == "以上" and CJK_CHAR.match(after)):
        hints.append("reads like a threshold (…以上 + noun / 超过… 的), not an amount: keep only if it is a figure")
        confidence = min(confidence, 0.4)
    if clean.SUSPECT_MOJIBAKE.search(quote) or LEFTOVER_PINYIN.search(quote):
        hints.append("the quote has suspected mojibake: add a correction, re-clean and re-extract")
        confidence = min(confidence, 0.3)
    value = -value if negative else value
    return Figure(m.start(), end, written, written_start, value, unit, qualifier, negative, quote, quote_start,
                  round(confidence, 2), tuple(hints), range_high)


# ---------------------------------------------------------------------------------------------------------
# Guessing what a figure is: indicator, category, period, status, basis
# ---------------------------------------------------------------------------------------------------------

# Category by keyword near the figure; the nearest keyword wins. Ids are those of indicator_categories.csv.
CATEGORY_KEYWORDS = {
    "growth": ("同比增长", "同比", "增速", "增幅", "增长"),
    "problem_resolution": ("问题", "难题", "解决", "办结", "化解", "诉求", "满意"),
    "finance": ("贷款", "融资", "授信", "信贷", "银行", "金融", "白名单"),
    "fiscal_support": ("减税", "降费", "减负", "奖补", "补贴", "奖励", "退税", "减免", "返还", "兑现"),
    "investment_projects": ("投资", "项目"),
    "outreach": ("走访", "宣讲", "干部", "对接", "汇编", "手册", "培训", "服务官", "联系", "专班", "领导"),
    "logistics": ("通行证", "运输", "物流", "物资"),
    "labour": ("用工", "岗位", "招聘", "员工", "工人", "就业", "返岗", "人才", "到岗"),
    "land": ("用地", "土地", "厂房", "用房"),
    "energy": ("用电", "电量", "用气", "能耗"),
    "enterprise_cultivation": ("专精特新", "小巨人", "高新技术", "上市", "规上工业企业", "规模工业企业", "培育", "绿色工厂"),
    "economic_output": ("生产总值", "产值", "营业收入", "销售", "税收", "纳税", "成交"),
    "evaluation": ("排名", "得分", "指数", "评价", "位居", "全省第"),
}
UNIT_CATEGORY = {"rank": "evaluation", "index": "evaluation", "mu": "land", "m2": "land"}
# Words that say the same thing in different reports; the context is rewritten to the registry's wording.
SYNONYMS = {"规模工业": "规上工业", "规模以上工业": "规上工业", "办结": "解决", "化解": "解决", "联企干部": "干部",
            "助企干部": "干部", "增幅": "增速", "同比增长": "增速", "增长": "增速"}
# 目标 alone is left out: 目标导向 ("goal-oriented") is common and says nothing about the figure.
TARGET_WORDS = ("计划", "确保", "力争", "争取", "要求", "拟", "将举办", "将持续", "谋划")
FORECAST_WORDS = ("预计", "可实现", "有望", "预期", "将达到")
GROWTH_WORDS = ("增长", "增速", "增幅", "下降")
PROBLEM_WORDS = ("问题", "难题", "诉求", "困难")
VS_PLAN = re.compile(r"(?:计划|目标)的|计划目标|年度(?:投资)?计划")


@dataclass(frozen=True)
class ReportContext:
    """What the registry (or, failing that, the text) says about when the report's figures are from."""

    year: int
    start: dt.date | None = None  # registry period_start
    end: dt.date | None = None  # registry period_end
    published: dt.date | None = None
    year_hint: str | None = None  # set when the year is a guess

    @property
    def report_date(self) -> dt.date:
        return self.published or self.end or dt.date(self.year, 12, 31)


@dataclass
class Proposal:
    figure: Figure
    indicator: str | None
    indicator_guess: str | None
    category: str | None
    period: dict
    status: str
    basis: str | None
    hints: list[str] = field(default_factory=list)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str) -> int | None:
    n = _number(text)
    return int(n) if n is not None and 1 <= n <= 12 else None


M = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
PERIOD_PATTERNS = [
    ("day_range", re.compile(rf"{M}月(\d{{1,2}})日?(?:至|到|-|—|－)(?:{M}月)?(\d{{1,2}})日")),
    ("month_range", re.compile(rf"{M}(?:-|—|－|至|到|~|～){M}月份?")),
    ("first_months", re.compile(rf"前{M}个?月")),
    ("first_quarters", re.compile(r"前([一二三1-3])(?:个)?季度")),
    ("quarter", re.compile(r"(?:第)?([一二三四1-4])季度")),
    ("half", re.compile(r"([上下])半年")),
    ("until_day", re.compile(rf"截[至止]到?{M}月(\d{{1,2}})日")),
    ("until_month_end", re.compile(rf"截[至止]到?{M}月底")),
    ("day", re.compile(rf"{M}月(\d{{1,2}})日")),
    ("month", re.compile(rf"{M}月份?(?![\d日底中上下初])")),
    ("year", re.compile(r"((?:19|20)\d\d)年")),
    ("last_year", re.compile(r"去年")),
    ("since_last_year", re.compile(r"去年以来")),
    ("this_year", re.compile(r"今年(?:以来)?")),
    ("to_date", re.compile(r"截至目前|截止目前|以来|累计|至今")),
    ("now", re.compile(r"目前|现已|现有|当前")),
]


def _period_from(kind: str, m: re.Match, year: int, ctx: ReportContext) -> dict | None:
    def p(k, s, e):
        # A window that would run backwards (截至5月31日 in a campaign begun in June) starts with its year.
        s = s if s <= e else dt.date(e.year, 1, 1)
        return {"kind": k, "start": s.isoformat(), "end": e.isoformat()}

    g = m.groups()
    if kind == "day_range":
        m1, m2 = _month(g[0]), _month(g[2]) if g[2] else _month(g[0])
        if m1 and m2:
            try:
                return p("range", dt.date(year, m1, int(g[1])), dt.date(year, m2, int(g[3])))
            except ValueError:
                return None
    elif kind == "month_range":
        m1, m2 = _month(g[0]), _month(g[1])
        if m1 and m2 and m1 <= m2:
            return p("ytd" if m1 == 1 else "range", dt.date(year, m1, 1), _month_end(year, m2))
    elif kind == "first_months":
        if (m2 := _month(g[0])):
            return p("ytd", dt.date(year, 1, 1), _month_end(year, m2))
    elif kind == "first_quarters":
        q = int(_number(g[0]))
        return p("ytd", dt.date(year, 1, 1), _month_end(year, 3 * q))
    elif kind == "quarter":
        q = int(_number(g[0]))
        return p("quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    elif kind == "half":
        return p("half_year", dt.date(year, 1, 1), dt.date(year, 6, 30)) if g[0] == "上" else \
            p("half_year", dt.date(year, 7, 1), dt.date(year, 12, 31))
    elif kind == "until_day":
        if (mo := _month(g[0])):
            try:
                return p("campaign_to_date", ctx.start or dt.date(year, 1, 1), dt.date(year, mo, int(g[1])))
            except ValueError:
                return None
    elif kind == "until_month_end":
        if (mo := _month(g[0])):
            return p("ytd", dt.date(year, 1, 1), _month_end(year, mo))
    elif kind == "day":
        if (mo := _month(g[0])):
            try:
                day = dt.date(year, mo, int(g[1]))
            except ValueError:
                return None
            return p("as_of", day, day)
    elif kind == "month":
        if (mo := _month(g[0])):
            return p("month", dt.date(year, mo, 1), _month_end(year, mo))
    elif kind == "year":
        y = int(g[0])
        return p("calendar_year", dt.date(y, 1, 1), dt.date(y, 12, 31))
    elif kind == "last_year":
        return p("calendar_year", dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    elif kind == "since_last_year":
        return p("range", dt.date(year - 1, 1, 1), ctx.report_date)
    elif kind == "this_year":
        return p("ytd", dt.date(year, 1, 1), ctx.report_date)
    elif kind == "to_date":
        return p("campaign_to_date", ctx.start or dt.date(year, 1, 1), ctx.report_date)
    elif kind == "now":
        return p("as_of", ctx.report_date, ctx.report_date)
    return None


def _default_period(ctx: ReportContext) -> dict:
    if ctx.start and ctx.end:
        return {"kind": "campaign_to_date", "start": ctx.start.isoformat(), "end": ctx.end.isoformat()}
    return {"kind": "calendar_year", "start": f"{ctx.year}-01-01", "end": f"{ctx.year}-12-31"}


def guess_period(text: str, fig: Figure, ctx: ReportContext) -> tuple[dict, str | None]:
    """The nearest date expression before the figure in its sentence, else in its paragraph, else the
    report's period. Returns the period and a hint when it comes from further away."""
    sent = sentence_start(text, fig.start)
    para = text.rfind("\n", 0, fig.start) + 1
    # A year written in the same sentence (2021年共安排…) sets the year for month-only dates after it.
    years = re.findall(r"((?:19|20)\d\d)年", text[sent:fig.start])
    year = int(years[-1]) if years else ctx.year
    starts = {para} | {i + 1 for i in range(para, sent) if text[i] in SENTENCE_END}
    for lo, hint in ((sent, None), (para, "period taken from an earlier sentence of the paragraph")):
        window = text[lo:fig.start]
        found = []
        for kind, rx in PERIOD_PATTERNS:
            for m in rx.finditer(window):
                # An earlier sentence sets the period for the ones after it only when it opens with it
                # (1-10月，全市…。工业用电量同比增长6.9%); a date inside it (2019年度…奖) dates that sentence alone.
                if hint and lo + m.start() not in starts:
                    continue
                found.append((m.end(), m.end() - m.start(), kind, m))
        for _, _, kind, m in sorted(found, key=lambda f: (f[0], f[1]), reverse=True):
            period = _period_from(kind, m, year, ctx)
            if period:
                return period, hint
    return _default_period(ctx), "no date near the figure: the report's period is assumed"


def _deadline(text: str, fig: Figure, period: dict) -> str:
    """A target's deadline: 3月底 / 6月底前 in its clause, else the end of the period it was found in."""
    lo, hi = clause_bounds(text, fig.start, fig.end)
    m = re.search(rf"{M}月底", text[lo:hi])
    month = _month(m.group(1)) if m else None
    if month:
        end = _month_end(int(period["start"][:4]), month).isoformat()
        return max(end, period["start"])
    return period["end"]


def _status_and_basis(text: str, fig: Figure) -> tuple[str, str | None]:
    # The statement the figure belongs to: back to the sentence start or a semicolon, without the words
    # that compare an actual with a plan (完成年度投资计划的115.8%).
    lo = max(sentence_start(text, fig.start), text.rfind("；", 0, fig.start) + 1)
    left = VS_PLAN.sub("", text[lo:fig.start])
    clause_lo, clause_hi = clause_bounds(text, fig.start, fig.end)
    clause = text[clause_lo:clause_hi]
    basis = None
    if fig.unit in ("percent", "pp"):
        if VS_PLAN.search(clause):
            basis = "vs_plan"
        elif re.search(r"[比较](?:上年|去年)", clause):
            basis = "vs_last_year"
        elif re.search(r"(?:高于|超出|超过|低于)[^，。；]*平均|平均[^，。；]*(?:高|低)", clause):
            basis = "vs_average"
        elif "同比" in clause:
            basis = "yoy"
    if basis == "vs_plan":
        return "actual", basis
    # A plan stated earlier in the sentence does not cover what it then says already exists (…力争…，目前…14个).
    last_plan = max((left.rfind(w) for w in (*TARGET_WORDS, *FORECAST_WORDS)), default=-1)
    if last_plan >= 0 and re.search(r"目前|现已|截至|已经|累计", left[last_plan:]):
        return "actual", basis
    if any(w in left for w in FORECAST_WORDS) or re.search(r"[达投]产后", left):
        return "forecast", basis
    # 争取资金 is securing funds, not striving for a goal.
    if any(w in re.sub(r"争取[^，。；]{0,6}?(?:资金|资助|支持)", "", left) for w in TARGET_WORDS):
        return "target", basis
    return "actual", basis


def _bigrams(s: str) -> set[str]:
    """Pairs of adjacent Chinese characters, not across a break (的, 或, punctuation)."""
    pairs = set()
    for run in re.split(r"[的或、（）()，。；\s|]", s):
        chars = "".join(CJK_CHAR.findall(run))
        pairs |= {chars[i:i + 2] for i in range(len(chars) - 1)}
    return pairs


def _normalise_words(s: str) -> str:
    for word, same in SYNONYMS.items():
        s = s.replace(word, same)
    return s


# What an indicator name ends with to say "how many" or "how much"; the text says it with the figure instead.
NAME_MEASURE_SUFFIX = re.compile(r"(?:个数|人数|次数|场次|册数|张数|条数|项数|金额|数)$")


def _name_variants(name: str) -> list[str]:
    """收集或交办的企业问题 -> 收集的企业问题, 交办的企业问题: each alternative is matched on its own."""
    name = NAME_MEASURE_SUFFIX.sub("", _normalise_words(name))
    m = re.search(r"([\u3400-\u9fff]{2})或([\u3400-\u9fff]{2})", name)
    if not m:
        return [name]
    return [name.replace(m.group(0), m.group(1)), name.replace(m.group(0), m.group(2))]


def guess_category(text: str, fig: Figure) -> str | None:
    if fig.unit in UNIT_CATEGORY:
        return UNIT_CATEGORY[fig.unit]
    lo, hi = clause_bounds(text, fig.start, fig.end)
    best = None
    for category, words in CATEGORY_KEYWORDS.items():
        if category == "growth" and fig.unit not in ("percent", "pp"):
            continue
        for w in words:
            for m in re.finditer(re.escape(w), text[lo:hi]):
                pos = lo + m.start()
                distance = fig.start - (pos + len(w)) if pos < fig.start else pos - fig.end
                if best is None or distance < best[0]:
                    best = (max(distance, 0), category)
    return best[1] if best else None


# Keyword rules for the shared indicators (registries/indicators/common.csv): (indicator, unit, measure words
# the figure must be written with or None, word groups). Every group must occur in the sentence up to the end
# of the figure's clause; the rule whose words stand nearest the figure wins, words outside the figure's own
# clause counting as far away. A rule whose indicator is not in the registry is ignored.
INDICATOR_RULES = [
    ("problems_collected", "count", None, [("收集", "交办", "梳理", "受理", "征集", "排查"), PROBLEM_WORDS]),
    ("problems_resolved", "count", None, [("解决", "办结", "化解"), PROBLEM_WORDS]),
    ("problems_pending", "count", None, [("正在", "推进中", "办理中"), PROBLEM_WORDS]),
    ("cadres_dispatched", "count", ("名", "位"), [("干部", "领导", "服务官", "专员")]),
    ("enterprises_covered", "count", ("家", "户"), [("企业",)]),
    ("enterprise_visits", "count", ("次", "家次"), [("走访",)]),
    ("policy_briefings_held", "count", ("场", "次"), [("宣讲", "培训")]),
    ("policy_handbooks_distributed", "count", ("册", "本", "份"), [("汇编", "手册", "口袋书", "宣传册")]),
    ("matchmaking_events_held", "count", ("场",), [("对接",)]),
    ("key_projects", "count", ("个", "项"), [("项目",)]),
    ("specialised_sme_count", "count", ("家",), [("专精特新", "小巨人")]),
    ("high_tech_enterprises", "count", ("家",), [("高新技术企业",)]),
    ("new_above_size_enterprises", "count", ("家",), [("新增",), ("规上", "规模")]),
    ("tax_fee_relief", "CNY", None, [("减负", "减税", "降费", "减费")]),
    ("subsidies_awarded", "CNY", None, [("奖励", "奖补", "补贴", "补助", "兑现", "返还")]),
    ("new_loans", "CNY", None, [("新增贷款",)]),
    ("gdp", "CNY", None, [("生产总值",)]),
    ("industrial_investment", "CNY", None, [("工业性投资", "工业投资")]),
    ("manufacturing_investment", "CNY", None, [("制造业投资",)]),
    ("key_projects_total_investment", "CNY", None, [("总投资",), ("项目",)]),
    ("problem_resolution_rate", "percent", None, [("办结率", "解决率", "化解率", "解决")]),
    ("enterprise_satisfaction_rate", "percent", None, [("满意",)]),
    ("industrial_value_added_growth", "percent", None, [("工业增加值",), GROWTH_WORDS]),
    ("industrial_investment_growth", "percent", None, [("工业性投资", "工业投资", "工业固定资产投资"), GROWTH_WORDS]),
    ("manufacturing_investment_growth", "percent", None, [("制造业投资",), GROWTH_WORDS]),
    ("fixed_asset_investment_growth", "percent", None, [("固定资产投资",), GROWTH_WORDS]),
    ("industrial_output_growth", "percent", None, [("产值",), GROWTH_WORDS]),
    ("profit_growth", "percent", None, [("利润",), GROWTH_WORDS]),
    ("gdp_growth", "percent", None, [("生产总值",), GROWTH_WORDS]),
    ("new_loans_growth", "percent", None, [("贷款",), GROWTH_WORDS]),
    ("industrial_electricity_growth", "percent", None, [("用电",), GROWTH_WORDS]),
]
OUTSIDE_OWN_CLAUSE = 20  # characters of distance added to a word found in an earlier clause of the sentence


def _rule_indicator(text: str, fig: Figure, known: set[str]) -> tuple[str | None, int]:
    """(indicator, distance) of the nearest matching keyword rule, or (None, 0)."""
    own_lo, own_hi = clause_bounds(text, fig.start, fig.end)
    sent = sentence_start(text, fig.start)
    # 3000余家（次）counts visits: a measure word in brackets refines the one before it.
    note = re.search(r"（(.+)）$", fig.written)
    unit_word = note.group(1) if note else fig.written
    best = None
    for indicator, unit, measure_words, groups in INDICATOR_RULES:
        if indicator not in known or unit != fig.unit:
            continue
        if measure_words and not any(unit_word.endswith(w) for w in measure_words):
            continue
        distances = []
        for words in groups:
            nearest = None
            for w in words:
                for m in re.finditer(re.escape(w), text[sent:own_hi]):
                    lo, hi = sent + m.start(), sent + m.end()
                    d = fig.start - hi if hi <= fig.start else lo - fig.end if lo >= fig.end else 0
                    d = max(d, 0) + (OUTSIDE_OWN_CLAUSE if lo < own_lo else 0)
                    key = (d, -len(w))
                    nearest = key if nearest is None or key < nearest else nearest
            if nearest is None:
                break
            distances.append(nearest)
        else:
            key = (max(distances), indicator)
            best = key if best is None or key < best else best
    return (best[1], best[0][0]) if best else (None, 0)


def guess_indicator(text: str, fig: Figure, indicators: list[dict]) -> tuple[str | None, float]:
    """The registry indicator of the figure's unit whose Chinese name shares most of its character pairs with
    the words around the figure. Pairs in the figure's own clause count fully, pairs in the clause before it
    (kept in the quote for context) half, so 共收集问题2875个，办结2867个 reads 2867 as resolved."""
    own_lo, own_hi = clause_bounds(text, fig.start, fig.end)
    weights: dict[str, float] = {}
    for lo, hi, weight in ((fig.quote_start, own_lo, 0.5), (own_lo, fig.start, 1.0), (fig.end, own_hi, 1.0)):
        for pair in _bigrams(_normalise_words(text[lo:hi])):
            weights[pair] = max(weights.get(pair, 0.0), weight)
    best, best_score = None, 0.0
    for row in indicators:
        if row.get("unit") != fig.unit:
            continue
        for variant in _name_variants(row.get("name_zh", "")):
            pairs = _bigrams(variant)
            if not pairs:
                continue
            score = sum(weights.get(p, 0.0) for p in pairs) / len(pairs)
            if score > best_score:
                best, best_score = row["id"], score
    return (best, best_score) if best_score >= 0.5 else (None, best_score)


STRONG_NAME_MATCH = 0.85  # share of an indicator name's character pairs found around the figure


def choose_indicator(text: str, fig: Figure, indicators: list[dict]) -> str | None:
    """A strong name match first (a specific indicator), then the keyword rules, then a weaker name match."""
    measured = next((w for w in OTHER_UNIT_WORDS if fig.written.endswith(w)), None)
    if measured:
        # A duration (24小时, 一周) fits only an indicator that is one (…用时, …时长（小时）).
        indicators = [r for r in indicators if re.search(r"用时|时长|天数|小时|周|年", r.get("name_zh", ""))]
    by_name, score = guess_indicator(text, fig, indicators)
    if by_name and score >= STRONG_NAME_MATCH:
        return by_name
    by_rule, _ = _rule_indicator(text, fig, {r["id"] for r in indicators})
    return by_rule or by_name


def _indicator_name_guess(text: str, fig: Figure) -> str:
    """Words around the figure, as a first name for a new indicator (the curator rewrites it)."""
    lo, hi = clause_bounds(text, fig.start, fig.end)
    left = "".join(CJK_CHAR.findall(text[lo:fig.written_start]))[-8:]
    right = "".join(CJK_CHAR.findall(re.split(r"[、（]", text[fig.written_start + len(fig.written):hi])[0]))[:6]
    return f"{left}…{right}" if left and right else left or right or fig.written


def propose(text: str, ctx: ReportContext, indicators: list[dict], categories: set[str] | None = None) -> list[Proposal]:
    """Every figure of the clean text with a guessed indicator (or a new-indicator guess and category), period,
    status and basis. ``categories`` (ids of indicator_categories.csv) keeps category guesses to known ids."""
    by_id = {r["id"]: r for r in indicators}
    proposals = []
    for fig in find_figures(text):
        indicator = choose_indicator(text, fig, indicators)
        category = by_id[indicator]["category"] if indicator else guess_category(text, fig)
        if categories is not None and category not in categories:
            category = None
        period, period_hint = guess_period(text, fig, ctx)
        status, basis = _status_and_basis(text, fig)
        if status == "target":
            period = {**period, "kind": "target", "end": _deadline(text, fig, period)}
        hints = list(fig.hints)
        if period_hint:
            hints.append(period_hint)
        proposals.append(Proposal(fig, indicator, None if indicator else _indicator_name_guess(text, fig), category,
                                  period, status, basis, hints))
    return proposals


# ---------------------------------------------------------------------------------------------------------
# Cleaning, context and the draft file
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Cleaned:
    text: str
    source_id: str | None  # the registry id when the raw file is registered
    record: dict | None
    mojibake: list[tuple[int, list[str]]]  # (raw line, snippets) still suspect after the registered corrections


def _registered_source(raw: bytes) -> Source | None:
    """The registry entry (with its corrections) whose sha256 is this raw file's, or None."""
    sources, _ = load_sources()
    digest = clean.sha256_of(raw)
    return next((s for s in sources if s.record.get("sha256") == digest), None)


def _looks_traditional(text: str) -> bool:
    cjk = CJK_CHAR.findall(text)
    simplified = clean.to_simplified("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, simplified))
    return bool(cjk) and changed / len(cjk) >= 0.05


def clean_raw(raw: bytes, script: str = "auto") -> Cleaned:
    """The build's cleaning for a registered raw file; for an unregistered one the same steps without
    corrections or chrome rules, with the suspected mojibake left in place and listed."""
    text = raw.decode("utf-8")
    source = _registered_source(raw)
    chrome: dict = {}
    traditional = script == "traditional" or script == "auto" and _looks_traditional(clean.strip_pinyin(text))
    if source is not None:
        text, _ = clean.apply_corrections(text, source.corrections, "corrections.yaml")
        chrome = source.record.get("chrome") or {}
        traditional = source.record.get("script") == "traditional"
    spots: dict[int, list[str]] = {}
    for line, snippet in clean.leftover_mojibake(text):
        if snippet not in spots.setdefault(line, []):
            spots[line].append(snippet)
    text = clean.strip_pinyin(text)
    if traditional:
        text = clean.to_simplified(text)
    text = clean.normalise_whitespace(clean.normalise_punctuation(text))
    text = clean.remove_chrome(text, chrome)
    return Cleaned(text, source.id if source else None, dict(source.record) if source else None, sorted(spots.items()))


def report_context(text: str, record: dict | None = None) -> ReportContext:
    """The registry's period and date when there is an entry; otherwise the year the text names most often."""
    if record:
        start, end, published = parse_date(record.get("period_start")), parse_date(record.get("period_end")), parse_date(record.get("published"))
        year = (end or start or published or dt.date.today()).year
        return ReportContext(year, start, end, published)
    # A year that names a period (2021年) is better evidence than one that names an award (2019年度).
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年(?!度)", text)) or \
        Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年", text))
    if years:
        year = max(years, key=lambda y: (years[y], y))
        return ReportContext(year, year_hint=f"the year {year} is the one the text names most often: check it")
    year = dt.date.today().year
    return ReportContext(year, year_hint=f"the text names no year; {year} is only a placeholder")


def load_indicators(registries: Path | None = None, exclude: tuple[str, ...] = ()) -> tuple[list[dict], set[str]]:
    """Indicator rows (every registries/indicators/*.csv except ``exclude`` stems) and category ids."""
    reg = Path(registries or paths.REGISTRIES)
    rows: list[dict] = []
    for path in sorted((reg / "indicators").glob("*.csv")):
        if path.stem not in exclude:
            rows += read_csv(path, str(path), ["id", "name_zh", "unit"])[0]
    categories = {r["id"] for r in read_csv(reg / "indicator_categories.csv", "indicator_categories.csv", ["id"])[0]}
    return rows, categories


def _scalar(value) -> str:
    """One YAML scalar on one line, quoted only when plain YAML would read it as something else."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("\n...").removesuffix("...").strip()


def draft_yaml(source_id: str, proposals: list[Proposal], *, origin: str, warnings: list[str] = (),
               plan_names: list[str] = ()) -> str:
    out = [
        f"# Draft made by python -m pipelines.curation.extract from {origin}. The build refuses it until every entry",
        "# is reviewed: fix indicator (replace indicator_guess/category_guess with a registry id), period,",
        "# status and scope, then set review: reviewed or delete the entry; finally delete draft: true.",
    ]
    out += [f"# WARNING: {w}" for w in warnings]
    out += ["draft: true", f"source: {_scalar(source_id)}", "facts:"]
    seen_keys: dict[tuple, str] = {}
    for i, p in enumerate(proposals, 1):
        f = p.figure
        fid = f"{source_id}-{i:03d}"
        hints = list(p.hints)
        key = (p.indicator or p.indicator_guess, p.period["kind"], p.period["start"], p.period["end"])
        if p.indicator and key in seen_keys:
            hints.append(f"same indicator and period as {seen_keys[key]}: give one a scope, or delete one")
        seen_keys.setdefault(key, fid)
        out.append(f"  - id: {fid}")
        out += [f"    # hint: {h}" for h in hints]
        out.append("    review: pending")
        out.append(f"    confidence: {f.confidence}")
        out.append(f"    indicator: {_scalar(p.indicator)}")
        if p.indicator is None:
            out.append(f"    indicator_guess: {_scalar(p.indicator_guess)}")
            out.append(f"    category_guess: {_scalar(p.category)}")
        period = p.period
        out.append(f"    period: {{kind: {period['kind']}, start: '{period['start']}', end: '{period['end']}'}}")
        out.append(f"    value_as_written: {_scalar(f.written)}")
        out.append(f"    value: {_scalar(f.value)}")
        out.append(f"    unit: {f.unit}")
        out.append(f"    status: {p.status}")
        if p.basis:
            out.append(f"    basis: {p.basis}")
        if f.qualifier:
            out.append(f"    qualifier: {_scalar(f.qualifier)}")
        if f.negative:
            out.append("    negative: true")
        out.append(f"    quote: {_scalar(f.quote)}")
        if f.range_high is not None:
            out.append(f"    note_en: {_scalar(f'Written as a range ({f.written}); value is the lower bound, the upper is {f.range_high:g}.')}")
    if not proposals:
        out[-1] = "facts: []"
    if plan_names:
        out.append("# Names that look like numbers (not facts; candidates for instruments):")
        out += [f"#   {n}" for n in plan_names]
    out.append("instruments: []")
    return "\n".join(out) + "\n"


@dataclass
class Draft:
    yaml: str  # the draft file
    warnings: list[str]  # for the curator: damage to repair, registries to complete
    proposals: list[Proposal]


def extract(raw: bytes, locality: str, *, source_id: str | None = None, script: str = "auto",
            origin: str = "raw file") -> Draft:
    cleaned = clean_raw(raw, script)
    warnings = []
    for line, snippets in cleaned.mojibake:
        warnings.append(f"suspected mojibake at raw line {line}: {' | '.join(repr(s) for s in snippets)} "
                        "-> add a reviewed entry to data/sources/corrections.yaml (damaged text as in the raw file)")
    sid = source_id or cleaned.source_id or locality
    localities = {r["id"] for r in read_csv(paths.REGISTRIES / "localities.csv", "localities.csv", ["id"])[0]}
    if locality not in localities:
        warnings.append(f"locality '{locality}' is not in data/registries/localities.csv: add it (see README, Add a locality)")
    if cleaned.source_id is None:
        warnings.append(f"the raw file is not in data/sources/registry.yaml: register it as '{sid}' and run make clean-text, "
                        "or quotes may not match data/sources/clean/")
    elif cleaned.record.get("locality") != locality:
        warnings.append(f"the registry says this report is about '{cleaned.record.get('locality')}', not '{locality}'")
    indicators, categories = load_indicators()
    ctx = report_context(cleaned.text, cleaned.record)
    if ctx.year_hint:
        warnings.append(ctx.year_hint)
    proposals = propose(cleaned.text, ctx, indicators, categories)
    text = draft_yaml(sid, proposals, origin=origin, warnings=warnings, plan_names=names_that_look_like_numbers(cleaned.text))
    return Draft(text, warnings, proposals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.curation.extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw_file", type=Path, help="a raw report (UTF-8 text)")
    parser.add_argument("--locality", required=True, help="locality id (data/registries/localities.csv)")
    parser.add_argument("--out", type=Path, required=True, help="draft YAML to write")
    parser.add_argument("--source", help="source id for the draft (default: the registry's id, else the locality)")
    parser.add_argument("--script", choices=["auto", "traditional", "simplified"], default="auto",
                        help="script of an unregistered report (default: detected)")
    args = parser.parse_args(argv)
    try:
        raw = args.raw_file.read_bytes()
        raw.decode("utf-8")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"error: {args.raw_file} is not UTF-8 ({exc.reason} at byte {exc.start})", file=sys.stderr)
        return 2
    draft = extract(raw, args.locality, source_id=args.source, script=args.script,
                    origin=paths.display_path(args.raw_file))
    for w in draft.warnings:
        print(f"warning: {w}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(draft.yaml, encoding="utf-8")
    print(f"wrote {paths.display_path(args.out)}: {len(draft.proposals)} draft facts to review")
    return 0


if __name__ == "__main__":
    sys.exit(main())
