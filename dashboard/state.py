"""Filter and language state, kept in the URL query string.

The URL is read once when a session starts (a fresh load or reload) into the session's state, and written
back on every run, so a link reproduces the view and the view survives page changes and reloads. Values
that are not registry ids are dropped with a visible notice.

The state lives under our own keys (``_keep_<name>``), copied from each widget by its ``on_change`` and
handed back to the widget on every run: Streamlit deletes a widget's value in any run that does not draw
the widget (the curators' page draws no filters), and the router reads the language before any widget is
drawn (page titles and links need it).

Why not ``bind="query-params"``: with a ``format_func`` the bound URL carries the *display label*
(changing with the language) instead of the registry id, so links would break when the language changes.
"""
from __future__ import annotations

import streamlit as st

from . import queries
from .db import db_stamp
from .i18n import LANGS, t
from .queries import FILTER_KEYS, Filters
from .safe_text import md, shorten

NOTICES_KEY = "_url_notices"
LOADED_KEY = "_url_loaded"
KEEP = "_keep_"
# Labels carry both names so that typing either finds an option; the other language is the shorter tail.
LABEL_SEPARATOR = " · "


@st.cache_resource(max_entries=4, show_spinner=False)
def _options(stamp: str) -> tuple[dict, dict]:
    """Registry ids per filter, and each option's bilingual label per language, as plain dicts: the labels
    are made once per database version, not per option per run (the national data has ~2,900 options)."""
    opts = queries.filter_options()
    ids = {k: opts.loc[opts["filter"] == k, "id"].tolist() for k in FILTER_KEYS}
    keys = list(zip(opts["filter"], opts["id"]))
    names = {lang: dict(zip(keys, opts[f"name_{lang}"])) for lang in LANGS}
    labelled = {lang: {k: _bilingual(names[lang][k], names[_other(lang)][k]) for k in keys} for lang in LANGS}
    return ids, labelled


def _other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def _bilingual(own: str, other: str) -> str:
    """'河南省 · Henan' in 中文, 'Henan · 河南省' in English: findable by typing either name."""
    return own if own == other else f"{own}{LABEL_SEPARATOR}{other}"


def valid_ids() -> dict[str, list[str]]:
    return _options(db_stamp())[0]


def option_labels(lang: str) -> dict[tuple[str, str], str]:
    """(filter, id) -> the option's label in ``lang``, naming both languages."""
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


NOTICE_VALUES, NOTICE_CHARS = 5, 60  # a notice names a few values, each cut short: a URL can hold 100 KB


def show_notices(lang: str) -> None:
    found = st.session_state.get(NOTICES_KEY) or []
    if found:
        shown = [md(shorten(v, NOTICE_CHARS)) for v in found[:NOTICE_VALUES]]
        more = [md(t("and_more", lang, n=len(found) - NOTICE_VALUES))] if len(found) > NOTICE_VALUES else []
        st.warning(f"{t('url_notice', lang)}: " + ", ".join(shown + more), icon="⚠️")


def _from_url() -> tuple[Filters, str]:
    ids = valid_ids()
    chosen = {key: tuple(v for v in dict.fromkeys(_raw(key)) if v in ids[key]) for key in FILTER_KEYS}
    lang = (_raw("lang") or ["zh"])[-1]
    return Filters(**chosen), (lang if lang in LANGS else "zh")


def start_session() -> None:
    """Once per session (a fresh load or reload): URL -> our state, unknown values -> notices."""
    if st.session_state.get(LOADED_KEY):
        return
    found = url_notices()
    if found:
        st.session_state[NOTICES_KEY] = sorted(set(found))
    filters, lang = _from_url()
    for key in FILTER_KEYS:
        st.session_state[KEEP + key] = list(getattr(filters, key))
    st.session_state[KEEP + "lang"] = lang
    st.session_state[LOADED_KEY] = True


def current() -> tuple[Filters, str]:
    """The filters and language in force. A widget's on_change has already stored its new value when the
    run starts, so this is right before any widget is drawn."""
    start_session()
    ids = valid_ids()
    chosen = {key: tuple(v for v in st.session_state.get(KEEP + key, []) if v in ids[key]) for key in FILTER_KEYS}
    lang = st.session_state.get(KEEP + "lang", "zh")
    return Filters(**chosen), (lang if lang in LANGS else "zh")


def _remember(key: str) -> None:
    st.session_state[KEEP + key] = st.session_state[key]


def _restore(key: str) -> None:
    st.session_state[key] = st.session_state[KEEP + key]


def url_params(filters: Filters | None, lang: str) -> dict[str, list[str]]:
    """Filters and language as URL query parameters (an empty filter and 中文, the default, are left out)."""
    params = {k: list(v) for k, v in filters._asdict().items() if v} if filters else {}
    if lang != "zh":
        params["lang"] = [lang]
    return params


def write_to_url(filters: Filters | None, lang: str) -> None:
    """Our state -> URL, on every run (a page link carries the query, Back and Forward do not: the URL is
    made right again after the run). ``None`` writes the language only (the curators' page)."""
    wanted = url_params(filters, lang)
    fact = _raw("fact")
    if fact and fact[-1]:  # the figure card's selection (dashboard/fact_card.py) stays with the page
        wanted["fact"] = fact[-1][:100]
    st.query_params.from_dict(wanted)


def language_switch() -> str:
    start_session()
    _restore("lang")
    return st.radio(t("language", "zh"), LANGS, format_func=lambda v: "中文" if v == "zh" else "English",
                    key="lang", horizontal=True, on_change=_remember, args=("lang",),
                    label_visibility="collapsed") or "zh"


def filter_widgets(filters: Filters, lang: str) -> None:
    """The four filters. Each offers the values the other three leave non-empty, plus whatever is chosen."""
    reachable = queries.reachable_options(filters)
    ids, labelled = valid_ids(), option_labels(lang)  # looked up once: format_func runs once per option
    st.subheader(t("filters", lang))
    for key in FILTER_KEYS:
        _restore(key)
        chosen = getattr(filters, key)
        options = [v for v in ids[key] if v in reachable[key] or v in chosen]
        st.multiselect(t(key, lang), options, key=key, on_change=_remember, args=(key,),
                       format_func=lambda v, k=key: labelled.get((k, v), v), placeholder=t("all", lang),
                       filter_mode="contains", select_all=False, wrap=True)
