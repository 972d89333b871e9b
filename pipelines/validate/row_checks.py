"""Row-wise string tests of the fact table, run by DuckDB over its Arrow columns as they are stored: is each
written figure in its quote, is its recorded qualifier, does a qualifier character stand next to the figure."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.facts.table import arrow_column
from pipelines.numbers import QUALIFIERS

# Rows checked by one query (see row_checks).
ROWS_AT_A_TIME = 1 << 18
# Every character of every qualifier word: one of them next to a figure is worth a closer look in Python.
QUALIFIER_ANY_CHAR = "[" + "".join(sorted({c for q in QUALIFIERS for c in q})) + "]"
# The figure's first position in its quote is found once (p) and reused by every test that needs it.
ROW_CHECKS_SQL = f"""
WITH r AS (SELECT idx, quote, value_as_written, qualifier, strpos(quote, value_as_written) AS p FROM rows)
SELECT
    idx,
    coalesce(NOT contains(quote, value_as_written), false) AS absent,
    coalesce(NOT contains(quote, qualifier), false) AS qualifier_absent,
    coalesce(regexp_matches(value_as_written, '{QUALIFIER_ANY_CHAR}')
             OR regexp_matches(substr(quote, greatest(p - 2, 1), least(p - 1, 2))
                               || substr(quote, p + length(value_as_written), 2),
                               '{QUALIFIER_ANY_CHAR}')
             OR strpos(substr(quote, p + 1), value_as_written) > 0, false) AS qualifier_near
FROM r
"""


def _memory_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # build logs are read by people, not redrawn
    return con


def row_checks(facts: pd.DataFrame) -> dict[str, np.ndarray]:
    """Row-wise string tests over millions of rows, run by DuckDB on the Arrow columns as they are stored
    (dictionary-encoded ones too; no Python strings, no copies): is the figure in its quote, is the qualifier
    in it, does a qualifier character stand next to the figure (or does the figure occur twice, when Python
    must look at every occurrence)."""
    table = pa.table({"idx": pa.array(np.arange(len(facts), dtype=np.int32)),  # a row number; int32 holds any table
                      **{c: arrow_column(facts[c]) for c in ("quote", "value_as_written", "qualifier")}})
    checks = {name: np.zeros(len(facts), dtype=bool) for name in ("absent", "qualifier_absent", "qualifier_near")}
    con = _memory_db()
    try:
        # A slice of rows at a time: over a whole national table at once the query and its result added ~52 MB
        # at the validation's peak, a slice at a time ~38 MB (smaller slices save little more and cost time).
        for start in range(0, max(len(facts), 1), ROWS_AT_A_TIME):
            con.register("rows", table.slice(start, ROWS_AT_A_TIME))
            found = con.execute(ROW_CHECKS_SQL).fetchnumpy()
            con.unregister("rows")
            # Each result put at its row by its idx rather than sorted by DuckDB: the rows come back in the right
            # places whatever order DuckDB returns them in, and an ORDER BY would hold more.
            rows = np.asarray(found.pop("idx"))
            for name, values in found.items():
                checks[name][rows] = np.asarray(values, dtype=bool)
    finally:
        con.close()
    return checks
