"""Screenshots of every reader's page, in 中文 and English, at 1440 and 390 px wide, with Debian's Chromium
against a server started for the purpose: ``python scripts/screenshot.py [--out DIR] [--query 'province=henan']``.

Each picture is taken once the page has settled (the run the load started has finished, no skeleton left,
every chart drawn), so it shows the page, not a skeleton. Files: ``<page>_<lang>_<width>.png``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.local_server import serve  # noqa: E402
from dashboard.routes import READER_PAGES  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.runs import Runs  # noqa: E402

WIDTHS = {1440: 900, 390: 844}  # width -> viewport height (a laptop, a phone)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    ap.add_argument("--query", default="", help="filters for every page, e.g. 'province=henan'")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.out / "server.log") as (url, _proc), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in WIDTHS.items():
            ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            page = ctx.new_page()
            runs = Runs(page)
            for route in READER_PAGES:
                for lang in ("zh", "en"):
                    query = "&".join(q for q in (args.query, "lang=en" if lang == "en" else "") if q)
                    target = f"{url}/{'' if route.default else route.url_path}?{query}"
                    runs.act(lambda: page.goto(target, wait_until="commit"))  # noqa: B023 (called at once)
                    out = args.out / f"{route.url_path}_{lang}_{width}.png"
                    page.screenshot(path=str(out), full_page=True)
                    print(f"{target} -> {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
            ctx.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
