"""When has a view settled after an action? Following the app's script runs on its websocket.

After a click the page can still say ``notRunning`` before the rerun the click asked for has started, so
waiting for that attribute alone can return early (and the next click then races the rerun). Like
``benchmarks/load.py`` (async), this follows the session's runs as the server reports them
(``new_session`` when a run starts, ``script_finished`` when it ends) and counts the messages the page's
own JavaScript has dispatched. A view has settled when a run that started after the action has finished,
no newer run is under way, the page has handled every message up to that run's end, no element is still a
skeleton and every plotly chart has drawn.
"""
from __future__ import annotations

import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# Counts the websocket messages the page has dispatched: the listener is added in the constructor, so it
# runs before the app's own; the count is bumped in a task queued after it, i.e. after the app's handler.
COUNT_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.__wsIn = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__wsIn = 0;
      this.addEventListener("message", () => setTimeout(() => { window.__wsIn += 1; }, 0));
    }
  };
})();"""
SETTLED = """(n) => {
  const app = document.querySelector("[data-testid=stApp]");
  return window.__wsIn >= n && app && app.getAttribute("data-test-script-state") === "notRunning"
    && document.querySelector("[data-testid=stMain] h1") !== null
    && document.querySelector("[data-testid=stSkeleton]") === null
    && [...document.querySelectorAll("[data-testid=stPlotlyChart]")].every(el => el.querySelector(".main-svg"));
}"""


class Runs:
    """One tab's script runs, as the server reports them. Attach before the tab's first navigation."""

    def __init__(self, page) -> None:
        self.page = page
        self.started = self.finished = 0
        self.frames = self.frames_at_finish = 0
        self.running = False
        self.ws = None
        self.sockets = 0  # websocket connections opened: a second one means the document was reloaded
        self.fragment_runs = 0  # finished runs of fragments only (not of the whole page)
        page.add_init_script(COUNT_MESSAGES)
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            self.ws = ws
            self.sockets += 1
            self.frames = self.frames_at_finish = 0
            self.running = False
            ws.on("framereceived", lambda payload: self._frame(ws, payload))

    def _frame(self, ws, payload) -> None:
        if ws is not self.ws:
            return
        self.frames += 1
        if isinstance(payload, str):
            return
        msg = ForwardMsg.FromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.started += 1
            self.running = True
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return  # a rerun request cut this run short: the next run is what counts
            self.finished += 1
            self.fragment_runs += msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            self.frames_at_finish = self.frames
            self.running = False

    def act(self, action, timeout_s: float = 60) -> None:
        """Do ``action`` (a callable) and wait until the run it started has finished and the view is drawn."""
        before = self.finished
        action()
        self.wait_after(before, timeout_s)

    def wait_after(self, finished_before: int, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while self.finished <= finished_before or self.running:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no finished script run within {timeout_s:.0f}s "
                                   f"(started {self.started}, finished {self.finished})")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the websocket events
        self.page.wait_for_function(SETTLED, arg=self.frames_at_finish, polling=50, timeout=timeout_s * 1000)
