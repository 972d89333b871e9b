"""Streamlit entry point: page config and the router. Pages live in pages/ and hold no SQL."""
import streamlit as st

st.set_page_config(page_title="助企行动对比 · Enterprise assistance campaigns", layout="wide")

overview = st.Page("pages/overview.py", title="概览 Overview", default=True)
st.navigation([overview]).run()
