"""Concurrent users: one real server, one Chromium, N tabs at once (default 20). Each tab, for a bounded
number of rounds, opens a page with filters in the URL, changes a filter, switches page and language, and
exports a figure. Prints errors, p50/p95 time to a settled page, and server memory before, during and
after the tabs close; the last line is a JSON object. Traffic goes to 127.0.0.1 only."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from dashboard.local_server import serve

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
SETTLED = "[data-testid=stApp][data-test-script-state=notRunning]"
PAGES = ["overview", "growth", "problems", "instruments", "sources", "data"]
PROVINCES = ["henan", "hunan", "zhejiang"]


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children, in MB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


async def settle(page) -> float:
    t0 = time.perf_counter()
    await page.wait_for_selector("[data-testid=stMain] h1", timeout=60000)
    await page.wait_for_selector(SETTLED, timeout=60000)
    await page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                                 ".every(el => el.querySelector('.main-svg'))", timeout=60000)
    return time.perf_counter() - t0


async def tab_session(ctx, url: str, i: int, rounds: int, timings: list, errors: list) -> None:
    page = await ctx.new_page()
    try:
        for r in range(rounds):
            name = PAGES[(i + r) % len(PAGES)]
            lang = "en" if (i + r) % 2 else "zh"
            t0 = time.perf_counter()
            await page.goto(f"{url}/{name}?province={PROVINCES[(i + r) % 3]}&lang={lang}")
            await settle(page)
            timings.append(time.perf_counter() - t0)
            # change a filter: clear the province (the multiselect's clear button)
            clear = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect] [aria-label='Clear all']").first
            if await clear.count():
                t0 = time.perf_counter()
                await clear.click()
                await settle(page)
                timings.append(time.perf_counter() - t0)
            # switch language
            t0 = time.perf_counter()
            await page.get_by_text("English" if lang == "zh" else "中文", exact=True).click()
            await settle(page)
            timings.append(time.perf_counter() - t0)
            # switch page through the sidebar link
            t0 = time.perf_counter()
            await page.locator("[data-testid=stSidebar] a[href*='growth']").first.click()
            await settle(page)
            timings.append(time.perf_counter() - t0)
            # export a figure (server-side SVG)
            button = page.locator("[data-testid=stDownloadButton] button").nth(1)
            async with page.expect_download(timeout=60000) as dl:
                await button.click()
            download = await dl.value
            if not (await download.path()):
                errors.append(f"tab {i}: empty download")
            if await page.locator("[data-testid=stException]").count():
                errors.append(f"tab {i} round {r}: exception on {name}")
    except Exception as exc:  # every failure is counted, none stops the other tabs
        errors.append(f"tab {i}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await page.close()


async def drive(url: str, tabs: int, rounds: int, server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    timings, errors, mem_during = [], [], []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            mem_during.append(rss_mb(server_pid))
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                                          args=CHROMIUM_ARGS)
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        sampler.start()
        t0 = time.perf_counter()
        await asyncio.gather(*(tab_session(ctx, url, i, rounds, timings, errors) for i in range(tabs)))
        wall = time.perf_counter() - t0
        await ctx.close()
        await browser.close()
    stop.set()
    sampler.join()
    return {"timings": timings, "errors": errors, "mem_during": mem_during, "wall": wall}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tabs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    with serve(Path("/tmp/load_server.log")) as (url, server):
        # Warm-up (one tab, one export) so "before" is a server that has served a page, not a cold process.
        asyncio.run(drive(url, 1, 1, server.pid))
        time.sleep(1)
        before = rss_mb(server.pid)
        result = asyncio.run(drive(url, args.tabs, args.rounds, server.pid))
        time.sleep(3)
        after = rss_mb(server.pid)
    t = sorted(result["timings"])
    p50 = statistics.median(t) if t else float("nan")
    p95 = t[min(len(t) - 1, int(0.95 * len(t)))] if t else float("nan")
    peak = max(result["mem_during"] or [before])
    for e in result["errors"][:20]:
        print("error:", e)
    print(f"tabs {args.tabs} x rounds {args.rounds}: {len(t)} settled views in {result['wall']:.1f}s, "
          f"{len(result['errors'])} errors")
    print(f"time to settled page: p50 {p50:.2f}s, p95 {p95:.2f}s (target p95 <= 2s)")
    print(f"server memory: before {before:.0f} MB, peak during {peak:.0f} MB, after close {after:.0f} MB "
          f"({100 * (after - before) / before:+.0f}% vs before; target within 25%)")
    print(json.dumps({"load_tabs": args.tabs, "load_rounds": args.rounds, "load_errors": len(result["errors"]),
                      "load_p50_s": round(p50, 3), "load_p95_s": round(p95, 3), "rss_before_mb": round(before),
                      "rss_peak_mb": round(peak), "rss_after_mb": round(after)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
