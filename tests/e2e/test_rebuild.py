"""Rebuilding the database while tabs are open: no tab shows an error, and the app shows the new data."""
import subprocess
import sys

from dashboard.local_server import ROOT
from tests.conftest import make_dataset
from tests.e2e.conftest import settle


def test_rebuild_while_tabs_are_open(own_server, browser):
    url, served, tmp_path = own_server
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    tabs = [ctx.new_page() for _ in range(3)]
    for tab, name in zip(tabs, ["overview", "growth", "data"]):
        tab.goto(f"{url}/{name}")
        settle(tab)
    # Rebuild in another process while the tabs keep interacting.
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.build", "--data", str(make_dataset(tmp_path / "new")),
                             "--out", str(served)], cwd=ROOT)
    for _ in range(3):
        for tab in tabs:
            tab.get_by_text("English").click()
            settle(tab)
            tab.get_by_text("中文").click()
            settle(tab)
    assert proc.wait(timeout=60) == 0
    for tab in tabs:
        tab.reload()
        settle(tab)
        assert tab.locator("[data-testid=stException]").count() == 0
    overview = tabs[0].inner_text("[data-testid=stMain]")
    assert "甲县" in overview and "开封市" not in overview, "the rebuilt database is what the app shows"
    ctx.close()
