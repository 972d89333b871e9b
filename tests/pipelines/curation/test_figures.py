"""Finding figures in text: numerals, multipliers, units, qualifiers, ranges, ranks; what is not a figure
(dates, periods, names of plans); the quote around a figure."""
import pytest

from pipelines.curation.figures import Figure, find_figures, names_that_look_like_numbers, numeral_value


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


def test_a_word_ending_in_a_qualifier_character_is_not_a_qualifier():
    f = one("现场签约12家")
    assert f.qualifier is None



# --- the build's number reader, and names that look like numbers -------------------------------------------

@pytest.mark.parametrize("numeral, value", [("2021", 2021), ("1,200", 1200), ("7.5", 7.5), ("十二", 12), ("两", 2),
                                            ("一百二十", 120), ("千", 1000), ("", None), ("abc", None)])
def test_numerals_are_read_by_the_builds_reader(numeral, value):
    assert numeral_value(numeral) == value


def test_large_amounts_are_exact():
    assert one("总投资540.31亿元").value == 54_031_000_000
    assert one("各类资金0.07万亿元").value == 70_000_000_000


def test_quoted_names_and_titles_with_numerals_are_listed_once():
    text = "狠抓“三个一批”项目，落实“三个一批”，出台《破解企业融资难题十项措施》，推进“数字化改革”"
    assert names_that_look_like_numbers(text) == ["“三个一批”", "《破解企业融资难题十项措施》"]
