"""The filtered facts as spreadsheets: CSV (UTF-8 with BOM) and XLSX (facts, sources, notes sheets); text a
spreadsheet would run as a formula is neutralised."""
from __future__ import annotations

import csv
import io

import pandas as pd

from ..fact_columns import COLUMNS, fact_frame, headers
from ..i18n import t
from ..notes import comparability_notes, sources_line
from ..queries import Filters

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def facts_csv(facts: pd.DataFrame, lang: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese correctly."""
    # Every text field quoted (a quote may hold a line break or a stray CR); numbers unquoted stay numbers.
    return facts_table(facts, lang).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


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
    rows.append((t("rows", lang), str(len(facts))))
    return pd.DataFrame(rows, columns=[t("col_name", lang), t("col_value", lang)]).map(neutralise)


SHEETS = {"facts": ("数字", "facts"), "sources": ("来源", "sources"), "notes": ("说明", "notes")}


def facts_xlsx(facts: pd.DataFrame, sources: pd.DataFrame, filters: Filters, lang: str) -> bytes:
    buf = io.BytesIO()
    name = lambda k: SHEETS[k][1] if lang == "en" else SHEETS[k][0]  # noqa: E731
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        facts_table(facts, lang).to_excel(xw, sheet_name=name("facts"), index=False)
        sources_table(facts, sources, lang).to_excel(xw, sheet_name=name("sources"), index=False)
        notes_table(facts, filters, lang).to_excel(xw, sheet_name=name("notes"), index=False)
    return buf.getvalue()
