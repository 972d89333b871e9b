"""AppTest for every page, each run through the router (``app.py``) as in the server: the test switches to
the page's file before the first run, then changes widgets and reruns on that page."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.routes import CURATOR_PAGES, READER_PAGES
from tests.conftest import HOSTILE_NAME

ROOT = Path(__file__).resolve().parents[2]
PAGES = [p.url_path for p in READER_PAGES]


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def run_page(name: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    page = next(p for p in READER_PAGES + CURATOR_PAGES if p.url_path == name)
    if not page.default:
        at.switch_page(page.file)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_popovers(at: AppTest, *keys: str) -> AppTest:
    """Open popovers (or expanders) by key, as a click does (their contents are drawn only when open), and rerun. With no key:
    every chart's export menu."""
    keys = keys or tuple("export-" + el.proto.id.split("-chart-", 1)[1] for el in at.get("plotly_chart"))
    for key in keys:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def chart_text(at: AppTest) -> str:
    """Everything a reader can see in the page's charts: trace names, labels, text and hovers."""
    return json.dumps([[{k: tr.get(k) for k in ("name", "x", "y", "text", "customdata")} for tr in f["data"]]
                       for f in figures(at)], ensure_ascii=False)


def page_text(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.caption] + [e.value for e in at.markdown]
    parts += [e.value for e in at.subheader] + [e.body for e in at.warning] + [e.body for e in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_without_exception(real, name, lang):
    at = run_page(name, lang=lang)
    assert at.title, "every page has a title"
    if name in ("overview", "growth", "problems", "instruments"):
        assert figures(at), f"{name} shows at least one chart"
    captions = " ".join(c.value for c in at.caption)
    assert ("来源" in captions) if lang == "zh" else ("Sources" in captions)


@pytest.mark.parametrize("name", ["overview", "growth", "problems", "instruments"])
@pytest.mark.parametrize("key, value", [("province", ["henan"]), ("program", ["sanfuwu"]),
                                        ("locality", ["shaoyang"]), ("level", ["county"])])
def test_each_filter_changes_the_charts(real, name, key, value):
    at = run_page(name)
    before = chart_text(at)
    at.sidebar.multiselect(key=key).set_value(value).run()
    assert not at.exception
    after = chart_text(at)
    assert after != before, f"{key}={value} left the {name} charts unchanged"


def test_filters_select_exactly_the_expected_localities(real):
    at = run_page("growth", province="henan")
    names = {tr["name"] for f in figures(at) for tr in f["data"] if tr.get("name")}
    assert names == {"开封市", "伊川县"}
    at.sidebar.multiselect(key="level").set_value(["county"]).run()
    assert {tr["name"] for f in figures(at) for tr in f["data"]} == {"伊川县"}


def test_language_switch_changes_labels(real):
    at = run_page("growth")
    assert at.title[0].value == "增速对比"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Growth rates side by side"
    text = chart_text(at)
    assert "Kaifeng" in text and "开封市" not in text
    assert at.sidebar.multiselect(key="province").label == "Province"


def test_url_sets_filters_and_language(real):
    at = run_page("problems", province="hunan", lang="en")
    assert at.sidebar.multiselect(key="province").value == ["hunan"]
    assert at.sidebar.radio(key="lang").value == "en"
    assert "Shaoyang" in chart_text(at) and "Kaifeng" not in chart_text(at)


@pytest.mark.parametrize("query", [
    {"province": "atlantis"},
    {"locality": "kaifeng' OR '1'='1"},
    {"level": "<script>alert(1)</script>"},
    {"lang": "fr"},
])
def test_bad_url_value_gives_a_notice_and_is_ignored(real, query):
    at = run_page("growth", **query)
    assert at.warning, "a notice is shown"
    notice = at.warning[0].body
    key, value = next(iter(query.items()))
    assert "无法识别" in notice
    assert "<script>" not in notice  # shown literally (escaped), never as HTML
    # the rest of the page works with the value ignored: the chart is the unfiltered one
    assert chart_text(at) == chart_text(run_page("growth"))


def test_a_long_url_value_is_cut_short_in_the_notice_and_never_a_link(real):
    value = "Session expired: log in again at https://evil.example/login " + "x" * 100_000
    at = run_page("overview", locality=value, lang="en")
    notice = at.warning[0].body
    assert len(notice) < 300 and "…" in notice
    assert "https://" not in notice.replace("\\", "")  # the word joiner sits inside "://"
    many = run_page("overview", **{"province": [f"p{i}" for i in range(9)]})
    assert "另有 4 个" in many.warning[0].body


@pytest.mark.parametrize("name", PAGES)
def test_empty_selection_shows_a_message_not_an_error(real, name):
    at = run_page(name, province="zhejiang", locality="kaifeng")
    assert at.info, f"{name} tells the reader the selection is empty"


@pytest.mark.parametrize("name", PAGES)
def test_hostile_text_is_shown_literally(hostile_db, monkeypatch, name):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    at = run_page(name)
    # markdown elements: every markdown-active character from the data arrives escaped
    for el in list(at.markdown) + list(at.caption) + list(at.subheader) + list(at.title):
        assert "<script>" not in el.value and "](javascript" not in el.value, el.value
    # charts: HTML in data arrives as entities, and $ never starts MathJax
    text = chart_text(at)
    assert "<script>" not in text and "<b>甲县" not in text
    if name in ("overview", "growth", "instruments"):
        assert "&lt;script&gt;" in text or "&lt;b&gt;" in text


def test_sources_page_highlights_and_escapes(hostile_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    at = run_page("sources")
    html = [el.proto.body for el in at.get("html")]
    assert html and "&lt;script&gt;alert（1）&lt;/script&gt;" in html[0]
    assert "<script>" not in html[0]
    assert '<mark id="fact-demo-001"' in html[0]


def test_hostile_name_round_trips_in_tables(hostile_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    at = run_page("data")
    df = at.dataframe[0].value
    assert HOSTILE_NAME in set(df["地区"]) and (df["口径"] == HOSTILE_NAME).any()



def test_charts_offer_png_svg_pdf_downloads(real):
    at = run_page("growth")
    assert not at.get("download_button"), "each chart's export buttons are drawn when its menu opens"
    open_popovers(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:4] == ["PNG 图片（幻灯片 16:9，2倍）", "SVG 矢量图", "PDF", "幻灯片（PPTX，可编辑图表）"]
    assert len(labels) == 4 * len(at.get("plotly_chart")), "four buttons in every chart's menu"
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "growth_industrial_investment_growth", "width": 1600,
                                              "height": 900, "scale": 2}


def test_figure_pack_button_builds_a_zip(real):
    at = run_page("data", province="henan", lang="en")
    assert [b.proto.label for b in at.get("download_button")] == [
        "CSV (opens in Excel)", "Excel workbook", "Slides of every chart (PPTX, editable charts)"]
    at.button(key="pack_build").click().run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-1] == "Download figure pack (zip)"
    assert any("files ready" in c.value for c in at.caption)


def test_without_chromium_the_page_says_what_to_install(real, monkeypatch):
    from dashboard import export

    monkeypatch.setattr(export, "chromium_path", lambda: None)
    at = run_page("growth", lang="en")
    assert not at.get("download_button")
    assert any("apt-get install -y chromium fonts-noto-cjk" in c.value.replace("\\", "") for c in at.caption)


@pytest.mark.parametrize("name", PAGES)
def test_no_filter_value_breaks_a_page(real, name):
    """Every locality and every campaign alone, and an all-county selection, on every page."""
    at = run_page(name)
    for key, values in [("locality", ["tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"]),
                        ("program", ["sanfuwu", "ganbu_jin_wanqi", "ganbu_lian_wanqi", "wanren_zhu_wanqi"])]:
        for value in values:
            at.sidebar.multiselect(key=key).set_value([value]).run()
            assert not at.exception, (key, value, [e.message for e in at.exception])
        at.sidebar.multiselect(key=key).set_value([]).run()
    at.sidebar.multiselect(key="level").set_value(["county"]).run()
    assert not at.exception


def test_curation_assistant_drafts_a_pasted_report(real):
    at = run_page("curate", lang="en")
    at.text_input(key="curate_locality").set_value("newtown").run()
    at.text_area(key="curate_text").set_value("今年1-5月，全县规上工业增加值同比增长2.3%，走访企业3000余家。<script>x</script>").run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["2.3%", "3000余家"]
    assert "review: pending" in at.code[0].value and "draft: true" in at.code[0].value
    assert [b.proto.label for b in at.get("download_button")] == ["Download the draft YAML"]


def test_curation_assistant_refuses_bad_ids(real):
    at = run_page("curate")
    at.text_input(key="curate_locality").set_value("../etc").run()
    at.text_area(key="curate_text").set_value("增长2.3%").run()
    assert at.error and not at.dataframe


@pytest.mark.parametrize("lang, intro", [("zh", "数据库中5篇地方报告的每个数字"),
                                         ("en", "Every figure from the 5 local reports in the database")])
def test_overview_intro_counts_the_reports_in_the_database(real, lang, intro):
    assert intro in page_text(run_page("overview", lang=lang))
