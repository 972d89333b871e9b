"""Exports for presenters: slide-ready figures (PNG/SVG/PDF through kaleido and Debian's Chromium), the
filtered data as CSV/XLSX, and a zipped figure pack with SOURCES.md.

- ``renderer``: the warm Chromium (one browser and one plotly.js page kept between exports);
- ``slides``: the slide figure (title, sources line, comparability note drawn in) and its rendering;
- ``tables``: CSV and XLSX of the filtered facts;
- ``deck``: the charts as a PowerPoint deck, a native (editable) chart where the figure allows, read from the
  figure dict by ``figure_data``;
- ``pack``: the figure pack;
- ``command``: ``zhuqi figures``, the pack from the command line.

Importing this package changes nothing in Streamlit (the app applies its download fix itself).
"""
from ..wrapping import wrap_units
from .deck import DECK_FORMAT, PPTX_MIME, chart_deck, deck_bytes, deck_name, selection_deck
from .figure_data import native_kind
from .pack import pack_files, sources_markdown, zip_bytes
from .renderer import ExportUnavailable, chromium_path, install_hint
from .slides import FORMATS, SLIDE_HEIGHT, SLIDE_SCALE, SLIDE_WIDTH, export_figure, slide_figure
from .tables import facts_csv, facts_table, facts_xlsx, neutralise, notes_table, sources_table

__all__ = ["DECK_FORMAT", "ExportUnavailable", "FORMATS", "PPTX_MIME", "SLIDE_HEIGHT", "SLIDE_SCALE", "SLIDE_WIDTH",
           "chart_deck", "chromium_path", "deck_bytes", "deck_name", "export_figure", "facts_csv", "facts_table",
           "facts_xlsx", "install_hint", "native_kind", "neutralise", "notes_table", "pack_files", "selection_deck",
           "slide_figure", "sources_markdown", "sources_table", "wrap_units", "zip_bytes"]
