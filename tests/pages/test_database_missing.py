"""With no database, or a file that is not one, every page says what to run, in the URL's language: one
message, no traceback, no absolute path."""
import pytest

from dashboard.routes import CURATOR_PAGES, READER_PAGES
from tests.pages.test_pages import run_page

PAGES = [p.url_path for p in READER_PAGES + CURATOR_PAGES if p.url_path]


@pytest.fixture(params=["missing", "garbage", "empty_duckdb"])
def broken_db(request, tmp_path, monkeypatch):
    path = tmp_path / "dashboard.duckdb"
    if request.param == "garbage":
        path.write_bytes(b"not a database\n" * 100)
    elif request.param == "empty_duckdb":
        import duckdb

        duckdb.connect(str(path)).close()  # a DuckDB file without the build's tables
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return request.param


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_says_to_build_the_database(broken_db, name, lang):
    at = run_page(name, **({"lang": "en"} if lang == "en" else {}))
    assert len(at.error) == 1
    message = at.error[0].value
    kind = "missing" if broken_db == "missing" else "unreadable"
    expected = {("missing", "en"): "has not been built", ("missing", "zh"): "尚未生成",
                ("unreadable", "en"): "cannot be read", ("unreadable", "zh"): "无法读取"}[kind, lang]
    assert expected in message
    assert [c.value for c in at.code] == ["make build"]
    shown = " ".join([message] + [c.value for c in at.caption])
    assert "/tmp" not in shown and "Traceback" not in shown
    assert not at.get("plotly_chart") and not at.dataframe
