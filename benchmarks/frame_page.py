"""A second reference for rerun timings: the frame every page shares (sidebar: language switch, page links,
filters; the URL; notices), as app.py draws it, and a title, with no page content. Page time minus this is
what the page's own content costs."""
from dashboard import shell, state, ui

shell.configure_page()
filters, lang = state.current()
shell.frame(shell.navigation(lang), filters, lang)
ui.title("overview_title", lang)
