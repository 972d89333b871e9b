"""Filter and language state, kept in the URL query string.

The URL is read once when a session starts (a fresh load or reload) into the sidebar widgets' state, and
written back from the widgets on every run, so a link reproduces the view and the view survives page
changes (which clear the query string) and reloads. Values that are not registry ids are dropped with a
visible notice.

Why not ``bind="query-params"``: with a ``format_func`` the bound URL carries the *display label*
(changing with the language) instead of the registry id, so links would break when the language changes.
A page run on its own (tests, no sidebar) reads the same parameters through ``current``.
"""
from __future__ import annotations

import streamlit as st

from . import queries
from .db import db_stamp
from .i18n import LANGS, t
from .queries import Filters
from .safe_text import md

FILTER_KEYS = ("province", "program", "locality", "level")
NOTICES_KEY = "_url_notices"


@st.cache_resource(max_entries=4, show_spinner=False)
def _options(stamp: str) -> tuple[dict, dict]:
    """Registry ids per filter and their labels per language, as plain dicts (read on every run)."""
    opts = queries.filter_options()
    ids = {k: opts.loc[opts["filter"] == k, "id"].tolist() for k in FILTER_KEYS}
    names = {lang: {(f, i): n for f, i, n in zip(opts["filter"], opts["id"], opts[f"name_{lang}"])} for lang in LANGS}
    return ids, names


def valid_ids() -> dict[str, list[str]]:
    return _options(db_stamp())[0]


def labels(lang: str) -> dict[tuple[str, str], str]:
    return _options(db_stamp())[1][lang]


def _raw(key: str) -> list[str]:
    try:
        return [str(v) for v in st.query_params.get_all(key)]
    except Exception:  # a malformed query string must never stop the page
        return []


def url_notices() -> list[str]:
    """Values in the URL that are not registry ids (or not a language); collected once per load."""
    ids = valid_ids()
    bad = []
    for key in FILTER_KEYS:
        bad += [f"{key}={v}" for v in _raw(key) if v and v not in ids[key]]
    bad += [f"lang={v}" for v in _raw("lang") if v and v not in LANGS]
    return bad


def remember_notices() -> None:
    found = url_notices()
    if found:
        st.session_state[NOTICES_KEY] = sorted(set(st.session_state.get(NOTICES_KEY, [])) | set(found))


def show_notices(lang: str) -> None:
    found = st.session_state.get(NOTICES_KEY) or []
    if found:
        st.warning(f"{t('url_notice', lang)}: " + ", ".join(md(v) for v in found), icon="⚠️")


def current() -> tuple[Filters, str]:
    """The filters and language in force: from the bound widgets when the sidebar ran, else the URL."""
    ids = valid_ids()
    chosen = {}
    for key in FILTER_KEYS:
        if key in st.session_state and isinstance(st.session_state[key], list):
            values = st.session_state[key]
        else:
            values = _raw(key)
        chosen[key] = tuple(v for v in dict.fromkeys(values) if v in ids[key])
    lang = st.session_state.get("lang") if "lang" in st.session_state else (_raw("lang") or ["zh"])[-1]
    return Filters(**chosen), (lang if lang in LANGS else "zh")


LOADED_KEY = "_url_loaded"


def load_from_url() -> None:
    """Once per session: URL -> widget state, unknown values -> notices."""
    if st.session_state.get(LOADED_KEY):
        return
    remember_notices()
    filters, lang = current()
    for key in FILTER_KEYS:
        st.session_state[KEEP + key] = list(getattr(filters, key))
    st.session_state[KEEP + "lang"] = lang
    st.session_state[LOADED_KEY] = True


# Streamlit resets a widget's value when the user switches pages, so the state is kept under our own
# keys too: each widget's on_change copies its new value there, and every run hands it back to the widget.
KEEP = "_keep_"


def _remember(key: str) -> None:
    st.session_state[KEEP + key] = st.session_state[key]


def _restore(key: str) -> None:
    if KEEP + key in st.session_state:
        st.session_state[key] = st.session_state[KEEP + key]


def write_to_url(filters: Filters, lang: str) -> None:
    """Widget state -> URL, on every run: a page change clears the browser's query string without the
    server's copy knowing, so comparing with ``st.query_params`` would miss exactly that case."""
    wanted = {k: list(v) for k, v in filters._asdict().items() if v}
    if lang != "zh":
        wanted["lang"] = lang
    st.query_params.from_dict(wanted)


def sidebar(write_url: bool = True) -> tuple[Filters, str]:
    """Render the shared sidebar (language + four filters), keep the URL in step, return the state.
    Under the router the URL is written after ``st.navigation`` (which clears it on a page change)."""
    load_from_url()
    ids = valid_ids()
    for key in ("lang",) + FILTER_KEYS:
        _restore(key)
    with st.sidebar:
        lang = st.radio("语言 Language", LANGS, format_func=lambda v: "中文" if v == "zh" else "English",
                        key="lang", horizontal=True, on_change=_remember, args=("lang",)) or "zh"
        names = labels(lang)
        st.subheader(t("filters", lang))
        for key in FILTER_KEYS:
            st.multiselect(t(key, lang), ids[key], key=key, on_change=_remember, args=(key,),
                           format_func=lambda v, k=key: names.get((k, v), v), placeholder=t("all", lang))
    filters, lang = current()
    if write_url:
        write_to_url(filters, lang)
    return filters, lang
