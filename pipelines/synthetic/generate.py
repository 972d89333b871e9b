"""``zhuqi synthetic``: a national-scale dataset for benchmarks, in the project's own formats.

Deterministic (fixed seed): the same arguments always write the same bytes. Defaults: 2,844 county-level
localities in 31 provinces, 50 indicators, 12 periods (the year-to-date months of 2023) — 1,706,400 facts,
each with a source report and a verbatim quote, so ``zhuqi build --data <out>`` times the real
build path: sha256 and cleaning of every raw report, the quote and number checks, the DuckDB write.

Everything it writes is labelled synthetic (合成省01, Synthetic county 0001) so it can never be mistaken for
the curated dataset; it goes to a git-ignored folder (default ``data/build/synthetic``).

Layout written (the same as ``data/``):
  registries/*.csv, registries/indicators/*.csv   copied from data/registries, plus synthetic places
  sources/registry.yaml, corrections.yaml, raw/, clean/   one report per locality
  curated/<province>.facts.csv                    one row per fact (the CSV form of curated facts)
  curated/<province>.instruments.csv              three named measures per locality
"""
from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import random
import shutil
import sys
import time
from pathlib import Path

from pipelines import paths
from pipelines.facts.table import FACT_CSV_COLUMNS, INSTRUMENT_CSV_COLUMNS
from pipelines.sources.clean import clean_text

SEED = 20261122
DEFAULT_OUT = paths.BUILD_DIR / "synthetic"
YEAR = 2023
# 31 common indicators and 19 locality ones, chosen so every unit the build knows appears.
EXTRA_INDICATORS = [
    "problem_resolution_days", "subsidy_recipient_enterprises", "industrial_value_added", "gdp_growth_rank",
    "fiscal_revenue", "fiscal_revenue_growth", "retail_sales_growth", "industrial_electricity",
    "energy_saving_tonnes", "land_supplied_mu", "factory_floor_area", "investment_growth_pp",
    "industrial_value_added_rank", "business_environment_index", "export_growth", "new_enterprises",
    "loan_balance", "financing_amount", "employment_new",
]
INSTRUMENT_CATEGORY_CYCLE = ["policy_package", "finance", "problem_handling"]


def _copy_registries(out: Path) -> list[dict]:
    """Programs and categories are the real ones; indicators are the real ones plus any synthetic extras.
    Returns the 50 indicators facts are generated for."""
    reg = out / "registries"
    (reg / "indicators").mkdir(parents=True, exist_ok=True)
    for name in ("programs", "indicator_categories", "instrument_categories"):
        shutil.copyfile(paths.REGISTRIES / f"{name}.csv", reg / f"{name}.csv")
    with (paths.REGISTRIES / "comparison_groups.csv").open(encoding="utf-8", newline="") as fh:
        groups = list(csv.DictReader(fh))
    known: dict[str, dict] = {}
    for path in sorted((paths.REGISTRIES / "indicators").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                known.setdefault(row["id"], row)
    common = [r for r in known.values() if r["id"] in _ids(paths.REGISTRIES / "indicators" / "common.csv")]
    extras = [_extra_indicator(i, known) for i in EXTRA_INDICATORS]
    chosen = (common + extras)[:50]
    with (reg / "indicators" / "common.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "name_zh", "name_en", "category", "unit", "comparison_group"],
                           lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(chosen)
    # A synthetic indicator is a comparison group of its own.
    known_groups = {g["id"] for g in groups}
    groups += [{"id": r["comparison_group"], "name_zh": r["name_zh"], "name_en": r["name_en"],
                "description_en": "Synthetic benchmark indicator."} for r in chosen if r["comparison_group"] not in known_groups]
    with (reg / "comparison_groups.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "name_zh", "name_en", "description_en"], lineterminator="\n")
        w.writeheader()
        w.writerows(groups)
    return chosen


def _ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["id"] for r in csv.DictReader(fh)}


# Synthetic indicators for units the common registry lacks: (name_zh, name_en, category, unit).
_EXTRA_DEFS = {
    "problem_resolution_days": ("解决企业问题用时", "Days taken to resolve an enterprise problem", "problem_resolution", "days"),
    "subsidy_recipient_enterprises": ("获得奖补资金的企业数", "Enterprises receiving subsidies", "fiscal_support", "count"),
    "industrial_value_added": ("规上工业增加值", "Industrial value added", "economic_output", "CNY"),
    "gdp_growth_rank": ("地区生产总值增速排名", "GDP growth rank", "growth", "rank"),
    "fiscal_revenue": ("一般公共预算收入", "General public budget revenue", "economic_output", "CNY"),
    "fiscal_revenue_growth": ("一般公共预算收入增速", "Budget revenue growth", "growth", "percent"),
    "retail_sales_growth": ("社会消费品零售总额增速", "Retail sales growth", "growth", "percent"),
    "industrial_electricity": ("工业用电量", "Industrial electricity consumption", "economic_output", "count"),
    "energy_saving_tonnes": ("节约标准煤", "Standard coal saved", "economic_output", "tonnes"),
    "land_supplied_mu": ("供应工业用地", "Industrial land supplied", "investment_projects", "mu"),
    "factory_floor_area": ("新建标准厂房面积", "New standard factory floor area", "investment_projects", "m2"),
    "investment_growth_pp": ("投资增速高于全省", "Investment growth above the province", "growth", "pp"),
    "industrial_value_added_rank": ("规上工业增加值增速排名", "Industrial value added growth rank", "growth", "rank"),
    "business_environment_index": ("营商环境评价得分", "Business environment score", "outreach", "index"),
    "export_growth": ("出口总额增速", "Export growth", "growth", "percent"),
    "new_enterprises": ("新登记企业数", "Newly registered enterprises", "enterprise_cultivation", "count"),
    "loan_balance": ("贷款余额", "Loan balance", "finance", "CNY"),
    "financing_amount": ("银企对接融资额", "Financing from bank-firm matchmaking", "finance", "CNY"),
    "employment_new": ("城镇新增就业人数", "New urban jobs", "outreach", "count"),
}


def _extra_indicator(indicator_id: str, known: dict[str, dict]) -> dict:
    name_zh, name_en, category, unit = _EXTRA_DEFS[indicator_id]
    # A real indicator of the same id keeps its real definition (and its unit).
    return known.get(indicator_id) or {"id": indicator_id, "name_zh": f"{name_zh}（合成）",
                                       "name_en": f"{name_en} (synthetic)", "category": category, "unit": unit,
                                       "comparison_group": indicator_id}


def _month_label(month: int) -> str:
    return f"{YEAR}年1月" if month == 1 else f"{YEAR}年1-{month}月"


def _written(rng: random.Random, indicator: dict, month: int, state: dict) -> tuple[str, str, float, bool, str | None]:
    """(phrase before the figure, value_as_written, value, negative, qualifier) for one fact."""
    unit, iid = indicator["unit"], indicator["id"]
    if iid == "problems_collected":
        n = state["collected"] = 40 * month + rng.randint(0, 60)
        return "为", f"{n}个", float(n), False, None
    if iid == "problems_resolved":
        n = state["resolved"] = min(state["collected"], int(state["collected"] * rng.uniform(0.7, 1.0)))
        return "为", f"{n}个", float(n), False, None
    if iid == "problem_resolution_rate":
        rate = round(100 * state["resolved"] / state["collected"], 1)
        return "达", f"{rate}%", rate, False, None
    if unit == "percent":
        if iid == "enterprise_satisfaction_rate":
            v = round(rng.uniform(85, 100), 1)
            return "达", f"{v}%", v, False, None
        v = round(rng.gauss(6, 7), 1) + 0.0  # never -0.0
        if v < 0:
            return "同比下降", f"{-v}%", v, True, None
        return "同比增长", f"{v}%", v, False, None
    if unit == "pp":
        v = round(rng.uniform(0.1, 9.9), 1)
        return "高出", f"{v}个百分点", v, False, None
    if unit == "CNY":
        v = round(rng.uniform(0.1, 99.0) * month, 2)
        return "为", f"{v}亿元", round(v * 1e8, 2), False, None
    if unit == "rank":
        n = rng.randint(1, 120)
        return "居全省", f"第{n}位", float(n), False, None
    if unit == "index":
        v = round(rng.uniform(60, 99), 2)
        return "为", f"{v}分", v, False, None
    if unit == "days":
        n = rng.randint(1, 30)
        return "平均", f"{n}天", float(n), False, None
    word = {"tonnes": "吨", "mu": "亩", "m2": "平方米"}.get(unit, "个")
    n = rng.randint(1, 5000) * month
    if rng.random() < 0.05:  # some counts are written as lower bounds: 1200余个
        n = n * 10
        return "为", f"{n}余{word}", float(n), False, "余"
    return "为", f"{n}{word}", float(n), False, None


def generate(out: Path = DEFAULT_OUT, localities: int = 2844, provinces: int = 31, periods: int = 12,
             indicators: int = 50, seed: int = SEED) -> dict:
    """Write the dataset into ``out`` (replacing it) and return counts."""
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    chosen = _copy_registries(out)[:indicators]
    reg = out / "registries"
    (out / "sources" / "raw").mkdir(parents=True)
    (out / "sources" / "clean").mkdir(parents=True)
    (out / "curated").mkdir(parents=True)

    province_ids = [f"syn_p{p:02d}" for p in range(1, provinces + 1)]
    with (reg / "provinces.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "name_zh", "name_en"])
        for p, pid in enumerate(province_ids, 1):
            w.writerow([pid, f"合成省{p:02d}", f"Synthetic province {p:02d}"])
    locs = [(f"syn_{i:04d}", province_ids[(i - 1) * provinces // localities]) for i in range(1, localities + 1)]
    with (reg / "localities.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "name_zh", "name_en", "province", "parent_city_zh", "parent_city_en", "level"])
        for lid, pid in locs:
            n = lid.removeprefix("syn_")
            w.writerow([lid, f"合成县{n}", f"Synthetic county {n}", pid, "", "", "county"])
    (out / "sources" / "corrections.yaml").write_text("corrections: []\n", encoding="utf-8")

    programs = ["sanfuwu", "ganbu_jin_wanqi", "ganbu_lian_wanqi", "wanren_zhu_wanqi"]
    registry = ["# Synthetic source registry (pipelines/synthetic.py); not real reports.", "sources:"]
    fact_writers, inst_writers, handles = {}, {}, []
    for pid in province_ids:
        fh = (out / "curated" / f"{pid}.facts.csv").open("w", encoding="utf-8", newline="")
        handles.append(fh)
        fact_writers[pid] = csv.writer(fh, lineterminator="\n")
        fact_writers[pid].writerow(FACT_CSV_COLUMNS)
        fh = (out / "curated" / f"{pid}.instruments.csv").open("w", encoding="utf-8", newline="")
        handles.append(fh)
        inst_writers[pid] = csv.writer(fh, lineterminator="\n")
        inst_writers[pid].writerow(INSTRUMENT_CSV_COLUMNS)
    n_facts = n_instruments = 0
    try:
        for lid, pid in locs:
            n = lid.removeprefix("syn_")
            name = f"合成县{n}"
            program = programs[int(pid[-2:]) % len(programs)]
            paragraphs = [f"{name}{YEAR}年助企服务工作报告（合成数据）", ""]
            seq = 0
            for month in range(1, periods + 1):
                state: dict = {}
                sentences = []
                end = f"{YEAR}-{month:02d}-{calendar.monthrange(YEAR, month)[1]:02d}"
                for ind in chosen:
                    phrase, written, value, negative, qualifier = _written(rng, ind, month, state)
                    quote = f"{_month_label(month)}，{name}{ind['name_zh']}{phrase}{written}"
                    sentences.append(quote)
                    seq += 1
                    fact_writers[pid].writerow([
                        f"{lid}-{seq:04d}", lid, ind["id"], "", "", "", "ytd", f"{YEAR}-01-01", end, written,
                        repr(value), ind["unit"], "actual", "yoy" if phrase.startswith("同比") else "",
                        qualifier or "", "true" if negative else "", quote, "", ""])
                # A report's paragraph holds a handful of figures, not a whole month's.
                for k in range(0, len(sentences), 8):
                    paragraphs.append("。".join(sentences[k:k + 8]) + "。")
            for k in range(1, 4):
                inst_name = f"{name}第{k}号惠企措施"
                quote = f"{name}出台{inst_name}"
                paragraphs.append(quote + "。")
                inst_writers[pid].writerow([f"{lid}-i{k:02d}", lid, inst_name, f"Synthetic measure {k} of {lid}",
                                            INSTRUMENT_CATEGORY_CYCLE[k - 1], "", quote, ""])
            n_facts += seq
            n_instruments += 3
            raw = ("\n".join(paragraphs) + "\n").encode("utf-8")
            (out / "sources" / "raw" / f"{lid}.txt").write_bytes(raw)
            clean, problems = clean_text(raw, traditional=False, corrections=[], chrome={}, corrections_file="")
            if problems:
                raise RuntimeError(f"synthetic text for {lid} does not clean: {problems[:3]}")
            (out / "sources" / "clean" / f"{lid}.txt").write_text(clean, encoding="utf-8")
            registry += [
                f"  - id: {lid}", f"    file: raw/{lid}.txt", f"    sha256: {hashlib.sha256(raw).hexdigest()}",
                f"    locality: {lid}", f"    program: {program}", "    campaign_as_written: 万人助万企",
                "    script: simplified", f"    title_zh: {name}{YEAR}年助企服务工作报告（合成）",
                f"    title_en: Synthetic county {n} enterprise service report {YEAR} (synthetic)",
                "    publisher_zh: 合成数据", "    publisher_en: synthetic data", f"    published: {YEAR}-12-31",
                f"    period_start: {YEAR}-01-01", f"    period_end: {YEAR}-12-31",
                "    period_note_zh: 合成数据", "    period_note_en: synthetic data",
            ]
    finally:
        for fh in handles:
            fh.close()
    (out / "sources" / "registry.yaml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    return {"localities": localities, "provinces": provinces, "indicators": len(chosen), "periods": periods,
            "facts": n_facts, "instruments": n_instruments, "sources": localities}


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    ap = argparse.ArgumentParser(prog=prog, description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--localities", type=int, default=2844)
    ap.add_argument("--provinces", type=int, default=31)
    ap.add_argument("--periods", type=int, default=12, choices=range(1, 13), metavar="1..12")
    ap.add_argument("--indicators", type=int, default=50, choices=range(4, 51), metavar="4..50")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = generate(args.out, args.localities, args.provinces, args.periods, args.indicators, args.seed)
    print(f"wrote {paths.display_path(args.out)}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
          + f" ({time.perf_counter() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
