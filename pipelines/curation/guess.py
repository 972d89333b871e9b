"""Guessing what a figure is: ``propose`` gives every figure of a clean text a registry indicator (by name
similarity or keyword rules) or a new-indicator guess with a category, a period (``periods``), a status
(actual, target, forecast) and a basis (yoy, vs_plan…)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines import paths
from pipelines.curation.figures import CJK_CHAR, OTHER_UNIT_WORDS, Figure, clause_bounds, iter_figures, sentence_start
from pipelines.curation.periods import ReportContext, deadline, guess_period
from pipelines.files.csv_table import read_csv

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


def _status_and_basis(text: str, fig: Figure) -> tuple[str, str | None]:
    # The statement the figure belongs to: back to the sentence start or a semicolon, without the words
    # that compare an actual with a plan (完成年度投资计划的115.8%).
    sent = sentence_start(text, fig.start)
    lo = max(sent, text.rfind("；", sent, fig.start) + 1)
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


@lru_cache(maxsize=4096)
def _name_pairs(name: str) -> tuple[frozenset[str], ...]:
    """The character pairs of each variant of an indicator name (those with any), worked out once a name."""
    return tuple(frozenset(pairs) for pairs in map(_bigrams, _name_variants(name)) if pairs)


def _occurrences(s: str, word: str):
    """Where ``word`` occurs in ``s``, left to right, without overlapping (as ``re.finditer`` finds it)."""
    i = s.find(word)
    while i >= 0:
        yield i
        i = s.find(word, i + len(word))


def guess_category(text: str, fig: Figure) -> str | None:
    if fig.unit in UNIT_CATEGORY:
        return UNIT_CATEGORY[fig.unit]
    lo, hi = clause_bounds(text, fig.start, fig.end)
    clause = text[lo:hi]
    best = None
    for category, words in CATEGORY_KEYWORDS.items():
        if category == "growth" and fig.unit not in ("percent", "pp"):
            continue
        for w in words:
            for at in _occurrences(clause, w):
                pos = lo + at
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
    window = text[sent:own_hi]
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
                for at in _occurrences(window, w):
                    lo, hi = sent + at, sent + at + len(w)
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
    around = frozenset(weights)
    best, best_score = None, 0.0
    for row in indicators:
        if row.get("unit") != fig.unit:
            continue
        for pairs in _name_pairs(row.get("name_zh", "")):
            shared = pairs & around  # a name sharing no pair scores 0 and cannot win
            if not shared:
                continue
            # Weights are 0.5 and 1.0, so the sum is exact in any order.
            score = sum(map(weights.__getitem__, shared)) / len(pairs)
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


def propose(text: str, ctx: ReportContext, indicators: list[dict], categories: set[str] | None = None,
            limit: int | None = None, progress: Callable[[float], None] | None = None) -> list[Proposal]:
    """Every figure of the clean text (the first ``limit`` of them) with a guessed indicator (or a new-indicator
    guess and category), period, status and basis. ``categories`` (ids of indicator_categories.csv) keeps
    category guesses to known ids. ``progress`` is called with the share of the text read after each figure."""
    by_id = {r["id"]: r for r in indicators}
    proposals = []
    for fig in iter_figures(text, limit):
        if progress is not None:
            progress(fig.end / len(text))
        indicator = choose_indicator(text, fig, indicators)
        category = by_id[indicator]["category"] if indicator else guess_category(text, fig)
        if categories is not None and category not in categories:
            category = None
        period, period_hint = guess_period(text, fig, ctx)
        status, basis = _status_and_basis(text, fig)
        if status == "target":
            period = {**period, "kind": "target", "end": deadline(text, fig, period)}
        hints = list(fig.hints)
        if period_hint:
            hints.append(period_hint)
        proposals.append(Proposal(fig, indicator, None if indicator else _indicator_name_guess(text, fig), category,
                                  period, status, basis, hints))
    return proposals


def load_indicators(registries: Path | None = None, exclude: tuple[str, ...] = ()) -> tuple[list[dict], set[str]]:
    """Indicator rows (every registries/indicators/*.csv except ``exclude`` stems) and category ids."""
    reg = Path(registries or paths.REGISTRIES)
    rows: list[dict] = []
    for path in sorted((reg / "indicators").glob("*.csv")):
        if path.stem not in exclude:
            rows += read_csv(path, str(path), ["id", "name_zh", "unit"])[0]
    categories = {r["id"] for r in read_csv(reg / "indicator_categories.csv", "indicator_categories.csv", ["id"])[0]}
    return rows, categories
