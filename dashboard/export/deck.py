"""The deck: the selection's charts as a PowerPoint file (16:9), for a presenter who restyles them to the
office template.

Slides: a title slide (the selection in words, the dataset version and build date); one slide per chart with
its title as text, the chart, and its sources line and comparability note as text under it and in the speaker
notes; the sources (title, publisher, date, sha256) last.

A chart whose data are bars of one orientation, or markers on a category axis, becomes a native PowerPoint
chart with its data embedded (right-click → Edit data): horizontal bars a clustered bar chart, markers a line
chart with the lines hidden (categories along the bottom), numbers against numbers an XY chart. Anything else
(a heatmap, a timeline of date ranges) is the chart rendered as a PNG (``chart_png``). How the figure is read
(which traces are data, labels as plain text): figure_data.py.

Every run declares an East Asian typeface (``a:ea``) beside the Latin one, in the slides, the notes and the
charts, and the theme's East Asian font is set too, so Chinese renders on the presenter's machine.
"""
from __future__ import annotations

import dataclasses
import io
import re

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .. import queries
from ..catalogue import Chart, all_charts
from ..i18n import t
from ..queries import Filters
from ..wrapping import units, wrap_units
from . import renderer, slides
from .figure_data import Plot, figure_plot, number, shorten
from .renderer import ExportUnavailable, install_hint

DECK_FORMAT = "pptx"   # a format of the figure pack and ``zhuqi figures``: one deck of every chart, not a file per chart
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# What PowerPoint writes for 微软雅黑; charset GB2312 lets a machine without it pick its own Chinese font
# (Noto Sans CJK SC, PingFang SC…), so the Chinese never falls back to a Latin-only face.
EA_FONT = {"typeface": "Microsoft YaHei", "panose": "020B0503020204020204", "pitchFamily": "34", "charset": "-122"}
LATIN_FONT = "Calibri"
WIDTH, HEIGHT, MARGIN = Inches(13.333), Inches(7.5), Inches(0.45)
CAPTION_PT = 9
CAPTION_UNITS = {"zh": 165, "en": 200}  # half-width units a caption line holds at 9 pt (an estimate, on the safe side)
LABEL_WIDTHS = (36, 48, 64, 80, 100)        # half-width units a bar chart's row label may wrap at (the narrowest that fits)
MIN_LABEL_PT = 7
PX_PER_INCH = 110                      # an image chart's canvas: its 14 px text is about 9 pt on the slide
SOURCES_PER_SLIDE = 8
GREY, WHITE = RGBColor(0x44, 0x44, 0x44), RGBColor(0xFF, 0xFF, 0xFF)
MARKERS = {"circle": XL_MARKER_STYLE.CIRCLE, "diamond": XL_MARKER_STYLE.DIAMOND, "square": XL_MARKER_STYLE.SQUARE,
           "triangle-up": XL_MARKER_STYLE.TRIANGLE, "x": XL_MARKER_STYLE.X, "cross": XL_MARKER_STYLE.PLUS,
           "line-ns": XL_MARKER_STYLE.DASH, "line-ew": XL_MARKER_STYLE.DASH}
CHART_TYPES = {"bar_h": XL_CHART_TYPE.BAR_CLUSTERED, "bar_v": XL_CHART_TYPE.COLUMN_CLUSTERED,
               "dots_h": XL_CHART_TYPE.LINE_MARKERS, "dots_v": XL_CHART_TYPE.LINE_MARKERS, "xy": XL_CHART_TYPE.XY_SCATTER}


# ---- slides ---------------------------------------------------------------------------------------------

def _ea(element, lang: str) -> None:
    """Every run and text default under ``element`` declares its Latin and East Asian typefaces."""
    for r in element.iter(qn("a:r")):
        r.get_or_add_rPr()
    for rpr in element.iter(qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
        rpr.set("lang", "zh-CN" if lang == "zh" else "en-US")
        latin = rpr.get_or_add_latin()
        latin.set("typeface", LATIN_FONT)
        ea = rpr.find(qn("a:ea"))
        if ea is None:
            ea = etree.SubElement(rpr, qn("a:ea"))
            latin.addnext(ea)
        for k, v in EA_FONT.items():
            ea.set(k, v)


def _paragraphs(frame, lines: list[str], size: float, colour: RGBColor | None = None, bold: bool = False,
                align=PP_ALIGN.LEFT) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.clear()
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        if colour is not None:
            run.font.color.rgb = colour


def _text_box(slide, x, y, cx, cy, lines: list[str], size: float, colour: RGBColor | None = None):
    box = slide.shapes.add_textbox(x, y, cx, cy)
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    _paragraphs(frame, lines, size, colour)
    return box


def _title(slide, text: str, size: float = 28) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.2), WIDTH - 2 * MARGIN, Inches(0.8)
    title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _paragraphs(title.text_frame, [text], size)


def _rgb(colour) -> RGBColor | None:
    if not isinstance(colour, str):
        return None
    s = colour.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", s):
        return RGBColor.from_string(s[1:].upper())
    if re.fullmatch(r"#[0-9a-fA-F]{3}", s):
        return RGBColor.from_string("".join(c * 2 for c in s[1:]).upper())
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", s)
    if m and (m.group(4) is None or float(m.group(4)) > 0.05):
        return RGBColor(*(int(m.group(i)) for i in (1, 2, 3)))
    return None


def _style_bar(ser, tr: dict) -> None:
    colour = _rgb((tr.get("marker") or {}).get("color"))
    if colour is None:
        return
    fill = ser.format.fill
    if ((tr.get("marker") or {}).get("pattern") or {}).get("shape"):   # a target or forecast: hatched
        fill.patterned()
        fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb, fill.back_color.rgb = colour, WHITE
    else:
        fill.solid()
        fill.fore_color.rgb = colour
    ser.format.line.color.rgb = colour


def _style_markers(ser, tr: dict) -> None:
    marker = tr.get("marker") or {}
    symbol = str(marker.get("symbol") or "circle")
    ser.marker.style = MARKERS.get(symbol.removesuffix("-open"), XL_MARKER_STYLE.CIRCLE)
    ser.marker.size = max(2, min(72, round(float(marker.get("size") or 8) * 0.75)))
    ser.smooth = False
    ser.format.line.fill.background()   # a dot chart: no line between the dots
    colours = marker.get("color")
    one = _rgb(colours) or GREY   # several colours (one per locality): the legend's key neutral, each dot its own

    def paint(fmt, colour):
        if symbol.endswith("-open"):
            fmt.fill.background()
        else:
            fmt.fill.solid()
            fmt.fill.fore_color.rgb = colour
        fmt.line.color.rgb = colour
        fmt.line.width = Pt(1.5)

    paint(ser.marker.format, one)
    if isinstance(colours, list):
        for i, c in enumerate(colours):
            if _rgb(c) is not None and i < len(ser.values) and ser.values[i] is not None:
                paint(ser.points[i].marker.format, _rgb(c))


def _add_chart(slide, plot: Plot, x, y, cx, cy, lang: str) -> None:
    if plot.kind == "xy":
        data = XyChartData(number_format=plot.value_format)
        for s in plot.series:
            ser = data.add_series(s.name)
            for xv, yv in zip(s.x, s.values):
                if number(xv) and number(yv):
                    ser.add_data_point(xv, yv)
    else:
        categories, label_pt = _fit_labels(plot, cx, cy)
        plot.shown = categories
        data = CategoryChartData(number_format=plot.value_format)
        data.categories = categories
        # a horizontal bar chart lists its rows top down (reversed axis), so its series go in reverse to keep
        # the screen's order inside a group
        for s in plot.series[::-1] if plot.kind == "bar_h" else plot.series:
            data.add_series(s.name, s.values)
    chart = slide.shapes.add_chart(CHART_TYPES[plot.kind], x, y, cx, cy, data).chart
    chart.font.size = Pt(11)
    chart.has_title = False   # the slide's title is the chart's (a one-series chart would be titled by its series)
    series = plot.series[::-1] if plot.kind == "bar_h" else plot.series
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    values.tick_labels.number_format, values.tick_labels.number_format_is_linked = plot.axis_format, False
    low = min((v for s in plot.series for v in s.values if number(v)), default=0)
    if plot.kind.startswith("bar"):
        values.minimum_scale = min(0, low)   # a bar starts at zero (LibreOffice would start the axis near the data)
    elif None not in plot.value_range:       # dots: the screen's range (a rate to 100 %), from zero if no value is below
        values.minimum_scale = 0 if low >= 0 and plot.value_range[0] < 0 else plot.value_range[0]
        values.maximum_scale = plot.value_range[1]
    if plot.value_title:
        values.has_title = True
        values.axis_title.text_frame.text = plot.value_title
        values.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
    if plot.kind != "xy":
        cats = chart.category_axis
        cats.tick_labels.font.size = Pt(label_pt)
        skip = etree.SubElement(cats._element, qn("c:tickLblSkip"))   # every row labelled, none skipped
        skip.set("val", "1")
        cats._element.find(qn("c:noMultiLvlLbl")).addprevious(skip)
        if plot.kind == "bar_h":
            cats.reverse_order = True                   # the first row on top, as on screen
            # and the value axis stays at the bottom: it crosses the category axis at its last category
            values._element.find(qn("c:crosses")).set("val", "max")
    if plot.kind in ("bar_h", "bar_v"):
        bars = chart.plots[0]
        bars.vary_by_categories = False
        bars.overlap = 100 if plot.overlay else 0   # plotly's overlay: a series' bar over the others' in its row
        bars.gap_width = 60 if plot.overlay else 40
    for ser, s in zip(chart.series, series):
        (_style_bar if plot.kind.startswith("bar") else _style_markers)(ser, s.trace)
        for i, text in enumerate(s.labels):
            if text:
                label = ser.points[i].data_label
                label.text_frame.text = text
                label.text_frame.paragraphs[0].runs[0].font.size = Pt(10 if plot.kind == "xy" else min(10, label_pt))
                label.position = (XL_LABEL_POSITION.OUTSIDE_END if plot.kind.startswith("bar") else
                                  XL_LABEL_POSITION.BELOW if i in s.below else XL_LABEL_POSITION.ABOVE)
    _ea(chart._chartSpace, lang)


def _fit_labels(plot: Plot, cx: int, cy: int) -> tuple[list[str], int]:
    """The category labels wrapped, and their font size, so that each fits its row or column: LibreOffice
    leaves out every other label when neighbours overlap, PowerPoint draws them over each other."""
    n = max(1, len(plot.categories))
    if plot.kind != "bar_h":   # labels under their columns: as wide as a column
        width = max(10, int(cx / Emu(Pt(1)) / n / 5 * 0.8))
        return ["\n".join(wrap_units(c, width)) for c in plot.categories], 10
    row_pt = (cy / Emu(Pt(1)) - 110) / n    # the plot's height (chart less legend, axis, axis title) a row
    fits = []
    for width in LABEL_WIDTHS:
        wrapped = ["\n".join(wrap_units(c, width)) for c in plot.categories]
        widest = max(units(line) for w in wrapped for line in w.split("\n"))
        lines = max(w.count("\n") + 1 for w in wrapped)
        # as many lines as a row holds (CJK lines are tall), and the label column under half the chart's width
        size = min(11, int(row_pt / (1.6 * lines)), int(0.9 * cx / Emu(Pt(1)) / widest))
        fits.append((size, -lines, wrapped))
    size, _, wrapped = max(fits, key=lambda f: f[:2])   # the largest type; of those, the fewest lines
    if size >= MIN_LABEL_PT:
        return wrapped, size
    # too many rows for whole labels: one line each at the smallest size, long ones shortened in the middle
    return [shorten(c, int(0.9 * cx / Emu(Pt(1)) / MIN_LABEL_PT)) for c in plot.categories], MIN_LABEL_PT


def _caption_lines(chart: Chart) -> list[str]:
    return [line for line in (chart.sources_text, chart.comparability_text) if line]


def _chart_slide(prs, chart: Chart, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])   # "Title Only"
    _title(slide, chart.title)
    captions = _caption_lines(chart)
    caption_h = Inches(0.18) * sum(len(wrap_units(c, CAPTION_UNITS[lang])) for c in captions) + Inches(0.1)
    top = Inches(1.1)
    x, cx = MARGIN, WIDTH - 2 * MARGIN
    cy = HEIGHT - top - caption_h - Inches(0.35)
    plot = figure_plot(chart.figure)
    notes = [chart.title, *captions]
    if plot is not None:
        _add_chart(slide, plot, x, top, cx, cy, lang)
        # a label shortened to fit the slide is written out whole in the notes
        notes += [f"{short} = {whole}" for short, whole in zip(plot.shown, plot.categories) if "…" in short and "…" not in whole]
    else:
        _add_image(slide, chart, lang, x, top, cx, cy)
    _text_box(slide, x, HEIGHT - caption_h - Inches(0.25), cx, caption_h, captions, CAPTION_PT, GREY)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _one_line(label):
    """A row label wrapped for a phone, on one line again (a slide is wide): a ``<br>`` between two words."""
    if not isinstance(label, str):
        return label
    return re.sub(r"([^>])<br>([^<])", lambda m: m.group(1) + ("" if 2 in (units(m.group(1)), units(m.group(2))) else " ")
                  + m.group(2), label)


def _slide_rows(figure: dict) -> tuple[dict, int]:
    """The figure with its row labels on one line each, and the canvas height (px) its rows need."""
    data = [{**tr, "y": [_one_line(v) for v in tr["y"]]} if isinstance(tr.get("y"), list) else tr for tr in figure["data"]]
    layout = dict(figure.get("layout") or {})
    if isinstance((layout.get("yaxis") or {}).get("categoryarray"), list):
        layout["yaxis"] = {**layout["yaxis"], "categoryarray": [_one_line(v) for v in layout["yaxis"]["categoryarray"]]}
    rows = {v for tr in data for v in tr.get("y") or [] if isinstance(v, str)}
    lines = max((v.count("<br>") + 1 for v in rows), default=1)
    return {**figure, "data": data, "layout": layout}, len(rows) * (17 * lines + 8) + 230


def chart_png(chart: Chart, lang: str, width_in: float, height_in: float) -> bytes:
    """The chart alone as a picture ``width_in`` × ``height_in`` inches: the slide figure (``slides.slide_figure``)
    without its title and caption, which are text on the slide, and without the band kept for the title, so the
    plot has the canvas; row labels on one line, and as many pixels to the inch as its rows need (at least
    ``PX_PER_INCH``: 14 px text about 9 pt)."""
    figure, needed = _slide_rows(chart.figure)
    per_inch = max(PX_PER_INCH, needed / height_in)
    width, height = round(width_in * per_inch), round(height_in * per_inch)
    fig = slides.slide_figure(dataclasses.replace(chart, figure=figure, title="", sources_text=" ", comparability_text=" "),
                              lang, width, height)
    legend = fig["layout"].get("showlegend") is not False and any(
        tr.get("showlegend") is not False and tr.get("name") and tr.get("type") != "heatmap" for tr in fig["data"])
    fig["layout"]["margin"]["t"] = 70 if legend else 20   # the legend's rows above the plot, if it has one
    with slides._render_lock:   # one render at a time, as export_figure
        return renderer.ensure_server().render(fig, "png", width, height, 2)


def _add_image(slide, chart: Chart, lang: str, x, y, cx, cy) -> None:
    try:
        png = chart_png(chart, lang, cx / Inches(1), cy / Inches(1))
    except ExportUnavailable:
        _text_box(slide, x, y, cx, Inches(1), [install_hint(lang)], 14, GREY)
        return
    slide.shapes.add_picture(io.BytesIO(png), x, y, cx, cy)


def _title_slide(prs, lang: str, selection_text: str, version: str, date: str, n: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN * 2, Inches(1.8), WIDTH - 4 * MARGIN, Inches(1.6)
    _paragraphs(title.text_frame, [t("app_title", lang)], 40, bold=True)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN * 2, Inches(3.6), WIDTH - 4 * MARGIN, Inches(2.6)
    _paragraphs(subtitle.text_frame, [selection_text, t("deck_charts", lang, n=n),
                                      t("deck_version", lang, version=version or "—", date=date or "—")], 20, GREY)


def _sources_slides(prs, lang: str, sources: pd.DataFrame) -> None:
    en = lang == "en"
    heads = [t("col_locality", lang), t("col_name", lang), t("publisher", lang), t("published", lang), t("deck_sha", lang)]
    widths = [1.3, 4.6, 3.5, 1.4, 1.6]
    rows = [[s["name_en" if en else "name_zh"], s["title_en" if en else "title_zh"], s["publisher_en" if en else "publisher_zh"],
             t("undated", lang) if s["published_as_written"] == "undated" else str(s["published_as_written"]),
             str(s["raw_sha256"])[:12]] for _, s in sources.iterrows()]
    pages = [rows[i:i + SOURCES_PER_SLIDE] for i in range(0, len(rows), SOURCES_PER_SLIDE)] or [[]]
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _title(slide, t("sources_line", lang) + (f" ({n}/{len(pages)})" if len(pages) > 1 else ""))
        table = slide.shapes.add_table(len(page) + 1, len(heads), MARGIN, Inches(1.3), WIDTH - 2 * MARGIN,
                                       Inches(0.4) * (len(page) + 1)).table
        for j, w in enumerate(widths):
            table.columns[j].width = Emu(int((WIDTH - 2 * MARGIN) * w / sum(widths)))
        for i, row in enumerate([heads, *page]):
            for j, text in enumerate(row):
                cell = table.cell(i, j)
                _paragraphs(cell.text_frame, [text], 12 if i == 0 else 11, bold=i == 0, colour=WHITE if i == 0 else None)
        slide.notes_slide.notes_text_frame.text = "\n".join("; ".join(r) for r in page)


def _widescreen(prs) -> None:
    """16:9, with the template's master and layouts stretched to it (a slide the presenter adds fits too), and
    the theme's East Asian font declared."""
    scale = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for shape in [*prs.slide_master.shapes, *(s for layout in prs.slide_layouts for s in layout.shapes)]:
        off, ext = shape._element.xpath("./p:spPr/a:xfrm/a:off"), shape._element.xpath("./p:spPr/a:xfrm/a:ext")
        if off and ext:
            off[0].set("x", str(int(int(off[0].get("x")) * scale)))
            ext[0].set("cx", str(int(int(ext[0].get("cx")) * scale)))
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    theme._blob = (theme.blob.replace(b'<a:ea typeface=""/>', f'<a:ea typeface="{EA_FONT["typeface"]}"/>'.encode())
                   .replace('<a:font script="Hans" typeface="宋体"/>'.encode(),
                            f'<a:font script="Hans" typeface="{EA_FONT["typeface"]}"/>'.encode()))


def deck_bytes(charts: list[Chart], lang: str, selection_text: str, sources: pd.DataFrame,
               version: str = "", date: str = "") -> bytes:
    """The deck of ``charts``: title slide, a slide per chart, the sources of the charts' facts."""
    prs = Presentation()
    _widescreen(prs)
    _title_slide(prs, lang, selection_text, version, date, len(charts))
    for chart in charts:
        _chart_slide(prs, chart, lang)
    used = set().union(*(set(c.data["source_id"]) for c in charts if "source_id" in c.data)) if charts else set()
    _sources_slides(prs, lang, sources[sources["source_id"].isin(used)])
    for slide in prs.slides:
        _ea(slide.shapes._spTree, lang)
        if slide.has_notes_slide:
            _ea(slide.notes_slide.shapes._spTree, lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def selection_words(filters: Filters, lang: str) -> str:
    """The selection as a reader says it: "Province: Henan; Campaign: …", or "All localities and campaigns"."""
    opts = queries.filter_options()
    names = {(f, i): n for f, i, n in zip(opts["filter"], opts["id"], opts[f"name_{lang}"])}
    colon, sep, comma = (": ", "; ", ", ") if lang == "en" else ("：", "；", "、")
    parts = [t(key, lang) + colon + comma.join(names.get((key, v), v) for v in chosen)
             for key, chosen in filters._asdict().items() if chosen]
    return sep.join(parts) or t("deck_all", lang)


def selection_deck(filters: Filters, lang: str, charts: list[Chart] | None = None) -> bytes:
    """Every chart of the selection as one deck (the Data page, ``zhuqi figures --format pptx``)."""
    version, date = queries.build_info()
    charts = all_charts(filters, lang) if charts is None else charts
    return deck_bytes(charts, lang, selection_words(filters, lang), queries.sources(), version, date)


def deck_name(lang: str) -> str:
    return f"slides_{lang}.{DECK_FORMAT}"


def chart_deck(chart: Chart, filters: Filters, lang: str) -> bytes:
    """One chart as a deck (its export buttons)."""
    return selection_deck(filters, lang, [chart])
