"""Curate: paste a report or upload its raw file, get a draft of its facts (the curated YAML format) to
download and review. The draft is made by pipelines.extract; the build refuses it until it is reviewed."""
import re

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.safe_text import md
from pipelines.curation.draft import Draft, extract

MAX_BYTES = 2_000_000  # the largest report is ~20 kB; anything this size is not a report
ID = re.compile(r"[a-z][a-z0-9_]{0,39}")

@st.cache_data(max_entries=20, show_spinner=False)
def draft_for(raw: bytes, locality: str, source: str, origin: str) -> Draft:
    return extract(raw, locality, source_id=source or None, origin=origin)

_filters, lang = state.current()
st.title(t("curate_title", lang))
st.caption(t("curate_intro", lang))
left, right = st.columns(2)
locality = left.text_input(t("curate_locality", lang), key="curate_locality", max_chars=40).strip()
source = right.text_input(t("curate_source", lang), key="curate_source", max_chars=40).strip()
mode = st.radio(t("curate_input", lang), ["paste", "upload"], format_func=lambda m: t("curate_" + m, lang),
                horizontal=True, key="curate_mode")
if mode == "paste":
    pasted = st.text_area(t("curate_text", lang), key="curate_text", height=240, max_chars=MAX_BYTES // 3)
    raw, origin = pasted.encode("utf-8"), "pasted text"
else:
    uploaded = st.file_uploader(t("curate_file", lang), type=["txt"], key="curate_file")
    raw, origin = (uploaded.getvalue(), f"uploaded file {uploaded.name}") if uploaded else (b"", "")

if not raw.strip() or not locality:
    st.stop()
if not ID.fullmatch(locality) or (source and not ID.fullmatch(source)):
    st.error(t("curate_bad_id", lang))
    st.stop()
if len(raw) > MAX_BYTES:
    st.error(t("curate_too_large", lang, limit=MAX_BYTES))
    st.stop()
try:
    raw.decode("utf-8")
except UnicodeDecodeError:
    st.error(t("curate_not_utf8", lang))
    st.stop()

draft = draft_for(raw, locality, source, origin)
for warning in draft.warnings:
    st.warning(md(warning))
st.caption(t("curate_found", lang, n=len(draft.proposals)))
st.download_button(t("curate_download", lang), draft.yaml.encode("utf-8"), file_name=f"{source or locality}.draft.yaml",
                   mime="application/x-yaml", on_click="ignore", key="curate_download")
st.dataframe(pd.DataFrame({
    t("col_written", lang): [p.figure.written for p in draft.proposals],
    t("col_value", lang): [p.figure.value for p in draft.proposals],
    t("col_unit", lang): [p.figure.unit for p in draft.proposals],
    t("col_indicator", lang): [p.indicator or f"? {p.indicator_guess}" for p in draft.proposals],
    t("curate_col_confidence", lang): [p.figure.confidence for p in draft.proposals],
    t("col_quote", lang): [p.figure.quote for p in draft.proposals],
    t("curate_col_hints", lang): ["; ".join(p.hints) for p in draft.proposals],
}), hide_index=True, column_config={t("col_quote", lang): st.column_config.TextColumn(width="large")})
st.code(draft.yaml, language="yaml")
