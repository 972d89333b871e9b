"""Filter state is never lost, however fast a person clicks: two tabs, page links and the language switch
clicked every 0.1 s without waiting for the page, with and without a rebuild replacing the database
underneath. After each burst every tab still has its province chosen, in the sidebar and in its URL."""
import subprocess
import sys
import threading
import time

import pytest

from dashboard.local_server import ROOT
from tests.e2e.conftest import settle

BURST, ROUNDS, GAP_S = 12, 3, 0.1


def rebuild_until(stop: threading.Event, served) -> int:
    builds = 0
    while not stop.is_set():
        subprocess.run([sys.executable, "-m", "pipelines.build", "--out", str(served)], cwd=ROOT, check=True,
                       capture_output=True)
        builds += 1
    return builds


@pytest.mark.parametrize("rebuilding", [False, True], ids=["steady", "rebuilding"])
def test_bursts_of_clicks_keep_the_filters(own_server, browser, rebuilding):
    url, served, _ = own_server
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    tabs = [ctx.new_page() for _ in range(2)]
    for tab in tabs:
        tab.goto(f"{url}/growth?province=henan&lang=en")
        settle(tab)
    stop, builds = threading.Event(), []
    worker = threading.Thread(target=lambda: builds.append(rebuild_until(stop, served)), daemon=True)
    if rebuilding:
        worker.start()
    lost = []
    try:
        for round_ in range(ROUNDS):
            for k in range(BURST):
                tab = tabs[k % len(tabs)]
                target = (tab.locator("[data-testid=stSidebar] [role=radiogroup] label").nth(k % 2) if k % 5 == 4
                          else tab.locator("[data-testid=stSidebar] a[href]").nth((k + round_) % 6))
                try:
                    target.click(timeout=1000, no_wait_after=True)
                except Exception:  # noqa: BLE001 - a link not drawn yet is a click a person would miss too
                    pass
                time.sleep(GAP_S)
            for i, tab in enumerate(tabs):
                settle(tab)
                chip = tab.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.inner_text()
                if not ("Henan" in chip or "河南" in chip) or "province=henan" not in tab.url:
                    lost.append((round_, i, chip[:40], tab.url))
                assert tab.locator("[data-testid=stException]").count() == 0
    finally:
        stop.set()
        if rebuilding:
            worker.join(60)
        ctx.close()
    assert lost == []
    if rebuilding:
        assert builds and builds[0] >= 1, "the database was replaced during the bursts"
