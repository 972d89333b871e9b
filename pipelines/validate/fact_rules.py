"""The rules every fact must meet, as column operations over the fact table (``pipelines/facts/table.py``).

Each rule computes a mask over all rows at once and makes a Problem only for the rows it flags, so checking
1.7 million facts costs seconds, not minutes. What only Python can read (a written figure such as
"1.1万余册", an ISO date) is parsed once per distinct text — for figures, once per *shape* ("1亿元" stands for
"3.52亿元") — and mapped back; the table's repetitive columns are dictionary-encoded, so their distinct texts
are at hand and a row is only a code. The messages are those a curator sees for a single YAML entry.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.dates import parse_date
from pipelines.facts.table import arrow_column, map_values, return_freed_heap
from pipelines.numbers import QUALIFIERS, UNITS, parse_written, qualifier_touching, unit_agrees
from pipelines.problems import Problem
from pipelines.validate.quote_index import QuoteFinder
from pipelines.validate.row_checks import row_checks

STATUSES = {"actual", "target", "forecast"}
BASES = {"yoy", "vs_plan", "vs_average", "vs_last_year"}
PERIOD_KINDS = {"ytd", "month", "quarter", "half_year", "calendar_year", "range", "as_of", "campaign_to_date", "target"}
FACT_REQUIRED = ["id", "indicator", "period", "value_as_written", "value", "unit", "status", "quote"]
REVIEWED = "reviewed"
# Plausible ranges per unit; outside them the figure is almost surely mis-keyed.
BOUNDS = {"percent": (-100.0, 1000.0), "pp": (-100.0, 100.0)}
# Rows compared at a time where a rule needs float temporaries per row (2 MB each).
EQUALITY_SLICE = 1 << 18
NON_NEGATIVE = {"CNY", "count", "tonnes", "mu", "m2", "days", "rank", "index"}
# A figure of Arabic digits: optional 第, the number, then anything that is not more of the number. Its
# reading depends only on the shape (the number replaced by 1), so each shape is parsed once.
ARABIC_FIGURE = r"^(?P<prefix>第?)(?P<digits>[0-9]+(?:\.[0-9]+)?)(?P<rest>[^0-9,.．].*)?$"


@dataclass(frozen=True)
class References:
    """What the rules look ids up in (read only): sources {id: Source}, indicators {id: registry row}, program
    and instrument category ids, and the fact ids instruments refer to that exist."""

    sources: dict
    indicators: dict
    programs: set
    instrument_categories: set
    fact_ids: set


def _mask(s) -> np.ndarray:
    """A boolean mask from a pandas or Arrow boolean column, missing as False."""
    if isinstance(s, pd.Series):
        return s.to_numpy() if s.dtype == bool else s.to_numpy(dtype=bool, na_value=False)
    return pc.fill_null(s, False).to_numpy(zero_copy_only=False)


def _in(s: pd.Series, values) -> np.ndarray:
    value_set = pa.array([str(v) for v in values], type=pa.string())
    return _mask(map_values(arrow_column(s), lambda a: pc.is_in(a, value_set=value_set)))


def _given(a: pa.Array) -> pa.Array:
    return pc.and_kleene(pc.is_valid(a), pc.not_equal(a, ""))


def _distinct(arr: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """(the column's distinct texts, each row's code: the position of its text, ``len(texts)`` where the cell
    is missing). A dictionary column has both already; a plain one is hashed once."""
    if pa.types.is_dictionary(arr.type):
        values = arr.dictionary
        codes = pc.fill_null(arr.indices, pa.scalar(len(values), arr.indices.type)) if arr.null_count else arr.indices
    else:
        values = pc.unique(pc.drop_null(arr))
        codes = pc.fill_null(pc.index_in(arr, value_set=values), len(values))
    return values, codes.to_numpy(zero_copy_only=False)


def _per_value(values: pa.Array, fn) -> np.ndarray:
    """fn of each text (object array), with None for a missing text and one more None at the end: the
    result of the code ``len(values)`` that stands for a missing cell."""
    results = np.empty(len(values) + 1, dtype=object)
    results[:-1] = [None if v is None else fn(v) for v in values.to_pylist()]
    results[-1] = None
    return results


def _texts(arr: pa.Array | pa.ChunkedArray, rows: np.ndarray) -> list:
    """``arr[rows]`` as Python values, ``rows`` ascending. A chunked array is taken from chunk by chunk:
    pyarrow's take on a chunked array first concatenates all of it."""
    if isinstance(arr, pa.Array):
        return pc.take(arr, rows).to_pylist()
    starts = np.cumsum([0] + [len(c) for c in arr.chunks])
    chunk_of = np.searchsorted(starts, rows, side="right") - 1
    values = []
    for k in np.unique(chunk_of).tolist():
        in_chunk = rows[chunk_of == k] - starts[k]
        values += pc.take(arr.chunk(k), in_chunk).to_pylist()
    return values


def per_distinct(s: pd.Series, fn) -> np.ndarray:
    """fn applied once per distinct text of the column, spread back over the rows (object array; None where
    the cell is missing)."""
    values, codes = _distinct(arrow_column(s))
    return _per_value(values, fn)[codes]


class _Emitter:
    """Problems for flagged rows, each at the line of the field it names (YAML) or of its row (CSV)."""

    def __init__(self, facts: pd.DataFrame):
        self.facts = facts
        self.problems: list[Problem] = []

    def value(self, column: str, i: int):
        v = self.facts[column].iat[i]
        return None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v

    def raw_repr(self, column: str, i: int) -> str:
        """How the curator wrote it: the YAML value's repr, or the CSV cell's text."""
        reprs = self.facts["raw_repr"].iat[i]
        return reprs[column] if isinstance(reprs, dict) else repr(self.value(column, i))

    def add(self, mask: np.ndarray, field: str, code: str, message) -> None:
        """``message(i)`` makes the text for flagged row i."""
        for i in map(int, np.flatnonzero(mask)):
            lines = self.facts["field_lines"].iat[i]
            line = lines.get(field, self.facts["line"].iat[i]) if isinstance(lines, dict) else self.facts["line"].iat[i]
            self.problems.append(Problem(self.facts["file"].iat[i], int(line), field, code, message(i)))


class _Given(dict):
    """field -> mask of the rows where it is given (not missing, not empty), each made when a rule first asks."""

    def __init__(self, facts: pd.DataFrame):
        super().__init__()
        self.facts = facts

    def __missing__(self, field: str) -> np.ndarray:
        mask = self[field] = _mask(map_values(arrow_column(self.facts[field]), _given))
        return mask


def fact_problems(facts: pd.DataFrame, ctx: References) -> tuple[list[Problem], np.ndarray]:
    """Every problem of every fact row, and the line of its clean source each quote starts on (int32, one per
    row; -1 where the quote is not there). ``ctx``: what ids are looked up in."""
    if facts.empty:
        return [], np.zeros(0, dtype=np.int32)
    facts = facts.reset_index(drop=True)
    out = _Emitter(facts)
    v = out.value
    given = _Given(facts)
    quote_checked = given["quote"] & _in(facts["source_id"], ctx.sources)
    quote_lines = _find_quotes(facts, out, ctx, quote_checked)

    for k in FACT_REQUIRED:
        missing = ~facts["period_given"].to_numpy() if k == "period" else ~given[k]
        out.add(missing, k, "required", lambda i: "required field is missing or empty")
    _review_rules(facts, out)

    indicators, programs = ctx.indicators, ctx.programs
    known_indicator = _in(facts["indicator"], indicators)
    out.add(given["indicator"] & ~known_indicator, "indicator", "unknown-reference",
            lambda i: f"indicator '{v('indicator', i)}' is not in registries/indicators/*.csv")
    out.add(given["program"] & ~_in(facts["program"], programs), "program", "unknown-reference",
            lambda i: f"program '{v('program', i)}' is not in programs.csv")

    unit_known = _in(facts["unit"], UNITS)
    out.add(given["unit"] & ~unit_known, "unit", "unknown-unit", lambda i: f"unit '{v('unit', i)}' is not one of {', '.join(UNITS)}")
    # Compared as codes: each distinct indicator's registry unit as a code of the column's distinct units (-1: none
    # of them; ``none``: no indicator or unit to compare, as a missing cell), so no text column is made per row.
    indicator_values, indicator_codes = _distinct(arrow_column(facts["indicator"]))
    unit_values, unit_codes = _distinct(arrow_column(facts["unit"]))
    none = len(unit_values)
    unit_code = {u: k for k, u in enumerate(unit_values.to_pylist())}
    registry_unit = np.array([unit_code.get(indicators[i]["unit"], -1) if i in indicators and indicators[i]["unit"] else none
                              for i in indicator_values.to_pylist()] + [none], dtype=np.int32)
    expected_unit = registry_unit[indicator_codes]
    unit_differs = (expected_unit != unit_codes) & (expected_unit != none) & (unit_codes != none)
    del expected_unit
    out.add(unit_known & known_indicator & unit_differs, "unit", "indicator-unit-mismatch",
            lambda i: f"indicator '{v('indicator', i)}' is measured in {indicators[v('indicator', i)]['unit']}, not {v('unit', i)}")

    out.add(given["status"] & ~_in(facts["status"], STATUSES), "status", "enum",
            lambda i: f"'{v('status', i)}' is not one of {', '.join(sorted(STATUSES))}")
    out.add(_mask(facts["basis"].notna()) & ~_in(facts["basis"], BASES), "basis", "enum",
            lambda i: f"'{v('basis', i)}' is not one of {', '.join(sorted(BASES))}")
    out.add(facts["negative_bad"].to_numpy(), "negative", "type", lambda i: "must be true or false")
    qualifier_given = _mask(facts["qualifier"].notna())
    qualifier_known = _in(facts["qualifier"], QUALIFIERS)
    out.add(qualifier_given & ~qualifier_known, "qualifier", "enum",
            lambda i: f"'{v('qualifier', i)}' is not one of {' '.join(QUALIFIERS)}")

    # Each group of rules makes and drops columns of temporaries, handed back to the system after it.
    for rules in (lambda: _period_rules(facts, out), lambda: _value_rules(facts, out, given, unit_known),
                  lambda: _figure_in_quote_rules(facts, out, given, quote_checked, qualifier_given, qualifier_known)):
        rules()
        return_freed_heap()
    out.problems += duplicate_key_problems(facts, ctx)
    return out.problems, quote_lines


def _review_rules(facts: pd.DataFrame, out: _Emitter) -> None:
    """A draft entry is published only once a curator has set ``review: reviewed``."""
    review = facts["review"]
    given = facts["review_given"].to_numpy()
    pending = _in(review, ["pending"])
    reviewed = _in(review, [REVIEWED])
    out.add(given & pending, "review", "draft-not-reviewed", lambda i: "draft entry not reviewed: set review: reviewed or delete it")
    out.add(given & ~pending & ~reviewed, "review", "enum", lambda i: f"'{out.value('review', i)}' is not one of pending, reviewed")
    out.add(facts["confidence_bad"].to_numpy(), "confidence", "type",
            lambda i: f"confidence {out.raw_repr('confidence', i)} is not a number from 0 to 1")


def _period_rules(facts: pd.DataFrame, out: _Emitter) -> None:
    given = facts["period_given"].to_numpy()
    shape_ok = facts["period_shape_ok"].to_numpy()
    out.add(given & ~shape_ok, "period", "shape", lambda i: "must be a mapping {kind, start, end}")
    checked = given & shape_ok
    out.add(checked & ~_in(facts["period_kind"], PERIOD_KINDS), "period", "enum",
            lambda i: f"period kind '{out.value('period_kind', i)}' is not one of {', '.join(sorted(PERIOD_KINDS))}")
    # Each distinct text parsed once (None where it is missing or not an ISO date); a row is just its code.
    start_values, start_codes = _distinct(arrow_column(facts["period_start"]))
    end_values, end_codes = _distinct(arrow_column(facts["period_end"]))
    start_dates, end_dates = _per_value(start_values, parse_date), _per_value(end_values, parse_date)
    no_start = np.equal(start_dates, None)[start_codes]
    no_end = np.equal(end_dates, None)[end_codes]
    out.add(checked & no_start, "period", "date",
            lambda i: f"period start '{out.value('period_start', i)}' is not an ISO date (YYYY-MM-DD)")
    out.add(checked & no_end, "period", "date",
            lambda i: f"period end '{out.value('period_end', i)}' is not an ISO date (YYYY-MM-DD)")

    def days(dates: np.ndarray) -> np.ndarray:
        return np.array([0 if d is None else d.toordinal() for d in dates], dtype=np.int32)

    reversed_ = checked & ~no_start & ~no_end & (days(start_dates)[start_codes] > days(end_dates)[end_codes])
    out.add(reversed_, "period", "date-order",
            lambda i: f"period start {start_dates[start_codes[i]]} is after end {end_dates[end_codes[i]]}")


def _readings(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(number × multiplier, readable, Written or None) for each of the distinct written figures ``arr``, and
    at the end those of a missing one (NaN, False, None): index them with the codes of ``_distinct``. Arabic
    figures are read once per shape; anything else (Chinese numerals, 百分之, a leading qualifier) once per text."""
    parts = pc.extract_regex(arr, ARABIC_FIGURE)
    prefix, digits_text, rest = (pc.struct_field(parts, k) for k in ("prefix", "digits", "rest"))
    arabic = _mask(pc.is_valid(digits_text))
    shape = pc.binary_join_element_wise(pc.fill_null(prefix, ""), "1", pc.fill_null(rest, ""), "")
    shape = pc.if_else(pa.array(arabic), shape, pa.scalar(None, pa.string()))
    readings = per_distinct(pd.Series(shape, dtype=pd.ArrowDtype(pa.string())), parse_written)
    others = ~arabic & _mask(pc.and_(pc.is_valid(arr), pc.not_equal(arr, "")))
    if others.any():
        readings[others] = [parse_written(t) for t in arr.filter(pa.array(others)).to_pylist()]
    digits = pc.cast(digits_text, pa.float64()).to_numpy(zero_copy_only=False)
    readable = np.fromiter((r is not None for r in readings), dtype=bool, count=len(readings))
    multiplier = np.fromiter((np.nan if r is None else r.multiplier for r in readings), dtype=float, count=len(readings))
    number = np.where(arabic, digits * multiplier, np.nan)
    rows = np.flatnonzero(others & readable)
    number[rows] = [readings[i].number * readings[i].multiplier for i in rows]
    return np.append(number, np.nan), np.append(readable, False), np.append(readings, None)


def _value_rules(facts: pd.DataFrame, out: _Emitter, given: dict, unit_known: np.ndarray) -> None:
    v = out.value
    numeric = facts["value_is_number"].to_numpy()
    out.add(given["value"] & ~numeric, "value", "type", lambda i: f"value {out.raw_repr('value', i)} is not a number")

    # Each distinct written figure is read once; a row is just the code of its text.
    written_values, written_codes = _distinct(arrow_column(facts["value_as_written"]))
    numbers, readables, readings = _readings(written_values)
    readable = readables[written_codes]
    out.add(given["value_as_written"] & ~readable, "value_as_written", "unreadable",
            lambda i: f"no number can be read from '{v('value_as_written', i)}'")
    negative = facts["negative_true"].to_numpy()
    value_num = facts["value_num"].to_numpy(dtype=float)

    def expected(rows: slice) -> np.ndarray:
        """The number written, negated where the fact is negative."""
        number = numbers[written_codes[rows]]
        return np.negative(number, out=number, where=negative[rows])

    # |value - expected| <= 1e-9 * max(1, |value|, |expected|) (numbers.values_equal), a slice of rows at a time:
    # over a whole national table the float temporaries took ~55 MB, the build's peak.
    equal = np.empty(len(facts), dtype=bool)
    with np.errstate(invalid="ignore"):
        for start in range(0, len(facts), EQUALITY_SLICE):
            rows = slice(start, start + EQUALITY_SLICE)
            want, have = expected(rows), value_num[rows]
            scale = np.maximum(np.abs(have), np.abs(want))
            np.maximum(1.0, scale, out=scale)
            equal[rows] = np.abs(have - want) <= scale * 1e-9
    out.add(readable & numeric & ~equal, "value", "value-mismatch",
            lambda i: f"value {v('value', i)} does not equal '{v('value_as_written', i)}' normalised ({expected(slice(i, i + 1))[0]:g})")
    del equal

    unit_values, unit_codes = _distinct(arrow_column(facts["unit"]))
    units = unit_values.to_pylist() + [None]
    # unit_agrees depends only on the reading's unit word and the unit (the unit a word expects is read from
    # the word): it is worked out once for every pair of a distinct word and a distinct unit, a small table,
    # and each checked row looks its pair up (no per-row keys to sort: they took ~90 MB of a national table).
    word_codes, words = pd.factorize(np.array([None if r is None else r.unit_word for r in readings], dtype=object))
    reading_of_word = [readings[i] for code, i in zip(*np.unique(word_codes, return_index=True)) if code >= 0]
    agrees = np.array([[unit is not None and unit_agrees(reading, unit) for unit in units] for reading in reading_of_word],
                      dtype=bool).reshape(len(words), len(units))
    checked = readable & unit_known
    disagree = np.zeros(len(facts), dtype=bool)
    disagree[checked] = ~agrees[word_codes.astype(np.int32)[written_codes[checked]], unit_codes[checked]]
    del checked
    out.add(disagree, "unit", "unit-mismatch",
            lambda i: f"'{v('value_as_written', i)}' is written in '{readings[written_codes[i]].unit_word}', "
                      f"which does not fit unit {units[unit_codes[i]]}")

    unit = facts["unit"]
    for name, (lo, hi) in BOUNDS.items():
        outside = numeric & _in(unit, [name]) & ~((value_num >= lo) & (value_num <= hi))
        out.add(outside, "value", "out-of-bounds",
                lambda i, lo=lo, hi=hi: f"{v('value', i)} {units[unit_codes[i]]} is outside the plausible range {lo:g}..{hi:g}")
    below_zero = numeric & _in(unit, NON_NEGATIVE) & (value_num < 0)  # NaN is not below zero
    out.add(below_zero, "value", "out-of-bounds", lambda i: f"{v('value', i)} {units[unit_codes[i]]} cannot be negative")


def _find_quotes(facts: pd.DataFrame, out: _Emitter, ctx: References, checked: np.ndarray) -> np.ndarray:
    """Each checked row's quote looked for in its source's clean text: the only rule that reads the texts.
    Returns the line each quote starts on (-1 where it is not there)."""
    v = out.value
    lines = np.full(len(facts), -1, dtype=np.int32)
    # Quotes become Python strings one source at a time (1.7 million at once would take ~200 MB).
    quotes = arrow_column(facts["quote"])
    source_ids, codes = _distinct(arrow_column(facts["source_id"]))
    # Each source's rows in file order: a table's rows are usually grouped by source already (then each
    # source is a run of rows); else the checked rows are sorted by source.
    grouped = bool((codes[1:] >= codes[:-1]).all())
    if grouped:
        bounds = np.searchsorted(codes, np.arange(len(source_ids) + 1))
    else:
        checked_rows = np.flatnonzero(checked)
        source_codes = codes[checked_rows]
        order = np.argsort(source_codes, kind="stable")
        bounds = np.searchsorted(source_codes[order], np.arange(len(source_ids) + 1))
    for code, sid in enumerate(source_ids.to_pylist()):
        lo, hi = int(bounds[code]), int(bounds[code + 1])
        rows = np.flatnonzero(checked[lo:hi]) + lo if grouped else checked_rows[order[lo:hi]]
        if not len(rows):
            continue
        finder = QuoteFinder(ctx.sources[sid].clean_text)
        lines[rows] = finder.lines([finder.find(q) for q in _texts(quotes, rows)])
    out.add(checked & (lines < 0), "quote", "quote-not-in-source",
            lambda i: f"quote is not found verbatim in clean/{v('source_id', i)}.txt")
    return lines


def _figure_in_quote_rules(facts: pd.DataFrame, out: _Emitter, given: dict, checked: np.ndarray,
                           qualifier_given: np.ndarray, qualifier_known: np.ndarray) -> None:
    """The written figure is in its quote, a qualifier next to it is recorded, a recorded one is there."""
    v = out.value
    quotes = arrow_column(facts["quote"])
    rows = row_checks(facts)
    absent = checked & given["value_as_written"] & rows["absent"]
    out.add(absent, "value_as_written", "number-not-in-quote", lambda i: f"'{v('value_as_written', i)}' is not in the quote")

    # Python reads the words around a figure only where a qualifier character stands next to it.
    candidates = np.flatnonzero(checked & given["value_as_written"] & ~absent & ~qualifier_given & rows["qualifier_near"])
    found_word: dict[int, str] = {}
    for i, q, w in zip(candidates.tolist(), _texts(quotes, candidates),
                       _texts(arrow_column(facts["value_as_written"]), candidates)):
        word = _qualifier_next_to(q, w) or next((x for x in QUALIFIERS if x in w), None)
        if word:
            found_word[i] = word
    dropped = np.zeros(len(facts), dtype=bool)
    dropped[list(found_word)] = True
    out.add(dropped, "qualifier", "qualifier-dropped",
            lambda i: f"the quote qualifies the figure with '{found_word[i]}'; record it in 'qualifier'")
    missing = checked & qualifier_given & qualifier_known & rows["qualifier_absent"]
    out.add(missing, "qualifier", "qualifier-not-in-quote", lambda i: f"qualifier '{v('qualifier', i)}' is not in the quote")


def _qualifier_next_to(quote: str, written: str) -> str | None:
    """A qualifier word touching the written figure in the quote (超过300万元, 3000余家, 50%以上)."""
    start = quote.find(written)
    while start >= 0:
        q = qualifier_touching(quote[:start], quote[start + len(written):])
        if q:
            return q
        start = quote.find(written, start + 1)
    return None


def _key_codes(values: pa.Array, codes: np.ndarray, missing: str | None = None) -> np.ndarray:
    """A code per row (from ``_distinct``) made canonical: equal texts get equal codes, and a missing cell
    equals another missing one (or the text ``missing`` when it is given: scope's '' and none are one key)."""
    values = pa.concat_arrays([values.cast(pa.string()), pa.array([missing], type=pa.string())])
    canonical = pc.index_in(values, value_set=pc.unique(values)).to_numpy(zero_copy_only=False).astype(np.int64)
    return canonical[codes]


def duplicate_key_problems(facts: pd.DataFrame, ctx: References) -> list[Problem]:
    """(locality, indicator, period, scope) is unique: the first fact keeps it, each later one is a problem.
    Each key part is an integer code per row (equal codes, equal texts); the parts are folded into one
    integer per row (a national table has millions of keys: six strings each would cost hundreds of MB in a
    hash table), and one sort of those integers says whether any repeats; only then are the pairs found."""
    localities = {sid: s.record.get("locality") for sid, s in ctx.sources.items()}
    sources, source_codes = _distinct(arrow_column(facts["source_id"]))
    known = pa.array(list(localities), type=pa.string())
    # A fact's locality is its source's, or the source id itself when the source is unknown.
    locality = pc.coalesce(pc.take(pa.array(list(localities.values()), type=pa.string()), pc.index_in(sources, value_set=known)), sources)
    key = _key_codes(locality, source_codes)
    for c in ("indicator", "period_kind", "period_start", "period_end", "scope"):
        part = _key_codes(*_distinct(arrow_column(facts[c])), missing="" if c == "scope" else None)
        width = int(part.max()) + 1
        if (int(key.max()) + 1) * width >= 2**62:  # the folded codes would overflow: make them dense first
            key = pd.factorize(key)[0]
        key *= width
        key += part
        del part
    ordered = np.sort(key)
    if not len(ordered) or (ordered[1:] != ordered[:-1]).all():
        return []  # the usual case, decided by one sort
    del ordered
    # A key's first row: equal keys side by side in row order (a stable sort), the first of each run.
    order = np.argsort(key, kind="stable")
    run_starts = np.flatnonzero(np.r_[True, key[order[1:]] != key[order[:-1]]])
    first_row = np.empty_like(order)
    first_row[order] = np.repeat(order[run_starts], np.diff(np.r_[run_starts, len(order)]))
    later = np.flatnonzero(first_row != np.arange(len(key)))
    pairs = zip(later.tolist(), first_row[later].tolist())
    ids, files, lines = facts["id"], facts["file"], facts["line"]
    return [
        Problem(files.iat[i], int(lines.iat[i]), "id", "duplicate-fact-key",
                f"fact '{ids.iat[i]}' has the same locality, indicator, period and scope as '{ids.iat[j]}' "
                f"({files.iat[j]}:{lines.iat[j]}); give one a distinct scope")
        for i, j in pairs
    ]
