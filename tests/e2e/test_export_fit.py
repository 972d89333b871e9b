"""Every exported chart lies inside its canvas, in both languages and for several selections: the SVG that
`zhuqi figures` and the download buttons write, drawn by Chromium, has every text's box inside the canvas, no
two row labels on top of each other, no legend over the title, no HTML entity shown as text, and English
captions without Chinese fragments."""
import re

import pytest

from dashboard import catalogue
from dashboard.export import chromium_path, export_figure
from dashboard.queries import Filters

SELECTIONS = {"all": Filters(), "henan": Filters(province=("henan",)), "zhejiang": Filters(province=("zhejiang",)),
              "shaoyang": Filters(locality=("shaoyang",))}
TEXT_BOXES = """() => {
  const svg = document.querySelector('svg'); const c = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(el => el.textContent.trim()).map(el => {
    const r = el.getBoundingClientRect();
    const kind = [el, el.parentNode, el.closest('g[class]')].map(n => n && n.getAttribute('class') || '').join(' ');
    return {s: el.textContent, kind, l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top,
            W: c.width, H: c.height};
  });
}"""


def overlap(a, b) -> bool:
    return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


@pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed (make test installs it as root)")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_every_exported_svg_text_lies_inside_its_canvas(browser, lang, selection):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    problems, drawn = [], 0
    try:
        for chart in catalogue.all_charts(SELECTIONS[selection], lang):
            page.set_content("<html><body style='margin:0'>" + export_figure(chart, lang, "svg").decode() + "</body></html>")
            texts = page.evaluate(TEXT_BOXES)
            drawn += len(texts)
            name = chart.chart_id
            problems += [f"{name}: outside the canvas: {x['s'][:40]!r}" for x in texts
                         if x["l"] < -0.5 or x["t"] < -0.5 or x["r"] > x["W"] + 0.5 or x["b"] > x["H"] + 0.5]
            problems += [f"{name}: entity shown: {x['s'][:40]!r}" for x in texts if re.search(r"&(quot|amp|lt|gt|#\d+);", x["s"])]
            if lang == "en":
                problems += [f"{name}: Chinese in an English caption: {x['s'][:60]!r}" for x in texts
                             if "annotation" in x["kind"] and re.search(r"[\u4e00-\u9fff]", x["s"])]
            ticks = [x for x in texts if "ytick" in x["kind"]]
            problems += [f"{name}: row labels overlap: {a['s'][:20]!r} / {b['s'][:20]!r}"
                         for i, a in enumerate(ticks) for b in ticks[i + 1:] if overlap(a, b)]
            titles = [x for x in texts if "gtitle" in x["kind"]]
            problems += [f"{name}: legend over the title: {b['s'][:20]!r}"
                         for a in titles for b in texts if "legendtext" in b["kind"] and overlap(a, b)]
    finally:
        page.close()
    assert drawn > 50, "the charts' texts were measured"
    assert problems == []
