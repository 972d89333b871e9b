"""Clicking a cell of the instruments matrix lists that cell's measures (a real click in Chromium)."""
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.runs import Runs


def test_clicking_a_heatmap_cell_lists_its_measures(server, browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = ctx.new_page()
        runs = Runs(page)
        runs.act(lambda: page.goto(f"{server}/instruments?lang=en", wait_until="commit"))
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
    finally:
        ctx.close()
