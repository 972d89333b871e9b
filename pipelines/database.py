"""Write the validated dataset to DuckDB: typed ``stg_*`` tables, then the marts in ``sql/*.sql``.

Atomic: everything goes into a temp file beside the target, is checked, and only then replaces the
target with ``os.replace``; a failure anywhere leaves the previous database byte-identical.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import paths
from .dataset import Dataset
from .fact_table import text_array
from .numbers import QUALIFIERS

SQL_ORDER = ["marts.sql"]


class BuildCheckFailed(RuntimeError):
    pass


FACT_STAGING_COLUMNS = [
    "fact_id", "source_id", "program_id", "indicator_id", "scope", "scope_en", "period_kind", "period_start",
    "period_end", "value_as_written", "value", "unit", "decimals", "status", "basis", "qualifier", "bound",
    "negative", "quote", "quote_line", "note_en", "note_zh", "file", "line"]


def _dates(text: pa.Array) -> pa.Array:
    """ISO dates, parsed as validation parsed them (``date.fromisoformat``), once per distinct text."""
    distinct = pc.unique(text)
    dates = pa.array([dt.date.fromisoformat(v) for v in distinct.to_pylist()], type=pa.date32())
    return pc.take(dates, pc.index_in(text, value_set=distinct))


def _bounds(qualifier: pa.Array) -> pa.Array:
    """The kind of bound each qualifier makes (exact without one)."""
    words = pa.array(list(QUALIFIERS), type=pa.string())
    kinds = pa.array(list(QUALIFIERS.values()), type=pa.string())
    return pc.fill_null(pc.take(kinds, pc.index_in(qualifier, value_set=words)), "exact")


def _decimals(written: pa.Array) -> pa.Array:
    """Digits after the decimal point of the first number written (2 for "3.52亿元")."""
    parts = pc.extract_regex(written, r"(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")
    return pc.fill_null(pc.utf8_length(pc.struct_field(parts, "frac")), 0).cast(pa.int32())


def staging_facts(facts: pd.DataFrame, quote_lines) -> pa.Table:
    """stg_facts: one row per validated fact, typed, as an Arrow table built column by column (a national
    table has millions of rows; Arrow-backed columns are not copied). quote_line is the line of the clean
    source where validation found the quote."""
    text = {c: text_array(facts[c]) for c in ("id", "source_id", "program", "indicator", "scope", "scope_en", "period_kind",
                                          "period_start", "period_end", "value_as_written", "unit", "status", "basis",
                                          "qualifier", "quote", "note_en", "note_zh", "file")}
    columns = {
        "fact_id": text["id"], "source_id": text["source_id"], "program_id": text["program"],
        "indicator_id": text["indicator"], "scope": pc.fill_null(text["scope"], ""), "scope_en": text["scope_en"],
        "period_kind": text["period_kind"],
        "period_start": _dates(text["period_start"]), "period_end": _dates(text["period_end"]),
        "value_as_written": text["value_as_written"], "value": pa.array(facts["value_num"].to_numpy(dtype=float)),
        "unit": text["unit"], "decimals": _decimals(text["value_as_written"]),
        "status": text["status"], "basis": text["basis"], "qualifier": text["qualifier"],
        "bound": _bounds(text["qualifier"]),
        "negative": pa.array(facts["negative_true"].to_numpy(dtype=bool)), "quote": text["quote"],
        # Not validated (no lines found): -1 everywhere, which the traceability check then refuses.
        "quote_line": pa.array(np.full(len(facts), -1, dtype=np.int64) if quote_lines is None
                               else np.asarray(quote_lines, dtype=np.int64)),
        "note_en": text["note_en"], "note_zh": text["note_zh"],
        "file": text["file"], "line": pa.array(facts["line"].to_numpy(dtype=np.int32)),
    }
    return pa.table({c: columns[c] for c in FACT_STAGING_COLUMNS})


def staging_frames(ds: Dataset) -> dict[str, pd.DataFrame | pa.Table]:
    def reg(name: str) -> pd.DataFrame:
        rows = [{k: (v or None) for k, v in r.items() if not k.startswith("_")} for r in ds.registries[name]]
        return pd.DataFrame(rows)

    frames = {
        "stg_provinces": reg("provinces").rename(columns={"id": "province_id"}),
        "stg_localities": reg("localities").rename(columns={"id": "locality_id", "province": "province_id"}),
        "stg_programs": reg("programs").rename(columns={"id": "program_id"}),
        "stg_indicator_categories": reg("indicator_categories").rename(columns={"id": "category_id"}),
        "stg_instrument_categories": reg("instrument_categories").rename(columns={"id": "category_id"}),
        "stg_indicators": pd.DataFrame(
            [{"indicator_id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"],
              "category_id": r["category"], "unit": r["unit"], "defined_in": r["_file"]} for r in ds.indicators],
            columns=["indicator_id", "name_zh", "name_en", "category_id", "unit", "defined_in"]),
    }
    src_rows, corr_rows = [], []
    for s in ds.sources:
        r = s.record
        src_rows.append({
            "source_id": s.id, "locality_id": r["locality"], "program_id": r["program"],
            "campaign_as_written": r["campaign_as_written"], "script": r["script"],
            "title_zh": r["title_zh"], "title_en": r["title_en"],
            "publisher_zh": r["publisher_zh"], "publisher_en": r["publisher_en"],
            "published": None if r["published"] == "undated" else pd.Timestamp(str(r["published"])).date(),
            "published_as_written": str(r["published"]),
            "period_start": pd.Timestamp(str(r["period_start"])).date(),
            "period_end": pd.Timestamp(str(r["period_end"])).date(),
            "period_note_zh": r["period_note_zh"], "period_note_en": r["period_note_en"],
            "raw_file": str(r["file"]), "raw_sha256": r["sha256"], "raw_bytes": len(s.raw),
            "clean_text": s.clean_text,
        })
        for i, c in enumerate(s.corrections, 1):
            corr_rows.append({"source_id": s.id, "seq": i, "damaged": c.damaged, "repair": c.repair, "reason": c.reason})
    frames["stg_sources"] = pd.DataFrame(src_rows)
    # stg_source_lines: one row per source × line of its clean text (what a quote is re-checked against).
    lines = [s.clean_text.split("\n") for s in ds.sources]
    frames["stg_source_lines"] = pd.DataFrame({
        "source_id": pd.Series(np.repeat([s.id for s in ds.sources], [len(x) for x in lines]), dtype=object),
        "line": np.concatenate([np.arange(1, len(x) + 1) for x in lines]) if lines else np.zeros(0, dtype=int),
        "text": pd.Series([t for x in lines for t in x], dtype=pd.ArrowDtype(pa.string())),
    })
    frames["stg_corrections"] = pd.DataFrame(corr_rows, columns=["source_id", "seq", "damaged", "repair", "reason"])

    frames["stg_facts"] = staging_facts(ds.facts, ds.quote_lines)
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
    frames["stg_instruments"] = pd.DataFrame(inst_rows, columns=[
        "instrument_id", "source_id", "program_id", "name_zh", "name_en", "category_id", "quote", "note_en", "file", "line"])
    frames["stg_instrument_facts"] = pd.DataFrame(link_rows, columns=["instrument_id", "fact_id"])
    return frames


# DuckDB types for columns pandas cannot type from an empty or all-null column.
COLUMN_TYPES = {
    "period_start": "DATE", "period_end": "DATE", "published": "DATE", "value": "DOUBLE", "line": "INTEGER",
    "decimals": "INTEGER", "negative": "BOOLEAN", "raw_bytes": "BIGINT", "seq": "INTEGER", "quote_line": "INTEGER",
}


def _create_table(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame | pa.Table) -> None:
    names = df.column_names if isinstance(df, pa.Table) else list(df.columns)
    cols = ", ".join(f'"{c}" {COLUMN_TYPES.get(c, "VARCHAR")}' for c in names)
    con.execute(f"CREATE TABLE {name} ({cols})")
    if len(df):
        # As an Arrow table: Arrow-backed columns go in without a copy, in parallel.
        con.register("_frame", df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False))
        con.execute(f"INSERT INTO {name} SELECT * FROM _frame")
        con.unregister("_frame")


def _check(con: duckdb.DuckDBPyConnection, ds: Dataset) -> None:
    n_facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    if n_facts != len(ds.facts):
        raise BuildCheckFailed(f"facts view has {n_facts} rows, expected {len(ds.facts)}")
    n_inst = con.execute("SELECT count(*) FROM instruments").fetchone()[0]
    if n_inst != len(ds.instruments):
        raise BuildCheckFailed(f"instruments view has {n_inst} rows, expected {len(ds.instruments)}")
    # Traceability, proved again on what was written: each quote is in its clean source, on the line
    # validation found it (a quote that spans lines is looked for in the whole text), and its figure is in it.
    missing = con.execute("""
        SELECT f.fact_id FROM stg_facts f
        JOIN stg_sources s USING (source_id)
        LEFT JOIN stg_source_lines l ON l.source_id = f.source_id AND l.line = f.quote_line
        WHERE NOT CASE WHEN contains(f.quote, chr(10)) THEN contains(s.clean_text, f.quote)
                       ELSE coalesce(contains(l.text, f.quote), false) END
           OR position(f.value_as_written IN f.quote) = 0
        LIMIT 5""").fetchall()
    if missing:
        raise BuildCheckFailed(f"quotes not traceable in the database: {missing[:5]}")
    orphans = con.execute("SELECT count(*) FROM facts WHERE province_id IS NULL OR locality_id IS NULL OR category IS NULL").fetchone()[0]
    if orphans:
        raise BuildCheckFailed(f"{orphans} facts lost their locality, province or category in the joins")


def write_database(ds: Dataset, target: Path = paths.DATABASE) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")  # build logs are read by people, not redrawn
            # One transaction: DuckDB then writes each table once at commit instead of checkpointing as the
            # write-ahead log grows (8 s instead of 15 s for a national dataset).
            con.execute("BEGIN TRANSACTION")
            for name, df in staging_frames(ds).items():
                _create_table(con, name, df)
            for sql_file in SQL_ORDER:
                con.execute((paths.SQL_DIR / sql_file).read_text(encoding="utf-8"))
            _check(con, ds)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
