"""Serve the app: ``zhuqi serve [streamlit run options]`` (or ``python -m dashboard.server``) is ``streamlit run app.py`` with
Streamlit's legacy ``pages/``-folder mode switched off before the first session starts.

Why: Streamlit decides once per process, when its first session starts, whether the app is a legacy
multipage app (a ``pages/`` folder beside the entry point, which this project has). In that mode it runs a
page file directly, without ``app.py`` and so without the router and its frame, until some session has
called ``st.navigation`` — so the server's very first request, a deep link above all, would get a page
with no sidebar. ``app.py`` routes every page with ``st.navigation``; this tells Streamlit so up front.
"""
from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager

from pipelines.paths import ROOT


def explicit_navigation_only() -> None:
    if not hasattr(PagesManager, "uses_pages_directory"):  # a Streamlit that no longer has the legacy mode
        return
    PagesManager.uses_pages_directory = False


class RouterPagesManager(PagesManager):
    """For AppTest, which resets the legacy flag before every run: the page manager of a server started here."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        explicit_navigation_only()


def main(argv: list[str] | None = None, prog: str | None = None) -> None:
    from streamlit.web import cli

    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: {prog or 'python -m dashboard.server'} [streamlit run options, e.g. --server.port 8501]\n\n"
              + __doc__)
        return
    explicit_navigation_only()
    from .export.renderer import warm_in_background

    warm_in_background()  # the first PNG of the first session then takes ~0.2 s, not 2-3 s
    args = sys.argv[1:] if argv is None else argv
    cli.main(["run", str(ROOT / "app.py"), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
