"""The app's pages: the one list the router, the sidebar links, the tests and the screenshots read.

Readers' pages are about the data and appear in the sidebar; the curators' tool is reachable by its URL
(``/curate``, ``make curate`` prints it) and is not among them."""
from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    file: str  # relative to the project root, where app.py is
    url_path: str
    title_key: str  # the i18n key of the page's heading; the link's label is nav_<url_path>
    icon: str
    default: bool = False

    @property
    def nav_key(self) -> str:
        return f"nav_{self.url_path}"


READER_PAGES = (
    Page("pages/overview.py", "overview", "overview_title", ":material/dashboard:", default=True),
    Page("pages/growth.py", "growth", "growth_title", ":material/trending_up:"),
    Page("pages/problems.py", "problems", "problems_title", ":material/task_alt:"),
    Page("pages/instruments.py", "instruments", "instruments_title", ":material/build:"),
    Page("pages/sources.py", "sources", "sources_title", ":material/description:"),
    Page("pages/data.py", "data", "data_title", ":material/table:"),
)
CURATOR_PAGES = (
    Page("pages/curate.py", "curate", "curate_title", ":material/edit_note:"),
)
