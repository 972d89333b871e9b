"""Write the validated dataset to DuckDB: typed ``stg_*`` tables (``contracts.STAGING``), then the marts of
``sql/marts.sql``, then every mart's contract (``contracts.MARTS``) and the quotes' traceability are checked.
The facts mart is made straight from the validated rows, and stg_facts and stg_source_lines are views of what
is stored (``sql/staging_views.sql``), so nothing large is written twice.

``write_database(ds, target, validation)`` takes the ``Validation`` that ``validate(ds)`` returned (the lines
the quotes were found on travel in it). What it finds wrong is reported like every other problem: it raises
``DataError`` with ``Problem``s (a mart's at its ``CREATE TABLE`` line in marts.sql, a fact's at its line in
the curated file), which the build prints.

Atomic: everything goes into a temp file beside the target, is checked, and only then replaces the
target with ``os.replace``; a failure anywhere leaves the previous database byte-identical.

Memory: a national dataset is written table by table (each staging table is made, inserted and released
before the next), the clean texts in batches (each let go once written), and DuckDB's own memory is capped
(``FACTS_MEMORY_LIMIT_MB`` while Python holds the fact rows, else ``MEMORY_LIMIT_MB``); beyond it DuckDB
spills to a temp folder beside the target, which is removed with the temp file.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines import paths
from pipelines.database.contracts import STAGING, check_marts, expected_rows
from pipelines.database.staging import bounds, decimals, fill_null_text, iso_dates, registry_frames
from pipelines.facts.dataset import Dataset
from pipelines.facts.table import arrow_column, empty_table, return_freed_heap
from pipelines.problems import DataError, Problem, problem
from pipelines.validate.rules import Validation, validate

MARTS_SQL = paths.SQL_DIR / "marts.sql"
# stg_facts and stg_source_lines, stored as views of what is written (see _make_facts_mart).
STAGING_VIEWS_SQL = paths.SQL_DIR / "staging_views.sql"
# DuckDB's memory during the build. By default (80% of RAM) it holds what it writes until the commit (~450 MB
# of a national build); capped, it spills to a temp folder or re-reads what it has written. This build needs
# a fixed ~150 MB plus a little per thread (200 MB failed with 16 threads): 256 MB with 2 threads.
MEMORY_LIMIT_MB = 192
MEMORY_LIMIT_MB_PER_THREAD = 32
# DuckDB's memory in the first transaction, while Python holds the validated fact rows (~250 MB of a national
# set) and, until they are written, the clean texts.
FACTS_MEMORY_LIMIT_MB = 64

# Traceability problems reported at most (each names its fact); more would only repeat the cause.
MAX_UNTRACEABLE = 20


def staging_facts(facts: pd.DataFrame, quote_lines: np.ndarray) -> pa.Table:
    """stg_facts: one row per validated fact, typed, as an Arrow table built column by column (a national
    table has millions of rows; Arrow-backed columns are not copied, dictionary-encoded ones go to DuckDB as
    they are). quote_line is the line of the clean source where validation found the quote."""
    text = {c: arrow_column(facts[c]) for c in ("id", "source_id", "program", "indicator", "scope", "scope_en", "period_kind",
                                          "period_start", "period_end", "value_as_written", "unit", "status", "basis",
                                          "qualifier", "quote", "note_en", "note_zh", "file")}
    columns = {
        "fact_id": text["id"], "source_id": text["source_id"], "program_id": text["program"],
        "indicator_id": text["indicator"], "scope": fill_null_text(text["scope"], ""), "scope_en": text["scope_en"],
        "period_kind": text["period_kind"],
        "period_start": iso_dates(text["period_start"]), "period_end": iso_dates(text["period_end"]),
        "value_as_written": text["value_as_written"], "value": pa.array(facts["value_num"].to_numpy(dtype=float)),
        "unit": text["unit"], "decimals": decimals(text["value_as_written"]),
        "status": text["status"], "basis": text["basis"], "qualifier": text["qualifier"],
        "bound": bounds(text["qualifier"]),
        "negative": pa.array(facts["negative_true"].to_numpy(dtype=bool)), "quote": text["quote"],
        "quote_line": pa.array(np.asarray(quote_lines, dtype=np.int32)),
        "note_en": text["note_en"], "note_zh": text["note_zh"],
        "file": text["file"], "line": pa.array(facts["line"].to_numpy(dtype=np.int32)),
    }
    return pa.table({c: columns[c] for c in STAGING["stg_facts"]})


def instrument_frames(ds: Dataset) -> Iterator[tuple[str, pd.DataFrame]]:
    """(table name, rows) of the instruments and the facts each one names."""
    inst_rows, link_rows = [], []
    for rec in ds.instruments:
        d = rec.data
        inst_rows.append({
            "instrument_id": d["id"], "source_id": rec.source_id, "program_id": d.get("program"),
            "name_zh": str(d["name_zh"]), "name_en": str(d["name_en"]), "category_id": d["category"],
            "quote": str(d["quote"]), "note_en": d.get("note_en"), "file": rec.file, "line": rec.line(),
        })
        for fid in d.get("facts") or []:
            link_rows.append({"instrument_id": d["id"], "fact_id": fid})
    yield "stg_instruments", pd.DataFrame(inst_rows, columns=[
        "instrument_id", "source_id", "program_id", "name_zh", "name_en", "category_id", "quote", "note_en", "file", "line"])
    yield "stg_instrument_facts", pd.DataFrame(link_rows, columns=["instrument_id", "fact_id"])


def _make_facts_mart(con: duckdb.DuckDBPyConnection, staged: pa.Table) -> tuple[dict[str, int], list[Problem]]:
    """The facts mart, made by marts.sql's own statement straight from the validated rows: ``staged`` (the
    Arrow stg_facts rows) is read through a temporary view named stg_facts, typed as ``STAGING`` declares.
    Each fact is so written once; the stored stg_facts is a view of the mart (``STAGING_VIEWS_SQL``). Written
    without keeping insertion order, which lets DuckDB's threads write row groups side by side within a small
    memory limit (the rows stay grouped by report: each row group holds a run of the input)."""
    casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in STAGING["stg_facts"].items())
    con.register("validated_facts", staged)
    con.execute(f"CREATE TEMP VIEW stg_facts AS SELECT {casts} FROM validated_facts")
    con.execute("SET preserve_insertion_order = false")
    made, problems = _run_marts(con, MARTS_SQL, only={"facts"})
    if not problems:  # after a failed statement the transaction is void and refuses any other; it is closed
        con.execute("SET preserve_insertion_order = true")
        con.execute("DROP VIEW stg_facts")
        con.unregister("validated_facts")  # (the caller lets the rows go before the commit)
    return made, problems


def _create_table(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame | pa.Table, create: bool = True) -> None:
    """Create the table with the columns and types ``STAGING`` declares for it (unless ``create`` is false: a
    later batch of its rows) and insert the rows, which must have exactly those columns."""
    schema = STAGING[name]
    if create:
        columns = ", ".join(f'"{c}" {t}' for c, t in schema.items())
        con.execute(f"CREATE TABLE {name} ({columns})")
    if len(df):
        # As an Arrow table: Arrow-backed columns go in without a copy, in parallel. Through a relation, not
        # register(): a view registered and dropped inside a transaction keeps its Arrow data alive until
        # the commit (every staging table at once, ~270 MB for a national dataset).
        table = df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False)
        if sorted(table.column_names) != sorted(schema):
            raise ValueError(f"{name}: rows have columns {table.column_names}, contracts.STAGING declares {list(schema)}")
        con.from_arrow(table.select(list(schema))).insert_into(name)


def _statements(text: str) -> Iterator[tuple[int, int, str | None, str]]:
    """(first line, line of the statement itself after the comments before it, table it creates or None, SQL)
    of each statement of a SQL file."""
    offset = 0
    for statement in duckdb.extract_statements(text):
        sql = statement.query
        offset = text.index(sql, offset)
        lead = re.match(r"(?:\s|--[^\n]*(?:\n|$))*", sql).end()
        made = re.match(r'CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)', sql[lead:], re.IGNORECASE)
        first = text.count("\n", 0, offset) + 1
        yield first, first + sql.count("\n", 0, lead), made and made.group(1), sql
        offset += len(sql)


def _sql_error(exc: duckdb.Error, file: str, first: int, line: int, field: str) -> Problem:
    """A DuckDB error as a problem at the line it names (DuckDB counts from ``first``, the start of the text it
    was given), else at ``line``."""
    text = str(exc)
    at = re.search(r"^LINE (\d+):", text, re.MULTILINE)
    return problem("sql-error", file, first + int(at.group(1)) - 1 if at else line, field, error=text.split("\n")[0])


def _run_marts(con: duckdb.DuckDBPyConnection, sql_path: Path, only: set[str] | None = None,
               skip: set[str] = frozenset()) -> tuple[dict[str, int], list[Problem]]:
    """Run marts.sql statement by statement: (the tables it made → the line of their CREATE, problems). The
    first statement that fails stops it (the transaction is void from there) with a ``sql-error``. ``only``:
    just the statements that make these tables; ``skip``: all but those (the writer makes the facts mart
    first, on its own)."""
    file, text = paths.display_path(sql_path), Path(sql_path).read_text(encoding="utf-8")
    try:
        statements = list(_statements(text))
    except duckdb.Error as exc:  # a syntax error anywhere: DuckDB names its line in the whole file
        return {}, [_sql_error(exc, file, 1, 1, "sql")]
    made: dict[str, int] = {}
    for first, line, table, sql in statements:
        if (only is not None and table not in only) or table in skip:
            continue
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            return made, [_sql_error(exc, file, first, line, table or "sql")]
        if table:
            made[table] = line
    return made, []


def _traceability_problems(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """Traceability, proved again on what was written: each quote is in its clean source, on the line
    validation found it (a quote that spans lines is looked for in the whole text), and its figure is in it.
    Reported at the fact's own file and line."""
    found = con.execute(f"""
        SELECT f.file, f.line, f.source_id, f.quote_line, f.value_as_written,
               NOT coalesce(contains(l.text, f.quote), false) AS off_line, position(f.value_as_written IN f.quote) = 0 AS no_figure
        FROM stg_facts f
        JOIN stg_sources s USING (source_id)
        LEFT JOIN stg_source_lines l ON l.source_id = f.source_id AND l.line = f.quote_line
        WHERE NOT coalesce(contains(f.quote, chr(10)), false)
          AND (NOT coalesce(contains(l.text, f.quote), false) OR position(f.value_as_written IN f.quote) = 0)
        ORDER BY f.file, f.line LIMIT {MAX_UNTRACEABLE}""").fetchall()
    # Whole clean texts are read only for the sources that have a quote spanning lines (usually none): a join
    # on every source would hold all the texts in its hash table.
    multiline = [sid for (sid,) in con.execute(
        "SELECT DISTINCT source_id FROM stg_facts WHERE contains(quote, chr(10))").fetchall()]
    if multiline:
        found += con.execute(f"""
            SELECT f.file, f.line, f.source_id, NULL AS quote_line, f.value_as_written,
                   NOT contains(s.clean_text, f.quote) AS off_line, position(f.value_as_written IN f.quote) = 0 AS no_figure
            FROM stg_facts f JOIN stg_sources s USING (source_id)
            WHERE list_contains($sources, s.source_id) AND contains(f.quote, chr(10))
              AND (NOT contains(s.clean_text, f.quote) OR position(f.value_as_written IN f.quote) = 0)
            ORDER BY f.file, f.line LIMIT {MAX_UNTRACEABLE}""", {"sources": multiline}).fetchall()
    problems = []
    for file, line, source, quote_line, written, off_line, no_figure in found:
        if off_line:
            problems.append(problem("quote-not-traceable", file, line, "quote", 0 if quote_line is not None else 1,
                                    quote_line=quote_line, source=source))
        if no_figure:
            problems.append(problem("quote-not-traceable", file, line, "value_as_written", 2, written=written))
    return problems


def _insert_all(con: duckdb.DuckDBPyConnection, frames: Iterator[tuple[str, pd.DataFrame | pa.Table]]) -> None:
    created = set()
    for name, rows in frames:
        _create_table(con, name, rows, create=name not in created)
        created.add(name)
        del rows  # before the next table is built


def _set_memory_limit(con: duckdb.DuckDBPyConnection, mb: int) -> None:
    con.execute(f"SET memory_limit = '{mb}MB'")


def _connect(tmp: Path) -> tuple[duckdb.DuckDBPyConnection, int]:
    """The temp database, opened with its memory limit set; and that limit in MB."""
    con = duckdb.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")  # build logs are read by people, not redrawn
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    limit_mb = MEMORY_LIMIT_MB + MEMORY_LIMIT_MB_PER_THREAD * threads
    _set_memory_limit(con, limit_mb)
    return con, limit_mb


def _remove_files(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder, if any


def write_database(ds: Dataset, target: Path = paths.DATABASE, validation: Validation | None = None,
                   version: str = "", *, keep: bool = True) -> None:
    """Write ``ds`` to ``target`` atomically. ``validation``: what ``validate(ds)`` returned (validated here
    when it is not given). Raises ``DataError`` when the dataset has problems or what was written breaks a
    contract; ``target`` is then left as it was. ``keep=False`` (the build's choice: it has no use for ``ds``
    after): the fact table and the sources' clean texts are let go from ``ds`` once they are in the database
    (nothing after reads them: the contracts and quotes are checked in the database), so a national set's
    fact rows (~250 MB) are not held beside the other marts being made, nor the texts (~110 MB) beside the
    facts mart."""
    if validation is None:
        validation = validate(ds)
    if validation.problems:
        raise DataError(validation.problems)
    if len(validation.quote_lines) != len(ds.facts):
        raise ValueError(f"the validation has {len(validation.quote_lines)} quote lines for {len(ds.facts)} facts: "
                         "it is not this dataset's")
    rows = expected_rows(ds)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    _remove_files(tmp)
    try:
        # Two transactions, each committed and checkpointed once: DuckDB then writes each table once at commit
        # instead of checkpointing as the write-ahead log grows. The first holds what the facts mart joins
        # (registries, sources with their texts and lines) and then the facts mart itself, made straight from
        # the validated rows: a national set's 1.7 million facts are written once, not as stg_facts and again
        # as the mart. The clean texts are let go before the mart is made, the fact rows after the first
        # commit. The second transaction makes the other marts, the stg_facts view, every check and
        # build_info. Atomicity comes from the temp file.
        staged = staging_facts(ds.facts, validation.quote_lines)
        if not keep:
            ds.facts = empty_table()  # (a slice of it would keep its columns alive)
            return_freed_heap()
        con, limit_mb = _connect(tmp)
        try:
            # DuckDB gets little memory while Python holds the fact rows (see FACTS_MEMORY_LIMIT_MB).
            _set_memory_limit(con, FACTS_MEMORY_LIMIT_MB)
            con.execute("BEGIN TRANSACTION")
            _insert_all(con, registry_frames(ds, release_texts=not keep))
            return_freed_heap()
            made, problems = _make_facts_mart(con, staged)
            if problems:
                raise DataError(problems)
            del staged  # the rows are in the mart: let go before the commit, which needs DuckDB's usual memory
            return_freed_heap()
            _set_memory_limit(con, limit_mb)  # (at 64 MB the commit fails: it cannot pin a block)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            # Closed between the two: DuckDB keeps what it wrote cached and allocated while the connection is
            # open, and gives it back only on closing.
            con.close()
        con, _ = _connect(tmp)
        try:
            con.execute("BEGIN TRANSACTION")
            _insert_all(con, instrument_frames(ds))
            more, problems = _run_marts(con, MARTS_SQL, skip=set(made))
            made.update(more)
            if not problems:
                for statement in duckdb.extract_statements(STAGING_VIEWS_SQL.read_text(encoding="utf-8")):
                    con.execute(statement.query)
                problems = check_marts(con, dict(sorted(made.items(), key=lambda kv: kv[1])), rows,
                                       paths.display_path(MARTS_SQL))
                problems += _traceability_problems(con)
            if problems:
                raise DataError(problems)
            # Not a mart (nothing is joined to it): which dataset this database holds, for "Cite this".
            con.execute("CREATE TABLE build_info AS SELECT $version::VARCHAR AS dataset_version, "
                        "current_timestamp::TIMESTAMP AS built_at", {"version": version})
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        _remove_files(tmp)
