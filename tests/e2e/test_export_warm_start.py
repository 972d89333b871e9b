"""The export Chromium starts with the server, before anyone clicks: a session's first PNG download does not
wait for a browser to start (the time itself is measured in benchmarks/exports.py, not here)."""
import time
from pathlib import Path

import pytest

from dashboard.export import chromium_path
from dashboard.local_server import serve
from tests.e2e.runs import Runs
from tests.processes import remote_debugged_chromiums


@pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed (make test installs it as root)")
@pytest.mark.parametrize("warm", [True, False], ids=["zhuqi-serve", "warm-up-off"])
def test_the_export_chromium_is_started_with_the_server(real_db, tmp_path, browser, warm):
    with serve(tmp_path / "server.log", db=real_db, warm_export=warm) as (url, proc):
        deadline = time.time() + 60
        while warm and not remote_debugged_chromiums(proc.pid) and time.time() < deadline:
            time.sleep(0.5)
        assert bool(remote_debugged_chromiums(proc.pid)) == warm, "no session has asked for an export yet"
        if not warm:
            return
        started = len(remote_debugged_chromiums(proc.pid))  # choreographer's wrapper and the Chromium it runs
        page = browser.new_page(accept_downloads=True)
        try:
            Runs(page).act(lambda: page.goto(f"{url}/growth", wait_until="commit"))
            with page.expect_download(timeout=30000) as download:
                page.locator("[data-testid=stPopover] button").first.click()  # the first chart's export menu
                page.get_by_role("button", name="PNG 图片（幻灯片 16:9，2倍）").first.click()
            assert Path(download.value.path()).read_bytes()[:4] == b"\x89PNG"
            assert len(remote_debugged_chromiums(proc.pid)) == started, "the download used the Chromium started ahead"
        finally:
            page.close()
