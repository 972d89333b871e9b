"""Concurrent users: one real server, one Chromium, N tabs at once (default 20). Each tab, for a bounded
number of rounds, opens a page with filters in the URL, changes a filter, switches language and page, and
exports a figure (server-side SVG). Prints errors, p50/p95 time to a settled page (overall and per step),
export times, server memory before, during and after the tabs close, and where the CPU went (server,
its export Chromium, the test browser, the rest of the machine); the last line is a JSON object.
Traffic goes to 127.0.0.1 only.

When is a view settled? After a click, the page in the browser still says "not running" until the
rerun's first message arrives, so waiting for that state alone can return before the rerun has even
started (and the next click then races it). Each tab therefore follows its session's script runs as the
server reports them on the websocket (``new_session`` at the start of a run, ``script_finished`` at its
end), and counts the messages the page's own JavaScript has dispatched. A step is settled when

  1. the server has finished a run that started after the action, and no newer run is under way;
  2. the page has dispatched every message up to that ``script_finished``;
  3. the app says ``notRunning``, the page title is there, no element is still a skeleton (plotly charts and
     tables are lazy-loaded components: until their code has loaded they are an ``stSkeleton``, which an
     "every chart has drawn" check alone lets through) and every plotly chart has drawn its SVG.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.local_server import serve
from dashboard.routes import READER_PAGES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.runs import COUNT_MESSAGES, SETTLED  # noqa: E402  (the same definition of "settled" as the tests)

# The tabs share a few renderer processes instead of one each: every tab still loads, runs and draws the
# whole page, but the app's JavaScript (plotly.js alone is 4.7 MB) is compiled once per process, not once
# per tab, and 4 processes do not fight 20-way over 2 cores. 20 tabs x 1 round on 2 cores: browser
# 145-161 CPU-s with one process per tab, 75-89 with 2-4 processes, 91-99 with one process (which then
# leaves a core idle: one main thread for every tab).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--renderer-process-limit=4",
]
PAGES = [p.url_path for p in READER_PAGES]
PROVINCES = ["henan", "hunan", "zhejiang"]
TIMEOUT_MS = 60000
POLL_MS = 50  # DOM polling interval; "raf" polling would make every waiting tab draw frames
SERVER_LOG = Path("/tmp/load_server.log")
ERROR_LOG = Path("/tmp/load_errors.log")

class Runs:
    """One tab's script runs, as the server reports them on the app's websocket."""

    def __init__(self, page) -> None:
        self.started = self.finished = self.interrupted = 0
        self.frames = self.frames_at_finish = 0
        self.running = False
        self.ws = None
        self.exports: list[str] = []  # per export click: the file's URL, or the server's error
        # The server's share of a step: from the page's last rerun request (a BackMsg leaving the page) to the
        # end of the run it asked for (its script_finished arriving). The drawing that follows is the browser's.
        self.requested_at = None
        self.round_trip = None
        self.changed = asyncio.Event()
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            self.ws = ws  # a new document: the page's count restarts too
            self.frames = self.frames_at_finish = 0
            self.running = False
            ws.on("framereceived", lambda payload: self._frame(ws, payload))
            ws.on("framesent", lambda payload: self._sent(ws, payload))

    def _sent(self, ws, payload) -> None:
        if ws is self.ws and not isinstance(payload, str) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.requested_at = time.perf_counter()

    def _frame(self, ws, payload) -> None:
        if ws is not self.ws:  # a late frame of the document the tab has left
            return
        self.frames += 1
        if isinstance(payload, str):
            return
        msg = ForwardMsg.FromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "backend_operation_response":  # the server's answer to an export click: a URL or an error
            r = msg.backend_operation_response
            self.exports.append(r.deferred_file.url or f"error: {r.error_msg} {r.error_reason}".strip())
        elif kind == "new_session":
            self.started += 1
            self.running = True
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.interrupted += 1  # a rerun request cut this run short: the next run is what counts
                return
            self.finished += 1
            self.frames_at_finish = self.frames
            self.round_trip = None if self.requested_at is None else time.perf_counter() - self.requested_at
            self.running = False
            self.changed.set()

    async def wait_after(self, finished_before: int, timeout_s: float) -> None:
        """Until a run that ended after ``finished_before`` runs is the last one and none is under way."""
        deadline = time.monotonic() + timeout_s
        while self.finished <= finished_before or self.running:
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no finished script run within {timeout_s:.0f}s "
                                   f"(started {self.started}, finished {self.finished})")
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=min(left, 1.0))
            except asyncio.TimeoutError:
                pass


async def settle(page, runs: Runs, finished_before: int) -> None:
    await runs.wait_after(finished_before, TIMEOUT_MS / 1000)
    await page.wait_for_function(SETTLED, arg=runs.frames_at_finish, polling=POLL_MS, timeout=TIMEOUT_MS)


RUNS_PER_STEP: defaultdict[int, int] = defaultdict(int)  # script runs a step took -> how many steps
SERVER_S: defaultdict[str, list] = defaultdict(list)  # step kind -> the server's share of each step (seconds)


async def step(page, runs: Runs, action, kind: str) -> float:
    """Run ``action`` (a coroutine function) and return the seconds until the view is settled again."""
    before, started = runs.finished, runs.started
    runs.requested_at = None
    t0 = time.perf_counter()
    await action()
    await settle(page, runs, before)
    RUNS_PER_STEP[runs.started - started] += 1
    if runs.round_trip is not None:
        SERVER_S[kind].append(runs.round_trip)
    return time.perf_counter() - t0


async def export_svg(page, runs: Runs) -> tuple[float, str | None]:
    """Click the first chart's SVG button; return the seconds until the file is saved, and what went wrong."""
    button = page.locator("[data-testid=stPopoverBody] [data-testid=stDownloadButton] button").filter(has_text="SVG").first
    answers, started = len(runs.exports), runs.started
    t0 = time.perf_counter()
    failure, body = None, b""
    try:
        # The chart's export menu draws its buttons when it opens (a rerun of its fragment).
        await page.locator("[data-testid=stPopover] button").first.click()
        await button.wait_for(timeout=TIMEOUT_MS)
        async with page.expect_download(timeout=TIMEOUT_MS) as dl:
            await button.click()
            # An error answer means no download will come: stop waiting for one.
            while not dl.is_done() and not any(a.startswith("error") for a in runs.exports[answers:]):
                await asyncio.sleep(0.05)
            if not dl.is_done():
                raise RuntimeError("the server answered with an error")
        download = await dl.value
        failure = await download.failure()
        if not failure:
            body = Path(await download.path()).read_bytes()
    except Exception as exc:
        failure = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    seconds = time.perf_counter() - t0
    if not failure and b"<svg" in body[:2000]:
        return seconds, None
    # Say what the server answered and whether its file is still there, so a failure can be placed.
    answer = runs.exports[answers:]
    now = ""
    if answer and answer[0].startswith("/"):
        status = (await page.request.get(urljoin(page.url, answer[0]))).status
        now = f" (that file now answers HTTP {status})"
    return seconds, (f"export failed after {seconds:.1f}s: {failure or f'not an SVG ({len(body)} bytes)'}; "
                     f"server answered {answer or 'nothing'}{now}; script runs of this tab meanwhile: "
                     f"{runs.started - started}")


async def tab_session(ctx, url: str, i: int, rounds: int, timings: dict, errors: list) -> None:
    page = await ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)  # one budget for every click and wait, not Playwright's 30 s for clicks
    runs = Runs(page)
    where = f"tab {i}"
    try:
        for r in range(rounds):
            name = PAGES[(i + r) % len(PAGES)]
            lang = "en" if (i + r) % 2 else "zh"
            where = f"tab {i} round {r} {name}/{lang}"
            target = f"{url}/{name}?province={PROVINCES[(i + r) % 3]}&lang={lang}"
            timings["open"].append(await step(page, runs, lambda: page.goto(target, wait_until="commit"), "open"))  # noqa: B023 (awaited at once)
            # change a filter: clear the province (the multiselect's clear button)
            clear = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect] [aria-label='Clear all']").first
            timings["filter"].append(await step(page, runs, clear.click, "filter"))
            # switch language
            other = "English" if lang == "zh" else "中文"
            timings["language"].append(await step(page, runs, page.get_by_text(other, exact=True).click, "language"))
            # switch to another page that has charts, through the sidebar link
            target = "overview" if name == "growth" else "growth"
            timings["page"].append(await step(page, runs, page.locator(
                "[data-testid=stSidebar] a[href]").nth(PAGES.index(target)).click, "page"))
            # export the first chart as SVG (rendered on the server when the button is clicked)
            seconds, problem = await export_svg(page, runs)
            if problem:
                errors.append(f"{where}: {problem}")
            else:
                timings["export"].append(seconds)
            for testid in ("stException",) + (() if problem else ("stDownloadButtonError",)):
                if await page.locator(f"[data-testid={testid}]").count():
                    errors.append(f"{where}: {testid} on the page: "
                                  + (await page.locator(f"[data-testid={testid}]").first.inner_text())[:200])
    except Exception as exc:  # every failure is counted, none stops the other tabs
        errors.append(f"{where}: {type(exc).__name__}: {exc}")
    finally:
        await page.close()


class Sampler:
    """Every 0.5 s: resident memory of the server and everything under it (the export Chromium too), and
    CPU time per process group."""

    HZ = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.mem: list[float] = []
        self.ticks: dict[int, list] = {}  # pid -> [group, ticks when first seen, ticks when last seen]
        self.names: dict[int, str] = {}  # pid -> command line, for processes outside the test
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _procs() -> dict[int, tuple[int, int]]:
        """pid -> (parent pid, user+system ticks) for every process."""
        out = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    f = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
                    out[int(d)] = (int(f[1]), int(f[11]) + int(f[12]))
                except (OSError, IndexError):
                    pass
        return out

    @staticmethod
    def _machine() -> tuple[int, int]:
        v = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(v), v[3] + v[4]

    def _group(self, pid: int, procs: dict) -> str:
        me, p = os.getpid(), pid
        for _ in range(64):
            if p == self.server_pid:
                return "server" if pid == p else "server children (export Chromium)"
            if p == me:
                return "harness (this Python)" if pid == p else "browser (Chromium + Playwright driver)"
            if p not in procs or p <= 1:
                return "rest of the machine"
            p = procs[p][0]
        return "rest of the machine"

    def _sample(self, first: bool) -> None:
        procs = self._procs()
        for pid, (_, t) in procs.items():
            if pid in self.ticks:
                self.ticks[pid][2] = t
            else:
                self.ticks[pid] = [self._group(pid, procs), t if first else 0, t]
                if self.ticks[pid][0] == "rest of the machine":
                    try:
                        self.names[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                            errors="replace").strip()[:80] or Path(f"/proc/{pid}/comm").read_text().strip()
                    except OSError:
                        pass
        kb = 0
        for pid in procs:
            if self.ticks[pid][0].startswith("server"):  # the server and every process under it
                try:
                    kb += next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                               if line.startswith("VmRSS:"))
                except (OSError, StopIteration):
                    pass
        self.mem.append(kb / 1024)

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            self._sample(False)

    def __enter__(self):
        self.t0, self.m0 = time.monotonic(), self._machine()
        self._sample(True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self._sample(False)
        self.wall = time.monotonic() - self.t0
        total, idle = (a - b for a, b in zip(self._machine(), self.m0))
        self.cpu = defaultdict(float)
        for group, first, last in self.ticks.values():
            self.cpu[group] += (last - first) / self.HZ
        busy = (total - idle) / self.HZ  # in CPU-seconds over all cores
        ours = sum(v for k, v in self.cpu.items() if k != "rest of the machine")
        self.cpu["rest of the machine"] = max(0.0, busy - ours)
        self.cpu["idle"] = idle / self.HZ
        # On a shared machine, say who else was busy (other users' builds and tests slow every number here).
        others = defaultdict(float)
        for pid, (group, first, last) in self.ticks.items():
            if group == "rest of the machine" and last > first:
                others[self.names.get(pid, "?")] += (last - first) / self.HZ
        self.others = sorted(others.items(), key=lambda kv: -kv[1])[:3]


def rss_mb(pid: int) -> float:
    s = Sampler(pid)
    s._sample(True)
    return s.mem[-1]


def background_browser(background: bool) -> Path:
    """The test browser's executable, started under the SCHED_IDLE policy when ``background``: it then runs
    only on CPU the server leaves free. Twenty tabs of one Chromium take ~90% of this machine's CPU; at
    the same priority they take it when the server needs it too, and the server's answer waits for the
    browser. On a real network every colleague's browser has a machine of its own. (Niceness does not do
    this: Chromium sets its processes' niceness itself; the scheduling policy it leaves alone.)"""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not background:
        return Path(chromium)
    wrapper = Path(tempfile.gettempdir()) / "load-chromium-sched-idle.sh"
    wrapper.write_text(f'#!/bin/sh\nexec chrt --idle 0 {chromium} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


async def drive(url: str, tabs: int, rounds: int, server_pid: int, chromium_args: list[str], browser_background: bool) -> dict:
    from playwright.async_api import async_playwright

    timings, errors = defaultdict(list), []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(background_browser(browser_background)), args=chromium_args)
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        await ctx.add_init_script(COUNT_MESSAGES)
        with Sampler(server_pid) as sampler:
            t0 = time.perf_counter()
            await asyncio.gather(*(tab_session(ctx, url, i, rounds, timings, errors) for i in range(tabs)))
            wall = time.perf_counter() - t0
        await ctx.close()
        await browser.close()
    return {"timings": timings, "errors": errors, "sampler": sampler, "wall": wall}


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tabs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chromium-arg", action="append", default=[], metavar="FLAG",
                    help="an extra Chromium flag for the test browser (repeatable), to measure its effect")
    ap.add_argument("--browser-same-priority", action="store_true",
                    help="run the test browser at the server's priority (default: SCHED_IDLE, the server runs first)")
    ap.add_argument("--server-arg", action="append", default=[], metavar="ARG",
                    help="an extra `streamlit run` argument such as --server.fileWatcherType=auto (repeatable)")
    args = ap.parse_args(argv)
    chromium_args = CHROMIUM_ARGS + args.chromium_arg
    with serve(SERVER_LOG, extra_args=args.server_arg, warm_export=True) as (url, server):
        # Warm-up (one tab, one round) so "before" is a server that has served a page, not a cold process.
        warm = asyncio.run(drive(url, 1, 1, server.pid, chromium_args, not args.browser_same_priority))
        time.sleep(1)
        before = rss_mb(server.pid)
        RUNS_PER_STEP.clear()
        SERVER_S.clear()
        result = asyncio.run(drive(url, args.tabs, args.rounds, server.pid, chromium_args, not args.browser_same_priority))
        time.sleep(3)
        after = rss_mb(server.pid)
    views = [x for k, v in result["timings"].items() if k != "export" for x in v]
    exports = result["timings"]["export"]
    p50, p95 = (statistics.median(views) if views else float("nan")), pct(views, 0.95)
    s = result["sampler"]
    peak = max(s.mem or [before])
    errors = warm["errors"] + result["errors"]
    ERROR_LOG.write_text("\n\n".join(errors) + "\n")
    log = SERVER_LOG.read_text(errors="replace")
    if "Traceback" in log:  # the server's own account of what failed: each traceback's last line
        raised = re.findall(r"^([A-Za-z_][\w.]*(?:Error|Exception)\b.*)$", log, re.M)
        print(f"server log: {log.count('Traceback')} tracebacks ({SERVER_LOG}): {sorted(set(raised))[:5]}")
    for e in errors[:20]:
        print("error:", e.splitlines()[0][:300])
    if errors:
        print(f"(every error in full: {ERROR_LOG})")
    print("test browser at the server's priority" if args.browser_same_priority
          else "test browser under SCHED_IDLE (it gets the CPU the server leaves free)")
    print(f"tabs {args.tabs} x rounds {args.rounds}: {len(views)} settled views and {len(exports)} exports "
          f"in {result['wall']:.1f}s, {len(errors)} errors")
    print(f"time to settled page: p50 {p50:.2f}s, p95 {p95:.2f}s (target p95 <= 2s); "
          f"script runs per step: {dict(sorted(RUNS_PER_STEP.items()))}")
    for kind in ("open", "filter", "language", "page", "export"):
        v = result["timings"].get(kind, [])
        if v:
            print(f"  {kind:9s} n={len(v):3d}  p50 {statistics.median(v):6.2f}s  p95 {pct(v, 0.95):6.2f}s  "
                  f"max {max(v):6.2f}s")
    server = [x for v in SERVER_S.values() for x in v]
    server_p50, server_p95 = (statistics.median(server) if server else float("nan")), pct(server, 0.95)
    print(f"the server's share (rerun request leaves the page -> that run's script_finished arrives): "
          f"p50 {server_p50:.2f}s, p95 {server_p95:.2f}s over {len(server)} steps; the rest is the browser drawing")
    for kind, v in SERVER_S.items():
        print(f"  {kind:9s} n={len(v):3d}  p50 {statistics.median(v):6.2f}s  p95 {pct(v, 0.95):6.2f}s")
    print(f"server memory (with its export Chromium): before {before:.0f} MB, peak during {peak:.0f} MB, "
          f"after close {after:.0f} MB "
          f"({100 * (after - before) / before:+.0f}% vs before; target within 25%)")
    cores = os.cpu_count() or 1
    print(f"CPU over the {s.wall:.0f}s run ({cores} cores = {cores * s.wall:.0f} CPU-s):")
    for group, sec in sorted(s.cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {group:38s} {sec:7.1f} CPU-s  {100 * sec / (cores * s.wall):5.1f}%")
    for name, sec in s.others:
        print(f"    of which {sec:5.1f} CPU-s: {name}")
    print(json.dumps({
        "load_tabs": args.tabs, "load_rounds": args.rounds, "load_browser_same_priority": args.browser_same_priority,
        "load_errors": len(errors),
        "load_p50_s": round(p50, 3), "load_p95_s": round(p95, 3),
        "load_server_p50_s": round(server_p50, 3), "load_server_p95_s": round(server_p95, 3),
        "export_p50_s": round(statistics.median(exports), 3) if exports else None,
        "export_p95_s": round(pct(exports, 0.95), 3) if exports else None,
        "rss_before_mb": round(before), "rss_peak_mb": round(peak), "rss_after_mb": round(after),
        "cpu_s": {k: round(v, 1) for k, v in s.cpu.items()}, "wall_s": round(s.wall, 1)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
