"""Screenshot app pages with Debian's Chromium: ``python scripts/screenshot.py URL OUT.png [URL OUT.png ...]``.

Waits until Streamlit reports the script has finished running, so the picture shows the page, not a skeleton.
"""
import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def main(args: list[str]) -> int:
    pairs = list(zip(args[::2], args[1::2]))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for url, out in pairs:
            page.goto(url)
            page.wait_for_selector("[data-testid=stMain] h1", timeout=30000)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30000)
            # Plotly draws after the script has finished; wait until every chart has its SVG.
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".every(el => el.querySelector('.main-svg'))", timeout=30000)
            page.wait_for_timeout(500)
            page.screenshot(path=out, full_page=True)
            print(f"{url} -> {out}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
