"""Curate: paste a report or upload its raw file, get a draft of its facts (the curated YAML format) to
download and review. The draft is made by pipelines.extract; the build refuses it until it is reviewed."""
import re

import pandas as pd
import streamlit as st

from dashboard import shell
from dashboard.i18n import t
from dashboard.safe_text import md
from pipelines.extract import Draft, extract

# This page's own labels (zh, en); the shared ones come from dashboard.i18n.
TEXT = {
    "title": ("整理助手：从报告生成草稿", "Curation assistant: draft facts from a report"),
    "intro": ("粘贴报告全文或上传原始文件，下载草稿 YAML 逐条审核（见 README“Add a locality”）。草稿中每条均为 review: pending，"
              "构建会拒绝未审核的草稿。",
              "Paste a report or upload its raw file, then download the draft YAML and review every entry (see "
              "'Add a locality' in the README). Every entry is review: pending; the build refuses a draft until "
              "it is reviewed."),
    "locality": ("地区 id（registries/localities.csv）", "Locality id (registries/localities.csv)"),
    "source": ("来源 id（可空，默认同地区 id）", "Source id (optional; defaults to the locality id)"),
    "input": ("输入方式", "Input"),
    "paste": ("粘贴文本", "Paste text"),
    "upload": ("上传原始文件", "Upload raw file"),
    "text": ("报告全文", "Report text"),
    "file": ("原始文件（UTF-8 文本）", "Raw file (UTF-8 text)"),
    "bad_id": ("id 只能用小写字母、数字和下划线，并以字母开头。", "An id is lowercase letters, digits and underscores, starting with a letter."),
    "too_large": ("文件过大（上限 {limit} 字节）。", "The file is too large (limit {limit} bytes)."),
    "not_utf8": ("文件不是 UTF-8 文本。", "The file is not UTF-8 text."),
    "found": ("找到 {n} 个数字，请逐条审核。", "{n} figures found; review each of them."),
    "download": ("下载草稿 YAML", "Download the draft YAML"),
    "col_confidence": ("置信度", "Confidence"),
    "col_hints": ("提示", "Hints"),
}
MAX_BYTES = 2_000_000  # the largest report is ~20 kB; anything this size is not a report
ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


def s(key: str, lang: str, **fmt) -> str:
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**fmt)


@st.cache_data(max_entries=20, show_spinner=False)
def draft_for(raw: bytes, locality: str, source: str, origin: str) -> Draft:
    return extract(raw, locality, source_id=source or None, origin=origin)


filters, lang = shell.page()
st.title(s("title", lang))
st.caption(s("intro", lang))
left, right = st.columns(2)
locality = left.text_input(s("locality", lang), key="curate_locality", max_chars=40).strip()
source = right.text_input(s("source", lang), key="curate_source", max_chars=40).strip()
mode = st.radio(s("input", lang), ["paste", "upload"], format_func=lambda m: s(m, lang), horizontal=True,
                key="curate_mode")
if mode == "paste":
    pasted = st.text_area(s("text", lang), key="curate_text", height=240, max_chars=MAX_BYTES // 3)
    raw, origin = pasted.encode("utf-8"), "pasted text"
else:
    uploaded = st.file_uploader(s("file", lang), type=["txt"], key="curate_file")
    raw, origin = (uploaded.getvalue(), f"uploaded file {uploaded.name}") if uploaded else (b"", "")

if not raw.strip() or not locality:
    st.stop()
if not ID.fullmatch(locality) or (source and not ID.fullmatch(source)):
    st.error(s("bad_id", lang))
    st.stop()
if len(raw) > MAX_BYTES:
    st.error(s("too_large", lang, limit=MAX_BYTES))
    st.stop()
try:
    raw.decode("utf-8")
except UnicodeDecodeError:
    st.error(s("not_utf8", lang))
    st.stop()

draft = draft_for(raw, locality, source, origin)
for warning in draft.warnings:
    st.warning(md(warning))
st.caption(s("found", lang, n=len(draft.proposals)))
st.download_button(s("download", lang), draft.yaml.encode("utf-8"), file_name=f"{source or locality}.draft.yaml",
                   mime="application/x-yaml", on_click="ignore", key="curate_download")
st.dataframe(pd.DataFrame({
    t("col_written", lang): [p.figure.written for p in draft.proposals],
    t("col_value", lang): [p.figure.value for p in draft.proposals],
    t("col_unit", lang): [p.figure.unit for p in draft.proposals],
    t("col_indicator", lang): [p.indicator or f"? {p.indicator_guess}" for p in draft.proposals],
    s("col_confidence", lang): [p.figure.confidence for p in draft.proposals],
    t("col_quote", lang): [p.figure.quote for p in draft.proposals],
    s("col_hints", lang): ["; ".join(p.hints) for p in draft.proposals],
}), hide_index=True, column_config={t("col_quote", lang): st.column_config.TextColumn(width="large")})
st.code(draft.yaml, language="yaml")
