"""Placeholder overview: counts per locality, read through the shared query layer."""
import streamlit as st

from dashboard import queries

st.title("地方助企行动对比 · Local enterprise-assistance campaigns")
counts = queries.counts_by_locality()
st.dataframe(counts, hide_index=True)
st.caption("来源 Sources: 五篇地方报告，见 data/sources/registry.yaml · five local reports")
