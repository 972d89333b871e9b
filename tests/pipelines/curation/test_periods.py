"""When a figure is from: the report's context (registry or text) and each figure's period."""
import datetime as dt

import pytest

from pipelines.curation.figures import find_figures
from pipelines.curation.periods import ReportContext, guess_period, report_context

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



def test_the_report_context_comes_from_the_registry_when_there_is_an_entry():
    ctx = report_context("2019年……", {"period_start": "2020-01-01", "period_end": dt.date(2020, 5, 31), "published": "undated"})
    assert ctx == ReportContext(2020, dt.date(2020, 1, 1), dt.date(2020, 5, 31), None)
    assert ctx.report_date == dt.date(2020, 5, 31)


def test_otherwise_the_year_the_text_names_most_often_as_a_period_not_an_award():
    ctx = report_context("2021年，……2021年上半年……荣获2019年度奖，2019年度先进")
    assert ctx.year == 2021 and "2021" in ctx.year_hint and ctx.start is None


def test_a_text_without_a_year_gets_a_placeholder_that_says_so():
    ctx = report_context("帮扶企业12家")
    assert ctx.year == dt.date.today().year and "placeholder" in ctx.year_hint
