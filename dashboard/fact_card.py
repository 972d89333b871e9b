"""The figure card: one fact as the report wrote it and as the dashboard reads it, its verbatim quote with
the number marked, its source, and a link to the sentence in the report. Every data text is shown as text
(markdown escaped; the quote's HTML escaped), never as markup.

The card follows ``fact=<id>`` in the URL, so a link reproduces it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import queries
from .formatting import fmt_value, period_label
from .i18n import pick, t
from .period_strip import STRIP_DAY_INDEX, STRIP_LOCALITY_INDEX
from .queries import Filters
from .routes import READER_PAGES
from .safe_text import file_digest, html_text, md
from .state import url_params

FACT_PARAM = "fact"
SOURCES_PAGE = next(p for p in READER_PAGES if p.url_path == "sources")


def selected_fact() -> str | None:
    """The fact the URL names (``fact=<id>``), if it exists."""
    value = st.query_params.get(FACT_PARAM)
    return value if value and queries.fact(value) is not None else None


def first_time_linked(marker: str, focus: str) -> bool:
    """Whether the element ``marker`` names meets the link to ``focus`` (the URL's figure) for the first time
    (and remember it): a link opens its element once, so the reader's later choice there stands."""
    if st.session_state.get(marker) == focus:
        return False
    st.session_state[marker] = focus
    return True


def select(fact_id: str | None) -> None:
    """Put the selected fact in the URL (or take it out)."""
    if fact_id:
        st.query_params[FACT_PARAM] = fact_id
    elif FACT_PARAM in st.query_params:
        del st.query_params[FACT_PARAM]


def fact_from_event(event, customdata_index: int) -> str | None:
    """The fact id a chart selection points at (the id sits in each mark's customdata)."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list) and len(data) > customdata_index and data[customdata_index]:
            return str(data[customdata_index])
    return None


def apply_selection(key: str, clicked: str | None, owned: set[str] | None = None) -> bool:
    """A chart or table keeps its selection across reruns: apply a new selection once (it becomes ``fact=`` in
    the URL), so a link's ``fact=`` or a later choice elsewhere stands. Clearing a selection clears the
    URL's fact only when it was one of this element's (``owned``). True when the URL's fact changed."""
    applied = f"_card_{key}"
    if clicked == st.session_state.get(applied):
        return False
    st.session_state[applied] = clicked
    current = st.query_params.get(FACT_PARAM)
    if clicked or (owned is not None and current in owned):
        select(clicked)
        return current != clicked
    return False


def card_for(key: str, clicked: str | None, owned: set[str], filters: Filters, lang: str) -> None:
    """Apply a click on an element that shows the facts ``owned`` (``apply_selection``) and, when the URL's fact
    is one of them, draw its card here. A click that takes the card from another element of the page reruns
    the page, so that element drops its card: a page runs top to bottom, and without the rerun an element
    drawn before this one would still show the old card (or, in a fragment, any other element would)."""
    before = selected_fact()
    apply_selection(key, clicked, owned)
    shown = selected_fact()
    if before is not None and shown != before and before not in owned:
        st.rerun()
    if shown in owned:
        render(shown, filters, lang)


def dot_facts(event, facts: pd.DataFrame) -> pd.DataFrame | None:
    """The facts behind a selected period-strip dot: one locality's figures whose period ends that day (a dot
    stands for all of them; its customdata names the locality and the day)."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list) and len(data) > STRIP_DAY_INDEX:
            ends = pd.to_datetime(facts["period_end"]).dt.strftime("%Y-%m-%d")
            return facts[(facts["locality_id"] == data[STRIP_LOCALITY_INDEX]) & (ends == data[STRIP_DAY_INDEX])]
    return None


def row_fact(event, fact_ids) -> str | None:
    """The fact id of the row a table selection points at."""
    rows = ((event or {}).get("selection") or {}).get("rows") or []
    ids = list(fact_ids)
    return str(ids[rows[0]]) if rows and rows[0] < len(ids) else None


def quote_html(quote: str, written: str) -> str:
    """The quote, escaped, with the number as written marked (its first occurrence: the build proved it is there)."""
    at = quote.find(written) if written else -1
    if at < 0:
        return f"<blockquote>{html_text(quote)}</blockquote>"
    return (f"<blockquote style='margin:0;padding:6px 12px;border-left:4px solid #e0b000;background:#fffbea'>"
            f"{html_text(quote[:at])}<mark style='background:#ffd54a;padding:0 2px'>{html_text(written)}</mark>"
            f"{html_text(quote[at + len(written):])}</blockquote>")


def render(fact_id: str, filters: Filters, lang: str, with_link: bool = True) -> None:
    f = queries.fact(fact_id)
    if f is None:
        return
    qualifier = f["qualifier"] if isinstance(f["qualifier"], str) else None
    decimals = None if pd.isna(f["decimals"]) else int(f["decimals"])
    scope = f["scope_en"] if lang == "en" and isinstance(f.get("scope_en"), str) and f["scope_en"] else f["scope"]
    basis = t(f["basis"], lang) if isinstance(f["basis"], str) and f["basis"] else "—"
    date = t("undated", lang) if f["published_as_written"] == "undated" else str(f["published_as_written"])
    with st.container(border=True, key=f"fact-card-{fact_id}"):
        st.markdown(f"**{md(t('card_title', lang))} · {md(fact_id)}**")
        st.markdown(f"### {md(f['value_as_written'])}  \n"
                    f"{md(t('card_normalised', lang))}: {md(fmt_value(f['value'], f['unit'], lang, qualifier, decimals))}")
        rows = [(t("col_indicator", lang), pick(f, "indicator", lang)),
                (t("col_locality", lang), f"{pick(f, 'locality', lang)} · {pick(f, 'province', lang)}"),
                (t("col_period", lang), period_label(f["period_start"], f["period_end"], lang, f["period_kind"])),
                (t("col_status", lang), t(f["status"], lang)), (t("col_basis", lang), basis),
                (t("col_scope", lang), scope if isinstance(scope, str) and scope else "—")]
        st.markdown("  \n".join(f"**{md(k)}**: {md(v)}" for k, v in rows))
        st.html(quote_html(str(f["quote"]), str(f["value_as_written"])))
        st.caption(md(f"{t('source', lang)}: {pick(f, 'title', lang)} — {pick(f, 'publisher', lang)}, {date}"))
        st.caption(file_digest(f['raw_file'], f['raw_sha256']))
        if with_link:
            query = {**url_params(filters, "zh"), FACT_PARAM: fact_id, **url_params(None, lang)}  # filters, fact, language
            st.page_link(SOURCES_PAGE.file, label=t("card_show_in_report", lang), icon=":material/find_in_page:",
                         query_params=query)
