"""Write the validated dataset to DuckDB: typed ``stg_*`` tables (``contracts.STAGING``), then the marts of
``sql/marts.sql``, then every mart's contract (``contracts.MARTS``) and the quotes' traceability are checked.

``write_database(ds, target, validation)`` takes the ``Validation`` that ``validate(ds)`` returned (the lines
the quotes were found on travel in it). What it finds wrong is reported like every other problem: it raises
``DataError`` with ``Problem``s (a mart's at its ``CREATE TABLE`` line in marts.sql, a fact's at its line in
the curated file), which the build prints.

Atomic: everything goes into a temp file beside the target, is checked, and only then replaces the
target with ``os.replace``; a failure anywhere leaves the previous database byte-identical.

Memory: a national dataset is written table by table (each staging table is made, inserted and released
before the next), the clean texts in batches, and DuckDB's own memory is capped (``MEMORY_LIMIT_MB``);
beyond it DuckDB spills to a temp folder beside the target, which is removed with the temp file.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines import paths
from pipelines.database.contracts import STAGING, check_marts, expected_rows
from pipelines.facts.dataset import Dataset
from pipelines.facts.table import arrow_column, map_values
from pipelines.numbers import QUALIFIERS
from pipelines.problems import DataError, Problem, problem
from pipelines.validate.rules import Validation, validate

MARTS_SQL = paths.SQL_DIR / "marts.sql"
# DuckDB's memory during the build. By default (80% of RAM) it holds what it writes until the commit (~450 MB
# of a national build); capped, it spills to a temp folder or re-reads what it has written. This build needs
# a fixed ~150 MB plus a little per thread (200 MB failed with 16 threads): 256 MB with 2 threads.
MEMORY_LIMIT_MB = 192
MEMORY_LIMIT_MB_PER_THREAD = 32
# Clean texts go to DuckDB this many characters at a time (with their lines), as UTF-8 made here: Arrow
# converting a Python str keeps a UTF-8 copy inside the str for its lifetime (123 MB more for a national set).
TEXT_BATCH_CHARS = 4_000_000

# Traceability problems reported at most (each names its fact); more would only repeat the cause.
MAX_UNTRACEABLE = 20


def _dates(text: pa.Array) -> pa.Array:
    """ISO dates, parsed as validation parsed them (``date.fromisoformat``), once per distinct text."""
    def parse(values: pa.Array) -> pa.Array:
        distinct = pc.unique(values)
        dates = pa.array([dt.date.fromisoformat(v) for v in distinct.to_pylist()], type=pa.date32())
        return pc.take(dates, pc.index_in(values, value_set=distinct))

    return map_values(text, parse)


def _bounds(qualifier: pa.Array) -> pa.Array:
    """The kind of bound each qualifier makes (exact without one), dictionary-encoded."""
    words = pa.array(list(QUALIFIERS), type=pa.string())
    kinds = pa.array([*QUALIFIERS.values(), "exact"], type=pa.string())
    codes = map_values(qualifier, lambda values: pc.index_in(values, value_set=words))
    return pa.DictionaryArray.from_arrays(pc.fill_null(codes, len(words)).cast(pa.int32()), kinds)


def _decimals(written: pa.Array) -> pa.Array:
    """Digits after the decimal point of the first number written (2 for "3.52亿元")."""
    def digits(values: pa.Array) -> pa.Array:
        parts = pc.extract_regex(values, r"(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")
        return pc.utf8_length(pc.struct_field(parts, "frac"))

    return pc.fill_null(map_values(written, digits), 0).cast(pa.int32())


def _fill_null_text(text: pa.Array, fill: str) -> pa.Array:
    """Missing cells as ``fill``, keeping a dictionary column dictionary-encoded."""
    if pa.types.is_dictionary(text.type):
        dictionary = pa.concat_arrays([text.dictionary, pa.array([fill], type=text.dictionary.type)])
        indices = pc.fill_null(text.indices.cast(pa.int32()), len(text.dictionary))
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    return pc.fill_null(text, fill)


def staging_facts(facts: pd.DataFrame, quote_lines: np.ndarray) -> pa.Table:
    """stg_facts: one row per validated fact, typed, as an Arrow table built column by column (a national
    table has millions of rows; Arrow-backed columns are not copied, dictionary-encoded ones go to DuckDB as
    they are). quote_line is the line of the clean source where validation found the quote."""
    text = {c: arrow_column(facts[c]) for c in ("id", "source_id", "program", "indicator", "scope", "scope_en", "period_kind",
                                          "period_start", "period_end", "value_as_written", "unit", "status", "basis",
                                          "qualifier", "quote", "note_en", "note_zh", "file")}
    columns = {
        "fact_id": text["id"], "source_id": text["source_id"], "program_id": text["program"],
        "indicator_id": text["indicator"], "scope": _fill_null_text(text["scope"], ""), "scope_en": text["scope_en"],
        "period_kind": text["period_kind"],
        "period_start": _dates(text["period_start"]), "period_end": _dates(text["period_end"]),
        "value_as_written": text["value_as_written"], "value": pa.array(facts["value_num"].to_numpy(dtype=float)),
        "unit": text["unit"], "decimals": _decimals(text["value_as_written"]),
        "status": text["status"], "basis": text["basis"], "qualifier": text["qualifier"],
        "bound": _bounds(text["qualifier"]),
        "negative": pa.array(facts["negative_true"].to_numpy(dtype=bool)), "quote": text["quote"],
        "quote_line": pa.array(np.asarray(quote_lines, dtype=np.int32)),
        "note_en": text["note_en"], "note_zh": text["note_zh"],
        "file": text["file"], "line": pa.array(facts["line"].to_numpy(dtype=np.int32)),
    }
    return pa.table({c: columns[c] for c in STAGING["stg_facts"]})


def registry_frames(ds: Dataset) -> Iterator[tuple[str, pd.DataFrame | pa.Table]]:
    """(table name, rows) of the registries, sources and their lines, each built only when the previous one
    has been written (so only one is in memory). A name can come more than once: its rows in batches."""
    def reg(name: str) -> pd.DataFrame:
        rows = [{k: (v or None) for k, v in r.items() if not k.startswith("_")} for r in ds.registries[name]]
        return pd.DataFrame(rows)

    yield "stg_provinces", reg("provinces").rename(columns={"id": "province_id"})
    yield "stg_localities", reg("localities").rename(columns={"id": "locality_id", "province": "province_id"})
    yield "stg_programs", reg("programs").rename(columns={"id": "program_id"})
    yield "stg_indicator_categories", reg("indicator_categories").rename(columns={"id": "category_id"})
    yield "stg_instrument_categories", reg("instrument_categories").rename(columns={"id": "category_id"})
    yield "stg_comparison_groups", reg("comparison_groups").rename(columns={"id": "group_id"})
    yield "stg_indicators", pd.DataFrame(
        [{"indicator_id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"], "category_id": r["category"],
          "unit": r["unit"], "comparison_group": r["comparison_group"], "defined_in": r["_file"]} for r in ds.indicators],
        columns=["indicator_id", "name_zh", "name_en", "category_id", "unit", "comparison_group", "defined_in"])
    if not ds.sources:
        yield "stg_sources", pd.DataFrame([])
        yield "stg_source_lines", pd.DataFrame([])
    for batch in _text_batches(ds.sources):
        yield from _source_tables(ds, batch)
    corr_rows = [{"source_id": s.id, "seq": i, "damaged": c.damaged, "repair": c.repair, "reason": c.reason}
                 for s in ds.sources for i, c in enumerate(s.corrections, 1)]
    yield "stg_corrections", pd.DataFrame(corr_rows, columns=["source_id", "seq", "damaged", "repair", "reason"])


def fact_frames(ds: Dataset, quote_lines: np.ndarray) -> Iterator[tuple[str, pd.DataFrame | pa.Table]]:
    """(table name, rows) of the facts and instruments, built one at a time."""
    yield "stg_facts", staging_facts(ds.facts, quote_lines)
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


def _text_batches(sources: list) -> Iterator[list]:
    batch, chars = [], 0
    for s in sources:
        batch.append(s)
        chars += len(s.clean_text)
        if chars >= TEXT_BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _source_tables(ds: Dataset, sources: list) -> Iterator[tuple[str, pa.Table]]:
    """stg_sources rows of these sources, then their stg_source_lines: one row per line of each clean text
    (what a quote is re-checked against), split at each line break by Arrow as ``str.split`` splits."""
    rows = []
    for s in sources:
        r = s.record
        rows.append({
            "source_id": s.id, "locality_id": r["locality"], "program_id": r["program"],
            "campaign_as_written": r["campaign_as_written"], "script": r["script"],
            "title_zh": r["title_zh"], "title_en": r["title_en"],
            "publisher_zh": r["publisher_zh"], "publisher_en": r["publisher_en"],
            "published": None if r["published"] == "undated" else pd.Timestamp(str(r["published"])).date(),
            "published_as_written": str(r["published"]),
            "period_start": pd.Timestamp(str(r["period_start"])).date(),
            "period_end": pd.Timestamp(str(r["period_end"])).date(),
            "period_note_zh": r["period_note_zh"], "period_note_en": r["period_note_en"],
            "raw_file": str(r["file"]), "raw_sha256": r["sha256"], "raw_bytes": ds.raw_sizes.get(s.id, len(s.raw)),
        })
    # UTF-8 made by str.encode (a new bytes object, nothing kept in the str), read as text without a copy.
    texts = pa.array([s.clean_text.encode("utf-8") for s in sources], type=pa.binary()).cast(pa.string())
    table = pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False).append_column("clean_text", texts)
    yield "stg_sources", table
    del table
    lines = pc.split_pattern(texts, "\n")
    counts = pc.list_value_length(lines).to_numpy()
    first = np.repeat(np.cumsum(counts) - counts, counts)
    yield "stg_source_lines", pa.table({
        "source_id": pa.DictionaryArray.from_arrays(pa.array(np.repeat(np.arange(len(sources), dtype=np.int32), counts)),
                                                    pa.array([s.id for s in sources], type=pa.string())),
        "line": np.arange(1, len(first) + 1, dtype=np.int64) - first,
        "text": pc.list_flatten(lines),
    })


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


def _run_marts(con: duckdb.DuckDBPyConnection, sql_path: Path) -> tuple[dict[str, int], list[Problem]]:
    """Run marts.sql statement by statement: (the tables it made → the line of their CREATE, problems). The
    first statement that fails stops it (the transaction is void from there) with a ``sql-error``."""
    file, text = paths.display_path(sql_path), Path(sql_path).read_text(encoding="utf-8")
    try:
        statements = list(_statements(text))
    except duckdb.Error as exc:  # a syntax error anywhere: DuckDB names its line in the whole file
        return {}, [_sql_error(exc, file, 1, 1, "sql")]
    made: dict[str, int] = {}
    for first, line, table, sql in statements:
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


def _insert_all(con: duckdb.DuckDBPyConnection, frames: Iterator[tuple[str, pd.DataFrame | pa.Table]], limit_mb: int) -> None:
    created = set()
    for name, rows in frames:
        # DuckDB inserts a table of millions of rows in order by merging its threads' row groups; under the
        # build's limit the threads wait for each other (3.2 s instead of 1.7 s for a national stg_facts),
        # while twice the limit holds only ~60 MB more for that one statement.
        roomy = len(rows) >= 100_000
        if roomy:
            _set_memory_limit(con, 2 * limit_mb)
        _create_table(con, name, rows, create=name not in created)
        if roomy:
            _set_memory_limit(con, limit_mb)
        created.add(name)
        del rows  # before the next table is built


def _set_memory_limit(con: duckdb.DuckDBPyConnection, mb: int) -> None:
    con.execute(f"SET memory_limit = '{mb}MB'")


def write_database(ds: Dataset, target: Path = paths.DATABASE, validation: Validation | None = None,
                   version: str = "") -> None:
    """Write ``ds`` to ``target`` atomically. ``validation``: what ``validate(ds)`` returned (validated here
    when it is not given). Raises ``DataError`` when the dataset has problems or what was written breaks a
    contract; ``target`` is then left as it was."""
    if validation is None:
        validation = validate(ds)
    if validation.problems:
        raise DataError(validation.problems)
    if len(validation.quote_lines) != len(ds.facts):
        raise ValueError(f"the validation has {len(validation.quote_lines)} quote lines for {len(ds.facts)} facts: "
                         "it is not this dataset's")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")  # build logs are read by people, not redrawn
            threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
            limit_mb = MEMORY_LIMIT_MB + MEMORY_LIMIT_MB_PER_THREAD * threads
            _set_memory_limit(con, limit_mb)
            # Two transactions, each checkpointed once: DuckDB then writes each table once at commit instead
            # of checkpointing as the write-ahead log grows (8 s instead of 15 s for a national dataset). The
            # first holds the registries and the clean texts with their lines (~250 MB of text), so DuckDB
            # never holds those and the facts uncommitted at once. Atomicity comes from the temp file.
            con.execute("BEGIN TRANSACTION")
            _insert_all(con, registry_frames(ds), limit_mb)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.execute("BEGIN TRANSACTION")
            _insert_all(con, fact_frames(ds, validation.quote_lines), limit_mb)
            made, problems = _run_marts(con, MARTS_SQL)
            if not problems:
                problems = check_marts(con, made, expected_rows(ds), paths.display_path(MARTS_SQL))
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
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder, if any
