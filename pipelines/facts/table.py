"""Curated facts as one table, whichever file they came from.

Facts are written either as YAML entries (``curated/<source>.yaml``, ``facts:``) or as rows of a CSV
(``curated/<name>.facts.csv`` with the columns in ``FACT_CSV_COLUMNS``; a ``source`` column says which report each row
quotes, so one file can hold a whole statistical table). Both become rows of one DataFrame with the same
columns, so every rule is written once (``pipelines/validate/fact_rules.py``) and runs over a million facts as column
operations. Shape problems only one form can have (a YAML ``period`` that is not a mapping, a CSV header
without a required column) are found here and returned as data.
"""
from __future__ import annotations

import csv
import ctypes
import ctypes.util
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from pipelines.files.csv_table import MAX_CSV_BYTES, rows_with_lines
from pipelines.files.safe_open import Where, decode_utf8, read_bytes
from pipelines.files.strict_yaml import LineDict
from pipelines.problems import Problem

# The fact fields, flattened: a YAML ``period: {kind, start, end}`` is three columns here.
FACT_FIELDS = ["id", "indicator", "program", "scope", "scope_en", "period_kind", "period_start", "period_end",
               "value_as_written", "value", "unit", "status", "basis", "qualifier", "negative", "quote",
               "note_en", "note_zh", "review", "confidence"]
FACT_CSV_COLUMNS = ["id", "source", "indicator", "program", "scope", "scope_en", "period_kind", "period_start",
                    "period_end", "value_as_written", "value", "unit", "status", "basis", "qualifier", "negative",
                    "quote", "note_en", "note_zh"]
FACT_CSV_REQUIRED = ["id", "source", "indicator", "period_kind", "period_start", "period_end", "value_as_written",
                     "value", "unit", "status", "quote"]
INSTRUMENT_CSV_COLUMNS = ["id", "source", "name_zh", "name_en", "category", "program", "quote", "note_en"]
INSTRUMENT_CSV_REQUIRED = ["id", "source", "name_zh", "name_en", "category", "quote"]
# Columns of the table besides the fact fields (which are all text, Arrow-backed, missing as NA, and
# dictionary-encoded where values repeat: see DICTIONARY_COLUMNS):
#   file, line, source_id: where the row came from;
#   field_lines: {field: line} for YAML entries (each field has its own line); missing for CSV rows;
#   period_given: the fact has a period at all; period_shape_ok: it is a {kind, start, end} mapping;
#   value_num: the value as a number (NaN when it is not one); value_is_number;
#   negative_true, negative_bad (given but not a boolean), confidence_bad (given but not a number 0..1);
#   review_given: the entry has a review key; raw_repr: {field: repr} of YAML values the messages quote
#   (missing for CSV rows). A table of CSV rows only holds these two as Arrow null columns, which take no
#   memory (a column of None would take 8 bytes a row).
ORIGIN_COLUMNS = ["file", "line", "source_id", "field_lines", "period_given", "period_shape_ok"]
TYPED_COLUMNS = ["value_num", "value_is_number", "negative_true", "negative_bad", "confidence_bad", "review_given", "raw_repr"]
TABLE_COLUMNS = FACT_FIELDS + ORIGIN_COLUMNS + TYPED_COLUMNS
TEXT = pd.ArrowDtype(pa.string())
# Text columns whose values repeat from row to row (a registry id, a unit, a date, a file name) are
# dictionary-encoded: each distinct text is held once and every row holds a small integer code. A national
# table then takes ~260 MB instead of ~480 MB, and a rule that reads a value (is it a known unit? an ISO date?)
# runs once per distinct value. Only id and quote are (nearly) unique per fact and stay plain text.
DICTIONARY_COLUMNS = [f for f in FACT_FIELDS if f not in ("id", "quote")] + ["file", "source_id"]
DICTIONARY = pa.dictionary(pa.int32(), pa.string())  # while reading; concat_tables narrows the codes
CSV_TRUE, CSV_FALSE = {"true", "TRUE", "True"}, {"false", "FALSE", "False"}


def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _malloc_trim()


def can_return_freed_heap() -> bool:
    return _MALLOC_TRIM is not None


def return_freed_heap() -> None:
    """Give the memory freed in C's heap back to the system. Texts and bytes of a few kB to a few MB (a report,
    its clean text, their temporaries, the buffers Arrow parses a file into) live in the heap, which keeps what
    is freed between live blocks: after the sources of a national dataset are read and cleaned, ~120 MB of it.
    glibc's malloc_trim returns those pages (a pass over the heap, milliseconds); elsewhere nothing is done.
    The build calls it after each stage that frees much."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def empty_table() -> pd.DataFrame:
    return _typed_frame(pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_COLUMNS}))


_BOOL_COLUMNS = ("period_given", "period_shape_ok", "value_is_number", "negative_true", "negative_bad",
                 "confidence_bad", "review_given")


def _typed_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table's column types; columns already of their type are taken as they are (no copy). A dictionary
    column may have codes of any width (``narrow_dictionary``)."""
    types = {"id": TEXT, "quote": TEXT, **dict.fromkeys(DICTIONARY_COLUMNS, pd.ArrowDtype(DICTIONARY)),
             "line": np.dtype("int32"), "value_num": np.dtype("float64"), **dict.fromkeys(_BOOL_COLUMNS, np.dtype(bool))}
    return pd.DataFrame({c: df[c] if c not in types or _is_type(df[c].dtype, types[c]) else _as_type(df[c], types[c])
                         for c in TABLE_COLUMNS}, index=df.index)


def _is_type(dtype, wanted) -> bool:
    if wanted == pd.ArrowDtype(DICTIONARY):
        return (isinstance(dtype, pd.ArrowDtype) and pa.types.is_dictionary(dtype.pyarrow_dtype)
                and dtype.pyarrow_dtype.value_type == pa.string())
    return dtype == wanted


def _as_type(s: pd.Series, dtype) -> pd.Series:
    if dtype == pd.ArrowDtype(DICTIONARY):
        # pandas cannot cast an object column to a dictionary type itself.
        arr = pa.array(s.to_numpy(dtype=object, na_value=None), type=pa.string(), from_pandas=True).dictionary_encode()
        return _series(arr, s.index)
    return s.astype(dtype)


def _series(arr: pa.Array | pa.ChunkedArray, index=None) -> pd.Series:
    """An Arrow array as a pandas column, without a copy."""
    return pd.Series(pd.arrays.ArrowExtensionArray(arr), index=index, copy=False)


def concat_tables(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One table from the files' tables, built column by column. Consumes ``tables``: each part's column is
    released as soon as it is copied, so the peak is the whole table plus one column, not twice the table.
    Each dictionary column gets one dictionary and the narrowest codes that hold it (int8 for a unit or a
    file name): a national table's repetitive columns then cost 1.7 MB each. Every column ends in one chunk:
    DuckDB reads a table of single-chunk columns about a third faster than one chunked per file."""
    parts = [{c: t[c] for c in TABLE_COLUMNS} for t in tables if len(t)]
    tables.clear()
    if not parts:
        return empty_table()
    columns = {}
    for c in TABLE_COLUMNS:
        pieces = [p.pop(c) for p in parts]
        if all(_is_type(s.dtype, pd.ArrowDtype(DICTIONARY)) for s in pieces):
            # Each file's codes as wide as its own dictionaries need; widened to be combined into one.
            arr = pa.chunked_array([chunk if chunk.type == DICTIONARY else chunk.cast(DICTIONARY)
                                    for s in pieces for chunk in _chunked(s).chunks], type=DICTIONARY)
            del pieces
            columns[c] = _series(narrow_dictionary(arr.combine_chunks()))
        elif all(s.dtype == TEXT for s in pieces):  # id and quote: nearly every text differs
            chunks = [chunk for s in pieces for chunk in _chunked(s).chunks]
            del pieces
            columns[c] = _series(_concat_text(chunks))
        elif len({s.dtype for s in pieces}) == 1 and isinstance(pieces[0].dtype, pd.ArrowDtype):
            arr = pa.chunked_array([chunk for s in pieces for chunk in _chunked(s).chunks], type=pieces[0].dtype.pyarrow_dtype)
            del pieces
            arr = arr.combine_chunks()
            columns[c] = _series(narrow_dictionary(arr) if pa.types.is_dictionary(arr.type) else arr)
        else:  # NumPy columns, or YAML mappings beside the null column of CSV rows
            columns[c] = pd.Series(np.concatenate([s.to_numpy(dtype=object, na_value=None) if isinstance(s.dtype, pd.ArrowDtype)
                                                   else s.to_numpy() for s in pieces]), copy=False)
            del pieces
        return_freed_heap()  # the column's parts, released as it was made
    return pd.DataFrame(columns, copy=False)


def _concat_text(chunks: list[pa.Array]) -> pa.Array:
    """One string array of ``chunks``, which it consumes: each chunk is released as soon as it is copied, so a
    national quote column (117 MB) is never held twice, as Arrow's concatenation would hold it."""
    def own_offsets(chunk: pa.Array) -> np.ndarray:
        return np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset:chunk.offset + len(chunk) + 1]

    spans = [(int(own_offsets(chunk)[0]), int(own_offsets(chunk)[-1])) if len(chunk) else (0, 0) for chunk in chunks]
    total = sum(end - start for start, end in spans)
    if total >= 2**31:  # beyond 32-bit offsets: Arrow's own concatenation says so
        return pa.concat_arrays(chunks)
    n, null_count = sum(len(chunk) for chunk in chunks), sum(chunk.null_count for chunk in chunks)
    data, offsets = pa.allocate_buffer(total), pa.allocate_buffer(4 * (n + 1))
    data_np, offsets_np = np.frombuffer(data, dtype=np.uint8), np.frombuffer(offsets, dtype=np.int32)
    valid = np.ones(n, dtype=bool) if null_count else None
    row = at = freed = 0
    offsets_np[0] = 0
    for k, (start, end) in enumerate(spans):
        chunk, chunks[k] = chunks[k], None
        length = len(chunk)
        if length:
            data_np[at:at + end - start] = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[start:end]
            offsets_np[row + 1:row + length + 1] = own_offsets(chunk)[1:] - start + at
            if valid is not None and chunk.null_count:
                valid[row:row + length] = chunk.is_valid().to_numpy(zero_copy_only=False)
        del chunk
        row, at, freed = row + length, at + end - start, freed + end - start
        if freed >= 1 << 23:  # the chunks copied so far go back to the system as the copy grows
            return_freed_heap()
            freed = 0
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if valid is not None else None
    return pa.Array.from_buffers(pa.string(), n, [bitmap, offsets, data], null_count)


def _chunked(s: pd.Series) -> pa.ChunkedArray:
    arr = pa.array(s.array)
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def narrow_dictionary(arr: pa.DictionaryArray) -> pa.DictionaryArray:
    """The same dictionary array with the narrowest signed codes that index its dictionary."""
    n = len(arr.dictionary)
    index = pa.int8() if n <= 127 else pa.int16() if n <= 32767 else pa.int32()
    return arr if arr.type.index_type == index else arr.cast(pa.dictionary(index, arr.type.value_type))


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# Draft-only guesses that a curator replaces with registry ids before the entry can be published.
DRAFT_ONLY_FIELDS = {"indicator_guess": "indicator", "category_guess": "indicator"}
_YAML_KEYS = (set(FACT_FIELDS) - {"period_kind", "period_start", "period_end"}) | {"period"}


def from_yaml_entries(entries: list[LineDict], file: str, source_id: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per YAML fact entry; values keep their YAML types (the rules check them). Problems: keys that
    are not fact fields, draft guesses left in, and lists or mappings where a single value belongs."""
    rows, problems = [], []
    for d in entries:
        for k in d:
            if k in DRAFT_ONLY_FIELDS:
                problems.append(Problem(file, d.line_of(k), str(k), "draft-field",
                                        f"draft guess left in: set '{DRAFT_ONLY_FIELDS[k]}' to a registry id and delete '{k}'"))
            elif k not in _YAML_KEYS:
                problems.append(Problem(file, d.line_of(k), str(k), "unknown-field", "unknown field"))
            elif k != "period" and isinstance(d[k], (list, dict)):
                problems.append(Problem(file, d.line_of(k), str(k), "shape", "must be a single value, not a list or mapping"))
        period = d.get("period")
        is_map = isinstance(period, dict)
        lines = dict(d.key_lines)
        # Every field is kept as text (a list or mapping where a single value belongs is reported above);
        # the typed columns say what the YAML value was.
        row = {f: _text(d[f]) for f in FACT_FIELDS if f in d}
        value, negative, confidence = d.get("value"), d.get("negative"), d.get("confidence")
        row.update(
            period_kind=_text(period.get("kind")) if is_map else None,
            period_start=_text(period.get("start")) if is_map else None,
            period_end=_text(period.get("end")) if is_map else None,
            file=file, line=d.line, source_id=source_id, field_lines=lines,
            period_given=period not in (None, ""), period_shape_ok=is_map,
            value_num=float(value) if _is_number(value) else float("nan"), value_is_number=_is_number(value),
            negative_true=negative is True, negative_bad=negative is not None and not isinstance(negative, bool),
            confidence_bad="confidence" in d and not (_is_number(confidence) and 0 <= confidence <= 1),
            review_given="review" in d,
            raw_repr={"value": repr(value), "confidence": repr(confidence)},
        )
        rows.append(row)
    return _typed_frame(pd.DataFrame(rows, columns=TABLE_COLUMNS)), problems


def _text(value) -> str | None:
    return None if value is None else str(value)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    return decode_utf8(raw, file, bom=True)


def _read_rows(path: Path, file: str, required: list[str], known: list[str], dictionary: tuple[str, ...] = (),
               root: Path | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The CSV as a frame of Arrow strings (an empty cell is missing, as an absent YAML key is; the columns in
    ``dictionary`` dictionary-encoded) with a ``line`` column, or None and the problems that stop it. ``root``:
    the dataset folder the file must be inside (its own folder by default)."""
    raw, problems = read_bytes(path, root, limit=MAX_CSV_BYTES, where=Where(file))
    if raw is None:
        return None, problems
    text, problems = _decode(raw[: raw.find(b"\n") if b"\n" in raw[:65536] else 65536], file)
    if text is None:
        return None, problems
    header = [h.strip() for h in next(csv.reader([text.removesuffix("\r")]), [])]
    if not any(header):
        return None, [Problem(file, 1, "header", "csv-empty", "file is empty")]
    problems = [Problem(file, 1, c, "csv-missing-column", f"required column '{c}' is missing") for c in required if c not in header]
    problems += [Problem(file, 1, c, "unknown-field", "unknown column") for c in header if c not in known]
    if problems:
        return None, problems
    # Arrow's reader is multi-threaded and exact for a well-formed file; on a malformed one, the csv module
    # names the line of every bad row.
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[3 if raw.startswith(b"\xef\xbb\xbf") else 0:]),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={c: DICTIONARY if c in dictionary else pa.string() for c in header},
                                                 strings_can_be_null=True,
                                                 null_values=[""], quoted_strings_can_be_null=True))
    except pa.ArrowInvalid:
        text, problems = _decode(raw, file)  # Arrow refuses bad UTF-8 too; the decoder names its line
        return None, problems or _row_shape_problems(text, file, len(header))
    # Each dictionary column in one chunk with one dictionary and the narrowest codes (the reader makes a
    # dictionary and int32 codes per block): a national table's files then take ~90 MB less until concat_tables.
    table = pa.table({c: narrow_dictionary(col.combine_chunks()) if pa.types.is_dictionary(col.type) else col
                      for c, col in zip(table.column_names, table.columns)})
    df = table.to_pandas(types_mapper=pd.ArrowDtype)
    # Line of each row: one line each, unless a quoted cell holds a line break or a blank line was skipped
    # (then the file has more lines than rows, and the csv module counts them).
    n_lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if n_lines == len(df) + 1:
        df["line"] = 2 + np.arange(len(df), dtype=np.int32)
    else:
        df["line"] = np.asarray(_row_lines(raw.decode("utf-8-sig"))[: len(df)], dtype=np.int32)
    return df, []


def _row_lines(text: str) -> list[int]:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    return [line for line, _ in rows_with_lines(reader)]


def _row_shape_problems(text: str, file: str, width: int) -> list[Problem]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems = []
    try:
        next(reader, None)
        for line, record in rows_with_lines(reader):
            if len(record) != width:
                problems.append(Problem(file, line, "row", "csv-row-shape", f"{len(record)} cells, header has {width}"))
    except csv.Error as exc:
        problems.append(Problem(file, reader.line_num, "row", "csv-syntax", str(exc)))
    return problems or [Problem(file, 0, "row", "csv-syntax", "the file cannot be read as CSV")]


def arrow_column(s: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A text column as Arrow data as it is stored, without a copy: a dictionary column as one dictionary
    array, a plain one as an array, or as a chunked array when it is in several chunks (a single file's
    frame; ``concat_tables`` leaves every column in one chunk). Combining it would copy it."""
    if isinstance(s.dtype, pd.ArrowDtype):
        arr = pa.array(s.array)
        if isinstance(arr, pa.ChunkedArray):
            if arr.num_chunks == 1:
                return arr.chunk(0)
            return arr.combine_chunks() if pa.types.is_dictionary(arr.type) else arr
        return arr
    return pa.array(s.to_numpy(dtype=object, na_value=None), type=pa.string())


def map_values(arr: pa.Array, fn) -> pa.Array:
    """``fn`` (an Arrow function of a string array, element-wise) over a text column: once per distinct value
    of a dictionary array, spread over its rows by their codes (a missing row gives null), or over the rows of
    a plain one."""
    if pa.types.is_dictionary(arr.type):
        return pc.take(fn(arr.dictionary), arr.indices)
    return fn(arr)


# A number in a CSV cell: plain decimal notation, as YAML writes one (no thousands separators, no "inf").
DECIMAL = r"^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$"


def decimal_numbers(text: pd.Series) -> pd.Series:
    """Cells that are decimal numbers as float64; NaN for the rest (the rules name those)."""
    def parse(values: pa.Array) -> pa.Array:
        ok = pc.fill_null(pc.match_substring_regex(values, DECIMAL), False)
        return pc.cast(pc.if_else(ok, values, pa.scalar(None, pa.string())), pa.float64())

    numbers = map_values(arrow_column(text), parse)
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def read_fact_csv(path: Path, file: str, root: Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    df, problems = _read_rows(path, file, FACT_CSV_REQUIRED, FACT_CSV_COLUMNS,
                              dictionary=tuple(c if c != "source_id" else "source" for c in DICTIONARY_COLUMNS), root=root)
    if df is None:
        return empty_table(), problems
    n = len(df)
    missing = _series(pa.nulls(n, pa.dictionary(pa.int8(), pa.string())), df.index)
    value_num = decimal_numbers(df["value"])
    negative = df["negative"] if "negative" in df.columns else missing
    period = df[["period_kind", "period_start", "period_end"]]
    out = pd.DataFrame({
        **{f: df[f] if f in df.columns else missing for f in FACT_FIELDS},
        "file": _series(pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int8)), pa.array([file])), df.index),
        "line": df["line"], "source_id": df["source"], "field_lines": _series(pa.nulls(n), df.index),
        "period_given": period.notna().any(axis=1), "period_shape_ok": True,
        "value_num": value_num, "value_is_number": value_num.notna(),
        "negative_true": negative.isin(CSV_TRUE).fillna(False),
        "negative_bad": (negative.notna() & ~negative.isin(CSV_TRUE | CSV_FALSE)).fillna(False),
        "confidence_bad": False, "review_given": df["review"].notna() if "review" in df.columns else False,
        "raw_repr": _series(pa.nulls(n), df.index),
    }, index=df.index)
    return _typed_frame(out), []


def read_instrument_csv(path: Path, file: str, root: Path | None = None) -> tuple[list[tuple[LineDict, str]], list[Problem]]:
    """Instrument rows as (mapping, source id) pairs, each mapping knowing its line, like YAML entries."""
    df, problems = _read_rows(path, file, INSTRUMENT_CSV_REQUIRED, INSTRUMENT_CSV_COLUMNS, root=root)
    if df is None:
        return [], problems
    # Column by column as Python lists (an empty cell is None): to_dict("records") boxes every Arrow scalar
    # row by row, ~5x slower over a national set's 8,500 instruments.
    fields = [c for c in df.columns if c not in ("line", "source")]
    columns = [arrow_column(df[c]).to_pylist() for c in fields]
    entries = []
    for line, source, values in zip(df["line"].tolist(), arrow_column(df["source"]).to_pylist(), zip(*columns)):
        d = LineDict({k: v for k, v in zip(fields, values) if v is not None})
        d.line = line
        d.key_lines = {}
        entries.append((d, source))
    return entries, []
