"""Clicking a mark or a row in Chromium: a heatmap cell lists its measures; a growth, amount or problem bar and a
Data page row open the figure card with its quote; a link to a fact opens the report with the figure in view."""
from contextlib import contextmanager

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


def test_clicking_a_growth_bar_shows_its_quote_on_the_page(server, browser):
    with opened(browser, f"{server}/growth?lang=en") as (page, runs):
        chart = page.locator("[data-testid=stPlotlyChart]").filter(has_text="Shaoyang").nth(1)  # value added
        bar = chart.locator(".barlayer .point path").first
        runs.act(lambda: bar.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1, "the figure card with its quote, outside any hover"
        quote = card.inner_text()
        assert "%" in quote and card.locator("mark").count() == 1
        assert "fact=" in page.url
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "growth_bar_card_en.png"))
        # the card's link opens the report at that sentence
        runs.act(lambda: page.get_by_role("link", name="Show in the report").click())
        assert "/sources" in page.url and "fact=" in page.url
        page.wait_for_function("() => document.querySelector('mark[data-focus]') !== null")


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


def test_clicking_an_amount_bar_shows_its_figure_card(server, browser):
    with opened(browser, f"{server}/instruments") as (page, runs):
        amounts = page.locator("[data-testid=stPlotlyChart]").nth(1)
        runs.act(lambda: amounts.locator(".barlayer .point path").first.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=" in page.url
        assert page.locator("[data-testid=stException]").count() == 0
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "instruments_amount_card_zh.png"))


def test_clicking_a_problem_count_bar_shows_its_figure_card(server, browser):
    with opened(browser, f"{server}/problems?lang=en") as (page, runs):
        counts = page.locator("[data-testid=stPlotlyChart]").first
        runs.act(lambda: counts.locator(".barlayer .point path").first.click(force=True))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=" in page.url and page.locator("[data-testid=stException]").count() == 0


def test_selecting_a_data_row_shows_its_figure_card(server, browser):
    with opened(browser, f"{server}/data?province=henan&lang=en") as (page, runs):
        grid = page.locator("[data-testid=stDataFrame]").first
        box = grid.bounding_box()
        # the row-selection box of the first row: left column, under the 35 px header
        runs.act(lambda: page.mouse.click(box["x"] + 18, box["y"] + 35 + 17))
        card = page.locator("[data-testid=stMain] blockquote")
        assert card.count() == 1 and card.locator("mark").count() == 1
        assert "fact=kaifeng-" in page.url
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "data_row_card_en.png"))
