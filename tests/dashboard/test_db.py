"""The app sees a rebuilt database at once, and a session mid-read is not broken by the rebuild."""

import pytest

from dashboard import db, queries
from dashboard.queries import Filters
from tests.conftest import build_db, make_dataset


def test_rebuild_while_serving_shows_new_data(tmp_path, monkeypatch):
    target = tmp_path / "build" / "dashboard.duckdb"
    target.parent.mkdir()
    build_db(make_dataset(tmp_path / "a"), target)
    monkeypatch.setenv("DASHBOARD_DB", str(target))
    before = queries.facts(Filters())
    old_cursor = db.cursor(db.db_stamp())
    assert sorted(before["value_as_written"]) == sorted(["2.3%", "7.5亿元", "10个", "8个", "80%"])

    # a second dataset with one more fact, built over the served file
    data_b = make_dataset(tmp_path / "b")
    text = (data_b / "curated" / "demo.yaml").read_text(encoding="utf-8")
    extra = ("  - id: demo-006\n    indicator: problems_collected\n    scope: 走访\n"
             "    period: {kind: ytd, start: 2020-01-01, end: 2020-05-31}\n    value_as_written: 300余家\n"
             "    value: 300\n    unit: count\n    status: actual\n    qualifier: 余\n    quote: 走访企业300余家\n")
    (data_b / "curated" / "demo.yaml").write_text(text.replace("instruments:", extra + "instruments:"), encoding="utf-8")
    build_db(data_b, target)

    after = queries.facts(Filters())
    assert "300余家" in list(after["value_as_written"]) and len(after) == len(before) + 1
    # the cursor a session opened before the rebuild still reads its version without error
    assert old_cursor.execute("SELECT count(*) FROM facts").fetchone()[0] == 5
    # only the current version's link is left on disk
    assert len(list((target.parent / ".open").glob("*.duckdb"))) == 1


def test_missing_database_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "nope.duckdb"))
    with pytest.raises(FileNotFoundError, match="make build"):
        queries.facts(Filters(province=("x",)))
