"""The filtered facts as spreadsheets: CSV (UTF-8 with BOM) and XLSX (facts, sources, notes sheets), with
headers, names and units in the file's language; text a spreadsheet would run as a formula is neutralised.

XLSX: on every sheet the header row is bold and frozen, an autofilter covers the data, each column is as wide
as its content (a CJK character counts double; long text is capped at ``WRAP_WIDTH`` and wrapped), dates are
date cells and numbers number cells, each with a number format showing the digits it has.
CSV: an integral number is written as an integer (4000000000, not 4000000000.0), any other exactly."""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import unicodedata
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..fact_columns import COLUMNS, fact_frame, headers
from ..i18n import t
from ..notes import comparability_notes, sources_line
from ..queries import Filters

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRAP_WIDTH = 60  # a column wider than this (the quote, a title, a note) is capped and its text wrapped
DATE_FORMAT = "yyyy-mm-dd"
MAX_DECIMALS = 15
LINE_HEIGHT = 15  # points: a line of the default 11 pt font


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def facts_table(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered facts with headers in the current language; text neutralised, numbers numeric."""
    out = fact_frame(facts, lang)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out.rename(columns=headers(COLUMNS, lang))


def plain_number(value):
    """An integral float as an int (written 4000000000, not 4000000000.0); anything else unchanged."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def facts_csv(facts: pd.DataFrame, lang: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese correctly."""
    table = facts_table(facts, lang)
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]):
            # built as objects: Series.map would infer float64 back from a mix of ints and floats
            table[col] = pd.Series([plain_number(v) for v in table[col]], index=table.index, dtype=object)
    # Every text field quoted (a quote may hold a line break or a stray CR); numbers unquoted stay numbers, and a
    # non-integral float is written by its shortest exact form (repr).
    return table.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def sources_table(facts: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    en = lang == "en"
    s = sources[sources["source_id"].isin(facts["source_id"])]
    out = pd.DataFrame({
        t("col_source", lang): s["source_id"],
        t("col_locality", lang): s["name_en" if en else "name_zh"],
        t("col_name", lang): s["title_en" if en else "title_zh"],
        t("publisher", lang): s["publisher_en" if en else "publisher_zh"],
        t("published", lang): s["published_as_written"],
        t("period", lang): s["period_note_en" if en else "period_note_zh"],
        t("campaign", lang): s["campaign_as_written"],
        t("sha256", lang): s["raw_sha256"],
    })
    return out.apply(lambda col: col.map(neutralise))


def notes_table(facts: pd.DataFrame, filters: Filters, lang: str) -> pd.DataFrame:
    rows = [(t("filters", lang), "; ".join(f"{k}={','.join(v)}" for k, v in filters._asdict().items() if v) or t("all", lang)),
            (t("sources_line", lang), sources_line(facts, lang))]
    rows += [(t("comparability", lang), n) for n in comparability_notes(facts, lang)]
    rows.append((t("rows", lang), len(facts)))
    return pd.DataFrame(rows, columns=[t("col_name", lang), t("col_value", lang)]).map(neutralise)


SHEETS = {"facts": ("数字", "facts"), "sources": ("来源", "sources"), "notes": ("说明", "notes")}


def facts_xlsx(facts: pd.DataFrame, sources: pd.DataFrame, filters: Filters, lang: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    name = (lambda k: SHEETS[k][1]) if lang == "en" else (lambda k: SHEETS[k][0])
    write_sheet(wb.create_sheet(name("facts")), facts_table(facts, lang))
    write_sheet(wb.create_sheet(name("sources")), sources_table(facts, sources, lang))
    write_sheet(wb.create_sheet(name("notes")), notes_table(facts, filters, lang))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def text_width(text: str) -> int:
    """Columns of a fixed-width grid the text takes: a wide (CJK, full-width) character counts two."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")),
               default=0)


def breakable(text: str) -> bool:
    """Text a spreadsheet can wrap: it has a space or a wide (CJK) character to break at."""
    return any(ch.isspace() or unicodedata.east_asian_width(ch) in "WF" for ch in text)


def wrapped_lines(text: str, width: int) -> int:
    """Lines the text takes wrapped at ``width`` (a little slack for breaks at spaces)."""
    usable = max(1.0, width * 0.93)
    return sum(max(1, math.ceil(text_width(line) / usable)) for line in text.split("\n"))


def decimals(value: float) -> int:
    """Digits after the point in the number's shortest exact form (2.3 → 1, 4e9 → 0, 1e-07 → 7)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return min(MAX_DECIMALS, max(0, -exponent)) if isinstance(exponent, int) else 0


def cell_value(value):
    """A frame's value as an openpyxl cell value: dates as dates, numbers as Python numbers, a gap as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def _shown(value) -> tuple[str, str | None]:
    """The text a cell shows and its number format (None: openpyxl's default)."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), None
    if isinstance(value, (dt.date, dt.datetime)):
        return "0000-00-00", DATE_FORMAT
    if isinstance(value, int):
        return f"{value:,}", "#,##0"
    if isinstance(value, float):
        d = decimals(value)
        return f"{value:,.{d}f}", "#,##0" + ("." + "0" * d if d else "")
    return str(value), None


def write_sheet(ws: Worksheet, frame: pd.DataFrame) -> None:
    """The frame on ``ws``: bold frozen header, autofilter over the data, typed and formatted cells, widths
    fitted to the content (capped at WRAP_WIDTH, and the capped columns' text wrapped)."""
    ws.append([str(c) for c in frame.columns])
    widths = [text_width(str(c)) + 3 for c in frame.columns]  # + room for the filter button
    breaks = [False] * len(frame.columns)
    formats: list[list[tuple[str | None, str]]] = []  # per cell: number format, text shown
    for row in frame.itertuples(index=False, name=None):
        values = [cell_value(v) for v in row]
        ws.append(values)
        shown = [_shown(v) for v in values]
        formats.append([(f, s) for s, f in shown])
        widths = [max(w, text_width(s)) for w, (s, _) in zip(widths, shown)]
        breaks = [b or (text_width(s) > WRAP_WIDTH and breakable(s)) for b, (s, _) in zip(breaks, shown)]
    # a column of long text is capped and wrapped; one of long unbreakable tokens (a SHA-256) keeps its width
    capped = [w > WRAP_WIDTH and b for w, b in zip(widths, breaks)]
    for i, (w, cap) in enumerate(zip(widths, capped), start=1):
        ws.column_dimensions[get_column_letter(i)].width = (WRAP_WIDTH if cap else w) + 2
    bold, top, wrap = Font(name="Calibri", size=11, bold=True), Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for cell in ws[1]:
        cell.font = bold
    for r, row_formats in enumerate(formats, start=2):
        height = 1
        for c, (fmt, text) in enumerate(row_formats, start=1):
            cell = ws.cell(row=r, column=c)
            if capped[c - 1] or "\n" in text:
                cell.alignment = wrap
                height = max(height, wrapped_lines(text, WRAP_WIDTH if capped[c - 1] else widths[c - 1]))
            else:
                cell.alignment = top
            if fmt:
                cell.number_format = fmt
        if height > 1:  # not every spreadsheet fits a row to wrapped text on opening (LibreOffice does not)
            ws.row_dimensions[r].height = LINE_HEIGHT * height
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
