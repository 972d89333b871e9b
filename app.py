"""Streamlit entry point: the router. Every page runs from here (``make run`` starts the server through
``dashboard.server``, which keeps Streamlit's legacy ``pages/`` folder mode off), inside the shared frame.
Pages live in pages/ and hold no SQL; they read the filters and language with ``state.current()``."""
from dashboard import shell, state, streamlit_patches, ui

streamlit_patches.keep_generated_downloads()  # idempotent: patches once per process

shell.configure_page()
shell.require_database()
filters, lang = state.current()
nav = shell.navigation(lang)
shell.frame(nav, filters, lang)
nav.current.run()
if nav.for_readers:  # a reader's page that ends early (ui.stop_page) has cited itself already
    ui.cite_this(lang)
