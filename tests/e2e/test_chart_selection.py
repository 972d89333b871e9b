"""Clicking a mark or a row in Chromium: a heatmap cell lists its measures; a growth, amount or problem bar, a
period-strip dot and a Data page row open the figure card with its quote; a link to a fact opens the report with
the figure in view. Each card is photographed in both languages (artifacts/screenshots/)."""
from contextlib import contextmanager

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.runs import Runs


@contextmanager
def opened(browser, url: str):
    """A new browser session on ``url``, settled: (page, its script runs)."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = ctx.new_page()
        runs = Runs(page)
        runs.act(lambda: page.goto(url, wait_until="commit"))
        yield page, runs
    finally:
        ctx.close()


def test_clicking_a_heatmap_cell_lists_its_measures(server, browser):
    with opened(browser, f"{server}/instruments?lang=en") as (page, runs):
        matrix = page.locator("[data-testid=stPlotlyChart]").first
        cells = matrix.locator(".scatterlayer .point")
        assert cells.count() > 10, "a clickable marker on every non-empty cell"
        chosen = page.locator("[data-testid=stSelectbox] input")  # the locality and the category the table lists
        before = [chosen.nth(i).input_value() for i in range(2)]
        assert before[0] == "Kaifeng"  # the first locality until a cell is clicked
        runs.act(lambda: cells.last.click(force=True))  # Wenzhou × the last category with measures
        after = [chosen.nth(i).input_value() for i in range(2)]
        assert after[0] == "Wenzhou" and after[1] != before[1], (before, after)
        assert page.locator("[data-testid=stException]").count() == 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "instruments_cell_clicked_en.png"))


def shoot_card(page, card, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clicking_a_growth_bar_shows_its_quote_on_the_page(server, browser, lang):
    with opened(browser, f"{server}/growth?lang={lang}") as (page, runs):
        shaoyang = "Shaoyang" if lang == "en" else "邵阳市"
        chart = page.locator("[data-testid=stPlotlyChart]").filter(has_text=shaoyang).nth(1)  # value added
        bar = chart.locator(".barlayer .point path").first
        runs.act(lambda: bar.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1, "the figure card with its quote, outside any hover"
        quote = card.inner_text()
        assert "%" in quote and card.locator("mark").count() == 1
        assert "fact=" in page.url
        shoot_card(page, card, f"card_growth_bar_{lang}")
        # the card's link opens the report at that sentence
        runs.act(lambda: page.get_by_role("link", name="Show in the report" if lang == "en" else "在报告原文中查看").click())
        assert "/sources" in page.url and "fact=" in page.url
        page.wait_for_function("() => document.querySelector('mark[data-focus]') !== null")


def test_a_growth_click_reruns_its_group_and_a_second_group_takes_the_card(server, browser):
    """A click on a bar reruns only its group (a fragment); a click in another group moves the one card there."""
    with opened(browser, f"{server}/growth?lang=en") as (page, runs):
        groups = page.locator("[class*=st-key-group-]")
        first, second = groups.nth(0), groups.nth(1)
        full_runs = runs.finished - runs.fragment_runs
        runs.act(lambda: first.locator(".barlayer .point path").first.click(force=True))
        assert runs.fragment_runs == 1 and runs.finished - runs.fragment_runs == full_runs, "only the group reran"
        assert first.locator("blockquote").count() == 1 and page.locator("[data-testid=stMain] blockquote").count() == 1
        url = page.url
        runs.act(lambda: second.locator(".barlayer .point path").first.click(force=True))
        assert runs.finished - runs.fragment_runs > full_runs, "the page reran, so the first group let its card go"
        assert second.locator("blockquote").count() == 1 and page.locator("[data-testid=stMain] blockquote").count() == 1
        assert "fact=" in page.url and page.url != url
        assert page.locator("[data-testid=stException]").count() == 0


def test_a_link_to_a_fact_opens_the_report_with_the_figure_in_view(server, browser):
    for lang in ("zh", "en"):
        ctx = browser.new_context(viewport={"width": 1440, "height": 900})
        try:
            page = ctx.new_page()
            runs = Runs(page)
            runs.act(lambda: page.goto(f"{server}/sources?fact=kaifeng-002" + ("&lang=en" if lang == "en" else ""),  # noqa: B023
                                       wait_until="commit"))
            mark = page.locator("mark[data-focus]")
            assert mark.count() == 1 and "120余场" in mark.inner_text()
            page.wait_for_function("""() => { const r = document.querySelector('mark[data-focus]').getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight; }""", timeout=10000)
            page.screenshot(path=str(SCREENSHOTS / f"sources_fact_kaifeng-002_{lang}.png"))
        finally:
            ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clicking_an_amount_bar_shows_its_figure_card(server, browser, lang):
    with opened(browser, f"{server}/instruments?lang={lang}") as (page, runs):
        amounts = page.locator("[data-testid=stPlotlyChart]").nth(1)
        runs.act(lambda: amounts.locator(".barlayer .point path").first.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=" in page.url
        assert page.locator("[data-testid=stException]").count() == 0
        shoot_card(page, card, f"card_amount_bar_{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clicking_a_problem_count_bar_shows_its_figure_card(server, browser, lang):
    with opened(browser, f"{server}/problems?lang={lang}") as (page, runs):
        counts = page.locator("[data-testid=stPlotlyChart]").first
        runs.act(lambda: counts.locator(".barlayer .point path").first.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=" in page.url and page.locator("[data-testid=stException]").count() == 0
        shoot_card(page, card, f"card_problem_bar_{lang}")


def click_first_row(page, runs, grid) -> None:
    """The row-selection box of the first row: left column, in the middle of the row under the 35 px header."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    runs.act(lambda: page.mouse.click(box["x"] + 18, box["y"] + 35 + 42))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_selecting_a_data_row_shows_its_figure_card(server, browser, lang):
    with opened(browser, f"{server}/data?province=henan&lang={lang}") as (page, runs):
        click_first_row(page, runs, page.locator("[data-testid=stDataFrame]").first)
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=kaifeng-" in page.url
        shoot_card(page, card, f"card_data_row_{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_period_strip_dot_lists_its_figures_and_a_row_opens_the_card(server, browser, lang):
    with opened(browser, f"{server}/?lang={lang}") as (page, runs):
        strip = page.locator("[data-testid=stPlotlyChart]").last
        strip.scroll_into_view_if_needed()
        dots = strip.locator(".scatterlayer .point")
        assert dots.count() > 20, "a dot per locality and period end"
        runs.act(lambda: dots.nth(0).click(force=True))  # Yichuan's first period end: several figures
        listed = page.locator("[data-testid=stDataFrame]")
        assert listed.count() == 1 and "fact=" not in page.url
        click_first_row(page, runs, listed.first)
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=yichuan-" in page.url
        shoot_card(page, card, f"card_period_dot_{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_growth_gaps_open_on_a_click_and_a_row_opens_its_card(server, browser, lang):
    """The percentage-point gaps under the growth charts are listed once opened (no grid before: its script and
    first drawing cost a tab ~1 s); a row then opens its figure card."""
    with opened(browser, f"{server}/growth?lang={lang}") as (page, runs):
        assert page.locator("[data-testid=stPlotlyChart]").count() >= 8
        assert page.locator("[data-testid=stDataFrame]").count() == 0
        gaps = page.locator("[data-testid=stExpander] summary").last
        assert ("差距" if lang == "zh" else "Gaps") in gaps.inner_text()
        gaps.scroll_into_view_if_needed()
        runs.act(gaps.click)
        listed = page.locator("[data-testid=stDataFrame]")
        assert listed.count() == 1
        click_first_row(page, runs, listed.first)
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=kaifeng-045" in page.url
        shoot_card(page, card, f"card_growth_gap_{lang}")
