"""Finding figures in report text: ``find_figures`` reads every figure of a clean text with its value, unit,
qualifier, sign and quote. Arabic and Chinese numerals, ranges, 万/亿 multipliers, unit words, qualifiers and
ordinals (第8位) are figures; dates, periods, names of plans ("1+6+5", “三个一批”, 《…十项措施》) and the
indefinite article 一 (一个缩影) are not.

Numbers are read with ``pipelines.numbers`` (the build's reader), so that a reviewed entry passes the build's
value check; where the build would read a figure differently the figure carries a hint.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat

from pipelines import numbers
from pipelines.numbers import MULTIPLIERS, QUALIFIERS, chinese_to_number, parse_written, qualifier_touching, unit_agrees, values_equal
from pipelines.sources import clean

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+"
CHINESE_DIGIT_CHARS = set("零〇一二两三四五六七八九")
# Written unit word -> unit of the vocabulary (numbers.UNITS): the build's own list, less the words it allows
# no unit for (小时).
VOCAB_UNIT_WORDS = {word: unit for word, unit in numbers.UNIT_WORDS if unit is not None}
# Measure words of counted things (家 企业, 名 干部, 场 活动 …): unit count.
COUNT_WORDS = ["人次", "家次", "户次", "家", "名", "个", "张", "场", "册", "本", "项", "次", "户", "人", "件", "套", "位", "条",
               "批", "辆", "台", "座", "所", "处", "支", "份", "笔", "间", "栋", "种", "款", "宗", "例", "篇", "部", "只", "头",
               "株", "棵", "届", "轮"]
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
    (?P<mult>{'|'.join(sorted(MULTIPLIERS, key=len, reverse=True))})?
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
CLAUSE_BREAK = re.compile(f"[{CLAUSE_END}]")
# How far from a figure the words about it are looked for. The longest clause of the curated reports has 74
# characters, the longest sentence 265, the longest paragraph 447; a longer one (a pasted text without
# punctuation) is cut at these distances, so that each figure costs the same whatever the length of the text
# and a 2 MB report is read in time proportional to its length.
MAX_CLAUSE = 120  # on each side of the figure; a quote cut here says so in a hint
MAX_SENTENCE = 1_000
MAX_PARAGRAPH = 2_000
# Characters a quote never holds: C0 controls (line feed and tab aside), DEL, C1 controls, the Arabic letter
# mark, zero-width characters and directional marks, line and paragraph separators, bidi embeddings, overrides
# and isolates (U+202A–202E, U+2066–2069), invisible operators and the BOM. The build's cleaning keeps them, so
# a quote with one removed would not be found in the clean text: the quote stops at them instead, and the
# draft says where they are.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
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
    """Names, titles and numeric dates/times (2022-08-12 10:23): nothing inside them is a figure. Returned
    merged, in order and without overlaps, for :func:`_inside`."""
    spans = sorted((m.start(), m.end()) for rx in (NAME_SPAN, ISO_LIKE_DATE) for m in rx.finditer(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def names_that_look_like_numbers(text: str) -> list[str]:
    """Quoted names and titles with a numeral in them: candidates for ``instruments``, never facts."""
    seen: dict[str, None] = {}
    for m in NAME_SPAN.finditer(text):
        if HAS_NUMERAL.search(m.group(0)[1:-1]):
            seen.setdefault(m.group(0))
    return list(seen)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` is inside one of the merged, ordered ``spans`` (a binary search)."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and pos < spans[i][1]


def _well_formed_chinese(numeral: str) -> bool:
    """三五 / 七八 (an approximate range) and 三一 (a company name) are not one number. Digits side by side are
    looked for first: a long run of them would make ``chinese_to_number`` multiply ever longer integers."""
    if any(a in CHINESE_DIGIT_CHARS and b in CHINESE_DIGIT_CHARS and a not in "零〇" for a, b in zip(numeral, numeral[1:])):
        return False
    return chinese_to_number(numeral) is not None


def numeral_value(numeral: str) -> float | None:
    """An Arabic or Chinese numeral (2021, 1,200, 十二) as the build reads it."""
    written = parse_written(numeral)
    return None if written is None else written.number


def _exact_value(num: str, mult: str | None) -> float | None:
    """The number times its multiplier, read by the build's reader and multiplied in decimal arithmetic:
    540.31亿 is 54031000000, not 54030999999.99999."""
    written = parse_written(num + (mult or ""))
    if written is None:
        return None
    return float(Decimal(repr(written.number)) * Decimal(int(written.multiplier)))


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from after the clause end before it to the one after it, at most
    ``MAX_CLAUSE`` characters either side. Each search looks only that far, so a text without punctuation
    does not make every figure scan it to its ends."""
    floor, ceiling = max(0, start - MAX_CLAUSE), min(len(text), end + MAX_CLAUSE)
    lo = max(max(map(text.rfind, CLAUSE_END, repeat(floor), repeat(start))) + 1, floor)
    after = CLAUSE_BREAK.search(text, end, ceiling)
    return lo, after.start() if after else ceiling


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts, looking back at most ``MAX_SENTENCE`` characters."""
    floor = max(0, pos - MAX_SENTENCE)
    return max(max(map(text.rfind, SENTENCE_END, repeat(floor), repeat(pos))) + 1, floor)


def clause_cut(text: str, lo: int, hi: int) -> bool:
    """Whether the clause ``text[lo:hi]`` (from :func:`clause_bounds`) was cut at ``MAX_CLAUSE``."""
    return lo > 0 and text[lo - 1] not in CLAUSE_END or hi < len(text) and text[hi] not in CLAUSE_END


def _quote_for(text: str, start: int, end: int) -> tuple[int, int, list[str]]:
    """The clause around the figure; with the clause before it (same sentence) when the clause alone says
    too little (同比增长24.6% / 已解决179个 / 居全省第8位). A quote stops at a hidden character (``HIDDEN``)
    and at ``MAX_CLAUSE`` characters from the figure; the hints say so."""
    lo, hi = clause_bounds(text, start, end)
    context = len(CJK_CHAR.findall(text[lo:start] + text[end:hi]))
    if context < 6 and lo > 0 and text[lo - 1] in "，；：":
        prev_lo, _ = clause_bounds(text, lo - 1, lo - 1)
        lo = prev_lo
    hints = []
    if clause_cut(text, lo, hi):
        hints.append(f"the clause is longer than {MAX_CLAUSE} characters on a side of the figure: the quote is cut there")
    hidden = [m.start() for m in HIDDEN.finditer(text, lo, hi)]
    if hidden:
        lo = max([lo] + [i + 1 for i in hidden if i < start])
        hi = min([hi] + [i for i in hidden if i >= end])
        while lo < start and text[lo] in CLAUSE_END:  # a quote starts with words, not with the comma after a cut
            lo += 1
        names = ", ".join(dict.fromkeys(f"U+{ord(text[i]):04X}" for i in hidden))
        hints.append(f"the clause holds {len(hidden)} hidden character{'s' if len(hidden) > 1 else ''} (control or "
                     f"direction: {names}), kept out of the quote, which stops at them; the clean text still holds "
                     "them: if they are damage, add a reviewed correction and re-extract")
    # A clause that begins or ends a quotation keeps the words, not an unpaired quotation mark.
    while lo < start and text[lo] in "“\"" and text.find("”", lo, hi) < 0:
        lo += 1
    while hi > end and text[hi - 1] in "”\"" and text.rfind("“", lo, hi) < 0:
        hi -= 1
    return lo, hi, hints


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
        n = numeral_value(m.group("num"))
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


def find_figures(text: str, limit: int | None = None) -> list[Figure]:
    """Every figure in the clean text (the first ``limit`` of them), in reading order."""
    return list(iter_figures(text, limit))


def iter_figures(text: str, limit: int | None = None) -> Iterator[Figure]:
    """:func:`find_figures` one figure at a time."""
    names = _not_figure_spans(text)
    found = 0
    for m in FIGURE.finditer(text):
        if found == limit:
            break
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
        found += 1
        yield _figure(m, text, unit, confidence, hints)


def _figure(m: re.Match, text: str, unit: str, confidence: float, hints: list[str]) -> Figure:
    written_start = m.start("ordinal") if m.group("ordinal") else m.start("percent_word") if m.group("percent_word") else m.start("num")
    written_end = m.end("unit_note") if m.group("unit_note") else \
        max(m.end(g) for g in ("num", "num2", "inner", "mult", "inner2", "unit") if m.group(g))
    written = text[written_start:written_end]
    end = m.end()
    quote_start, quote_end, quote_hints = _quote_for(text, m.start(), end)
    hints += quote_hints
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
