"""Streamlit entry point: the router. Draws the shared frame (dashboard/shell.py) and runs the chosen page
from an explicit st.Page list. Pages live in pages/ and hold no SQL."""
import streamlit as st

from dashboard import shell
from dashboard.i18n import t

with shell.routed():
    filters, lang = shell.render()
    pages = [st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(url == "overview"))
             for path, key, url, icon in shell.PAGES]
    st.navigation(pages, position="hidden").run()
