"""A real Streamlit server and Debian's Chromium driven by Playwright."""
import os
import shutil
from pathlib import Path

import pytest

from dashboard.local_server import ROOT, serve

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots" / "e2e"
SETTLED = "[data-testid=stApp][data-test-script-state=notRunning]"
# Plotly charts and tables are lazy-loaded: until their code is in, the page shows an stSkeleton in their
# place, and "every chart has drawn" alone would pass on a page whose charts have not appeared yet.
CHARTS_DRAWN = ("() => !document.querySelector('[data-testid=stSkeleton]')"
                " && [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".every(el => el.querySelector('.main-svg'))")


@pytest.fixture(scope="session")
def server(real_db, tmp_path_factory):
    with serve(tmp_path_factory.mktemp("server") / "streamlit.log", db=real_db, warm_export=True) as (url, _proc):
        yield url


@pytest.fixture
def own_server(real_db, tmp_path):
    """A server on a database file of its own, so a test can rebuild it: (url, that file, tmp_path)."""
    served = tmp_path / "build" / "dashboard.duckdb"
    served.parent.mkdir()
    shutil.copyfile(real_db, served)
    with serve(tmp_path / "server.log", db=served) as (url, _proc):
        yield url, served, tmp_path


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: run `make test` as root, or apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def settle(pg) -> None:
    # The app reports notRunning before its first run starts, so wait for the page's title first.
    pg.wait_for_selector("[data-testid=stMain] h1", timeout=60000)
    pg.wait_for_selector(SETTLED, timeout=60000)
    pg.wait_for_selector("[data-testid=stSidebar] [data-testid=stMultiSelect]", timeout=60000)
    pg.wait_for_function(CHARTS_DRAWN, timeout=60000)
    pg.wait_for_timeout(300)
