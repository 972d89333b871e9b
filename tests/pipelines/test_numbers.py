import pytest

from pipelines.numbers import chinese_to_number, parse_written, unit_agrees


@pytest.mark.parametrize("written, number, multiplier, unit", [
    ("7.5亿元", 7.5, 1e8, "CNY"),
    ("约22.97亿元", 22.97, 1e8, "CNY"),
    ("683.73万元", 683.73, 1e4, "CNY"),
    ("1.1万余册", 1.1, 1e4, None),
    ("3000余家（次）", 3000, 1, None),
    ("2.3%", 2.3, 1, "percent"),
    ("50%以上", 50, 1, "percent"),
    ("3.29个百分点", 3.29, 1, "pp"),
    ("172万吨", 172, 1e4, "tonnes"),
    ("1万亩以上", 1, 1e4, "mu"),
    ("1000万平方米", 1000, 1e4, "m2"),
    ("2个工作日", 2, 1, "days"),
    ("第8位", 8, 1, None),
    ("第一名", 1, 1, None),
    ("两次", 2, 1, None),
    ("百分之五", 5, 1, "percent"),
    ("1,000家", 1000, 1, None),
    ("300多万元", 300, 1e4, "CNY"),
])
def test_parse_written(written, number, multiplier, unit):
    w = parse_written(written)
    assert (w.number, w.multiplier, w.expected_unit) == (number, multiplier, unit)


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十六", 16), ("二十", 20), ("一百二十", 120), ("两", 2)])
def test_chinese_numerals(text, value):
    assert chinese_to_number(text) == value


def test_unreadable_and_unit_agreement():
    assert parse_written("三服务") is None or parse_written("三服务").expected_unit is None
    assert parse_written("abc") is None
    assert unit_agrees(parse_written("7.5亿元"), "CNY")
    assert not unit_agrees(parse_written("7.5亿元"), "count")
    assert unit_agrees(parse_written("120余场"), "count")
    assert not unit_agrees(parse_written("120余场"), "percent")
