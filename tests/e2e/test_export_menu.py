"""Each chart's exports sit behind one "Export" button: opening it draws the four downloads (the page holds
one element per chart until then), and each gives a real file of its kind. "Cite this" opens the same way,
with the citation in a box that can be copied."""
from pathlib import Path

import pytest

from tests.e2e.runs import Runs

# Magic bytes of each format, and its label in the menu (English).
FILES = {"PNG (16:9 slide, 2×)": b"\x89PNG", "SVG": b"<svg", "PDF": b"%PDF", "Slides (PPTX)": b"PK\x03\x04"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_export_menu_opens_and_every_download_is_its_format(server, browser, tmp_path, lang):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    try:
        page = ctx.new_page()
        Runs(page).act(lambda: page.goto(f"{server}/growth?province=henan&lang={lang}", wait_until="commit"))
        charts = page.locator("[data-testid=stPlotlyChart]").count()
        menus = page.locator("[data-testid=stPopover]")
        assert menus.count() == charts + 1, "one export menu per chart, and Cite this"
        assert page.locator("[data-testid=stDownloadButton]").count() == 0, "nothing is drawn before a menu opens"
        assert page.locator("[data-testid=stCode]").count() == 0, "no code box (its highlighter is 1.5 MB)"
        menus.first.locator("button").first.click()
        buttons = page.locator("[data-testid=stPopoverBody] [data-testid=stDownloadButton] button")
        buttons.first.wait_for(timeout=30000)
        assert buttons.count() == 4
        if lang == "zh":
            assert "PNG 图片" in buttons.first.inner_text()
            page.screenshot(path=str(tmp_path / "menu.png"))
            return
        for label, magic in FILES.items():
            with page.expect_download(timeout=60000) as download:
                buttons.filter(has_text=label).first.click()
            body = Path(download.value.path()).read_bytes()
            assert magic in body[:400], (label, body[:40])
            assert download.value.suggested_filename.endswith(f"_{lang}.{label.split()[0].lower().strip('(')}".replace(
                "slides", "pptx")), download.value.suggested_filename
    finally:
        ctx.close()


def test_cite_this_opens_with_the_page_address(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        Runs(page).act(lambda: page.goto(f"{server}/problems?province=henan&lang=en", wait_until="commit"))
        page.locator("[data-testid=stPopover]").filter(has_text="Cite this").locator("button").click()
        code = page.locator("[data-testid=stPopoverBody] [data-testid=stCode]")
        code.wait_for(timeout=30000)
        text = code.inner_text()
        assert text.startswith("Local enterprise-assistance campaigns compared: dataset"), text
        assert text.rstrip().endswith("/problems?province=henan&lang=en"), text
    finally:
        ctx.close()
