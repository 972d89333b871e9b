"""The build floor: the least any build of a CSV dataset (the synthetic national set's layout) must do, timed by
stage, to set the build's own time beside (``make bench`` runs it on the synthetic set after the build).

It reads the same files and does the work no build can skip, each stage the fastest way we know on this machine:
  facts   parse every ``curated/*.facts.csv`` (Arrow's multi-threaded CSV reader, every column as text), on a
          second thread while the reports are read, as the build does
  raw     read every ``sources/raw/*`` report and take its sha256 (what the registry's ``sha256`` is checked
          against)
  clean   read every ``sources/clean/*.txt`` text and decode it
  quotes  look up each fact's quote in its report's clean text (``QuoteFinder``, the build's own scan: each
          report's quotes in one pass) and its written figure in its quote
  write   one DuckDB transaction: the facts (value as DOUBLE, periods as DATE) and the reports with their texts,
          committed and checkpointed

What it leaves out, i.e. what the build adds on top: the YAML source registry and every registry file, cleaning
the raw reports again to prove the clean texts are theirs, every other rule of validation (types, vocabularies,
references, periods, duplicates, units and bounds) with a message per problem at its file and line, the joins of
the facts mart, the other marts, the contracts, the second look at the quotes in the written database, the
dataset version, the memory cap and the atomic replacement of the old database.

``python benchmarks/build_floor.py --data data/build/synthetic --out /tmp/floor.duckdb``; the last line printed
is a JSON object (``build_floor_s`` and each stage's seconds, and the counts, which must match the build's).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.sources.clean import sha256_of  # noqa: E402
from pipelines.validate.quote_index import QuoteFinder  # noqa: E402


def read_facts(data: Path) -> pa.Table:
    """Every fact CSV as one table of text columns (an empty cell is an empty string, as the build reads it)."""
    tables = []
    for path in sorted((data / "curated").glob("*.facts.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        convert = pa_csv.ConvertOptions(column_types={c: pa.string() for c in header}, strings_can_be_null=False)
        tables.append(pa_csv.read_csv(path, convert_options=convert))
    return pa.concat_tables(tables)


def raw_digests(data: Path) -> dict[str, str]:
    """Each raw report's sha256, by file stem."""
    return {p.stem: sha256_of(p.read_bytes()) for p in sorted((data / "sources" / "raw").iterdir())}


def clean_texts(data: Path) -> dict[str, str]:
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted((data / "sources" / "clean").glob("*.txt"))}


def check_quotes(facts: pa.Table, texts: dict[str, str]) -> tuple[int, int]:
    """(quotes not in their report's clean text, figures not in their quote). Facts are taken report by report
    in file order, as the build does."""
    sources = facts["source"].to_pylist()
    quotes = facts["quote"].to_pylist()
    written = facts["value_as_written"].to_pylist()
    missing, finder, current = 0, None, None
    for sid, quote in zip(sources, quotes):
        if sid != current:
            current, finder = sid, QuoteFinder(texts.get(sid, ""))
        missing += finder.find(quote) < 0
    return missing, sum(w not in q for w, q in zip(written, quotes))


def write(out: Path, facts: pa.Table, digests: dict[str, str], texts: dict[str, str]) -> None:
    typed = facts
    for column, type_ in (("value", pa.float64()), ("period_start", pa.date32()), ("period_end", pa.date32())):
        cells = typed[column]  # an empty cell is a missing value
        typed = typed.set_column(typed.schema.get_field_index(column), column,
                                 pc.cast(pc.if_else(pc.equal(cells, ""), None, cells), type_))
    reports = pa.table({"source_id": list(texts), "sha256": [digests.get(s) for s in texts], "clean_text": list(texts.values())})
    for leftover in (out, out.with_name(out.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    try:
        con.execute("SET preserve_insertion_order = false")  # DuckDB's threads write row groups side by side
        con.execute("BEGIN TRANSACTION")
        con.register("typed_facts", typed)
        con.register("reports", reports)
        con.execute("CREATE TABLE facts AS SELECT * FROM typed_facts")
        con.execute("CREATE TABLE sources AS SELECT * FROM reports")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="a dataset folder in the synthetic set's layout")
    ap.add_argument("--out", type=Path, required=True, help="the DuckDB file to write (replaced)")
    args = ap.parse_args(argv)

    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool:
        facts_future = pool.submit(lambda: (read_facts(args.data), time.perf_counter()))
        lap = time.perf_counter()
        digests = raw_digests(args.data)
        stages["raw"] = time.perf_counter() - lap
        lap = time.perf_counter()
        texts = clean_texts(args.data)
        stages["clean"] = time.perf_counter() - lap
        facts, facts_done = facts_future.result()
    stages["facts"] = facts_done - t0  # on its own thread from the start
    lap = time.perf_counter()
    missing_quotes, missing_figures = check_quotes(facts, texts)
    stages["quotes"] = time.perf_counter() - lap
    lap = time.perf_counter()
    write(args.out, facts, digests, texts)
    stages["write"] = time.perf_counter() - lap
    total = time.perf_counter() - t0
    for name, secs in stages.items():
        print(f"  {name:<7} {secs:6.2f} s")
    print(f"build floor: {total:.2f} s ({facts.num_rows} facts, {len(texts)} clean texts, {len(digests)} raw reports; "
          f"{missing_quotes} quotes and {missing_figures} figures not found)")
    print(json.dumps({"build_floor_s": round(total, 2), "build_floor_stages": {k: round(v, 2) for k, v in stages.items()},
                      "facts": facts.num_rows, "clean_texts": len(texts), "raw_reports": len(digests),
                      "quotes_not_found": missing_quotes, "figures_not_found": missing_figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
