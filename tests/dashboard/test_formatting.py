import pytest

from dashboard.formatting import fmt_value, locality_colour, period_label


@pytest.mark.parametrize("value, unit, lang, qualifier, decimals, expected", [
    (7.5e8, "CNY", "zh", None, None, "7.5亿元"),
    (7.5e8, "CNY", "en", None, None, "CNY 750 m"),
    (8.7e9, "CNY", "en", None, None, "CNY 8.7 bn"),
    (6837300, "CNY", "zh", None, None, "683.73万元"),
    (2.297e9, "CNY", "zh", "约", None, "约22.97亿元"),
    (3000, "count", "zh", "余", None, "3,000余"),
    (3000, "count", "en", "余", None, "over 3,000"),
    (65718, "count", "zh", None, None, "65,718"),
    (1.72e6, "tonnes", "zh", None, None, "172万吨"),
    (7.0, "percent", "zh", None, 1, "7.0%"),
    (50, "percent", "zh", "以上", 0, "50%以上"),
    (3.29, "pp", "zh", None, 2, "3.29个百分点"),
    (3.29, "pp", "en", None, 2, "3.29 pp"),
    (16, "rank", "zh", None, None, "第16"),
    (16, "rank", "en", None, None, "No. 16"),
    (None, "count", "en", None, None, "missing"),
    (float("nan"), "count", "zh", float("nan"), None, "缺失"),
])
def test_fmt_value(value, unit, lang, qualifier, decimals, expected):
    assert fmt_value(value, unit, lang, qualifier, decimals) == expected


@pytest.mark.parametrize("start, end, lang, kind, expected", [
    ("2020-01-01", "2020-05-31", "zh", None, "2020年1–5月"),
    ("2020-01-01", "2020-05-31", "en", None, "Jan–May 2020"),
    ("2020-05-01", "2020-05-31", "en", None, "May 2020"),
    ("2018-01-01", "2018-12-31", "zh", None, "2018年"),
    ("2022-06-15", "2022-09-15", "en", None, "15 Jun 2022 – 15 Sep 2022"),
    ("2019-03-31", "2019-03-31", "zh", "target", "目标期限：2019年3月31日"),
])
def test_period_label(start, end, lang, kind, expected):
    assert period_label(start, end, lang, kind) == expected


def test_each_locality_keeps_one_colour_and_new_ones_get_a_stable_colour():
    assert locality_colour("tiantai") == "#1f77b4"
    assert locality_colour("somewhere-new") == locality_colour("somewhere-new")
