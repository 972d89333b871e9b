"""The fast path of figure exports: the slide figure built as a plain dict (no plotly.py validation), cached
per chart, and one warm plotly.js page reused between renders."""
import dataclasses
import json

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from plotly.utils import PlotlyJSONEncoder

from dashboard import catalogue, export
from dashboard.export import renderer as warm
from dashboard.export import slides
from dashboard.queries import Filters
from dashboard.safe_text import plotly_text as html_text
from tests.processes import remote_debugged_chromiums

needs_chromium = pytest.mark.skipif(export.chromium_path() is None, reason="Chromium not installed (make test installs it as root)")


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def canonical(fig) -> dict:
    return json.loads(json.dumps(fig, cls=PlotlyJSONEncoder, sort_keys=True))


@pytest.mark.parametrize("lang, sources, note", [("zh", "来源：", "可比性提示："), ("en", "Sources: ", "Comparability: ")])
def test_slide_figure_is_valid_plotly_and_leaves_the_shared_chart_alone(lang, sources, note):
    for chart in catalogue.all_charts(Filters(), lang):
        before = canonical(chart.figure)
        fig = export.slide_figure(chart, lang)
        # plotly.py's validation accepts the unvalidated dict exactly as it is: nothing invalid, nothing to coerce
        assert canonical(go.Figure(fig).to_dict()) == canonical(fig), chart.chart_id
        layout = fig["layout"]
        assert (layout["width"], layout["height"]) == (1600, 900)
        assert layout["title"]["text"] == html_text(chart.title)
        assert layout["title"]["font"]["size"] == 24
        assert layout["margin"]["autoexpand"] is False
        assert layout["xaxis"]["automargin"] is False and layout["yaxis"]["automargin"] is False
        caption = layout["annotations"][-1]["text"]
        assert caption.startswith(sources) and note in caption
        assert canonical(chart.figure) == before, chart.chart_id  # the cached chart is unchanged


def test_slide_figure_merges_into_existing_layout_and_reaches_every_axis():
    base = catalogue.chart("growth_industrial_value_added_growth", Filters(), "en")
    fig = make_subplots(rows=1, cols=2)
    fig.add_bar(x=[1, 2], y=["a", "b"], orientation="h", row=1, col=1)
    fig.add_bar(x=[3, 4], y=["a", "b"], orientation="h", row=1, col=2)
    fig.update_layout(title={"font": {"color": "#123456"}}, font={"color": "#654321"}, margin={"pad": 3})
    out = export.slide_figure(dataclasses.replace(base, figure=fig.to_dict()), "en")
    layout = out["layout"]
    assert layout["title"]["font"] == {"color": "#123456", "size": 24}  # merged, as update_layout merges
    assert layout["font"]["color"] == "#654321" and layout["font"]["size"] == 14
    assert layout["margin"]["pad"] == 3 and layout["margin"]["t"] == 110
    for axis in ("xaxis", "xaxis2", "yaxis", "yaxis2"):
        assert layout[axis]["automargin"] is False, axis
    assert layout["yaxis2"]["ticklabelstandoff"] == 8 and "ticklabelstandoff" not in layout["xaxis2"]


def test_slide_figure_is_cached_per_chart_object_language_and_size(monkeypatch):
    monkeypatch.setattr(slides, "_slide_cache", type(slides._slide_cache)())
    chart = catalogue.chart("growth_industrial_value_added_growth", Filters(), "en")
    first = slides._cached_slide_figure(chart, "en", 1600, 900)
    assert slides._cached_slide_figure(chart, "en", 1600, 900) is first
    assert slides._cached_slide_figure(chart, "en", 800, 450)["layout"]["width"] == 800
    changed = dataclasses.replace(chart, title="Another title")  # another object: never served the old figure
    assert slides._cached_slide_figure(changed, "en", 1600, 900)["layout"]["title"]["text"] == "Another title"
    assert slides._cached_slide_figure(chart, "en", 1600, 900) is first


def test_slide_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(slides, "_slide_cache", type(slides._slide_cache)())
    monkeypatch.setattr(slides, "SLIDE_CACHE_SIZE", 3)
    chart = catalogue.chart("growth_industrial_value_added_growth", Filters(), "en")
    copies = [dataclasses.replace(chart, title=f"t{i}") for i in range(5)]
    for c in copies:
        slides._cached_slide_figure(c, "en", 1600, 900)
    assert [entry[0].title for entry in slides._slide_cache.values()] == ["t2", "t3", "t4"]


@needs_chromium
def test_warm_exports_reuse_the_page_and_a_reloaded_page_draws_the_same_bytes(monkeypatch):
    chart = catalogue.chart("growth_industrial_value_added_growth", Filters(), "zh")
    renderer = warm.ensure_server()
    k = renderer.kaleido
    monkeypatch.setattr(warm, "RELOAD_EVERY", 10_000)
    renders, reloads = k.renders, k.reloads
    first = export.export_figure(chart, "zh", "png")
    second = export.export_figure(chart, "zh", "png")
    assert (k.renders - renders, k.reloads - reloads) == (2, 0)  # no page reload between renders
    assert first == second
    monkeypatch.setattr(warm, "RELOAD_EVERY", 2)
    after = [export.export_figure(chart, "zh", "png") for _ in range(4)]
    assert (k.renders - renders, k.reloads - reloads) == (6, 2)  # every second render reloads the page
    assert all(png == first for png in after)  # fresh page or reused page: byte-identical images


@needs_chromium
def test_a_failed_render_reloads_the_page_and_the_next_export_works():
    chart = catalogue.chart("problem_counts", Filters(), "en")
    renderer = warm.ensure_server()
    good = export.export_figure(chart, "en", "png")
    reloads = renderer.kaleido.reloads
    with pytest.raises(ValueError, match="gif"):
        renderer.render(export.slide_figure(chart, "en"), "gif", 1600, 900, 1)
    assert renderer.kaleido.reloads == reloads + 1
    assert not renderer.broken
    assert export.export_figure(chart, "en", "png") == good


@needs_chromium
def test_a_broken_renderer_is_replaced_by_a_new_chromium():
    chart = catalogue.chart("growth_industrial_value_added_growth", Filters(), "en")
    old = warm.ensure_server()
    old.broken = True
    png = export.export_figure(chart, "en", "png")
    assert warm._renderer is not old and not warm._renderer.broken
    assert not old._thread.is_alive()  # the old Chromium was closed and its loop ended
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_the_export_chromium_may_not_read_local_files_or_skip_the_same_origin_rule():
    server = warm.ensure_server()
    assert server.render({"data": [{"type": "bar", "x": [1], "y": ["甲"], "orientation": "h"}]}, "png", 200, 100, 1)[:4] \
        == b"\x89PNG"
    browsers = remote_debugged_chromiums(server.kaleido.subprocess.pid)
    assert browsers, "the Chromium the export runs"
    for args in browsers:
        assert b"--allow-file-access-from-files" not in args and b"--disable-web-security" not in args
        assert b"--disable-background-networking" in args
