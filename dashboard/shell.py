"""The frame every page shares: page config, translated navigation links, language switch, filters, notices.

Routing is explicit (``app.py`` builds an ``st.Page`` list for ``st.navigation``). Because the page files
live in ``pages/``, Streamlit may also run a page file directly — on the very first request to a deep
link after the server starts, and in AppTest — without ``app.py``. So each page calls ``page()``: when the
router already drew the frame in this run it only returns the state; otherwise it draws the frame itself.
Either way the reader sees the same sidebar, and nothing depends on which path ran the page.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from . import state
from .i18n import t
from .queries import Filters

PAGES = [
    # (file, title key, url path, icon)
    ("pages/overview.py", "nav_overview", "overview", ":material/dashboard:"),
    ("pages/growth.py", "nav_growth", "growth", ":material/trending_up:"),
    ("pages/problems.py", "nav_problems", "problems", ":material/task_alt:"),
    ("pages/instruments.py", "nav_instruments", "instruments", ":material/build:"),
    ("pages/sources.py", "nav_sources", "sources", ":material/description:"),
    ("pages/data.py", "nav_data", "data", ":material/table:"),
    ("pages/curate.py", "nav_curate", "curate", ":material/edit_note:"),
]
_run = threading.local()


def configure_page() -> None:
    st.set_page_config(page_title="助企行动对比 · Enterprise assistance campaigns", layout="wide",
                       page_icon=":material/bar_chart:")


def render() -> tuple[Filters, str]:
    configure_page()
    filters, lang = state.sidebar(write_url=not getattr(_run, "routed", False))
    params = {k: list(v) for k, v in filters._asdict().items() if v}
    if lang != "zh":
        params["lang"] = lang
    with st.sidebar:
        st.divider()
        for path, key, url, icon in PAGES:
            try:
                st.page_link(path, label=t(key, lang), icon=icon, query_params=params)
            except StreamlitPageNotFoundError:
                # The page file runs as its own entry point (AppTest): a plain link does the same job.
                st.markdown(f"[{t(key, lang)}](/{url}?{urlencode(params, doseq=True)})")
    state.show_notices(lang)
    _run.state = (filters, lang)
    return filters, lang


@contextmanager
def routed():
    """Mark this script run as going through the router, so pages do not draw the frame twice."""
    _run.state = None
    _run.routed = True
    try:
        yield
    finally:
        # After the page ran: navigating to it cleared the query string, so the state is written back now
        # (this also runs when a page ends early with st.stop()).
        if _run.state is not None:
            state.write_to_url(*_run.state)
        _run.routed = False
        _run.state = None


def page() -> tuple[Filters, str]:
    if getattr(_run, "routed", False) and getattr(_run, "state", None) is not None:
        return _run.state
    return render()
