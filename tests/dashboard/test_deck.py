"""The slide deck (PPTX), read back with python-pptx: one slide per chart, native charts holding the chart's
numbers, plain text, East Asian fonts declared."""
import io
import math
import re

import pandas as pd
import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_FILL
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from dashboard import catalogue, export, queries
from dashboard.catalogue import Chart
from dashboard.export import deck, figure_data
from dashboard.i18n import t
from dashboard.queries import Filters
from tests.conftest import HOSTILE_NAME

needs_chromium = pytest.mark.skipif(export.chromium_path() is None, reason="Chromium not installed (make test installs it as root)")
GROWTH_CHART = "growth_industrial_value_added_growth"   # Shaoyang 7.0 %, Tiantai 2.3 %; three localities without
NATIVE = [GROWTH_CHART, "problem_counts", "problem_rates", "instrument_amounts"]
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
ENTITIES = re.compile(r"&(?:amp|lt|gt|quot|#\d+);|<br|<span")


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def read(data: bytes):
    return Presentation(io.BytesIO(data))


def native_deck(lang: str, ids=NATIVE):
    """A deck of native charts only: no Chromium needed."""
    charts = [catalogue.chart(cid, Filters(), lang) for cid in ids]
    return charts, read(deck.deck_bytes(charts, lang, "selection", queries.sources(), "v1", "2024-01-01"))


def graphic_chart(slide):
    return next(s.chart for s in slide.shapes if s.has_chart)


def squeeze(text: str) -> str:
    """Text without its white space: the deck wraps labels with line breaks for the slide."""
    return re.sub(r"\s+", "", text)


def by_category(plot_categories, values) -> dict:
    return {squeeze(c): v for c, v in zip(plot_categories, values) if v is not None}


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_of_every_chart(lang):
    charts = catalogue.all_charts(Filters(), lang)
    prs = read(export.selection_deck(Filters(), lang))
    slides = list(prs.slides)
    assert len(slides) == len(charts) + 2
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 1e-3
    version, date = queries.build_info()
    cover = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert ("全部地区与行动" if lang == "zh" else "All localities and campaigns") in cover
    assert version and version in cover and date in cover
    for chart, slide in zip(charts, slides[1:-1]):
        assert slide.shapes.title.text == chart.title   # a real title placeholder, plain text
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        assert any(chart.sources_text in t and chart.comparability_text in t for t in texts)   # under the chart
        notes = slide.notes_slide.notes_text_frame.text
        assert chart.sources_text in notes and chart.comparability_text in notes
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        natives = [s for s in slide.shapes if s.has_chart]
        if export.native_kind(chart.figure) is None:
            assert len(pictures) == 1 and not natives and pictures[0].image.content_type == "image/png"
        else:
            assert len(natives) == 1 and not pictures
    # native where the figure is bars or dots; the heatmap and the timeline are pictures
    assert {c.chart_id for c in charts if export.native_kind(c.figure) is None} == {"period_strip", "instrument_matrix"}
    table = next(s.table for s in slides[-1].shapes if s.has_table)
    sources = queries.sources()
    assert [table.cell(i, 4).text for i in range(1, len(table.rows))] == [h[:12] for h in sources["raw_sha256"]]
    assert [table.cell(i, 1).text for i in range(1, len(table.rows))] == list(sources[f"title_{lang}"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bar_chart_holds_the_figures_numbers_in_screen_order(lang):
    charts, prs = native_deck(lang, [GROWTH_CHART])
    chart, native = charts[0], graphic_chart(prs.slides[1])
    assert native.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    categories = [squeeze(c) for c in native.plots[0].categories]
    # the rows as on screen, top to bottom: the reversed category array, read as plain text
    screen = [squeeze(figure_data.plain(v, " · ")) for v in chart.figure["layout"]["yaxis"]["categoryarray"][::-1]]
    assert categories == screen and len(categories) == 5
    # one series per locality with a value; the trace keeping the empty rows is none
    traces = [tr for tr in chart.figure["data"] if any(v is not None for v in tr["x"])]
    assert sorted(s.name for s in native.series) == sorted(figure_data.plain(tr["name"]) for tr in traces)
    for tr in traces:
        series = next(s for s in native.series if s.name == figure_data.plain(tr["name"]))
        assert by_category(native.plots[0].categories, series.values) == {
            squeeze(figure_data.plain(y, " · ")): x for y, x in zip(tr["y"], tr["x"])}
        assert str(series.format.fill.fore_color.rgb) == tr["marker"]["color"].lstrip("#").upper()   # the locality's colour
    # and the figure's numbers are the facts': Shaoyang 7.0 %, Tiantai 2.3 %
    name = "locality_zh" if lang == "zh" else "locality_en"
    facts = {squeeze(r[name]): r["value"] for _, r in chart.data.iterrows()}
    shown = {c: v for s in native.series for c, v in by_category(native.plots[0].categories, s.values).items()}
    assert {next(f for f in facts if c.startswith(f)): v for c, v in shown.items()} == facts
    assert sorted(shown.values()) == [2.3, 7.0]
    assert native.plots[0].series[0]._element.xpath("./c:val//c:formatCode")[0].text == '0.0#"%"'
    assert not native.has_title and native.has_legend   # the slide's title is the title; two localities, a key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_problem_counts_and_amounts_equal_the_data_frames(lang):
    charts, prs = native_deck(lang, ["problem_counts", "instrument_amounts"])
    counts = graphic_chart(prs.slides[1])
    pr = queries.problem_resolution(Filters())
    pr = pr[pr["collected"].notna() | pr["resolved"].notna()].reset_index(drop=True)   # the chart's rows, top down
    values = {s.name: list(s.values) for s in counts.series}
    for column in ("collected", "resolved"):
        assert values[t(column, lang)] == [None if pd.isna(v) else v for v in pr[column]]
    assert [squeeze(c) for c in counts.plots[0].categories] == [
        squeeze(figure_data.plain(v, " · ")) for v in charts[0].figure["layout"]["yaxis"]["categoryarray"][::-1]]
    assert counts.plots[0].series[0]._element.xpath("./c:val//c:formatCode")[0].text == "#,##0"
    # rows read top down (reversed axis), so the series go in reverse to keep collected over resolved, as on screen
    assert [s.name for s in counts.series] == [t("collected", lang), t("resolved", lang)]
    assert [str(s.format.fill.fore_color.rgb) for s in counts.series] == ["B8B8B8", "1F4E79"]
    amounts = graphic_chart(prs.slides[2])
    scale = 1e9 if lang == "en" else 1e8
    shown = sorted(v for s in amounts.series for v in s.values if v is not None)
    expected = sorted(queries.instrument_amounts(Filters())["value"] / scale)
    assert len(shown) == len(expected) and all(math.isclose(a, b) for a, b in zip(shown, expected))
    # every amount its own row, the two Wenzhou relief figures under one name included (one row on screen)
    assert len(amounts.plots[0].categories) == len(expected)


def test_targets_are_hatched():
    _, prs = native_deck("zh", ["growth_firm_output_growth"])
    fills = {s.name: s.format.fill.type for s in graphic_chart(prs.slides[1]).series}
    assert fills == {"邵阳市": MSO_FILL.SOLID, "邵阳市 · 目标": MSO_FILL.PATTERNED, "天台县": MSO_FILL.SOLID}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rates_are_dots_and_legend_keys_no_series(lang):
    charts, prs = native_deck(lang, ["problem_rates"])
    native = graphic_chart(prs.slides[1])
    assert native.chart_type == XL_CHART_TYPE.LINE_MARKERS
    data = [tr for tr in charts[0].figure["data"] if any(v is not None for v in tr["x"])]
    assert len(charts[0].figure["data"]) == 2 * len(data) and len(native.series) == len(data) == 3
    for tr, series in zip(data, native.series):
        assert series.name == figure_data.plain(tr["name"])
        assert by_category(native.plots[0].categories, series.values) == {
            squeeze(figure_data.plain(y, " · ")): x for y, x in zip(tr["y"], tr["x"]) if x is not None}
    assert all(s.format.line.fill.type == MSO_FILL.BACKGROUND for s in native.series)   # dots, no line between


def xml_of(prs) -> list:
    parts = [s.part._element for s in prs.slides] + [s.notes_slide.part._element for s in prs.slides]
    return parts + [sh.chart._chartSpace for s in prs.slides for sh in s.shapes if sh.has_chart]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_run_declares_an_east_asian_font(lang):
    _, prs = native_deck(lang, [GROWTH_CHART, "problem_rates"])
    checked = 0
    for root in xml_of(prs):
        for rpr in root.iter(f"{A_NS}rPr", f"{A_NS}defRPr"):
            ea = rpr.find(f"{A_NS}ea")
            assert ea is not None and ea.get("typeface") == "Microsoft YaHei" and ea.get("charset") == "-122"
            checked += 1
    charts = [root for root in xml_of(prs) if root.tag.endswith("chartSpace")]
    # the chart's own text properties too (axis labels, legend, data labels)
    assert all(root.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}txPr") is not None for root in charts)
    assert checked > 50 and len(charts) == 2
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    assert b'<a:ea typeface="Microsoft YaHei"/>' in theme


def test_labels_are_plain_text_unescaped_once():
    label = "Kaifeng<br><span style='font-size:11px'>city &amp; county</span><br><span style='font-size:11px'>plat&lt;form&gt;</span>" \
            "<br><span style='font-size:11px;color:#a00'>no &quot;x&quot;</span>"
    assert figure_data.label_lines(label) == ["Kaifeng", "city & county plat<form>", 'no "x"']
    wrapped = "开封市<br><span style='font-size:11px'>2022年1月1日至2022年12月3</span><br><span style='font-size:11px'>日 · 三一专汽</span>"
    assert figure_data.plain(wrapped, " · ") == "开封市 · 2022年1月1日至2022年12月3日 · 三一专汽"   # no space inside the date
    assert figure_data.plain("&amp;quot;&#36;x") == "&quot;$x"   # the data's own "&quot;" stays: unescaped once
    short = figure_data.shorten("Notice on applications for fiscal awards · Subsidies and awards paid", 40)
    assert short.startswith("Notice on") and short.endswith("awards paid") and "…" in short and len(short) <= 40


def test_hostile_names_read_as_plain_text(hostile_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    charts = [c for c in catalogue.all_charts(Filters(), "zh") if export.native_kind(c.figure)]
    prs = read(deck.deck_bytes(charts, "zh", "x", queries.sources()))
    texts = [str(c) for s in prs.slides for sh in s.shapes if sh.has_chart for c in sh.chart.plots[0].categories]
    texts += [s.name for sl in prs.slides for sh in sl.shapes if sh.has_chart for s in sh.chart.series]
    assert any(squeeze(HOSTILE_NAME) in squeeze(t) for t in texts)
    assert texts and not any(ENTITIES.search(t) for t in texts)


def test_real_labels_keep_their_quotes_and_ampersands():
    _, prs = native_deck("en", ["instrument_amounts"])
    categories = [squeeze(c) for c in graphic_chart(prs.slides[1]).plots[0].categories]
    assert any('"Throughtrain"' in c for c in categories)
    assert not any(ENTITIES.search(c) for c in categories)


def test_vertical_bars_and_numbers_against_numbers():
    """Chart kinds the dashboard does not draw today still map to their PowerPoint chart."""
    columns = {"data": [{"type": "bar", "x": ["A &amp; B", "C<br><span style='font-size:11px'>d</span>"], "y": [1.5, 2.25],
                         "name": "s&lt;1&gt;", "text": ["1.5 &amp; up", "2.25"]}], "layout": {"yaxis": {"ticksuffix": "%"}}}
    xy = {"data": [{"type": "scatter", "mode": "markers", "x": [1, 2, None], "y": [3.5, 4.5, 6], "name": "pts"}], "layout": {}}
    data = pd.DataFrame({"source_id": []})
    charts = [Chart("columns", "p", "Columns", columns, data, "S", "C"), Chart("xy", "p", "XY", xy, data, "S", "C")]
    prs = read(deck.deck_bytes(charts, "en", "x", queries.sources()))
    col, pts = graphic_chart(prs.slides[1]), graphic_chart(prs.slides[2])
    assert col.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED and list(col.plots[0].categories) == ["A & B", "C · d"]
    assert col.series[0].name == "s<1>" and list(col.series[0].values) == [1.5, 2.25]
    label = col.series[0].points[0].data_label.text_frame.text
    assert label == "1.5 & up"
    assert pts.chart_type == XL_CHART_TYPE.XY_SCATTER and list(pts.series[0].values) == [3.5, 4.5]
    assert len(prs.slides) == 4 and "S" in prs.slides[1].notes_slide.notes_text_frame.text
    assert etree.tostring(col._chartSpace).count(b"<c:tickLblSkip") == 1
