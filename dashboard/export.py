"""Exports for presenters: slide-ready figures (PNG/SVG/PDF through kaleido and Debian's Chromium), the
filtered data as CSV/XLSX, and a zipped figure pack with SOURCES.md.

A figure leaves with its title, its sources line and its comparability note drawn into it, in the
current language. One Chromium with one plotly.js page is kept warm (``_Renderer``) so repeated exports are fast.
"""
from __future__ import annotations

import asyncio
import atexit
import copy
import csv
import io
import os
import re
import shutil
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import pandas as pd

from .catalogue import Chart, all_charts
from .charts import FONT_FAMILY, merge
from .formatting import period_label
from .i18n import t
from .notes import comparability_line, comparability_notes, sources_line
from .queries import Filters
from .safe_text import html_text

SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1600, 900, 2
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CAPTION_FONT_PX = 13
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RELOAD_EVERY = 100        # renders on one page before it is reloaded (a fresh page, in case plotly.js leaks)
START_TIMEOUT_S = 60      # starting Chromium and loading plotly.js
RENDER_TIMEOUT_S = 90     # kaleido's own limit for one image
SLIDE_CACHE_SIZE = 64     # slide figures kept, per chart object × language × size
_server_lock = threading.Lock()
_render_lock = threading.Lock()
_renderer: _Renderer | None = None
_slide_cache: OrderedDict[tuple, tuple[Chart, dict]] = OrderedDict()
_slide_cache_lock = threading.Lock()


class ExportUnavailable(RuntimeError):
    """No Chromium to render with; the message says what to install."""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def install_hint(lang: str) -> str:
    return ("图片导出需要服务器上安装 Chromium 和中文字体：apt-get install -y chromium fonts-noto-cjk" if lang == "zh"
            else "Figure export needs Chromium and a CJK font on the server: apt-get install -y chromium fonts-noto-cjk")


# ---- the warm renderer --------------------------------------------------------------------------------

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


def _ensure_server() -> _Renderer:
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


# ---- the slide figure ---------------------------------------------------------------------------------

def _units(text: str) -> int:
    """Visual width in half-width units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Punctuation that may not begin a line (kinsoku): it stays at the end of the line before, a little over width.
NO_LINE_START = set("）)」』】〕》〉，,。.、；;：:！!？?%％…")


def wrap_units(text: str, width: int) -> list[str]:
    """Wrap at ``width`` half-width units, between CJK characters or at spaces (never inside a word, and never
    before closing punctuation)."""
    tokens = re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+", text)
    lines, line = [], ""
    for tok in tokens:
        if line and _units(line + tok.rstrip()) > width and tok.strip()[:1] not in NO_LINE_START:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
    return lines + ([line.rstrip()] if line.strip() else [])


def _plain(label: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", part) for part in str(label).split("<br>")]


def slide_figure(chart: Chart, lang: str, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT) -> dict:
    """The chart at slide size with title, sources line and comparability note drawn in, as a plotly figure
    dict (what kaleido sends to plotly.js), built on a copy of the chart's figure dict. Like the charts, it is
    not run through plotly.py's validation (30-80 ms a figure); ``go.Figure(slide_figure(...))`` accepts it
    unchanged (a test checks)."""
    fig = copy.deepcopy(chart.figure)  # the cached chart is shared between sessions and stays untouched
    data, layout = fig["data"], fig.setdefault("layout", {})
    caption_lines = []
    # The lines the chart was built with (catalogue makes them once); a chart made elsewhere has none yet.
    for text in (chart.sources_text or sources_line(chart.data, lang),
                 chart.comparability_text or comparability_line(chart.data, lang)):
        caption_lines += wrap_units(text, int((width - 80) / (CAPTION_FONT_PX * 0.55)))
    # Fixed margins (automargin off) make the caption's place exact: bottom-left of the canvas.
    y_labels = [line for tr in data if tr.get("y") is not None for v in tr["y"] for line in _plain(v)]
    left = int(min(width * 0.42, max(80, max((_units(s) for s in y_labels), default=10) * 7 + 30)))
    heatmap = any(tr.get("type") == "heatmap" for tr in data)
    axis_space = 150 if heatmap else 70
    caption_h = 18 * len(caption_lines) + 10
    top, right = 110, 40
    bottom = axis_space + caption_h
    plot_w, plot_h = width - left - right, height - top - bottom
    merge(layout, {
        "width": width, "height": height,
        "margin": {"l": left, "r": right, "t": top, "b": bottom, "autoexpand": False},
        "font": {"family": FONT_FAMILY, "size": 14},
        "title": {"text": html_text(chart.title), "x": 0.01, "xanchor": "left", "y": 0.97, "font": {"size": 24}},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        "paper_bgcolor": "white",
    })
    # Every x and y axis, as update_xaxes/update_yaxes would (xaxis and yaxis exist even when unset).
    for key in {"xaxis", "yaxis", *(k for k in layout if re.fullmatch(r"[xy]axis\d*", k))}:
        merge(layout.setdefault(key, {}), {"automargin": False} if key[0] == "x"
              else {"automargin": False, "ticklabelstandoff": 8})
    layout["annotations"] = [*layout.get("annotations", []), {
        "text": "<br>".join(html_text(line) for line in caption_lines), "showarrow": False, "align": "left",
        "xref": "paper", "yref": "paper", "x": -(left - 20) / plot_w, "y": -axis_space / plot_h,
        "xanchor": "left", "yanchor": "top", "font": {"size": CAPTION_FONT_PX, "color": "#444"}}]
    return fig


def _cached_slide_figure(chart: Chart, lang: str, width: int, height: int) -> dict:
    """``slide_figure``, built once per chart object, language and size. Charts come from
    ``catalogue.chart``'s shared cache and are never changed, so the same object gives the same figure; the
    entry holds the chart itself, so its id cannot be reused by another chart while the entry lives.
    The dict is shared: only kaleido reads it (serialised, never changed)."""
    key = (id(chart), lang, width, height)
    with _slide_cache_lock:
        hit = _slide_cache.get(key)
        if hit is not None and hit[0] is chart:
            _slide_cache.move_to_end(key)
            return hit[1]
    fig = slide_figure(chart, lang, width, height)
    with _slide_cache_lock:
        _slide_cache[key] = (chart, fig)
        while len(_slide_cache) > SLIDE_CACHE_SIZE:
            _slide_cache.popitem(last=False)
    return fig


def export_figure(chart: Chart, lang: str, fmt: str, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT,
                  scale: float = SLIDE_SCALE) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    fig = _cached_slide_figure(chart, lang, width, height)
    # One render at a time: one page to draw on, two CPUs shared with the app, and a broken renderer is only ever
    # replaced while nobody renders with it. (Each call also waits on its own future, so even without the lock
    # no caller could be handed another's image.)
    with _render_lock:
        return _ensure_server().render(fig, fmt, width, height, scale if fmt == "png" else 1)


# ---- data ---------------------------------------------------------------------------------------------

def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


COLUMNS = [  # (column in facts, header key)
    ("fact_id", "col_fact"), ("locality", "col_locality"), ("province_id", "province"), ("program", "col_program"),
    ("category", "col_category"), ("indicator", "col_indicator"), ("value", "col_value"), ("unit", "col_unit"),
    ("value_as_written", "col_written"), ("qualifier", "col_qualifier"), ("period", "col_period"),
    ("period_start", "col_period_start"), ("period_end", "col_period_end"), ("status", "col_status"),
    ("basis", "col_basis"), ("scope", "col_scope"), ("quote", "col_quote"), ("source_id", "col_source"),
    ("publisher", "publisher"), ("published_as_written", "published"),
]


def facts_table(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered facts with headers in the current language; text neutralised, numbers numeric."""
    en = lang == "en"
    out = pd.DataFrame({
        "fact_id": facts["fact_id"],
        "locality": facts["locality_en" if en else "locality_zh"],
        "province_id": facts["province_id"],
        "program": facts["program_en" if en else "program_zh"],
        "category": facts["category_en" if en else "category_zh"],
        "indicator": facts["indicator_en" if en else "indicator_zh"],
        "value": facts["value"].astype(float),
        "unit": facts["unit"],
        "value_as_written": facts["value_as_written"],
        "qualifier": facts["qualifier"].fillna(""),
        "period": [period_label(s, e, lang, k) for s, e, k in zip(facts["period_start"], facts["period_end"], facts["period_kind"])],
        "period_start": pd.to_datetime(facts["period_start"]).dt.strftime("%Y-%m-%d"),
        "period_end": pd.to_datetime(facts["period_end"]).dt.strftime("%Y-%m-%d"),
        "status": [t(s, lang) for s in facts["status"]],
        "basis": [t(b, lang) if isinstance(b, str) and b else "" for b in facts["basis"]],
        "scope": facts["scope"].fillna(""),
        "quote": facts["quote"],
        "source_id": facts["source_id"],
        "publisher": facts["publisher_en" if en else "publisher_zh"],
        "published_as_written": facts["published_as_written"],
    })
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out.rename(columns={c: t(k, lang) for c, k in COLUMNS})


def facts_csv(facts: pd.DataFrame, lang: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese correctly."""
    # Every text field quoted (a quote may hold a line break or a stray CR); numbers unquoted stay numbers.
    return facts_table(facts, lang).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def sources_table(facts: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    en = lang == "en"
    s = sources[sources["source_id"].isin(facts["source_id"])]
    out = pd.DataFrame({
        t("col_source", lang): s["source_id"],
        t("col_locality", lang): s["name_en" if en else "name_zh"],
        t("col_name", lang): s["title_en" if en else "title_zh"],
        t("publisher", lang): s["publisher_en" if en else "publisher_zh"],
        t("published", lang): s["published_as_written"],
        t("period", lang): s["period_note_en" if en else "period_note_zh"],
        t("campaign", lang): s["campaign_as_written"],
        t("sha256", lang): s["raw_sha256"],
    })
    return out.apply(lambda col: col.map(neutralise))


def notes_table(facts: pd.DataFrame, filters: Filters, lang: str) -> pd.DataFrame:
    rows = [(t("filters", lang), "; ".join(f"{k}={','.join(v)}" for k, v in filters._asdict().items() if v) or t("all", lang)),
            (t("sources_line", lang), sources_line(facts, lang))]
    rows += [(t("comparability", lang), n) for n in comparability_notes(facts, lang)]
    rows.append((t("rows", lang), str(len(facts))))
    return pd.DataFrame(rows, columns=[t("col_name", lang), t("col_value", lang)]).map(neutralise)


SHEETS = {"facts": ("数字", "facts"), "sources": ("来源", "sources"), "notes": ("说明", "notes")}


def facts_xlsx(facts: pd.DataFrame, sources: pd.DataFrame, filters: Filters, lang: str) -> bytes:
    buf = io.BytesIO()
    name = lambda k: SHEETS[k][1] if lang == "en" else SHEETS[k][0]  # noqa: E731
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        facts_table(facts, lang).to_excel(xw, sheet_name=name("facts"), index=False)
        sources_table(facts, sources, lang).to_excel(xw, sheet_name=name("sources"), index=False)
        notes_table(facts, filters, lang).to_excel(xw, sheet_name=name("notes"), index=False)
    return buf.getvalue()


# ---- the figure pack ----------------------------------------------------------------------------------

def sources_markdown(facts: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    en = lang == "en"
    lines = ["# Sources" if en else "# 来源", ""]
    for _, s in sources[sources["source_id"].isin(facts["source_id"])].iterrows():
        date = t("undated", lang) if s["published_as_written"] == "undated" else s["published_as_written"]
        lines += [f"## {s['source_id']}: {s['name_en' if en else 'name_zh']}", "",
                  f"- {t('col_name', lang)}: {s['title_en' if en else 'title_zh']}",
                  f"- {t('publisher', lang)}: {s['publisher_en' if en else 'publisher_zh']}",
                  f"- {t('published', lang)}: {date}",
                  f"- {t('period', lang)}: {s['period_note_en' if en else 'period_note_zh']}",
                  f"- {t('campaign', lang)}: {s['campaign_as_written']}",
                  f"- {t('sha256', lang)}: `{s['raw_sha256']}` ({s['raw_file']})", ""]
    lines += [comparability_line(facts, lang), ""]
    return "\n".join(lines)


def pack_files(filters: Filters, lang: str, formats: list[str], facts: pd.DataFrame, sources: pd.DataFrame,
               progress: Callable[[int, int, str], None] | None = None) -> dict[str, bytes]:
    """{file name: bytes} for every chart of the selection in every format, the data CSV and SOURCES.md.
    File names come from chart ids and formats only."""
    charts = all_charts(filters, lang)
    total = len(charts) * len(formats) + 2
    files, done = {}, 0
    for chart in charts:
        for fmt in formats:
            name = f"{chart.chart_id}.{fmt}"
            if progress:
                progress(done, total, name)
            files[name] = export_figure(chart, lang, fmt)
            done += 1
    if progress:
        progress(done, total, "facts.csv")
    files["facts.csv"] = facts_csv(facts, lang)
    files["SOURCES.md"] = sources_markdown(facts, sources, lang).encode("utf-8")
    if progress:
        progress(total, total, "SOURCES.md")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
    return buf.getvalue()


# ---- deferred downloads under many sessions -----------------------------------------------------------

def keep_generated_downloads() -> None:
    """Keep a deferred download's file until its own session's next run.

    Streamlit 1.67 stores the file a deferred ``download_button`` generates without tying it to the session
    that clicked, so the orphan sweep that ends every script run of *any* session marks it and the next sweep
    deletes it, possibly before the browser has fetched it: a 404, and the download is "canceled" (16 of 44
    exports with 20 tabs). Here the generated file is mapped to the requesting session like any other media
    file. Idempotent; if Streamlit renames these internals the patch is skipped and the old behaviour stays."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    original = getattr(MediaFileManager, "execute_deferred", None)
    if original is None or getattr(original, "keeps_generated_file", False):
        return

    def execute_deferred(self, file_id: str) -> str:
        url = original(self, file_id)
        with self._lock:
            entry = getattr(self, "_deferred_callables", {}).get(file_id)
            files = getattr(self, "_files_by_session_and_coord", None)
            if entry is not None and files is not None:
                generated = url.rsplit("/", 1)[-1].split(".", 1)[0]
                files[entry["session_id"]][entry["coordinates"] + "#generated"] = generated
        return url

    execute_deferred.keeps_generated_file = True
    MediaFileManager.execute_deferred = execute_deferred


keep_generated_downloads()
