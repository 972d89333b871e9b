"""Facts written as CSV rows (curated/<name>.facts.csv) are checked by the same rules as YAML entries and
land in the database beside them, each with its file and line."""
import duckdb

from tests.conftest import build_db, make_dataset

CSV = (
    "id,source,indicator,period_kind,period_start,period_end,value_as_written,value,unit,status,qualifier,quote\n"
    "demo-101,demo,problem_resolution_rate,month,2020-05-01,2020-05-31,80%,80,percent,actual,,办结率80%\n"
    "\n"
    "demo-102,demo,problems_collected,month,2020-05-01,2020-05-31,300余家,300,count,actual,余,走访企业300余家\n"
)


def test_csv_facts_build_beside_yaml_facts(tmp_path):
    data = make_dataset(tmp_path)
    (data / "curated" / "extra.facts.csv").write_text(CSV, encoding="utf-8")
    db = build_db(data, tmp_path / "out.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT fact_id, value, unit, qualifier, bound, file, line, quote_line FROM stg_facts "
                       "WHERE file LIKE '%.csv' ORDER BY fact_id").fetchall()
    assert rows == [
        ("demo-101", 80.0, "percent", None, "exact", "data/curated/extra.facts.csv", 2, 2),
        ("demo-102", 300.0, "count", "余", "lower", "data/curated/extra.facts.csv", 4, 2),
    ]
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == 5 + 2
