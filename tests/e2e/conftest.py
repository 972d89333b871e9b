"""A real Streamlit server and Debian's Chromium driven by Playwright."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots" / "e2e"
SETTLED = "[data-testid=stApp][data-test-script-state=notRunning]"
CHARTS_DRAWN = ("() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".every(el => el.querySelector('.main-svg'))")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(real_db, tmp_path_factory):
    port = free_port()
    env = {**os.environ, "DASHBOARD_DB": str(real_db)}
    # The log goes to a file: an unread pipe fills up and blocks the server.
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit server did not start: " + log_path.read_text(errors="replace")[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


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
