"""The warm renderer: one Chromium with one plotly.js page (kaleido), kept between exports so a figure takes
~0.2 s instead of starting a browser (2-3 s) each time."""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from pathlib import Path

RELOAD_EVERY = 100        # renders on one page before it is reloaded (a fresh page, in case plotly.js leaks)
START_TIMEOUT_S = 60      # starting Chromium and loading plotly.js
# choreographer starts Chromium with these; kaleido's page needs neither (plotly.js is a <script> beside it),
# and a page that may read local files or skip the same-origin rule is one bug away from leaking them.
UNSAFE_FLAGS = frozenset({"--allow-file-access-from-files", "--disable-web-security"})
# Chromium's own calls home (updates, safe browsing, metrics) fail here anyway: the export needs no network.
EXTRA_FLAGS = ("--disable-background-networking",)
RENDER_TIMEOUT_S = 90     # kaleido's own limit for one image
_server_lock = threading.Lock()
_renderer: _Renderer | None = None


class ExportUnavailable(RuntimeError):
    """No Chromium to render with; the message says what to install."""


_found: dict[str | None, str] = {}  # BROWSER_PATH -> the Chromium found for it (a found browser stays found)


def chromium_path() -> str | None:
    """The Chromium kaleido will use, or None. Asked once per chart on every run: a Chromium once found is
    remembered (searching PATH each time was ~1 ms a chart); a missing one is looked for again, so installing
    it while the app runs is noticed."""
    wanted = os.environ.get("BROWSER_PATH")
    if wanted in _found:
        return _found[wanted]
    for candidate in (lambda: wanted, lambda: "/usr/bin/chromium", lambda: shutil.which("chromium"),
                      lambda: shutil.which("chromium-browser")):
        path = candidate()
        if path and Path(path).exists():
            _found[wanted] = path
            return path
    return None


def install_hint(lang: str) -> str:
    return ("图片导出需要服务器上安装 Chromium 和中文字体：apt-get install -y chromium fonts-noto-cjk" if lang == "zh"
            else "Figure export needs Chromium and a CJK font on the server: apt-get install -y chromium fonts-noto-cjk")


def _warm_kaleido_class():
    import kaleido  # imported on the first export only: it costs ~0.15 s at app start otherwise

    class WarmKaleido(kaleido.Kaleido):
        """kaleido reloads its page after every render, before it hands the image back: ~150 ms of re-parsing
        plotly.js on every export, half of a warm PNG export. plotly.js draws each figure into a scratch div and
        purges it, and the images from a reused page are byte-identical to those from a fresh one, so the page
        is kept: reloaded every ``RELOAD_EVERY`` renders and after a failed render (``reload_tabs``).
        If kaleido renames the hook, every render reloads again: slower, never wrong."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.renders = 0
            self.reloads = 0
            impl = self._browser_impl
            cli = impl.get_cli
            impl.get_cli = lambda: [a for a in cli() if a not in UNSAFE_FLAGS] + list(EXTRA_FLAGS)

        async def _return_kaleido_tab(self, tab) -> None:
            self.renders += 1
            if self.renders % RELOAD_EVERY:
                await self.tabs_ready.put(tab)
            else:
                self.reloads += 1
                await super()._return_kaleido_tab(tab)  # reload, then back in the queue

        async def reload_tabs(self) -> None:
            for _ in range(self.tabs_ready.qsize()):
                tab = await self.tabs_ready.get()
                self.reloads += 1
                await super()._return_kaleido_tab(tab)

    return WarmKaleido


class _Renderer:
    """One Chromium with one plotly.js page (kaleido), driven by an event loop in its own thread. Each call
    waits on its own future, so concurrent callers can never receive each other's image (kaleido's
    ``start_sync_server`` hands results back through one shared queue)."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-renderer", daemon=True)
        self._thread.start()
        self.broken = False
        try:
            self.kaleido = self._call(self._open(), START_TIMEOUT_S)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            raise
        atexit.register(self.close)

    @staticmethod
    async def _open():
        # mathjax=False: no MathJax <script> from a CDN on the page (the app escapes every "$", so MathJax is
        # never used); plotly.js comes from the plotly package, so rendering needs no network at all.
        k = _warm_kaleido_class()(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False)
        await k.open()
        return k

    def _call(self, coro, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()
            raise

    def render(self, fig: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            return self._call(self.kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT_S + 10)
        except Exception:
            try:  # a failed render may leave the page in any state: the next one gets a fresh page
                self._call(self.kaleido.reload_tabs(), START_TIMEOUT_S)
            except Exception:
                self.broken = True  # Chromium is gone or stuck: the next export starts a new one
            raise

    def close(self) -> None:
        """Close Chromium and end the loop's thread (also at interpreter exit)."""
        if not self._thread.is_alive():
            return
        try:
            self._call(self.kaleido.close(), 10)
        except Exception:  # noqa: BLE001 - closing on the way out: nothing left to tell
            pass
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)


WARM_ENV = "ZHUQI_WARM_EXPORT"  # "0": no Chromium started ahead (tests that never export)
warmed = threading.Event()      # set once the warm renderer has drawn its first figure


def warm_in_background() -> threading.Thread | None:
    """Start the export Chromium and draw one tiny figure in a background thread, so a session's first export
    takes as long as any other (~0.2 s) instead of 2-3 s of Chromium starting. Called when the server starts;
    nothing happens without Chromium or with ZHUQI_WARM_EXPORT=0."""
    if os.environ.get(WARM_ENV) == "0" or chromium_path() is None:
        return None

    def warm() -> None:
        try:
            ensure_server().render({"data": [{"type": "bar", "x": [1], "y": ["预热"], "orientation": "h"}]},
                                   "png", 64, 64, 1)
            warmed.set()
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first export starts Chromium itself
            pass

    thread = threading.Thread(target=warm, name="export-warm-up", daemon=True)
    thread.start()
    return thread


def ensure_server() -> _Renderer:
    global _renderer
    with _server_lock:
        if _renderer is not None and not _renderer.broken:
            return _renderer
        path = chromium_path()
        if path is None:
            raise ExportUnavailable(install_hint("en"))
        os.environ.setdefault("BROWSER_PATH", path)
        if _renderer is not None:
            _renderer.close()
        _renderer = _Renderer()
        return _renderer
