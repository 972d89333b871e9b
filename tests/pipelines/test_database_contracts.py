"""The database's contracts (pipelines/database/contracts.py): staging tables typed as declared, every mart
declared and checked, the app reading marts only — and every way a mart can break its contract refused by
the build: the problem printed at the mart's line of marts.sql, exit 1, the old database byte-identical."""
import re
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from pipelines import build, paths
from pipelines.build import main as build_main
from pipelines.database import writer
from pipelines.database.contracts import MARTS, STAGING
from pipelines.problems import RULES, DataError, Problem
from pipelines.validate.rules import Validation
from tests.conftest import make_dataset

MARTS_SQL = paths.SQL_DIR / "marts.sql"
DASHBOARD_SQL = paths.ROOT / "dashboard" / "sql"


@pytest.fixture(scope="module")
def minimal_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contracts")
    out = tmp / "db.duckdb"
    assert build_main(["--data", str(make_dataset(tmp)), "--out", str(out)]) == 0
    return out


def test_staging_tables_have_the_declared_columns_and_types(minimal_db):
    con = duckdb.connect(str(minimal_db), read_only=True)
    tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_name LIKE 'stg_%' ORDER BY 1").fetchall()]
    assert tables == sorted(STAGING)
    for table, schema in STAGING.items():
        columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                              "ORDER BY ordinal_position", [table]).fetchall()
        assert columns == list(schema.items()), table


def test_no_number_date_or_flag_is_left_as_text():
    typed = {(t, c): ty for t, cols in STAGING.items() for c, ty in cols.items() if ty != "VARCHAR"}
    names = re.compile(r"^(line|seq|value|decimals|quote_line|raw_bytes|negative|published|period_start|period_end)$")
    assert {(t, c) for t, cols in STAGING.items() for c in cols if names.match(c)} == set(typed)
    assert typed[("stg_facts", "negative")] == "BOOLEAN" and typed[("stg_sources", "published")] == "DATE"


def test_every_mart_marts_sql_makes_has_a_contract_and_no_other():
    made = [table for _, _, table, _ in writer._statements(MARTS_SQL.read_text(encoding="utf-8")) if table]
    assert sorted(made) == sorted(m.name for m in MARTS)
    assert len({m.name for m in MARTS}) == len(MARTS)
    for mart in MARTS:
        for column, target in mart.references.items():
            assert target.split(".")[0] in {m.name for m in MARTS}, (mart.name, column)


def test_the_minimal_and_real_databases_meet_every_contract(minimal_db, real_db):
    from pipelines.database.contracts import check_marts

    for db in (minimal_db, real_db):
        con = duckdb.connect(str(db), read_only=True)
        made = {m.name: 1 for m in MARTS}
        # Row counts need the dataset; the build checked them. Here: every other test, on the file as written.
        assert check_marts(con, made, {}, "marts.sql", [replace(m, rows=None) for m in MARTS]) == []


@pytest.fixture(scope="module")
def marts_only(minimal_db, tmp_path_factory):
    """The minimal database with every staging table dropped: what the app may read."""
    db = tmp_path_factory.mktemp("marts_only") / "db.duckdb"
    db.write_bytes(minimal_db.read_bytes())
    con = duckdb.connect(str(db))
    # Views first (stg_facts and stg_source_lines are views of what is stored), then the tables.
    for table, kind in con.execute("SELECT table_name, table_type FROM information_schema.tables "
                                   "WHERE table_name LIKE 'stg_%' ORDER BY table_type = 'VIEW' DESC").fetchall():
        con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {table}")
    con.close()
    return db


PARAMETERS = {"province": [], "program": [], "locality": [], "level": [], "categories": [], "search": "", "limit": 10,
              "source": "demo", "fact": "demo-001"}


@pytest.mark.parametrize("name", sorted(p.stem for p in DASHBOARD_SQL.glob("*.sql") if not p.stem.startswith("_")))
def test_the_app_reads_marts_only(name, marts_only):
    from dashboard.queries import sql

    text = sql(name)
    assert "stg_" not in text
    con = duckdb.connect(str(marts_only), read_only=True)
    rows = con.execute(text, {k: v for k, v in PARAMETERS.items() if f"${k}" in text}).fetchall()
    assert rows, name  # the minimal dataset has a row for every query


# ---- a broken mart is refused -------------------------------------------------------------------------------

def _line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return text[: text.index(snippet)].count("\n") + 1


# code -> (what marts.sql has, what the broken copy has instead, the snippet whose line the problem names,
#          the problem as printed after "<sql file>:<line>: ")
BROKEN_MARTS = {
    "grain-not-unique": (
        "SELECT DISTINCT locality_id, program_id FROM (", "SELECT locality_id, program_id FROM (",
        "CREATE TABLE locality_programs AS",
        "locality_programs.locality_id+program_id: 7 rows of locality_programs share their (locality_id, program_id) "
        "with another row, e.g. ('demo', 'sanfuwu') [grain-not-unique]"),
    "not-null": (
        "coalesce(f.program_id, s.program_id) AS program_id,", "f.program_id AS program_id,",
        "CREATE TABLE facts AS", "facts.program_id: 5 rows of facts have no program_id [not-null]"),
    "relationship-broken": (
        "f.indicator_id, i.name_zh AS indicator_zh", "f.indicator_id || '_x' AS indicator_id, i.name_zh AS indicator_zh",
        "CREATE TABLE facts AS",
        "facts.indicator_id: 5 rows of facts refer to indicator_id values not in indicators.indicator_id, "
        "e.g. 'industrial_investment_x' [relationship-broken]"),
    "value-not-accepted": (
        "f.value, f.unit,", "f.value, upper(f.unit) AS unit,", "CREATE TABLE facts AS",
        "facts.unit: 4 rows of facts have unit values outside (CNY, percent, pp, count, index, rank, tonnes, mu, m2, "
        "days), e.g. 'COUNT' [value-not-accepted]"),
    "row-count-mismatch": (
        "JOIN stg_indicators i USING (indicator_id);", "JOIN stg_indicators i USING (indicator_id) WHERE f.fact_id <> 'demo-005';",
        "CREATE TABLE facts AS", "facts: facts has 4 rows, the validated dataset has 5 [row-count-mismatch]"),
    "contract-mismatch": (
        "-- locality_summary: one row", "CREATE TABLE extra AS SELECT 1 AS x;\n\n-- locality_summary: one row",
        "CREATE TABLE extra AS", "extra: mart extra has no contract in contracts.py [contract-mismatch]"),
    "sql-error": (
        "FROM stg_instrument_facts n JOIN facts f", "FROM stg_instrument_fact n JOIN facts f",
        "FROM stg_instrument_fact n",
        "instrument_amounts: Catalog Error: Table with name stg_instrument_fact does not exist! [sql-error]"),
}


@pytest.fixture
def good_db(tmp_path, minimal_db):
    out = tmp_path / "db.duckdb"
    out.write_bytes(minimal_db.read_bytes())
    return out


def _refused(tmp_path, out: Path, capsys) -> list[str]:
    before = out.read_bytes()
    assert build_main(["--data", str(make_dataset(tmp_path)), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    left = {"data", "db.duckdb", "marts.sql"}  # the dataset, the database and the broken marts.sql, no temp file
    assert {p.name for p in out.parent.iterdir()} <= left and "db.duckdb" in {p.name for p in out.parent.iterdir()}
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"{len(err) - 1} problem(s) found; {paths.display_path(out)} left untouched"
    return err[:-1]


def _use_marts_sql(text: str, tmp_path: Path, monkeypatch) -> Path:
    """The build runs this marts.sql (a broken copy) instead of the real one."""
    sql = tmp_path / "marts.sql"
    sql.write_text(text, encoding="utf-8")
    monkeypatch.setattr(writer, "MARTS_SQL", sql)
    return sql


@pytest.mark.parametrize("code", sorted(BROKEN_MARTS))
def test_a_mart_that_breaks_its_contract_is_refused(code, tmp_path, good_db, monkeypatch, capsys):
    was, broken, where, printed = BROKEN_MARTS[code]
    text = MARTS_SQL.read_text(encoding="utf-8")
    assert text.count(was) == 1, was
    text = text.replace(was, broken)
    sql = _use_marts_sql(text, tmp_path, monkeypatch)
    problems = _refused(tmp_path, good_db, capsys)
    assert f"{paths.display_path(sql)}:{_line_of(text, where)}: {printed}" in problems
    assert all(p.endswith(f"[{code}]") for p in problems if code in ("grain-not-unique", "value-not-accepted", "sql-error"))


def test_a_facts_statement_that_fails_is_reported_as_such(tmp_path, good_db, monkeypatch, capsys):
    """The facts mart is made first, on its own, from the validated rows: a failing statement there is one
    sql-error at its line too (the transaction it voids is only closed, nothing more is run on it)."""
    text = MARTS_SQL.read_text(encoding="utf-8").replace("JOIN stg_indicators i USING (indicator_id);",
                                                         "JOIN stg_indicator i USING (indicator_id);")
    sql = _use_marts_sql(text, tmp_path, monkeypatch)
    assert _refused(tmp_path, good_db, capsys) == [
        f"{paths.display_path(sql)}:{_line_of(text, 'JOIN stg_indicator i')}: facts: Catalog Error: "
        "Table with name stg_indicator does not exist! [sql-error]"]


def test_a_mart_declared_but_not_made_is_refused(tmp_path, good_db, monkeypatch, capsys):
    text = MARTS_SQL.read_text(encoding="utf-8")
    text = text[: text.index("-- locality_summary: one row")]
    sql = _use_marts_sql(text, tmp_path, monkeypatch)
    assert _refused(tmp_path, good_db, capsys) == [
        f"{paths.display_path(sql)}:1: locality_summary: contracts.py declares mart locality_summary, "
        "which marts.sql does not make [contract-mismatch]"]


def test_a_syntax_error_is_reported_at_its_line_of_marts_sql(tmp_path, good_db, monkeypatch, capsys):
    text = MARTS_SQL.read_text(encoding="utf-8").replace("CREATE TABLE corrections AS\n", "CREATE TABLE corrections AS AS\n")
    sql = _use_marts_sql(text, tmp_path, monkeypatch)
    [printed] = _refused(tmp_path, good_db, capsys)
    assert printed.startswith(f"{paths.display_path(sql)}:{_line_of(text, 'CREATE TABLE corrections AS AS')}: sql: Parser Error:")
    assert printed.endswith("[sql-error]")


def test_quotes_not_on_the_line_validation_found_are_refused(tmp_path, good_db, monkeypatch, capsys):
    """The quote lines travel from validate() to the writer in the Validation: wrong ones are caught on what
    was written, and each fact is named at its own line."""
    real_validate = build.validate

    def off_by_one(ds):
        v = real_validate(ds)
        return Validation(v.problems, v.quote_lines + 1)

    monkeypatch.setattr(build, "validate", off_by_one)
    problems = _refused(tmp_path, good_db, capsys)
    assert problems == [f"data/curated/demo.yaml:{line}: quote: quote is not on line {found + 1} of clean/demo.txt in the "
                        "database [quote-not-traceable]" for line, found in ((3, 1), (13, 1), (21, 2), (29, 2), (37, 2))]


def test_a_figure_missing_from_its_quote_in_the_database_is_refused(tmp_path, good_db, monkeypatch, capsys):
    real_staging = writer.staging_facts

    def figure_lost(facts, quote_lines):
        table = real_staging(facts, quote_lines)
        i = table.column_names.index("value_as_written")
        return table.set_column(i, "value_as_written", pa.array(["约" + v for v in table.column(i).to_pylist()]))

    monkeypatch.setattr(writer, "staging_facts", figure_lost)
    problems = _refused(tmp_path, good_db, capsys)
    assert problems[0] == "data/curated/demo.yaml:3: value_as_written: '约2.3%' is not in the quote in the database [quote-not-traceable]"
    assert len(problems) == 5


def test_every_database_code_has_a_broken_mart_test():
    tested = set(BROKEN_MARTS) | {"quote-not-traceable", "contract-mismatch", "sql-error"}
    assert tested == {c for c, r in RULES.items() if r.stage == "database"}


def test_the_writer_refuses_a_dataset_with_problems_and_a_validation_of_another(tmp_path, minimal_data):
    from pipelines.facts.dataset import load_dataset

    ds, _ = load_dataset(minimal_data)
    out = tmp_path / "db.duckdb"
    missing = Problem("f.yaml", 1, "x", "required", "required field is missing or empty")
    with pytest.raises(DataError) as refused:
        writer.write_database(ds, out, Validation([missing], np.zeros(len(ds.facts), dtype=np.int32)))
    assert refused.value.problems == [missing]
    with pytest.raises(ValueError, match="not this dataset's"):
        writer.write_database(ds, out, Validation([], np.zeros(2, dtype=np.int32)))
    assert not out.exists()
