"""What a figure is: category from keywords, status and basis, a target's deadline, the indicator from the
registry or a new-indicator guess."""
import datetime as dt

import pytest

from pipelines.curation.figures import Figure, find_figures
from pipelines.curation.guess import guess_category, load_indicators, propose
from pipelines.curation.periods import ReportContext

CTX = ReportContext(2020, dt.date(2020, 1, 1), dt.date(2020, 5, 31), None)


def one(text: str) -> Figure:
    figures = find_figures(text)
    assert len(figures) == 1, [f.written for f in figures]
    return figures[0]


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



def test_an_indicator_file_can_be_left_out():
    everything, categories = load_indicators()
    without, same = load_indicators(exclude=("tiantai",))
    assert same == categories and 0 < len(without) < len(everything)
    assert "industrial_attack_index_score" in {r["id"] for r in everything} - {r["id"] for r in without}
