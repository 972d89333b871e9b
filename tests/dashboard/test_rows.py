"""The dict-row helpers give what the pandas operations they replace give, on ties and missing values."""
import math

import pandas as pd

from dashboard.rows import first_per, grouped, missing, records, sorted_rows

TABLE = pd.DataFrame({
    "locality_id": ["b", "a", "b", "a", "c", "a", "a"],
    "period_end": pd.to_datetime(["2020-06-30", "2020-12-31", None, "2020-06-30", "2020-06-30", "2020-06-30",
                                  "2020-06-30"]),
    "scope": ["x", None, "y", "x", None, "w", "w"],  # rows 5 and 6 tie on every key
    "status": ["actual", "target", "actual", "actual", "actual", "target", "actual"],
    "value": [1.5, float("nan"), 3.0, 4.0, 5.0, 6.0, 7.0],
    "order": range(7),
}).astype({"locality_id": "str", "scope": "str", "status": "str"})


def test_sorted_rows_is_sort_values_order_missing_last_and_stable():
    expected = list(TABLE.sort_values(["locality_id", "period_end", "scope"])["order"])
    got = [r["order"] for r in sorted_rows(records(TABLE), "locality_id", "period_end", "scope")]
    assert got == expected == [5, 6, 3, 1, 0, 2, 4]


def test_grouped_is_groupby_without_sort():
    rows = records(TABLE)
    key = TABLE["status"] != "actual"
    expected = {(k[0], bool(k[1])): list(g.index) for k, g in TABLE.groupby(["locality_id", key], sort=False)}
    got = grouped(rows, lambda r: (r["locality_id"], r["status"] != "actual"))
    assert got == expected
    assert list(got) == [("b", False), ("a", True), ("a", False), ("c", False)]
    assert got[("a", False)] == [3, 6]


def test_first_per_is_drop_duplicates():
    rows = records(TABLE)
    assert [r["order"] for r in first_per(rows, "locality_id")] == list(TABLE.drop_duplicates("locality_id")["order"])


def test_records_keeps_only_the_columns_asked_for_that_exist():
    rows = records(TABLE, ("scope", "value", "no_such_column"))
    assert list(rows[0]) == ["scope", "value"]
    assert missing(rows[1]["scope"]) and math.isnan(rows[1]["value"]) and missing(rows[1]["value"])
    assert not missing(rows[0]["scope"]) and not missing(0.0) and not missing("")
    assert missing(pd.NA) and missing(pd.NaT) and missing(None)


def same(a, b) -> bool:
    """The same value of the same type (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    return (a is b) or (isinstance(a, float) and math.isnan(a) and math.isnan(b)) or a == b


# Every kind of column a query gives (DuckDB's .df()): Arrow strings with NaN, numpy floats, ints and booleans,
# nullable Int32 and boolean with NA, datetimes with NaT, an object column of None.
KINDS = pd.DataFrame({
    "text": pd.array(["a", None, "c"], dtype="str"),
    "value": [1.5, float("nan"), 3.0],
    "count": pd.array([1, 2, 3], dtype="int64"),
    "flag": [True, False, True],
    "decimals": pd.array([1, None, 2], dtype="Int32"),
    "negative": pd.array([True, None, False], dtype="boolean"),
    "period_end": pd.to_datetime(["2020-06-30", None, "2021-12-31"]),
    "note": pd.Series([None, "x", None], dtype=object),
    "small": pd.Series([1, 2, 3], dtype="int32"),
})


def test_records_are_to_dict_records_value_for_value_and_type_for_type():
    expected = KINDS.to_dict("records")
    got = records(KINDS)
    assert [list(r) for r in got] == [list(r) for r in expected]
    assert all(same(g[k], e[k]) for g, e in zip(got, expected) for k in e), (got, expected)
    assert got[1]["decimals"] is None and got[1]["negative"] is None  # NA as to_dict gives it, not pd.NA
    assert records(KINDS.iloc[:0]) == [] and records(KINDS, ("nothing",)) == [{}, {}, {}]
