"""The route a person takes, in a real browser against a freshly started server: a deep link as the server's
very first request, then several sessions one after another, each clicking every page link, changing a
filter, switching language, going Back and opening a second tab.

Each step asserts the URL path and query, that the page switched inside the same document (no new tab, no
reload), that no exception or "Page not found" shows, and that the filters survive."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import t
from dashboard.local_server import serve
from dashboard.routes import READER_PAGES
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.runs import Runs

SIDEBAR = "[data-testid=stSidebar]"


@pytest.fixture(scope="module")
def fresh_server(real_db, tmp_path_factory, browser):
    """A server of this module's own: the deep link below is the very first request it answers."""
    with serve(tmp_path_factory.mktemp("journey") / "streamlit.log", db=real_db) as (url, _proc):
        yield url


def path_of(url: str) -> str:
    return urlsplit(url).path


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def href(page) -> str:
    return "/" if page.default else f"/{page.url_path}"


class Tab:
    """One browser tab and its script runs."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.page = ctx.new_page()
        self.tabs = len(ctx.pages)  # tabs open in this browser window now: no click may add one
        self.runs = Runs(self.page)

    def open(self, url: str) -> None:
        self.runs.act(lambda: self.page.goto(url, wait_until="commit"))
        # A mark in this document: it is gone if anything reloads the page.
        self.page.evaluate("window.__sameDocument = true")

    def check(self, path: str, lang: str, title_key: str, **filters: str) -> None:
        pg = self.page
        assert len(self.ctx.pages) == self.tabs, "no other tab opened"
        assert pg.evaluate("window.__sameDocument === true"), "the page switched inside the same document"
        assert self.runs.sockets == 1, "one websocket connection: no reload"
        assert path_of(pg.url) == path, pg.url
        query = query_of(pg.url)
        assert query.get("lang", ["zh"]) == [lang], pg.url
        for key, value in filters.items():
            assert query.get(key) == [value], f"{key}={value} kept in the URL: {pg.url}"
        assert pg.locator("[data-testid=stException]").count() == 0
        # Streamlit's own box for an unknown page is English only ("Page not found ... does not seem to exist"),
        # as is its main menu (System/Light/Dark, Print, Record screen): neither is shown
        assert "does not seem to exist" not in pg.inner_text("body")
        assert pg.locator("[data-testid=stMainMenu]").count() == 0
        assert pg.inner_text("[data-testid=stMain] h1") == t(title_key, lang)

    def link(self, page, lang: str):
        return self.page.locator(f"{SIDEBAR} a[href]").filter(
            has_text=re.compile(rf"{re.escape(t(page.nav_key, lang))}$"))  # the icon's ligature name comes first

    def click_link(self, page, lang: str) -> None:
        pages_before = len(self.ctx.pages)
        self.runs.act(lambda: self.link(page, lang).click())
        assert len(self.ctx.pages) == pages_before, f"clicking {page.url_path} opened no new tab"

    def link_boxes(self) -> list[tuple[float, float]]:
        return [(b["x"], b["y"]) for b in (a.bounding_box() for a in self.page.locator(f"{SIDEBAR} a[href]").all())]

    def offered(self, label: str, typed: str) -> list[str]:
        """The options a sidebar multiselect offers after typing ``typed`` (the filter keeps focus)."""
        box = self.page.locator(f"{SIDEBAR} [data-testid=stMultiSelect]").filter(has_text=label)
        box.locator("input").click()
        self.page.keyboard.type(typed)
        self.page.wait_for_timeout(200)
        listbox = " ".join(self.page.locator("[role=listbox]").all_inner_texts())
        assert "Select all" not in listbox and "Select " not in listbox, "no English-only bulk action"
        return self.page.locator("[role=option]").all_inner_texts()

    def chips_cut(self) -> list[str]:
        """Chosen values whose text does not fit its chip."""
        return self.page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid=stSidebar] [data-testid=stMultiSelectTagsContainer] [data-tag] > span')]
            .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)""")

    def choose(self, label: str, typed: str, option_text: str) -> None:
        """Type into a sidebar multiselect and pick the option that appears; the filter keeps focus."""
        self.offered(label, typed)
        option = self.page.locator("[role=option]").filter(has_text=option_text)
        assert option.count() == 1, f"typing {typed!r} finds {option_text!r}"
        self.runs.act(option.click)


def walk(tab: Tab, lang: str, filters: dict[str, str]) -> None:
    """Click every reader's page link, in order, then back to the first."""
    for page in list(READER_PAGES[1:]) + [READER_PAGES[0]]:
        tab.click_link(page, lang)
        tab.check(href(page), lang, page.title_key, **filters)


def test_journey_over_several_sessions(fresh_server, browser):
    url = fresh_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    growth = next(p for p in READER_PAGES if p.url_path == "growth")
    starts = [
        # 1. the server's very first request is a deep link
        (f"{url}/growth?province=henan&lang=en", "/growth", "en", {"province": "henan"},
         ("万人", "万人助万企", "wanren_zhu_wanqi")),
        # 2. the root, in Chinese, no filters
        (f"{url}/", "/", "zh", {}, ("Ten Thousand People", "万人助万企", "wanren_zhu_wanqi")),
        # 3. an old-style link to the overview by name, with a filter
        (f"{url}/overview?province=hunan", "/overview", "zh", {"province": "hunan"},
         ("Linked", "万名干部联万企", "ganbu_lian_wanqi")),
    ]
    for session, (start, path, lang, filters, (typed, option, program)) in enumerate(starts):
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            tab = Tab(ctx)
            tab.open(start)
            start_page = next(p for p in READER_PAGES if path in (href(p), f"/{p.url_path}"))
            tab.check(path, lang, start_page.title_key, **filters)
            tab.page.screenshot(path=str(SCREENSHOTS / f"journey_s{session}_start_{lang}.png"))
            walk(tab, lang, filters)

            # Change a filter by typing the other language's name; the page links stay where they were.
            tab.click_link(growth, lang)
            before = tab.link_boxes()
            if "province" in filters:
                # Campaigns with no locality in the chosen province are not offered.
                offered = tab.offered(t("program", lang), "万")
                tab.page.keyboard.press("Escape")
                assert offered and all(("万人助万企" in o) == (filters["province"] == "henan") for o in offered), offered
                tab.page.locator("[data-testid=stMain] h1").click()
            tab.choose(t("program", lang), typed, option)
            assert tab.link_boxes() == before, "choosing a campaign moved the page links"
            assert tab.chips_cut() == []
            filters = {**filters, "program": program}
            tab.check("/growth", lang, "growth_title", **filters)

            # Switch language: same page, filters kept.
            other = "en" if lang == "zh" else "zh"
            tab.runs.act(tab.page.locator(SIDEBAR).get_by_text("English" if other == "en" else "中文", exact=True).click)
            tab.check("/growth", other, "growth_title", **filters)
            tab.page.screenshot(path=str(SCREENSHOTS / f"journey_s{session}_growth_{other}.png"))

            # Another page, then Back: the previous page again, the filters and language still in force.
            problems = next(p for p in READER_PAGES if p.url_path == "problems")
            tab.click_link(problems, other)
            tab.check("/problems", other, "problems_title", **filters)
            tab.runs.act(tab.page.go_back)
            tab.check("/growth", other, "growth_title", **filters)

            # A second tab on the same URL is a new session that shows the same view.
            second = Tab(ctx)
            second.open(tab.page.url)
            second.check("/growth", other, "growth_title", **filters)
            sidebar = second.page.inner_text(SIDEBAR)
            assert option in sidebar, "the chosen campaign (its label carries both names)"
        finally:
            ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_path_answers_in_the_readers_language(fresh_server, browser, lang):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        tab = Tab(ctx)
        tab.open(f"{fresh_server}/growht?province=henan" + ("&lang=en" if lang == "en" else ""))
        assert tab.page.inner_text("[data-testid=stMain] h1") == t("not_found_title", lang)
        assert "does not seem to exist" not in tab.page.inner_text("body"), "not Streamlit's English box"
        # the sidebar still leads everywhere, with the filters
        tab.click_link(READER_PAGES[1], lang)
        tab.check(href(READER_PAGES[1]), lang, READER_PAGES[1].title_key, province="henan")
    finally:
        ctx.close()
