"""Queries against a real DuckDB file: filters narrow the rows; filter values are bound, never spliced."""
import pytest

from dashboard import queries
from dashboard.queries import Filters


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def localities_of(df):
    return sorted(set(df["locality_id"]))


def test_each_filter_narrows_the_facts():
    assert localities_of(queries.facts(Filters())) == ["kaifeng", "shaoyang", "tiantai", "wenzhou", "yichuan"]
    assert localities_of(queries.facts(Filters(province=("henan",)))) == ["kaifeng", "yichuan"]
    assert localities_of(queries.facts(Filters(level=("county",)))) == ["tiantai", "yichuan"]
    assert localities_of(queries.facts(Filters(locality=("wenzhou",)))) == ["wenzhou"]
    assert localities_of(queries.facts(Filters(program=("wanren_zhu_wanqi",)))) == ["kaifeng", "yichuan"]
    assert localities_of(queries.facts(Filters(province=("zhejiang",), locality=("kaifeng",)))) == []


def test_hostile_filter_values_match_nothing_and_change_nothing():
    for evil in ["henan' OR '1'='1", "x'); DROP TABLE stg_facts; --", "%", "*"]:
        assert queries.facts(Filters(province=(evil,))).empty
    assert len(queries.facts(Filters())) > 200


def test_search_is_a_bound_pattern():
    hits = queries.facts(Filters(), search="2875")
    assert list(hits["fact_id"].str.split("-").str[0].unique()) == ["kaifeng"]
    assert queries.facts(Filters(), search="' OR 1=1 --").empty


def test_problem_resolution_rows_follow_the_filters():
    assert localities_of(queries.problem_resolution(Filters(province=("hunan",)))) == ["shaoyang"]


def test_connection_has_external_access_disabled(real_db):
    from dashboard.db import cursor, db_stamp

    with pytest.raises(Exception, match="(?i)external|disabled|permission"):
        cursor(db_stamp()).execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()


@pytest.mark.parametrize("typed", ["%", "_", "7_0", "%%", "\\"])
def test_search_matches_literally_not_as_a_like_pattern(typed):
    every = queries.facts(Filters())
    fields = ["quote", "value_as_written", "indicator_zh", "indicator_en", "fact_id"]
    literal = every[every[fields].apply(lambda col: col.str.lower().str.contains(typed.lower(), regex=False)).any(axis=1)]
    hits = queries.facts(Filters(), search=typed)
    assert sorted(hits["fact_id"]) == sorted(literal["fact_id"])
    assert len(hits) < len(every)
    assert queries.facts_count(Filters(), typed) == len(literal)


def test_a_report_is_read_through_the_index_of_its_id(real_db):
    """The Sources page reads one report's text by its id through the ``sources_by_id`` index: a scan reads every
    zstd-compressed text before it (~150-300 ms a report in a national set). The report found is the one asked."""
    from dashboard.db import cursor, db_stamp

    plan = cursor(db_stamp()).execute("EXPLAIN ANALYZE " + queries.sql("source_text"), {"source": "kaifeng"}).fetchall()
    assert "Index Scan" in plan[0][1]
    row = queries.source("kaifeng").iloc[0]
    assert (row["source_id"], row["locality_id"]) == ("kaifeng", "kaifeng")
    assert "开封" in row["clean_text"] and row["program_zh"]
