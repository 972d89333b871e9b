"""The curation assistant: reading figures, skipping what is not one, guessing what a figure is, the draft
file and its refusal by the build, the CLI on a raw report, and the measured recall on the real data."""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from pipelines import paths
from pipelines.facts.dataset import load_dataset
from pipelines.curation.extract import (ReportContext, Figure, clean_raw, find_figures, guess_category, guess_period,
                               load_indicators, main, propose)
from pipelines.curation.evaluate import ACCURACY_TARGET, RECALL_TARGET, evaluate, overall
from pipelines.files.strict_yaml import load_yaml
from pipelines.validate.rules import validate
from tests.conftest import build_db, make_dataset

SOURCES = ["tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"]


def read(text: str) -> list[tuple]:
    return [(f.written, f.value, f.unit, f.qualifier) for f in find_figures(text)]


def one(text: str) -> Figure:
    figures = find_figures(text)
    assert len(figures) == 1, [f.written for f in figures]
    return figures[0]


# --- numerals, multipliers, units, qualifiers -------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, unit", [
    ("完成工业性投资7.5亿元", "7.5亿元", 750_000_000, "CNY"),
    ("发放各类惠企政策汇编1.1万册", "1.1万册", 11_000, "count"),
    ("设立三个工作组", "三个", 3, "count"),
    ("帮助两家企业", "两家", 2, "count"),
    ("选派一百二十名干部", "一百二十名", 120, "count"),
    ("税负下降百分之五", "百分之五", -5, "percent"),
    ("同比增长百分之十二", "百分之十二", 12, "percent"),
    ("办理1,200张通行证", "1,200张", 1200, "count"),
    ("卖出罐头上百万元", "百万元", 1_000_000, "CNY"),
    ("疫情期间千名员工在厂区闭环管理", "千名", 1000, "count"),
    ("总投资540.31亿元", "540.31亿元", 54_031_000_000, "CNY"),
])
def test_arabic_and_chinese_numerals_with_multipliers(text, written, value, unit):
    f = one(text)
    assert (f.written, f.value, f.unit) == (written, value, unit)


@pytest.mark.parametrize("written, unit", [
    ("3亿元", "CNY"), ("683.73万元", "CNY"), ("500元", "CNY"), ("2.3%", "percent"), ("2.3％", "percent"),
    ("3.29个百分点", "pp"), ("5百分点", "pp"), ("12家", "count"), ("80名", "count"), ("171个", "count"),
    ("146张", "count"), ("21场", "count"), ("1万亩", "mu"), ("172万吨", "tonnes"), ("27天", "days"),
    ("2个工作日", "days"), ("500册", "count"), ("9项", "count"), ("813次", "count"), ("52户", "count"),
    ("151980人", "count"), ("140件", "count"), ("261套", "count"), ("13位", "count"), ("3000本", "count"),
    ("1000万平方米", "m2"), ("6条", "count"), ("24小时", "count"), ("3年", "count"),
])
def test_unit_words(written, unit):
    f = one(f"全年共计{written}，")
    assert (f.written, f.unit) == (written, unit)


@pytest.mark.parametrize("text, written, qualifier", [
    ("开展政策宣讲120余场", "120余场", "余"),
    ("发放宣传手册3000多本", "3000多本", "多"),
    ("提供3万余个工作岗位", "3万余个", "余"),
    ("同比增幅50%以上", "50%", "以上"),
    ("实现产值超50亿元", "50亿元", "超"),
    ("销售额累计超过600万元", "600万元", "超过"),
    ("近3年来", "3年", "近"),
    ("留抵退税约22.97亿元", "22.97亿元", "约"),
    ("惠及企业逾百家", "百家", "逾"),
    ("全年产值可接近1亿元", "1亿元", "接近"),
    ("从设计到投产不到一年", "一年", "不到"),
    ("吸纳就业100人左右", "100人", "左右"),
])
def test_qualifiers_are_recorded_and_left_out_of_the_written_figure(text, written, qualifier):
    f = one(text)
    assert (f.written, f.qualifier) == (written, qualifier)


def test_an_inner_qualifier_stays_in_the_written_figure_and_parenthesised_measure_too():
    assert read("走访、培训企业3000余家（次）") == [("3000余家（次）", 3000, "count", "余")]


@pytest.mark.parametrize("text, written, low, high, unit", [
    ("帮扶企业10-20家", "10-20家", 10, 20, "count"),
    ("审批时限压缩到3至5天", "3至5天", 3, 5, "days"),
    ("新增就业2～3万人", "2～3万人", 20_000, 30_000, "count"),
])
def test_ranges_give_the_lower_bound_and_note_the_upper(text, written, low, high, unit):
    f = one(text)
    assert (f.written, f.value, f.range_high, f.unit) == (written, low, high, unit)
    assert any("range" in h for h in f.hints)


@pytest.mark.parametrize("text, written, value, unit", [
    ("居全省第8位", "第8位", 8, "rank"),
    ("荣获优胜县第一名", "第一名", 1, "rank"),
    ("在全市位居第6。", "第6", 6, "rank"),
    ("排名台州市第一。", "第一", 1, "rank"),
    ("全省排名16，", "16", 16, "rank"),
    ("工业攻坚指数我县得分89.32，", "89.32", 89.32, "index"),
])
def test_ranks_and_scores(text, written, value, unit):
    f = one(text)
    assert (f.written, f.value, f.unit) == (written, value, unit)


@pytest.mark.parametrize("text, value", [
    ("同比下降3.1%", -3.1), ("利润增长-2.5%", -2.5), ("比上年降低0.5个百分点", -0.5), ("同比增长2.3%", 2.3),
    ("全县规上工业增加值反负为正，同比增长2.3%", 2.3),
])
def test_falls_are_negative(text, value):
    f = one(text)
    assert f.value == value and f.negative == (value < 0)


def test_an_amount_without_unit_word_takes_it_from_the_words_around_it():
    f = one("300万补贴资金这么快就能拨付到手")
    assert (f.written, f.value, f.unit) == ("300万", 3_000_000, "CNY")


# --- what is not a figure ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2022年以来", "2019年度“城市轨道交通科技进步奖”", "6月15日召开座谈会", "11月29日晚", "1-5月份",
    "1至10月", "4月7日至5月9日", "今年前7个月", "一季度", "前三季度", "7月底", "2022-08-12 10:23",
    "由于10·15疫情防控应对有力", "正月初十前", "每月第一周星期一",
])
def test_dates_and_periods_are_not_figures(text):
    assert read(text) == []


@pytest.mark.parametrize("text", [
    "细化分解“1+6+5”工业攻坚指数", "推进3+12产业平台", "围绕5+5产业体系", "扎实推进“8121”投资促进计划",
    "实施8121投资促进计划", "落实“13710”工作制度", "落实13710工作制度", "市级领导分包“四个50”企业",
    "市级领导分包四个50企业", "狠抓“三个一批”项目", "加快三个一批项目建设", "组建“一班六组”工业专班",
    "组建一班六组工业专班", "开展第一批高新技术企业申报", "出台《破解企业融资难题十项措施》", "出台应对新冠肺炎22条意见",
    "第一时间启用电子通行证", "这也是一个缩影", "选派一名局班子成员", "两手抓、两手硬", "打造百亿级龙头企业",
    "推进230国道建设", "1号文件", "三五家企业", "每3天通报一次", "百日攻坚行动", "措施如下：1、减税；2、降费",
    "（1）加强领导", "引进千人计划专家", "签约仪式",
])
def test_names_of_plans_and_fixed_phrases_are_not_figures(text):
    assert read(text) == []


def test_numbers_in_a_quoted_sentence_are_figures_but_quoted_names_are_not():
    text = "“3天时间就帮助解决了线路改造问题，没想到这么快。”并推进“三个一批”项目"
    assert [f.written for f in find_figures(text)] == ["3天"]


# --- quotes -----------------------------------------------------------------------------------------------

def test_the_quote_is_the_clause_verbatim_with_the_clause_before_it_when_it_says_too_little():
    text = "截至目前，共收集企业问题2875个，办结2867个，办结率99.7%。"
    figures = find_figures(text)
    assert [f.quote for f in figures] == ["共收集企业问题2875个", "共收集企业问题2875个，办结2867个", "办结2867个，办结率99.7%"]
    for f in figures:
        assert text[f.quote_start:f.quote_start + len(f.quote)] == f.quote
        assert f.written in f.quote


def test_mojibake_in_a_quote_lowers_confidence_and_says_so():
    f = one("全力打造头部企业？，F（xiàn）已开展会议5次")
    assert f.confidence <= 0.3 and any("mojibake" in h for h in f.hints)


# --- guesses: category, period, status --------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("全市规上工业增加值同比增长7.0%", "growth"),
    ("已解决53个", "problem_resolution"),
    ("办结2867个", "problem_resolution"),
    ("为企业化解难题12个", "problem_resolution"),
    ("银行发放贷款100万元", "finance"),
    ("帮助企业融资3亿元", "finance"),
    ("为企业减税降费87亿元", "fiscal_support"),
    ("兑现奖补资金5335万元", "fiscal_support"),
    ("完成投资87.9亿元", "investment_projects"),
    ("安排重点项目109个", "investment_projects"),
    ("累计走访企业813次", "outreach"),
    ("开展政策宣讲120余场", "outreach"),
    ("抽调392名干部", "outreach"),
    ("办理车辆电子通行证65718张", "logistics"),
    ("运输物资172万吨", "logistics"),
    ("提供3万余个工作岗位", "labour"),
    ("举办24场招聘会", "labour"),
    ("新增工业用地1万亩", "land"),
    ("居全省第3", "evaluation"),
])
def test_category_from_keywords(text, category):
    assert guess_category(text, one(text)) == category


CTX = ReportContext(2020, dt.date(2020, 1, 1), dt.date(2020, 5, 31), None)


@pytest.mark.parametrize("text, period", [
    ("1-5月份，全县规上工业增加值同比增长2.3%", {"kind": "ytd", "start": "2020-01-01", "end": "2020-05-31"}),
    ("上半年，新增贷款159.2亿元", {"kind": "half_year", "start": "2020-01-01", "end": "2020-06-30"}),
    ("4月7日至5月9日，办理通行证65718张", {"kind": "range", "start": "2020-04-07", "end": "2020-05-09"}),
    ("5月份，我县得分89.32，全省排名16", {"kind": "month", "start": "2020-05-01", "end": "2020-05-31"}),
    ("截至7月底，竣工项目13个", {"kind": "ytd", "start": "2020-01-01", "end": "2020-07-31"}),
    ("2019年共安排重点项目109个", {"kind": "calendar_year", "start": "2019-01-01", "end": "2019-12-31"}),
    ("去年已为企业减负153亿元", {"kind": "calendar_year", "start": "2019-01-01", "end": "2019-12-31"}),
    ("抽调392名干部", {"kind": "campaign_to_date", "start": "2020-01-01", "end": "2020-05-31"}),
])
def test_period_from_the_dates_before_the_figure(text, period):
    assert guess_period(text, find_figures(text)[-1], CTX)[0] == period


def test_a_sentence_that_opens_with_a_period_sets_it_for_the_next_sentences_of_the_paragraph():
    text = "1-10月，全市规模工业增加值同比增长7.0%。工业用电量同比增长6.9%。"
    period, hint = guess_period(text, find_figures(text)[-1], CTX)
    assert period == {"kind": "ytd", "start": "2020-01-01", "end": "2020-10-31"} and hint


@pytest.mark.parametrize("text, status, basis", [
    ("计划建成生产及配套用房1000万平方米", "target", None),
    ("确保新增工业用地1万亩以上", "target", None),
    ("预计全年产值可接近1亿元", "forecast", None),
    ("326个市重点项目完成年度投资计划的93.7%", "actual", "vs_plan"),
    ("同比增长11.55%", "actual", "yoy"),
    ("超出省平均增速3.29个百分点", "actual", "vs_average"),
    ("帮助企业争取各类资金1.62亿元", "actual", None),
])
def test_status_and_basis(text, status, basis):
    p = propose(text, CTX, [])[-1]
    assert (p.status, p.basis) == (status, basis)


def test_a_target_deadline_ends_the_period():
    p = propose("2月12日，集中交办重点问题310个，要求3月底解决90%以上", CTX, [])[-1]
    assert p.period == {"kind": "target", "start": "2020-02-12", "end": "2020-03-31"}


def test_indicator_from_the_registry_or_a_guess_with_a_category():
    indicators, categories = load_indicators()
    by_figure = {p.figure.written: p for p in propose("共收集企业问题2875个，办结2867个，企业满意率100%", CTX, indicators, categories)}
    assert by_figure["2875个"].indicator == "problems_collected"
    assert by_figure["2867个"].indicator == "problems_resolved"
    assert by_figure["100%"].indicator == "enterprise_satisfaction_rate"
    new = propose("建成充电桩300座", CTX, indicators, categories)[0]
    assert new.indicator is None and new.indicator_guess and new.category in categories | {None}


# --- cleaning ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES)
def test_a_registered_raw_file_is_cleaned_exactly_as_the_build_does(source):
    cleaned = clean_raw((paths.RAW_DIR / f"{source}.txt").read_bytes())
    assert cleaned.source_id == source
    assert cleaned.text == (paths.CLEAN_DIR / f"{source}.txt").read_text(encoding="utf-8")
    assert cleaned.mojibake == []


def test_an_unregistered_raw_file_has_its_mojibake_reported_not_repaired():
    raw = (paths.RAW_DIR / "tiantai.txt").read_bytes() + "\n新增一段。".encode()
    cleaned = clean_raw(raw)
    assert cleaned.source_id is None
    assert [line for line, _ in cleaned.mojibake] == [2, 3, 5]
    assert "每日？qǐng）？bào）告" in cleaned.text  # left as it is, for a reviewed correction


# --- the draft and its refusal ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiantai_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("draft") / "tiantai.yaml"
    assert main([str(paths.RAW_DIR / "tiantai.txt"), "--locality", "tiantai", "--out", str(out)]) == 0
    return out


def test_cli_writes_a_draft_in_the_curated_format(tiantai_draft):
    data, problems = load_yaml(tiantai_draft, "draft.yaml")
    assert problems == []
    assert data["draft"] is True and data["source"] == "tiantai" and data["instruments"] == []
    clean = (paths.CLEAN_DIR / "tiantai.txt").read_text(encoding="utf-8")
    facts = data["facts"]
    assert len(facts) >= 37
    assert len({f["id"] for f in facts}) == len(facts)
    for f in facts:
        assert f["review"] == "pending" and 0 <= f["confidence"] <= 1
        assert f["quote"] in clean and str(f["value_as_written"]) in f["quote"]
        assert f["unit"] in ("CNY", "percent", "pp", "count", "index", "rank", "tonnes", "mu", "m2", "days")
        assert f["indicator"] or (f["indicator_guess"] and "category_guess" in f)
        assert set(f["period"]) == {"kind", "start", "end"}


def _curated_copy(tmp_path: Path, source: str, text: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("build"))
    (data / "curated" / f"{source}.yaml").write_text(text, encoding="utf-8")
    return data


def _problems(data: Path) -> list:
    ds, problems = load_dataset(data)
    return sorted(set(problems + validate(ds)))


def test_the_build_refuses_a_draft(tiantai_draft, tmp_path):
    problems = _problems(_curated_copy(tmp_path, "tiantai", tiantai_draft.read_text(encoding="utf-8")))
    refused = [p for p in problems if p.code == "draft-not-reviewed"]
    assert refused[0].line == 4 and refused[0].field == "draft"  # the draft: true line, under the header
    assert len(refused) == 1 + tiantai_draft.read_text(encoding="utf-8").count("review: pending")
    assert all(p.file == "data/curated/tiantai.yaml" for p in refused)
    assert "draft entry not reviewed: set review: reviewed or delete it" in {p.message for p in refused}


def _reviewed(draft: str, indicators: list[dict]) -> str:
    """What a curator does: accept every entry, pick a registry indicator of the right unit, drop the flag."""
    first_of_unit = {}
    for r in indicators:
        first_of_unit.setdefault(r["unit"], r["id"])
    entries = re.split(r"(?m)^(?=  - id: )", draft.replace("draft: true\n", "").replace("review: pending", "review: reviewed"))
    out = []
    for e in entries:
        unit = re.search(r"(?m)^    unit: (\w+)", e)
        if unit and "indicator: null" in e:
            e = e.replace("indicator: null", f"indicator: {first_of_unit[unit.group(1)]}")
        out.append(re.sub(r"(?m)^    (?:indicator_guess|category_guess):.*\n", "", e))
    return "".join(out)


@pytest.mark.parametrize("source", SOURCES)
def test_a_reviewed_draft_passes_every_figure_check_of_the_build(source, tmp_path):
    """Quotes found verbatim, values and units as the build reads them, qualifiers recorded: only the
    choice of scope (two figures of one indicator and period) is left to the curator."""
    draft = tmp_path / "draft.yaml"
    assert main([str(paths.RAW_DIR / f"{source}.txt"), "--locality", source, "--out", str(draft)]) == 0
    indicators, _ = load_indicators()
    problems = _problems(_curated_copy(tmp_path, source, _reviewed(draft.read_text(encoding="utf-8"), indicators)))
    assert [str(p) for p in problems if p.code != "duplicate-key"] == []


def test_reviewed_entries_keep_review_and_confidence(tmp_path):
    data = make_dataset(tmp_path)
    path = data / "curated" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - id: demo-001\n", "  - id: demo-001\n    review: reviewed\n    confidence: 0.9\n").replace(
        "source: demo\n", "source: demo\ndraft: false\n"), encoding="utf-8")
    assert _problems(data) == []
    build_db(data, tmp_path / "dashboard.duckdb")


def test_cli_warns_about_an_unregistered_file_and_locality(tmp_path, capsys):
    raw = tmp_path / "newtown.txt"
    raw.write_bytes((paths.RAW_DIR / "tiantai.txt").read_bytes() + "\n新增一段。".encode())
    out = tmp_path / "newtown.yaml"
    assert main([str(raw), "--locality", "newtown", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("suspected mojibake at raw line") == 3
    assert "locality 'newtown' is not in data/registries/localities.csv" in err
    assert "not in data/sources/registry.yaml" in err
    text = out.read_text(encoding="utf-8")
    assert "# WARNING: suspected mojibake at raw line 2" in text and "source: newtown" in text


def test_a_word_ending_in_a_qualifier_character_is_not_a_qualifier():
    f = one("现场签约12家")
    assert f.qualifier is None


def test_cli_refuses_a_file_that_is_not_utf8(tmp_path):
    raw = tmp_path / "gbk.txt"
    raw.write_bytes("企业".encode("gbk"))
    assert main([str(raw), "--locality", "x", "--out", str(tmp_path / "x.yaml")]) == 2


# --- measured on the real data ----------------------------------------------------------------------------

def test_recall_and_unit_value_accuracy_on_the_five_reports():
    scores = evaluate()
    assert {s.source for s in scores} == set(SOURCES)
    total = overall(scores)
    assert total.facts == sum(s.facts for s in scores) >= 231
    assert total.recall >= RECALL_TARGET == 0.95
    assert total.accuracy >= ACCURACY_TARGET == 0.98
