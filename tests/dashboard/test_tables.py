"""The spreadsheets read well: XLSX read back with openpyxl (frozen header, autofilter, widths, date and number
cells, names and units in the file's language), CSV parsed back (integral numbers without ``.0``, formulas
neutralised)."""
import csv
import datetime as dt
import io

import openpyxl
import pytest

from dashboard import export, queries
from dashboard.export.tables import WRAP_WIDTH, plain_number, text_width
from dashboard.fact_columns import unit_label, value_in_unit
from dashboard.queries import Filters

HENAN = Filters(province=("henan",))


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def henan_facts(formula_quote: str | None = None):
    facts = queries.facts(HENAN).reset_index(drop=True)
    if formula_quote:
        facts = facts.copy()
        facts.loc[0, "quote"] = formula_quote
    return facts


def workbook(lang: str, facts=None) -> openpyxl.Workbook:
    facts = henan_facts() if facts is None else facts
    return openpyxl.load_workbook(io.BytesIO(export.facts_xlsx(facts, queries.sources(), HENAN, lang)))


def rows_by_header(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_has_a_frozen_header_a_filter_and_fitted_widths(lang):
    wb = workbook(lang)
    assert len(wb.worksheets) == 3
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions  # A1 to the last column of the last data row
        assert ws.dimensions.startswith("A1:") and ws.max_row >= 2
        assert all(c.font.b for c in ws[1])
        for col in range(1, ws.max_column + 1):
            letter = openpyxl.utils.get_column_letter(col)
            width = ws.column_dimensions[letter].width
            texts = [str(c.value) for c in ws[letter] if isinstance(c.value, str)]
            longest = max(map(text_width, texts))
            if longest > WRAP_WIDTH and any(" " in s or s != s.encode("ascii", "ignore").decode() for s in texts
                                            if text_width(s) > WRAP_WIDTH):
                assert width == WRAP_WIDTH + 2, (ws.title, letter)  # capped: its long text wraps
                assert all(c.alignment.wrap_text for c in ws[letter][1:])
            else:  # wide enough for its longest text, a CJK character counted double, and no wider
                assert longest <= width, (ws.title, letter, width)
                if len(texts) == len(ws[letter]):  # all text (a number's width is its formatted digits)
                    assert width <= longest + 5, (ws.title, letter, width)


def test_the_quote_column_is_capped_and_wrapped():
    ws = workbook("zh")["数字"]
    quote = next(c for c in ws[1] if c.value == "原文引语").column_letter
    assert ws.column_dimensions[quote].width == WRAP_WIDTH + 2
    assert all(c.alignment.wrap_text for c in ws[quote][1:])
    long_row = next(c.row for c in ws[quote][1:] if text_width(c.value) > WRAP_WIDTH)
    assert ws.row_dimensions[long_row].height > 15  # a row with a wrapped quote is tall enough for it


@pytest.mark.parametrize("lang, sheet, province, start, value, unit, amount_unit, count_unit", [
    ("zh", "数字", "河南省", "期间开始", "数值", "单位", "万元", "个"),
    ("en", "facts", "Henan", "Period start", "Value", "Unit", "CNY m", "count"),
])
def test_cells_are_typed_and_in_the_files_language(lang, sheet, province, start, value, unit, amount_unit, count_unit):
    facts = henan_facts()
    rows = rows_by_header(workbook(lang, facts)[sheet])
    assert {r[("省份" if lang == "zh" else "Province")].value for r in rows} == {province}
    assert all(isinstance(r[start].value, dt.datetime) and r[start].number_format == "yyyy-mm-dd" for r in rows)
    assert all(isinstance(r[value].value, (int, float)) and r[value].number_format.startswith("#,##0") for r in rows)
    units = {r[unit].value for r in rows}
    assert {amount_unit, count_unit} <= units
    assert not units & ({"CNY", "percent"} if lang == "en" else {"CNY", "percent", "count", "days"})  # no unit codes
    # 4,000,000,000 yuan is 400,000 万元 and CNY 4,000 m, exactly
    fact = facts.index[facts["fact_id"] == "kaifeng-029"][0]
    assert facts.loc[fact, "value"] == 4e9
    assert rows[fact][value].value == (400_000 if lang == "zh" else 4_000)
    assert rows[fact][value].number_format == "#,##0"
    # a figure with decimals shows them: 683.73万元
    shown = {r[value].value: r[value].number_format for r in rows}
    assert shown[683.73 if lang == "zh" else 6.8373] == ("#,##0.00" if lang == "zh" else "#,##0.0000")


def test_sources_and_notes_sheets_read_well_too():
    wb = workbook("en")
    sources = rows_by_header(wb["sources"])
    assert {r["Source"].value for r in sources} == {"kaifeng", "yichuan"}
    sha = sources[0]["Raw file SHA-256"]
    assert wb["sources"].column_dimensions[sha.column_letter].width >= 64 and not sha.alignment.wrap_text  # not cut
    notes = rows_by_header(wb["notes"])
    assert notes[-1]["Value"].value == len(henan_facts())  # the row count is a number


def test_a_formula_looking_quote_is_neutralised_in_both_files():
    facts = henan_facts('=HYPERLINK("http://x","y")')
    ws = workbook("en", facts)["facts"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert rows_by_header(ws)[0]["Quote"].value == '\'=HYPERLINK("http://x","y")'
    back = list(csv.DictReader(io.StringIO(export.facts_csv(facts, "en").decode("utf-8-sig"), newline="")))
    assert back[0]["Quote"] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("lang, value, unit", [("zh", "数值", "单位"), ("en", "Value", "Unit")])
def test_csv_numbers_have_no_trailing_point_zero(lang, value, unit):
    facts = henan_facts()
    data = export.facts_csv(facts, lang).decode("utf-8-sig")
    assert ".0," not in data and ".0\n" not in data.replace("\r\n", "\n")
    back = list(csv.DictReader(io.StringIO(data, newline="")))
    assert back[0][unit] == unit_label("CNY", lang)
    for row, (v, u) in zip(back, zip(facts["value"], facts["unit"])):
        expected = value_in_unit(v, u, lang)
        assert float(row[value]) == expected  # kept exactly
        assert row[value] == (str(int(expected)) if expected.is_integer() else repr(expected))


def test_number_helpers():
    assert text_width("河南省 Henan") == 6 + 6
    assert text_width("第一行\nab") == 6
    assert plain_number(4e9) == 4_000_000_000 and isinstance(plain_number(4e9), int)
    assert plain_number(2.3) == 2.3 and plain_number("1.0") == "1.0"
    assert value_in_unit(12345.6, "CNY", "zh") == 1.23456  # not 1.2345600000000001
    assert value_in_unit(4.5e9, "CNY", "en") == 4500.0
    assert value_in_unit(7.0, "percent", "zh") == 7.0
    assert unit_label("pp", "zh") == "个百分点" and unit_label("m2", "en") == "m²"
