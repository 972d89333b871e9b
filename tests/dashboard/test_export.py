"""Exports rendered for real: kaleido + Debian's Chromium + fonts-noto-cjk."""
import csv
import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard import catalogue, export, queries
from dashboard.queries import Filters

# Shaoyang 7.0 % and Tiantai 2.3 %: the one growth measure two localities report alike
GROWTH_CHART = "growth_industrial_value_added_growth"

needs_chromium = pytest.mark.skipif(export.chromium_path() is None, reason="Chromium not installed (make test installs it as root)")


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join(t for el in root.iter() for t in (el.text,) if t)


@needs_chromium
@pytest.mark.parametrize("lang, title, sources", [("zh", "规上工业增加值增速", "来源"),
                                                  ("en", "Industrial value-added growth", "Sources")])
def test_growth_chart_exports_are_slide_ready(lang, title, sources):
    chart = catalogue.chart(GROWTH_CHART, Filters(), lang)
    png = export.export_figure(chart, lang, "png")
    assert png_size(png) == (3200, 1800)  # 16:9 at 2×
    text = svg_text(export.export_figure(chart, lang, "svg"))
    assert title in text and sources in text
    assert ("可比性提示" if lang == "zh" else "Comparability") in text
    pdf = PdfReader(io.BytesIO(export.export_figure(chart, lang, "pdf")))
    assert len(pdf.pages) == 1
    assert float(pdf.pages[0].mediabox.width) > float(pdf.pages[0].mediabox.height)


@needs_chromium
def test_every_chart_exports_and_escapes_hostile_text(hostile_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    for chart in catalogue.all_charts(Filters(), "zh"):
        svg = export.export_figure(chart, "zh", "svg")
        ET.fromstring(svg)  # still well-formed XML: nothing from the data became markup
        assert b"<script>" not in svg


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        export.export_figure(catalogue.chart(GROWTH_CHART, Filters(), "en"), "en", "gif")


HOSTILE_CELLS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "ok", "5%"]


def hostile_facts() -> pd.DataFrame:
    facts = queries.facts(Filters(locality=("kaifeng",))).head(len(HOSTILE_CELLS)).copy()
    facts["quote"] = HOSTILE_CELLS
    return facts


def test_csv_round_trips_the_filtered_rows_and_neutralises_formulas():
    facts = queries.facts(Filters(province=("henan",)))
    data = export.facts_csv(facts, "zh")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["编号"]) == list(facts["fact_id"])
    # numbers stay numbers, in the unit the 单位 column names (an amount in 万元)
    assert list(back["数值"]) == [v / 1e4 if u == "CNY" else v for v, u in zip(facts["value"], facts["unit"])]
    assert "CNY" not in set(back["单位"]) and "万元" in set(back["单位"])
    assert list(back["原文引语"]) == list(facts["quote"])
    hostile = list(csv.reader(io.StringIO(export.facts_csv(hostile_facts(), "en").decode("utf-8-sig"), newline="")))
    quotes = [row[hostile[0].index("Quote")] for row in hostile[1:]]
    assert quotes == ["'" + c if c[0] in "=+-@\t\r" else c for c in HOSTILE_CELLS]


def test_xlsx_has_three_sheets_numbers_and_neutralised_text():
    facts = pd.concat([queries.facts(Filters(province=("hunan",))), hostile_facts()], ignore_index=True)
    wb = openpyxl.load_workbook(io.BytesIO(export.facts_xlsx(facts, queries.sources(), Filters(), "en")))
    assert wb.sheetnames == ["facts", "sources", "notes"]
    ws = wb["facts"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[header.index("ID")] for r in rows] == list(facts["fact_id"])
    assert all(isinstance(r[header.index("Value")], (int, float)) for r in rows)  # numeric cells, not text
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no formulas anywhere
    quotes = [r[header.index("Quote")] for r in rows][-len(HOSTILE_CELLS):]
    expected = ["'" + c if c[0] in "=+-@\t\r" else c for c in HOSTILE_CELLS]
    assert quotes == expected  # a stray CR too is kept as it is (openpyxl escapes it in the XML)
    assert {r[0] for r in wb["sources"].iter_rows(min_row=2, values_only=True)} == {"shaoyang", "kaifeng"}


@needs_chromium
def test_figure_pack_lists_exactly_the_expected_files():
    facts = queries.facts(Filters(province=("henan",)))
    seen = []
    files = export.pack_files(Filters(province=("henan",)), "zh", ["png", "svg"], facts, queries.sources(),
                              lambda done, total, name: seen.append((done, total)))
    # Henan: Yichuan reports GDP growth, Kaifeng new-loan growth: a growth chart per comparison group
    charts = ["period_strip", "growth_gdp_growth", "growth_new_loans_growth", "problem_counts", "problem_rates",
              "instrument_matrix", "instrument_amounts"]
    expected = sorted([f"{c}.{fmt}" for c in charts for fmt in ("png", "svg")] + ["facts.csv", "SOURCES.md"])
    with zipfile.ZipFile(io.BytesIO(export.zip_bytes(files))) as z:
        assert sorted(z.namelist()) == expected
        sources_md = z.read("SOURCES.md").decode()
    assert "kaifeng" in sources_md and "yichuan" in sources_md and "shaoyang" not in sources_md
    assert seen[-1][0] == seen[-1][1]  # progress reached the end


def test_cli_rejects_unknown_ids_with_a_clear_message(tmp_path, real_db):
    proc = subprocess.run([sys.executable, "-m", "zhuqi", "figures", "--out", str(tmp_path / "o"),
                           "--province", "atlantis", "--format", "png,gif"],
                          capture_output=True, text=True, env={"DASHBOARD_DB": str(real_db), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: unknown format 'gif' (known: png, svg, pdf, pptx)",
        "error: unknown province id 'atlantis' (known: henan, hunan, zhejiang)",
    ]
    assert not (tmp_path / "o").exists()


@needs_chromium
def test_cli_writes_the_pack(tmp_path, real_db):
    out = tmp_path / "pack"
    proc = subprocess.run([sys.executable, "-m", "zhuqi", "figures", "--out", str(out), "--province", "henan",
                           "--lang", "en", "--format", "svg", "--zip"], capture_output=True, text=True,
                          env={"DASHBOARD_DB": str(real_db), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert "growth_gdp_growth.svg" in names and "facts.csv" in names and "SOURCES.md" in names
    assert "figure_pack_en.zip" in names
    assert "GDP growth" in svg_text((out / "growth_gdp_growth.svg").read_bytes())


@needs_chromium
def test_concurrent_exports_each_get_their_own_figure():
    """kaleido's warm server shares one result queue; without serialising, threads swap images."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(catalogue.chart(cid, Filters(), lang), lang) for cid in (GROWTH_CHART, "problem_counts", "instrument_matrix")
            for lang in ("zh", "en")]
    with ThreadPoolExecutor(max_workers=6) as pool:
        svgs = list(pool.map(lambda job: export.export_figure(job[0], job[1], "svg"), jobs))
    for (chart, _lang), svg in zip(jobs, svgs):
        assert chart.title in svg_text(svg)


def test_wrapped_caption_lines_never_start_with_closing_punctuation():
    text = "口径不同（如规上、单个企业）；比较基准不同"
    lines = export.wrap_units(text, 26)  # 26 half-width units end the line just before "）"
    assert lines == ["口径不同（如规上、单个企业）；", "比较基准不同"]  # "）" and "；" stay on the line before
    assert export.wrap_units("abc def", 3) == ["abc", "def"]  # plain words still wrap at spaces


def test_sources_markdown_shows_data_text_as_text():
    facts = queries.facts(Filters(locality=("kaifeng",)))
    sources = queries.sources().copy()
    hostile = "[click](https://evil.example) <img src=x onerror=alert(1)> **bold** www.evil.example"
    sources.loc[sources["source_id"] == "kaifeng", "title_en"] = hostile
    text = export.sources_markdown(facts, sources, "en")
    line = next(x for x in text.splitlines() if "evil" in x)
    assert re.search(r"(?<!\\)[\[\]()<>*]", line.split(": ", 1)[1]) is None, line  # every markdown character escaped
    assert "\\[click\\]" in line and "\\<img" in line and "https\\:\u2060" in line and "www\u2060" in line
