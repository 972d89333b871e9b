"""The router (app.py) in AppTest: every page runs through it, the sidebar links are the readers' pages
with the filters in their query, switching pages keeps the filters, and the filters offer only what the
other filters leave non-empty, each option findable by either language's name."""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.queries import FILTER_KEYS
from dashboard.routes import CURATOR_PAGES, READER_PAGES
from tests.pages.test_pages import ROOT, run_page


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def links(at: AppTest) -> list[tuple[str, str]]:
    return [(el.proto.label, el.proto.query_string) for el in at.get("page_link")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sidebar_links_are_the_readers_pages_with_the_filters(real, lang):
    at = run_page("growth", province="henan", lang=lang)
    query = "province=henan" + ("&lang=en" if lang == "en" else "")
    assert links(at) == [(t(p.nav_key, lang), query) for p in READER_PAGES]
    assert t("nav_curate", lang) not in {label for label, _ in links(at)}, "the curators' tool is not a reader's page"


def test_switching_pages_keeps_filters_and_language(real):
    at = run_page("overview", province="hunan", lang="en")
    assert at.title[0].value == t("overview_title", "en")
    for page in READER_PAGES[1:]:
        at.switch_page(page.file).run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.title[0].value == t(page.title_key, "en")
        assert at.sidebar.multiselect(key="province").value == ["hunan"]
        assert dict(at.query_params) == {"province": "hunan", "lang": "en"}


def test_the_curators_page_has_no_filters_and_keeps_them_for_the_readers(real):
    at = run_page("growth", province="henan")
    at.switch_page(CURATOR_PAGES[0].file).run()
    assert at.title[0].value == t("curate_title", "zh")
    assert not at.sidebar.multiselect, "no readers' filters on the curators' page"
    assert dict(at.query_params) == {}
    at.switch_page("pages/growth.py").run()
    assert at.sidebar.multiselect(key="province").value == ["henan"], "the filters survive the visit"


def test_options_narrow_to_what_the_other_filters_leave(real):
    at = run_page("growth", province="henan", lang="en")
    assert at.sidebar.multiselect(key="program").options == ["Ten Thousand People Help Ten Thousand Firms · 万人助万企"]
    assert at.sidebar.multiselect(key="locality").options == ["Kaifeng · 开封市", "Yichuan County · 伊川县"]
    # the province filter itself still offers every province the other (empty) filters leave
    assert len(at.sidebar.multiselect(key="province").options) == 3
    at.sidebar.multiselect(key="level").set_value(["county"]).run()
    assert at.sidebar.multiselect(key="locality").options == ["Yichuan County · 伊川县"]


def test_a_chosen_value_stays_offered_even_when_the_others_exclude_it(real):
    at = run_page("growth", province="zhejiang", locality="kaifeng")
    assert at.sidebar.multiselect(key="locality").value == ["kaifeng"]
    assert at.info, "the empty selection is explained on the page"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_option_carries_both_names_and_no_select_all(real, lang):
    at = run_page("overview", lang=lang)
    for key in FILTER_KEYS:
        box = at.sidebar.multiselect(key=key)
        assert box.proto.select_all == 0, "no English-only 'Select all' entry"
        assert all(" · " in o for o in box.options), box.options
    programs = at.sidebar.multiselect(key="program").options
    assert any(o.startswith("万人助万企" if lang == "zh" else "Ten Thousand People") and
               ("Ten Thousand People" if lang == "zh" else "万人助万企") in o for o in programs)


def test_the_router_renders_the_default_page_at_the_root(real):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == t("overview_title", "en")
