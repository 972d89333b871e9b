"""Every chart fits its box at a phone's, a laptop's and a desktop's width, in both languages: measured in
Chromium from the drawn SVG, no chart text lies outside its chart and no two tick labels of an axis overlap."""
import pytest

from tests.e2e.runs import Runs

CHART_PAGES = ["overview", "growth", "problems", "instruments"]
# Every text element of every plotly chart whose box is outside the chart's own SVG box (1 px of slack).
OUTSIDE = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].flatMap((chart, i) => {
  const svg = chart.querySelector('.main-svg'); if (!svg) return [];
  const box = svg.getBoundingClientRect();
  return [...chart.querySelectorAll('.main-svg text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {chart: i, text: t.textContent.slice(0, 40), left: Math.round(r.left - box.left),
            right: Math.round(box.right - r.right), top: Math.round(r.top - box.top), bottom: Math.round(box.bottom - r.bottom)};
  }).filter(x => x.left < -1 || x.right < -1 || x.top < -1 || x.bottom < -1);
})"""
# Pairs of tick labels of one axis whose boxes overlap (more than 1 px each way).
OVERLAPS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg')].flatMap((svg, i) =>
  ['.xtick', '.ytick'].flatMap(sel => {
    const boxes = [...svg.querySelectorAll(sel + ' text')].filter(t => t.textContent.trim())
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    const out = [];
    for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
      const [ta, ra] = boxes[a], [tb, rb] = boxes[b];
      if (Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 1 &&
          Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 1) out.push([i, ta, tb]);
    }
    return out;
  }))"""


@pytest.mark.parametrize("width", [390, 1024, 1440])
def test_no_chart_text_outside_its_chart(server, browser, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        runs = Runs(page)
        problems = {}
        for name in CHART_PAGES:
            for query in ("", "lang=en", "province=henan&lang=en", "province=zhejiang"):
                runs.act(lambda: page.goto(f"{server}/{name}?{query}", wait_until="commit"))  # noqa: B023
                assert page.locator("[data-testid=stPlotlyChart] .main-svg").count() >= 1
                outside, overlaps = page.evaluate(OUTSIDE), page.evaluate(OVERLAPS)
                if outside or overlaps:
                    problems[f"{name}?{query}"] = {"outside": outside[:5], "overlapping ticks": overlaps[:5]}
        assert problems == {}
    finally:
        ctx.close()
