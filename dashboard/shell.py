"""The frame every page shares, drawn by the router (``app.py``) around the page it runs.

Order of work in a run: the state is read first (a widget's ``on_change`` has stored its new value before
the run starts), then ``st.navigation`` registers the pages, so the sidebar's ``st.page_link`` calls find
them in every session. The sidebar holds, top to bottom, the language switch, the page links and the
filters: the links sit above anything whose height changes while it is used, so they never move under
the pointer.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from pipelines.paths import ROOT

from . import db, state
from .i18n import t
from .queries import Filters
from .routes import CURATOR_PAGES, READER_PAGES, Page
from .safe_text import md

# A filter's chosen values wrap inside their chip instead of being cut with an ellipsis: option labels carry
# both names ("Henan · 河南省"), and a campaign's English name alone is wider than the sidebar. Our own
# constant CSS, no data in it.
CHIP_CSS = """<style>
[data-testid=stSidebar] [data-testid=stMultiSelectTagsContainer] [data-tag] { height: auto; max-width: 100%; }
[data-testid=stSidebar] [data-testid=stMultiSelectTagsContainer] [data-tag] > span {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; line-height: 1.3;
  padding: 2px 0;
}
</style>"""


# Our own file: a ":material/...:" icon makes the browser fetch the favicon from fonts.gstatic.com, and the
# app must work offline (no request leaves the machine).
ICON = Path(__file__).parent / "assets" / "icon.png"


def configure_page() -> None:
    st.set_page_config(page_title="助企行动对比 · Enterprise assistance campaigns", layout="wide", page_icon=str(ICON))


def require_database() -> None:
    """Stop the run with one clear message when the database is missing or unreadable: what to run, in the
    URL's language (the language state itself comes from the database's registries), and no traceback."""
    problem = db.problem()
    if problem is None:
        return
    lang = "en" if st.query_params.get("lang") == "en" else "zh"
    st.error(t(f"db_{problem}", lang), icon=":material/database:")
    st.code("make build", language="bash")
    st.caption(t("db_where", lang) + " " + md(str(db.database_path().name)))
    st.stop()


# The default page is served at "/", but Streamlit still reserves its url_path and answers a request for it
# with its English "Page not found" box. So the default page reserves a path nobody types, and the
# overview's own path (in old links and bookmarks) is a hidden second entry for the same file.
DEFAULT_PAGE_RESERVED_PATH = "_default"


def _st_page(p: Page, lang: str, **kwargs) -> StreamlitPage:
    kwargs = {"url_path": DEFAULT_PAGE_RESERVED_PATH if p.default else p.url_path, "default": p.default, **kwargs}
    return st.Page(ROOT / p.file, title=t(p.nav_key, lang), icon=p.icon, **kwargs)


def _requested_path() -> str:
    """The page the browser asks for: its path below the server's base path, last segment ("" outside a
    browser session, e.g. in AppTest)."""
    url = st.context.url
    if not url:
        return ""
    path = urlsplit(url).path.strip("/")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    name = unquote(path.rsplit("/", 1)[-1])
    return "" if "/" in name else name  # an encoded slash cannot be a page's path: Streamlit's box answers it


def _not_found(lang: str) -> None:
    st.title(t("not_found_title", lang))
    st.info(t("not_found_body", lang))


class Navigation(NamedTuple):
    current: StreamlitPage  # the page this run shows
    readers: dict[str, StreamlitPage]  # the readers' pages by url path, for the sidebar links
    for_readers: bool  # False on the curators' pages: no filters, none in the URL


def navigation(lang: str) -> Navigation:
    """Register every page for this run and pick the one to show."""
    readers = {p.url_path: _st_page(p, lang) for p in READER_PAGES}
    aliases = [_st_page(p, lang, url_path=p.url_path, default=False, visibility="hidden")
               for p in READER_PAGES if p.default]
    curators = [_st_page(p, lang, visibility="hidden") for p in CURATOR_PAGES]
    pages = [*readers.values(), *aliases, *curators]
    # An unknown path would get Streamlit's own English "Page not found" box: answer it with a page of ours.
    requested = _requested_path()
    if requested and requested not in {p.url_path for p in pages} | {DEFAULT_PAGE_RESERVED_PATH}:
        pages.append(st.Page(lambda: _not_found(lang), title=t("not_found_title", lang), url_path=requested,
                             visibility="hidden"))
    current = st.navigation(pages, position="hidden")
    return Navigation(current, readers, current not in curators)


def frame(nav: Navigation, filters: Filters, lang: str) -> None:
    """Sidebar (language, page links, filters on readers' pages), the URL, notices."""
    params = state.url_params(filters, lang)
    st.html(CHIP_CSS)
    with st.sidebar:
        state.language_switch()
        for p in READER_PAGES:
            st.page_link(nav.readers[p.url_path], label=t(p.nav_key, lang), icon=p.icon, query_params=params)
        if nav.for_readers:
            st.divider()
            state.filter_widgets(filters, lang)
    state.write_to_url(filters if nav.for_readers else None, lang)
    state.show_notices(lang)
