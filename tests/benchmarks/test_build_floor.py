"""benchmarks/build_floor.py: the least a build of the synthetic set's files must do, on a small synthetic set. Its
counts must be the dataset's, and its quote checks must find a quote or a figure that is not there."""
import json

import duckdb

from benchmarks import build_floor
from pipelines.synthetic.generate import generate
from tests.conftest import csv_rows, write_csv_rows


def _floor(data, out, capsys) -> dict:
    assert build_floor.main(["--data", str(data), "--out", str(out)]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_the_floor_reads_writes_and_checks_every_fact_of_the_set(tmp_path, capsys):
    counts = generate(tmp_path / "data", localities=4, provinces=2, periods=2, indicators=8)
    out = tmp_path / "floor.duckdb"
    got = _floor(tmp_path / "data", out, capsys)
    assert (got["facts"], got["clean_texts"], got["raw_reports"]) == (counts["facts"], counts["sources"], counts["sources"])
    assert (got["quotes_not_found"], got["figures_not_found"]) == (0, 0)
    assert set(got["build_floor_stages"]) == {"raw", "clean", "facts", "quotes", "write"}
    assert got["build_floor_s"] >= max(got["build_floor_stages"].values())
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT source) FROM facts").fetchone() == (counts["facts"], counts["sources"])
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'facts'").fetchall())
    assert (types["value"], types["period_start"]) == ("DOUBLE", "DATE")
    written = con.execute("SELECT count(*) FROM sources WHERE length(sha256) = 64 AND length(clean_text) > 0").fetchone()
    assert written == (counts["sources"],)


def test_a_quote_not_in_its_text_and_a_figure_not_in_its_quote_are_counted(tmp_path, capsys):
    generate(tmp_path / "data", localities=3, provinces=1, periods=2, indicators=8)
    path = sorted((tmp_path / "data" / "curated").glob("*.facts.csv"))[0]
    rows = csv_rows(path)
    rows[0]["quote"] = rows[0]["quote"] + "（不在原文）"  # no longer in the report
    rows[1]["value_as_written"] = "99999.9"  # not in its quote
    write_csv_rows(path, rows)
    got = _floor(tmp_path / "data", tmp_path / "floor.duckdb", capsys)
    assert (got["quotes_not_found"], got["figures_not_found"]) == (1, 1)
