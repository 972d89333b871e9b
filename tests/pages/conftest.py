"""AppTest through the router (``app.py``), as the server runs it.

AppTest resets Streamlit's legacy ``pages/``-folder flag before every run and, since this project has a
``pages/`` folder, would run a switched-to page file directly, without ``app.py``. The server is started
with that mode off (``dashboard.server``); here AppTest gets the same page manager."""
import pytest
from streamlit.testing.v1 import app_test

from dashboard.server import RouterPagesManager


@pytest.fixture(autouse=True)
def router_only(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", RouterPagesManager)
