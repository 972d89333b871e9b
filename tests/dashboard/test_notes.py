import pandas as pd

from dashboard.notes import comparability_notes, sources_line


def frame(**over):
    row = {"source_id": "a", "locality_zh": "甲县", "locality_en": "A County", "publisher_zh": "报", "publisher_en": "Daily",
           "published_as_written": "undated", "period_start": pd.Timestamp("2020-01-01"), "period_end": pd.Timestamp("2020-05-31"),
           "period_kind": "ytd", "level": "county", "status": "actual", "scope": "", "basis": "yoy", "unit": "percent",
           "category": "growth", "value": 2.3, "value_as_written": "2.3%", "note_en": None}
    row.update(over)
    return row


def test_same_period_and_basis_gives_no_notes():
    assert comparability_notes(pd.DataFrame([frame(), frame(value=3.0)]), "en") == []


def test_notes_name_years_periods_levels_targets_scopes_bases():
    df = pd.DataFrame([frame(), frame(source_id="b", period_end=pd.Timestamp("2022-06-30"), period_kind="half_year",
                                      level="city", status="target", scope="规上", basis="vs_plan")])
    notes = comparability_notes(df, "en")
    assert notes == [
        "figures come from different years (2020, 2022)",
        "periods differ in length (year to date, half year)",
        "counties are shown beside prefecture-level cities",
        "targets or forecasts are mixed with actual results",
        "scopes differ (e.g. above-size firms, single firms)",
        "bases differ (year on year, completion of plan…)",
    ]


def test_out_of_scale_county_fiscal_figure_is_called_out():
    df = pd.DataFrame([frame(unit="CNY", category="fiscal_support", value=8.7e9, value_as_written="87亿元")])
    assert comparability_notes(df, "zh") == ["甲县 87亿元 相对该地经济规模明显偏大，按原文记录"]


def test_sources_line_names_publisher_date_and_period():
    assert sources_line(pd.DataFrame([frame()]), "en") == "Sources: A County — Daily (undated), figures for Jan–May 2020"
    assert sources_line(pd.DataFrame([frame()]), "zh") == "来源：甲县——报（未注明日期），数字期间2020年1–5月"
