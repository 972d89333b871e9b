"""A second reference for rerun timings: the frame every page shares (sidebar filters, language switch, page
links, notices) and a title, with no content. Page time minus this is what the page's own content costs."""
from dashboard import shell, ui

filters, lang = shell.page()
ui.title("overview_title", lang)
