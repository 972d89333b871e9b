"""Does a long extraction slow down other sessions? One real server, one Chromium with two tabs: a curator's
tab uploads a ~2 MB report to the curation page (``/curate``) while a reader's tab loads a reader's page again
and again, each time as a new document (a new session), until the draft is on the curator's screen.

    .venv/bin/python benchmarks/extract_load.py [--page overview] [--bytes 1990000] [--baseline 3]
    .venv/bin/python benchmarks/extract_load.py --in-process   (threads only: how the page's yielding shares the GIL)

Prints the reader's page loads (time to a settled page, as ``benchmarks/load.py`` defines it) before the
upload, during the extraction and after it, the time from the upload to the end of the script run that made the
draft and to the draft settled on the screen, and the server's CPU seconds over that time. The test browser
runs under SCHED_IDLE as in ``benchmarks/load.py`` (``--browser-same-priority`` to compare; on a machine busy
with other work the idle browser is starved and every load is slow). Prints figures; asserts nothing. Traffic
goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from extract_speed import report_text  # noqa: E402
from load import CHROMIUM_ARGS, Runs, background_browser  # noqa: E402

from dashboard.local_server import serve  # noqa: E402
from pipelines import paths  # noqa: E402
from tests.e2e.runs import COUNT_MESSAGES, SETTLED  # noqa: E402

SERVER_LOG = Path(tempfile.gettempdir()) / "extract_load_server.log"
TIMEOUT_S = 600


async def settle(page, runs: Runs, finished_before: int) -> None:
    """``benchmarks/load.py``'s settled page, with this benchmark's longer timeout."""
    await runs.wait_after(finished_before, TIMEOUT_S)
    await page.wait_for_function(SETTLED, arg=runs.frames_at_finish, polling=100, timeout=TIMEOUT_S * 1000)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def load_page(ctx, url: str) -> float:
    """Seconds from navigation to a settled page, in a new tab (a new document and session)."""
    page = await ctx.new_page()
    page.set_default_timeout(TIMEOUT_S * 1000)
    runs = Runs(page)
    t0 = time.perf_counter()
    await page.goto(url, wait_until="commit")
    await settle(page, runs, 0)
    seconds = time.perf_counter() - t0
    await page.close()
    return seconds


async def curate(ctx, url: str, report: Path, uploaded: asyncio.Event) -> tuple[float, float]:
    """Upload ``report`` on the curation page; seconds from the upload to the end of the script run that made
    the draft, and to the draft (or a refusal) settled on screen."""
    page = await ctx.new_page()
    page.set_default_timeout(TIMEOUT_S * 1000)
    runs = Runs(page)
    await page.goto(f"{url}/curate?lang=en", wait_until="commit")
    await settle(page, runs, 0)
    before = runs.finished
    locality = page.get_by_label("Locality id (registries/localities.csv)")
    await locality.fill("kaifeng")
    await locality.press("Enter")
    await settle(page, runs, before)
    before = runs.finished
    await page.get_by_text("Upload raw file").click()
    await settle(page, runs, before)
    before = runs.finished
    t0 = time.perf_counter()
    await page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(report))
    uploaded.set()
    done = "[data-testid=stDownloadButton], [data-testid=stAlertContentError]"
    await page.locator(done).first.wait_for(state="visible")
    await runs.wait_after(before, TIMEOUT_S)
    server_done = time.perf_counter() - t0  # the run that made the draft has ended (its script_finished arrived)
    if runs.round_trip is not None:
        print(f"curator: the run that made the draft took {runs.round_trip:.1f} s from its rerun request to its end")
    await settle(page, runs, before)
    seconds = time.perf_counter() - t0
    errors = await page.locator("[data-testid=stAlertContentError]").all_inner_texts()
    if errors:
        print("the page refused the upload:", errors)
    await page.close()
    return server_done, seconds


async def drive(url: str, page_path: str, report: Path, baseline: int, background: bool, server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    target = f"{url}/{page_path}?lang=en"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(background_browser(background)), args=CHROMIUM_ARGS)
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
        await ctx.add_init_script(COUNT_MESSAGES)
        await load_page(ctx, target)  # warm-up: a server that has served the page once
        before = [await load_page(ctx, target) for _ in range(baseline)]
        uploaded = asyncio.Event()
        extraction = asyncio.ensure_future(curate(ctx, url, report, uploaded))
        await uploaded.wait()
        cpu0 = cpu_seconds(server_pid)
        during = []  # (seconds, whether the extraction was still on when the page had settled)
        while True:
            seconds = await load_page(ctx, target)
            during.append((seconds, not extraction.done()))
            if extraction.done():
                break
        extract_s = await extraction
        cpu = cpu_seconds(server_pid) - cpu0
        after = [await load_page(ctx, target) for _ in range(baseline)]
        await ctx.close()
        await browser.close()
    return {"before": before, "during": during, "extract_s": extract_s, "server_cpu": cpu, "after": after}


def in_process(size: int) -> None:
    """Without a browser: a page-like CPU task (pure Python, ~0.1 s) run again and again, with pauses, in one
    thread while another drafts a report of ``size`` bytes, as the server's threads share the interpreter;
    once without and once with the curation page's ``time.sleep(0)`` after every figure."""
    import threading

    from pipelines.curation.draft import extract

    raw = report_text(size).encode("utf-8")

    def task() -> float:
        t0, x = time.perf_counter(), 0
        for i in range(2_000_000):
            x += i % 7
        return time.perf_counter() - t0

    print(f"a page-like task alone: median {statistics.median(task() for _ in range(5)):.3f} s")
    for name, progress in (("no yielding", None), ("sleep(0) after every figure", lambda _: time.sleep(0))):
        done, took = threading.Event(), []

        def draft(progress=progress, done=done, took=took) -> None:
            t0 = time.perf_counter()
            extract(raw, "kaifeng", origin="benchmark", progress=progress)
            took.append(time.perf_counter() - t0)
            done.set()

        worker = threading.Thread(target=draft)
        worker.start()
        during = []
        while not done.is_set():
            during.append(task())
            time.sleep(0.3)  # bursts, as page loads come
        worker.join()
        print(f"{name}: the draft {took[0]:.2f} s; the task meanwhile: median {statistics.median(during):.3f} s, "
              f"max {max(during):.3f} s over {len(during)} runs")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--page", default="overview", help="the reader's page to load (url path)")
    ap.add_argument("--bytes", type=int, default=1_990_000, help="size of the uploaded report")
    ap.add_argument("--baseline", type=int, default=3, help="page loads before (and after) the extraction")
    ap.add_argument("--browser-same-priority", action="store_true", help="run the test browser at the server's priority")
    ap.add_argument("--db", type=Path, default=paths.ROOT / "data" / "build" / "dashboard.duckdb", help="the database to serve")
    ap.add_argument("--in-process", action="store_true", help="no server or browser: two threads, one drafting")
    args = ap.parse_args(argv)
    if args.in_process:
        in_process(args.bytes)
        return 0
    report = Path(tempfile.gettempdir()) / "extract_load_report.txt"
    report.write_bytes(report_text(args.bytes).encode("utf-8"))
    with serve(SERVER_LOG, db=args.db) as (url, server):
        r = asyncio.run(drive(url, args.page, report, args.baseline, not args.browser_same_priority, server.pid))
    print(f"report uploaded: {report.stat().st_size:,} bytes; reader's page: /{args.page}")
    print(f"reader's page loads before the upload: {', '.join(f'{s:.2f}' for s in r['before'])} s "
          f"(median {statistics.median(r['before']):.2f})")
    print("reader's page loads during the extraction: "
          + ", ".join(f"{s:.2f}{'' if on else ' (ended after it)'}" for s, on in r["during"]) + " s")
    print(f"reader's page loads after it: {', '.join(f'{s:.2f}' for s in r['after'])} s")
    ran, shown = r["extract_s"]
    print(f"curator: upload -> run that made the draft ended {ran:.1f} s, -> draft settled on screen {shown:.1f} s; "
          f"server CPU meanwhile {r['server_cpu']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
