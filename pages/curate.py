"""Curate: paste a report or upload its raw file, get a draft of its facts (the curated YAML format) to
download and review. The draft is made by pipelines.curation; the build refuses it until it is reviewed.

Every input that gives no draft says why, in the page's language: nothing given yet, an empty paste or file, no
locality, a bad id, a paste or file over the limit (``MAX_REPORT_BYTES``; the server takes uploads a megabyte
larger, so a file just over it reaches this message), a file that is not UTF-8. The draft of the current input
is kept in the session (one per session, not a cache shared by all); while it is made, a progress bar moves
and the script thread hands the interpreter to other sessions' threads after every figure (``time.sleep(0)``),
so their pages do not wait for it."""
import hashlib
import re
import time

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.safe_text import md
from pipelines.curation.draft import MAX_REPORT_BYTES, MAX_REPORT_MB, UPLOAD_LIMIT_MB, Draft, extract

ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
LIMIT = f"{MAX_REPORT_MB} MB"
LIMIT_CHARS = f"{MAX_REPORT_BYTES // 3:,}"  # a Chinese character is 3 bytes of UTF-8
# The text area takes this many characters: a paste between the byte limit and this reaches the page and is
# refused with a message; a longer one the browser does not take (Streamlit drops it), and the placeholder
# says so. It bounds what one session can send (≤ 6 MB of UTF-8).
MAX_PASTE_CHARS = MAX_REPORT_BYTES
SHOWN_ROWS = 1_000  # figures listed in the table; the download has them all
SHOWN_LINES = 3_000  # lines of the draft shown on the page


def draft_for(raw: bytes, locality: str, source: str, origin: str, lang: str) -> Draft:
    """The draft of this input, made once per session and input."""
    key = (hashlib.sha256(raw).hexdigest(), locality, source, origin)
    kept = st.session_state.get("_curate_draft")
    if kept is not None and kept[0] == key:
        return kept[1]
    bar = st.progress(0.0, text=t("curate_working", lang, percent=0))
    shown = [0]

    def progress(fraction: float) -> None:
        percent = int(100 * fraction)
        if percent > shown[0]:
            shown[0] = percent
            bar.progress(min(fraction, 1.0), text=t("curate_working", lang, percent=percent))
        time.sleep(0)  # let other sessions' threads run

    draft = extract(raw, locality, source_id=source or None, origin=origin, progress=progress)
    bar.empty()
    st.session_state["_curate_draft"] = (key, draft)
    return draft


def refuse(message: str, level=st.error) -> None:
    level(message)
    st.stop()


_filters, lang = state.current()
st.title(t("curate_title", lang))
st.caption(t("curate_intro", lang))
left, right = st.columns(2)
locality = left.text_input(t("curate_locality", lang), key="curate_locality", max_chars=40).strip()
source = right.text_input(t("curate_source", lang), key="curate_source", max_chars=40).strip()
mode = st.radio(t("curate_input", lang), ["paste", "upload"], format_func=lambda m: t("curate_" + m, lang),
                horizontal=True, key="curate_mode")
if mode == "paste":
    pasted = st.text_area(t("curate_text", lang), key="curate_text", height=240, max_chars=MAX_PASTE_CHARS,
                          placeholder=t("curate_text_placeholder", lang, limit=LIMIT, chars=LIMIT_CHARS))
    if not pasted:
        refuse(t("curate_empty", lang), st.info)
    raw, origin = pasted.encode("utf-8"), "pasted text"
    if len(raw) > MAX_REPORT_BYTES:
        refuse(t("curate_paste_too_large", lang, size=f"{len(raw):,}", limit=LIMIT, chars=LIMIT_CHARS))
    if not pasted.strip():
        refuse(t("curate_blank", lang), st.warning)
else:
    uploaded = st.file_uploader(t("curate_file", lang), type=["txt"], key="curate_file", max_upload_size=UPLOAD_LIMIT_MB)
    st.caption(t("curate_file_limit", lang, limit=LIMIT))
    if uploaded is None:
        refuse(t("curate_empty", lang), st.info)
    raw, origin = uploaded.getvalue(), f"uploaded file {uploaded.name}"
    if len(raw) > MAX_REPORT_BYTES:
        refuse(t("curate_file_too_large", lang, size=f"{len(raw):,}", limit=LIMIT))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        refuse(t("curate_not_utf8_at", lang, byte=f"{raw[exc.start]:02X}", offset=f"{exc.start:,}"))
    if not text.strip():
        refuse(t("curate_blank_file", lang), st.warning)

if not locality:
    refuse(t("curate_need_locality", lang), st.info)
if not ID.fullmatch(locality) or (source and not ID.fullmatch(source)):
    refuse(t("curate_bad_id", lang))

draft = draft_for(raw, locality, source, origin, lang)
for warning in draft.warnings:
    st.warning(md(warning))
st.caption(t("curate_found", lang, n=len(draft.proposals)))
st.download_button(t("curate_download", lang), draft.yaml.encode("utf-8"), file_name=f"{source or locality}.draft.yaml",
                   mime="application/x-yaml", on_click="ignore", key="curate_download")
shown = draft.proposals[:SHOWN_ROWS]
if len(shown) < len(draft.proposals):
    st.caption(t("curate_shown_rows", lang, shown=f"{len(shown):,}", n=f"{len(draft.proposals):,}"))
st.dataframe(pd.DataFrame({
    t("col_written", lang): [p.figure.written for p in shown],
    t("col_value", lang): [p.figure.value for p in shown],
    t("col_unit", lang): [p.figure.unit for p in shown],
    t("col_indicator", lang): [p.indicator or f"? {p.indicator_guess}" for p in shown],
    t("curate_col_confidence", lang): [p.figure.confidence for p in shown],
    t("col_quote", lang): [p.figure.quote for p in shown],
    t("curate_col_hints", lang): ["; ".join(p.hints) for p in shown],
}), hide_index=True, column_config={t("col_quote", lang): st.column_config.TextColumn(width="large")})
n_lines = draft.yaml.count("\n")
if n_lines > SHOWN_LINES:
    st.caption(t("curate_shown_yaml", lang, shown=f"{SHOWN_LINES:,}", n=f"{n_lines:,}"))
st.code("\n".join(draft.yaml.split("\n", SHOWN_LINES)[:SHOWN_LINES]), language="yaml")
