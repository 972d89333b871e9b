"""Browser latency: what a person feels, from their action to a settled page in Chromium, for our app and for
the Streamlit floor (benchmarks/floor_app/: the same sidebar widgets and one 15-bar plotly chart per page,
nothing else), interleaved in one run, on the real and on the synthetic national database. With ``--content-floor``
a third target, "content": the floor app with ``FLOOR_CONTENT=1``, the same sidebar and on each page the same
content our page draws (our own figures, table, report HTML, cards' text; taken from ``dashboard.*``) with plain
Streamlit calls and nothing else (benchmarks/floor_app/content.py says what it leaves out): app / content is
what our page adds to its content, content / floor what the content itself costs in Streamlit.

Actions (``--n`` of each per app and database; the filter action twice per round, add and remove):
  open    a new tab, goto a page's URL (the six pages in turn), settled
  filter  choose a province in the sidebar multiselect, then remove it with its chip's button
  page    click a sidebar page link (to the next page)
  select  click a bar: on our Growth page (opens a figure card, ``fact=`` in the URL); on the floor's chart
          (``on_select="rerun"``; the content floor's first growth chart). On the synthetic database the Growth
          page is opened on five localities first (above 12 ours shows the national view, which has no bar to select).

Settled, as in tests/e2e/runs.py (imported): the run the action started has finished (followed on the websocket),
the page has handled every message up to its end, no ``stSkeleton`` is left and every plotly chart has drawn.

Each step is also taken apart (the profile). The time runs from the person's action in the page's own clock (the
click's mousedown; for an open, the navigation's start) to the moment the page is seen settled, so Playwright's
checks before a click are not counted. Parts: before the rerun request leaves the page (for an open: HTML, the JS
bundle, the websocket); "server": request sent -> script_finished seen through CDP, which the renderer's main
thread reports as it handles the message, so a page busy drawing the first deltas inflates it (a 1.5 s busy loop
in the page added 1.5 s to it); the script runs themselves, as the server logs them (benchmarks/timed_server.py:
their wall and CPU time, and from the last run's end to the page handling script_finished); the browser's share
(tail = the page handling script_finished -> settled; the last change inside a plotly chart); the renderer main
thread's JS, layout and
task time (CDP Performance); websocket bytes and deltas received, by element type; JS files requested (lazy
chunks). ``--js-profile`` adds a CDP CPU profile of every step (JS self time per script file: PlotlyChart,
react-dom, StreamlitSyntaxHighlighter ...); it slows the browser, so use it for the profile, not the timings.
Raw steps go to ``--raw`` (JSON).

Prints medians, p90 and app/floor ratios per action and database (with the content floor also app/content and
content/floor: ``browser_ratio_<action>_vs_content``, ``browser_content_over_floor_<action>``); the last line is
one JSON object. Asserts nothing. The machine is shared: run it twice and read both.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.timed_server import read_runs  # noqa: E402
from dashboard.local_server import serve  # noqa: E402
from dashboard.routes import READER_PAGES  # noqa: E402
from tests.e2e.runs import SETTLED, Runs  # noqa: E402  (the tests' definition of "settled")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REAL_DB = ROOT / "data" / "build" / "dashboard.duckdb"
SYNTHETIC_DB = ROOT / "data" / "build" / "synthetic.duckdb"
FLOOR_APP = ROOT / "benchmarks" / "floor_app" / "app.py"
TIMED_SERVER = ROOT / "benchmarks" / "timed_server.py"
PAGES = [p.url_path for p in READER_PAGES]
ACTIONS = ("open", "filter", "page", "select")
TARGETS = ("app", "floor")
CONTENT = "content"  # --content-floor: the floor app drawing our pages' content (FLOOR_CONTENT=1)
TIMEOUT_S = 90
NO_RUN_S = 20
JS_PROFILE = False  # --js-profile: a CDP CPU profile of every step (slows the browser: figures for the profile only)
CPU_METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
SIDEBAR = "[data-testid=stSidebar]"
LOGS = Path("/tmp")

# In the page: arrival time of every websocket message (the same count as tests/e2e/runs.py's __wsIn), the time
# of every message sent, and the last change inside a plotly chart. Times are epoch ms (timeOrigin + now), so
# they compare across documents and with the harness's clock.
PROBE = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  const probe = window.__probe = {recv: [], sent: [], down: [], lastDraw: 0, settledAt: 0};
  window.addEventListener("mousedown", () => probe.down.push(now()), true);  // the click a person makes
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      probe.recv = []; probe.sent = [];
      this.addEventListener("message", () => probe.recv.push(now()));
    }
    send(data) { probe.sent.push(now()); return super.send(data); }
  };
  new MutationObserver(records => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest && el.closest(".js-plotly-plot")) { probe.lastDraw = now(); return; }
    }
  }).observe(document, {childList: true, subtree: true});
})();"""
SETTLED_AT = f"""(n) => {{
  if (!({SETTLED})(n)) return false;
  window.__probe.settledAt = performance.timeOrigin + performance.now();
  return true;
}}"""


class Probe(Runs):
    """tests/e2e/runs.py's Runs, plus what each step received: bytes, deltas by element type, script files."""

    def __init__(self, page) -> None:
        self.bytes = self.deltas = 0
        self.elements: Counter = Counter()  # element type -> count
        self.element_bytes: Counter = Counter()  # element type -> bytes
        self.scripts: list[str] = []
        # The last rerun request sent and the last run's end seen, as CDP reports the websocket's frames (harness
        # clock). The renderer's main thread reports them: a page busy drawing holds the second one up.
        self.net_sent = self.net_finished = None
        super().__init__(page)
        page.add_init_script(PROBE)
        page.on("request", lambda r: self.scripts.append(r.url) if r.resource_type == "script" else None)

    def _socket(self, ws) -> None:
        super()._socket(ws)
        if "/_stcore/stream" in ws.url:
            ws.on("framesent", lambda payload: self._sent(ws, payload))

    def _sent(self, ws, payload) -> None:
        if ws is self.ws and not isinstance(payload, str) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.net_sent = time.perf_counter()

    def _frame(self, ws, payload) -> None:
        finished = self.finished
        super()._frame(ws, payload)
        if ws is not self.ws:
            return
        if self.finished != finished:
            self.net_finished = time.perf_counter()
        size = len(payload)
        self.bytes += size
        if isinstance(payload, str):
            return
        msg = ForwardMsg.FromString(payload)
        if msg.WhichOneof("type") == "delta":
            self.deltas += 1
            d = msg.delta
            kind = d.WhichOneof("type")
            name = d.new_element.WhichOneof("type") if kind == "new_element" else kind
            self.elements[name] += 1
            self.element_bytes[name] += size

    def wait_after(self, finished_before: int, timeout_s: float = TIMEOUT_S) -> None:
        """Runs.wait_after with a finer poll (10 ms, not 50): a floor step takes a few hundred ms. An action that
        has started no run at all after NO_RUN_S (a click that missed) fails then, not after the full timeout."""
        t0 = time.monotonic()
        deadline, started = t0 + timeout_s, self.started
        while self.finished <= finished_before or self.running:
            if time.monotonic() > deadline or (self.started == started and not self.running
                                               and time.monotonic() - t0 > NO_RUN_S):
                raise TimeoutError(f"no finished script run within {time.monotonic() - t0:.0f}s "
                                   f"(started {self.started}, finished {self.finished})")
            self.page.wait_for_timeout(10)
        self.page.wait_for_function(SETTLED_AT, arg=self.frames_at_finish, polling=10, timeout=timeout_s * 1000)


def js_self_ms(profile: dict) -> dict[str, float]:
    """A CDP CPU profile's self time per script file (its name before the hash: PlotlyChart, react-dom ...)."""
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    out: Counter = Counter()
    for sample, dt in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]
        out[frame["url"].rsplit("/", 1)[-1].split(".")[0] or frame["functionName"] or "(native)"] += dt / 1000
    return dict(out)


def serve_timed(target: str, log_path: Path, runs_log: Path, db: Path, timeout_s: float = 60):
    """``target`` (app, floor or content) served as dashboard.local_server.serve serves ours, each script run
    written to ``runs_log`` (benchmarks/timed_server.py)."""
    runs_log.unlink(missing_ok=True)
    what = ("-m", "dashboard.server") if target == "app" else ("run", str(FLOOR_APP))
    return serve(log_path, db=db, timeout_s=timeout_s, app=(str(TIMED_SERVER), str(runs_log), *what),
                 env={"FLOOR_CONTENT": "1" if target == CONTENT else "0"})


def select_query(db: Path) -> str:
    """The Growth page's query for the select action: all localities when there are at most five, else the
    first five (of the first province), so our page compares them one by one and draws bars."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT locality_id FROM localities ORDER BY province_id || locality_id "
                                         "LIMIT 6").fetchall()]
    finally:
        con.close()
    return "" if len(ids) <= 5 else "?" + "&".join(f"locality={i}" for i in ids[:5])


class Tab:
    def __init__(self, ctx, base: str, target: str, runs_log: Path | None = None) -> None:
        self.page = ctx.new_page()
        self.page.set_default_timeout(TIMEOUT_S * 1000)
        self.runs = Probe(self.page)
        self.cdp = ctx.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.js_profile = JS_PROFILE
        if JS_PROFILE:
            self.cdp.send("Profiler.enable")
        self.base, self.target, self.runs_log = base, target, runs_log

    def close(self) -> None:
        self.page.close()

    def metrics(self) -> dict[str, float]:
        """The renderer's cumulative main-thread seconds (CDP Performance domain) for this tab."""
        try:
            got = self.cdp.send("Performance.getMetrics")["metrics"]
        except Exception:  # a cross-process navigation can leave the session behind
            return {}
        return {m["name"]: m["value"] for m in got if m["name"] in CPU_METRICS}

    def step(self, action, kind: str, where: str) -> dict:
        """Do ``action``, wait until settled; the step's figures. The time runs from the person's action in the
        page's clock (the mousedown of a click; the navigation's start for an open) to the moment the page is
        seen settled, so Playwright's own checks before it clicks are not counted."""
        r, page = self.runs, self.page
        before = (r.finished, r.started, r.bytes, r.deltas, len(r.scripts), Counter(r.elements), Counter(r.element_bytes))
        logged = len(read_runs(self.runs_log)) if self.runs_log else 0
        cpu0 = self.metrics()
        if self.js_profile:
            self.cdp.send("Profiler.start")
        t0_abs = page.evaluate("performance.timeOrigin + performance.now()")
        t0 = time.perf_counter()
        r.net_sent = None
        action()
        r.wait_after(before[0])
        wall = time.perf_counter() - t0
        p = page.evaluate("(i) => { const p = window.__probe; return {fin: p.recv[i - 1], sent: p.sent, "
                          "down: p.down, settled: p.settledAt, draw: p.lastDraw}; }", r.frames_at_finish)
        cpu1 = self.metrics()
        js = js_self_ms(self.cdp.send("Profiler.stop")["profile"]) if self.js_profile else {}
        net_server = (r.net_finished - r.net_sent) if r.net_sent and r.net_finished and r.net_finished > r.net_sent else None
        cpu = {k: 1000 * (v - cpu0.get(k, 0) if v >= cpu0.get(k, 0) else v) for k, v in cpu1.items()}
        down = [d for d in p["down"] if d >= t0_abs]
        start = t0_abs if kind == "open" or not down else down[0]
        sent = [s for s in p["sent"] if s >= t0_abs]
        request = sent[0] if sent else None
        runs = read_runs(self.runs_log, logged) if self.runs_log else []  # (start, end, cpu) s, epoch
        return {
            "target": self.target, "kind": kind, "where": where, "total_ms": p["settled"] - start,
            "wall_ms": 1000 * wall,
            "before_request_ms": None if request is None else request - start,
            "server_ms": None if net_server is None else 1000 * net_server,
            "server_page_ms": None if request is None or p["fin"] is None else p["fin"] - request,
            "tail_ms": None if p["fin"] is None else p["settled"] - p["fin"],
            # the server's own log: the runs' wall and CPU time; the last run's end -> the page handles its end
            "run_ms": 1000 * sum(e - b for b, e, _ in runs) if runs else None,
            "run_cpu_ms": 1000 * sum(c for _, _, c in runs) if runs else None,
            "after_run_ms": p["fin"] - 1000 * runs[-1][1] if runs and p["fin"] else None,
            "plotly_tail_ms": (p["draw"] - p["fin"]) if p["fin"] and p["draw"] > p["fin"] else 0.0,
            "runs": r.started - before[1], "bytes": r.bytes - before[2], "deltas": r.deltas - before[3],
            "scripts": r.scripts[before[4]:], "cpu_ms": cpu, "js_self_ms": js,
            "elements": dict(r.elements - before[5]), "element_bytes": dict(r.element_bytes - before[6]),
        }

    # the actions
    def open(self, path: str) -> dict:
        url = f"{self.base}/" if path == PAGES[0] else f"{self.base}/{path}"
        return self.step(lambda: self.page.goto(url, wait_until="commit"), "open", path)

    def province_box(self):
        return self.page.locator(f"{SIDEBAR} [data-testid=stMultiSelect]").first

    def choose_province(self, i: int, where: str) -> dict:
        """Open the province list, type the option's other-language name (as a person finds it in a long list;
        clicking far down a scrolled list misses now and then) and click it: the step is the click."""
        self.province_box().locator("input").click()
        options = self.page.locator("[role=option]")
        options.first.wait_for()
        label = options.nth(i % options.count()).inner_text()
        typed = label.split(" · ")[-1]
        self.page.keyboard.type(typed)
        option = options.filter(has_text=typed).first
        option.wait_for()
        self.page.wait_for_timeout(100)  # the list has settled on the typed text
        step = self.step(option.click, "filter", where + " +province")
        # Close the list and leave the field, as a person does before reaching for the chip (with the field still
        # focused, a click on the chip's button reopens the list instead of removing the value).
        self.page.keyboard.press("Escape")
        self.page.locator("[data-testid=stMain] h1").click()
        return step

    def remove_province(self, where: str) -> dict:
        remove = self.province_box().locator("[data-tag] button[aria-label^='Remove']").first
        return self.step(remove.click, "filter", where + " -province")

    def switch(self, path: str) -> dict:
        link = self.page.locator(f"{SIDEBAR} a[href]").nth(PAGES.index(path))
        return self.step(link.click, "page", path)

    def select_bar(self) -> dict:
        bar = self.page.locator("[data-testid=stPlotlyChart] .barlayer .point path").first
        bar.scroll_into_view_if_needed()
        step = self.step(lambda: bar.click(force=True), "select", "growth")
        if self.target == "app" and ("fact=" not in self.page.url
                                     or self.page.locator("[data-testid=stMain] blockquote").count() != 1):
            raise RuntimeError(f"clicking a growth bar opened no figure card ({self.page.url})")
        return step


def round_for(ctx, base: str, target: str, r: int, query: str, runs_log: Path | None = None) -> list[dict]:
    """One round of the four actions in a new tab of ``target``; the steps' figures. ``runs_log``: the server's
    log of its script runs (benchmarks/timed_server.py)."""
    steps = []
    tab = Tab(ctx, base, target, runs_log)
    doing = "open"
    try:
        first = PAGES[r % len(PAGES)]
        steps.append(tab.open(first))
        doing = "choose a province"
        steps.append(tab.choose_province(r, first))
        doing = "remove the province"
        steps.append(tab.remove_province(first))
        doing = "switch page"
        steps.append(tab.switch(PAGES[(r + 1) % len(PAGES)]))
        # The select action starts from the Growth page (untimed), with a selection our page draws bars for.
        doing = "open growth for the select"
        tab.runs.act(lambda: tab.page.goto(f"{base}/growth{query}", wait_until="commit"), TIMEOUT_S)
        doing = "select a bar"
        steps.append(tab.select_bar())
    except Exception as exc:
        shot = LOGS / f"browser_bench_failed_{target}_{r}.png"
        try:
            tab.page.screenshot(path=str(shot))
        except Exception:
            pass
        raise RuntimeError(f"{doing} (page {tab.page.url}, screenshot {shot}): {type(exc).__name__}: "
                           f"{str(exc).splitlines()[0]}") from exc
    finally:
        tab.close()
    return steps


def pct(values: list[float], q: float) -> float:
    """The q-quantile, linear between order statistics (as numpy's default)."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q
    lo = int(k)
    return v[lo] + (v[min(lo + 1, len(v) - 1)] - v[lo]) * (k - lo)


def run_database(browser, label: str, db: Path, n: int, errors: list[str], targets=TARGETS) -> list[dict]:
    query = select_query(db)
    steps: list[dict] = []
    with ExitStack() as stack:
        runs_logs = {t: LOGS / f"browser_bench_runs_{t}_{label}.log" for t in targets}
        urls = {t: stack.enter_context(serve_timed(t, LOGS / f"browser_bench_{t}_{label}.log", runs_logs[t], db))[0]
                for t in targets}
        # One browser context per app (a person's browser: its HTTP cache warm after the first visit).
        ctxs = {t: browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN") for t in targets}
        try:
            for t in targets:  # warm-up, not counted: JS in the cache, the server's modules and caches loaded
                for r in range(2):
                    try:
                        round_for(ctxs[t], urls[t], t, r * 3, query, runs_logs[t])
                    except Exception as exc:
                        errors.append(f"{label} {t} warm-up: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            for r in range(n):
                for t in targets[r % len(targets):] + targets[:r % len(targets)]:  # interleaved, who goes first rotates
                    try:
                        got = round_for(ctxs[t], urls[t], t, r, query, runs_logs[t])
                    except Exception as exc:
                        errors.append(f"{label} {t} round {r}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                        print(f"  [{label}] {t} round {r}: {errors[-1]}", flush=True)
                        continue
                    for s in got:
                        s["db"] = label
                    steps += got
                    print(f"  [{label}] round {r + 1}/{n} {t:7s} " + "  ".join(
                        f"{s['kind']} {s['total_ms']:.0f}" for s in got), flush=True)
        finally:
            for c in ctxs.values():
                c.close()
    return steps


def summarise(steps: list[dict], labels: list[str], targets=TARGETS) -> dict:
    content = CONTENT in targets
    result: dict = {"browser_ms": {}}
    for label in labels:
        print(f"\n{label} database: time to a settled page, ms (app = ours, floor = benchmarks/floor_app"
              + (", content = the floor drawing our pages' content" if content else "") + ")")
        head = f"  {'action':<8} {'n':>3} {'app p50':>8} {'app p90':>8} {'floor p50':>9} {'floor p90':>9}"
        if content:
            head += f" {'cont. p50':>9} {'cont. p90':>9}"
        head += f" {'ratio p50':>9} {'ratio p90':>9}"
        if content:
            head += f" {'a/c p50':>8} {'a/c p90':>8} {'c/f p50':>8} {'c/f p90':>8}"
        print(head)
        result["browser_ms"][label] = {}
        for kind in ACTIONS:
            got = {t: [s["total_ms"] for s in steps if s["db"] == label and s["kind"] == kind and s["target"] == t]
                   for t in targets}
            if not all(got.values()):
                continue
            m = {t: (statistics.median(v), pct(v, 0.9)) for t, v in got.items()}
            ratios = {"": ("app", "floor")} | ({"_vs_content": ("app", CONTENT), "content_over_floor": (CONTENT, "floor")}
                                               if content else {})
            r = {k: (m[a][0] / m[b][0], m[a][1] / m[b][1]) for k, (a, b) in ratios.items()}
            row = f"  {kind:<8} {len(got['app']):>3} {m['app'][0]:8.0f} {m['app'][1]:8.0f} {m['floor'][0]:9.0f} {m['floor'][1]:9.0f}"
            if content:
                row += f" {m[CONTENT][0]:9.0f} {m[CONTENT][1]:9.0f}"
            row += f" {r[''][0]:9.2f} {r[''][1]:9.2f}"
            if content:
                row += " " + " ".join(f"{v:8.2f}" for k in ("_vs_content", "content_over_floor") for v in r[k])
            print(row)
            for k, v in r.items():
                key = f"browser_content_over_floor_{kind}" if k == "content_over_floor" else f"browser_ratio_{kind}{k}"
                result.setdefault(key, {})[label] = {"median": round(v[0], 2), "p90": round(v[1], 2)}
            result["browser_ms"][label][kind] = {t: {"median": round(m[t][0]), "p90": round(m[t][1]), "n": len(got[t])}
                                                 for t in targets}
    return result


def med(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def profile(steps: list[dict], labels: list[str], targets=TARGETS) -> None:
    """Where the time goes: medians per database, action (and page for open/page), app vs floor (vs content)."""
    cols = ("total", "before req", "server", "run", "run cpu", "run>seen", "browser", "tail", "plotly", "r.script",
            "r.layout", "r.task", "KB recv", "deltas", "scripts")
    for label in labels:
        print(f"\n{label} database: where the time goes (medians, ms). before req = action -> the rerun request "
              "leaves the page; server = request sent -> script_finished seen (CDP: reported by the renderer's main "
              "thread, so a busy page inflates it); run, run cpu = the script runs' wall and CPU time as the server "
              "logs them; run>seen = the last run's end -> the page handles script_finished (sending, and the page "
              "busy with the deltas before it); "
              "browser = total - before req - server; tail = the page handles script_finished -> settled; plotly = "
              "last change inside a chart after script_finished; r.* = the renderer's main thread in the step "
              "(JS, layout, all tasks; CDP Performance); scripts = JS files requested, summed over the steps")
        print(f"  {'action':<7} {'where':<12} {'':<7} " + " ".join(f"{c:>9}" for c in cols))
        groups = defaultdict(list)
        for s in steps:
            if s["db"] != label:
                continue
            where = s["where"].split(" ")[0] if s["kind"] in ("open", "page") else ""
            groups[(ACTIONS.index(s["kind"]), s["kind"], where, targets.index(s["target"]))].append(s)
        for (_, kind, where, ti), g in sorted(groups.items()):
            target = targets[ti]
            browser = [s["total_ms"] - (s["before_request_ms"] or 0) - s["server_ms"] for s in g if s["server_ms"]]
            row = [med(s["total_ms"] for s in g), med(s["before_request_ms"] for s in g), med(s["server_ms"] for s in g),
                   *(med(s.get(k) for s in g) for k in ("run_ms", "run_cpu_ms", "after_run_ms")),
                   med(browser), med(s["tail_ms"] for s in g), med(s["plotly_tail_ms"] for s in g),
                   *(med(s["cpu_ms"].get(m) for s in g) for m in ("ScriptDuration", "LayoutDuration", "TaskDuration")),
                   med(s["bytes"] for s in g) / 1024, med(s["deltas"] for s in g), sum(len(s["scripts"]) for s in g)]
            print(f"  {kind:<7} {where:<12} {target:<7} " + " ".join(f"{v:9.0f}" for v in row))
            js = Counter()
            for s in g:
                js.update(s.get("js_self_ms") or {})
            if js:
                print(f"  {'':<28}JS self time per step by file: "
                      + ", ".join(f"{k} {v / len(g):.0f}" for k, v in js.most_common(6)))
        # which elements the bytes are
        for target in targets:
            per = Counter()
            nsteps = 0
            for s in steps:
                if s["db"] == label and s["target"] == target:
                    per.update(s["element_bytes"])
                    nsteps += 1
            if nsteps:
                top = ", ".join(f"{k} {v / nsteps / 1024:.1f}" for k, v in per.most_common(6))
                print(f"  {target}: KB received per step by element type: {top}")


def run_medians(steps: list[dict], labels: list[str], targets=TARGETS) -> dict:
    """Per database, action and target: the median of the script runs' wall and CPU time in a step, as the server
    logged them (steps without a log are left out)."""
    out: dict = {}
    for label in labels:
        for kind in ACTIONS:
            for target in targets:
                g = [s for s in steps if s["db"] == label and s["kind"] == kind and s["target"] == target
                     and s.get("run_ms") is not None]
                if g:
                    out.setdefault(label, {}).setdefault(kind, {})[target] = {
                        "run_ms": round(med(s["run_ms"] for s in g)), "run_cpu_ms": round(med(s["run_cpu_ms"] for s in g)),
                        "total_ms": round(med(s["total_ms"] for s in g)), "n": len(g)}
    return out


def component(url: str) -> str:
    """A lazily loaded JS file's component: its name before the content hash (DataFrame.-f9-1zS0.js -> DataFrame)."""
    return url.rsplit("/", 1)[-1].split(".")[0]


def lazy_components(steps: list[dict], labels: list[str], targets=TARGETS) -> dict:
    """Streamlit loads an element type's JS the first time a tab shows one (a chart page after the Data page loads
    plotly.js; a first st.dataframe loads the grid with ~28 files). Per database and action: how many steps loaded
    such files, which components (named by the first file a step requested), and the median time of the steps
    that loaded none, which is what a tab that has shown every element once meets. Returns those medians."""
    out: dict = {}
    for label in labels:
        print(f"\n{label} database: lazily loaded components (an element type's JS, requested the first time a tab "
              "shows one); 'without' = the median of the steps that requested no JS file")
        for kind in ("page", "filter", "select"):
            for target in targets:
                g = [s for s in steps if s["db"] == label and s["kind"] == kind and s["target"] == target]
                if not g:
                    continue
                loading = [s for s in g if s["scripts"]]
                plain = [s["total_ms"] for s in g if not s["scripts"]]
                names = Counter(f"{s['where'].split(' ')[0]}: {component(s['scripts'][0])} ({len(s['scripts'])} files)"
                                for s in loading)
                without = statistics.median(plain) if plain else None
                print(f"  {kind:<7} {target:<8} {len(loading):>2} of {len(g):>2} steps loaded JS"
                      + (f" (median {statistics.median(s['total_ms'] for s in loading):.0f} ms)" if loading else "")
                      + f"; without: median {'-' if without is None else f'{without:.0f}'} ms of {len(plain)}"
                      + (": " + ", ".join(f"{k} x{v}" if v > 1 else k for k, v in names.most_common()) if names else ""))
                if without is not None:
                    out.setdefault(label, {}).setdefault(kind, {})[target] = {"median": round(without), "n": len(plain)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10, help="rounds: each action at least this often per app and database")
    ap.add_argument("--real-db", type=Path, default=REAL_DB)
    ap.add_argument("--synthetic-db", type=Path, default=SYNTHETIC_DB,
                    help="the synthetic national database (`make bench` builds it); skipped with a note if absent")
    ap.add_argument("--only", choices=("real", "synthetic"), help="one database only")
    ap.add_argument("--raw", type=Path, default=LOGS / "browser_bench_steps.json", help="every step's figures (JSON)")
    ap.add_argument("--js-profile", action="store_true",
                    help="also a CDP CPU profile of every step: JS self time per script file (slows the browser; "
                         "for the profile, not for the timings)")
    ap.add_argument("--content-floor", action="store_true",
                    help="a third target, the floor app drawing our pages' content with plain Streamlit calls "
                         "(benchmarks/floor_app/content.py): app/content and content/floor ratios too")
    ap.add_argument("--from-steps", type=Path,
                    help="summarise the steps an earlier run wrote (its --raw file) again, without a browser")
    args = ap.parse_args(argv)
    if args.from_steps:
        return report(json.loads(args.from_steps.read_text(encoding="utf-8")), [], args.n)
    global JS_PROFILE
    JS_PROFILE = args.js_profile
    targets = TARGETS + (CONTENT,) if args.content_floor else TARGETS
    if not Path(CHROMIUM).exists():
        print(f"NOTE: Chromium not found at {CHROMIUM}: no browser benchmark (apt-get install chromium fonts-noto-cjk)")
        print(json.dumps({}))
        return 0
    databases = []
    if args.only != "synthetic":
        databases.append(("real", args.real_db))
    if args.only != "real":
        if args.synthetic_db.exists():
            databases.append(("synthetic", args.synthetic_db))
        else:
            print(f"NOTE: {args.synthetic_db} is missing: the synthetic database is skipped (`make bench` builds it; "
                  "or `zhuqi synthetic --out DIR` and `zhuqi build --data DIR --out FILE`, then --synthetic-db FILE)")
    import streamlit.logger
    from playwright.sync_api import sync_playwright

    streamlit.logger.set_log_level("error")
    steps: list[dict] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, db in databases:
                print(f"{label} database ({db}): {args.n} rounds, {', '.join(targets)} interleaved ...", flush=True)
                steps += run_database(browser, label, db, args.n, errors, targets)
        finally:
            browser.close()
    args.raw.write_text(json.dumps(steps))
    print(f"\n{len(steps)} steps in {time.perf_counter() - t0:.0f}s; every step: {args.raw}")
    return report(steps, errors, args.n)


def report(steps: list[dict], errors: list[str], n: int) -> int:
    """Print the summary, the profile and the JSON line of a run's steps (the databases and targets they name)."""
    labels = list(dict.fromkeys(s["db"] for s in steps))
    targets = tuple(t for t in (*TARGETS, CONTENT) if any(s["target"] == t for s in steps))
    result = summarise(steps, labels, targets)
    profile(steps, labels, targets)
    result["browser_ms_without_js_loads"] = lazy_components(steps, labels, targets)
    result["browser_server_runs"] = run_medians(steps, labels, targets)
    for e in errors:
        print("error:", e[:300])
    print(f"\n{len(errors)} errors")
    result["browser_n"] = n
    result["browser_errors"] = len(errors)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
