"""What the writer puts in the staging tables besides the facts: the registries, the sources with their
clean texts and lines, the corrections (``registry_frames``); and the typed columns it derives from the fact
table's text (ISO dates as dates, the kind of bound a qualifier makes, the decimals a figure is written
with), each worked out once per distinct text of a dictionary-encoded column and spread over the rows."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.facts.dataset import Dataset
from pipelines.facts.table import map_values, return_freed_heap
from pipelines.numbers import QUALIFIERS

# Clean texts go to DuckDB this many characters at a time, as UTF-8 made here: Arrow
# converting a Python str keeps a UTF-8 copy inside the str for its lifetime (123 MB more for a national set).
TEXT_BATCH_CHARS = 4_000_000


def iso_dates(text: pa.Array) -> pa.Array:
    """ISO dates, parsed as validation parsed them (``date.fromisoformat``), once per distinct text."""
    def parse(values: pa.Array) -> pa.Array:
        distinct = pc.unique(values)
        dates = pa.array([dt.date.fromisoformat(v) for v in distinct.to_pylist()], type=pa.date32())
        return pc.take(dates, pc.index_in(values, value_set=distinct))

    return map_values(text, parse)


def bounds(qualifier: pa.Array) -> pa.Array:
    """The kind of bound each qualifier makes (exact without one), dictionary-encoded."""
    words = pa.array(list(QUALIFIERS), type=pa.string())
    kinds = pa.array([*QUALIFIERS.values(), "exact"], type=pa.string())
    codes = map_values(qualifier, lambda values: pc.index_in(values, value_set=words))
    return pa.DictionaryArray.from_arrays(pc.fill_null(codes, len(words)).cast(pa.int32()), kinds)


def decimals(written: pa.Array) -> pa.Array:
    """Digits after the decimal point of the first number written (2 for "3.52亿元")."""
    def digits(values: pa.Array) -> pa.Array:
        parts = pc.extract_regex(values, r"(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")
        return pc.utf8_length(pc.struct_field(parts, "frac"))

    return pc.fill_null(map_values(written, digits), 0).cast(pa.int32())


def fill_null_text(text: pa.Array, fill: str) -> pa.Array:
    """Missing cells as ``fill``, keeping a dictionary column dictionary-encoded."""
    if pa.types.is_dictionary(text.type):
        dictionary = pa.concat_arrays([text.dictionary, pa.array([fill], type=text.dictionary.type)])
        indices = pc.fill_null(text.indices.cast(pa.int32()), len(text.dictionary))
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    return pc.fill_null(text, fill)


def registry_frames(ds: Dataset, release_texts: bool = False) -> Iterator[tuple[str, pd.DataFrame | pa.Table]]:
    """(table name, rows) of the registries, the sources with their clean texts and the corrections, each built
    only when the previous one has been written (so only one is in memory). A name can come more than once:
    its rows in batches.
    ``release_texts``: each source's clean text is let go from ``ds`` once its batch is written."""
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
    for batch in _text_batches(ds.sources):
        yield "stg_sources", _sources_table(ds, batch)
        if release_texts:
            for source in batch:
                source.clean_text = ""
            return_freed_heap()
    corr_rows = [{"source_id": s.id, "seq": i, "damaged": c.damaged, "repair": c.repair, "reason": c.reason}
                 for s in ds.sources for i, c in enumerate(s.corrections, 1)]
    yield "stg_corrections", pd.DataFrame(corr_rows, columns=["source_id", "seq", "damaged", "repair", "reason"])


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


def _sources_table(ds: Dataset, sources: list) -> pa.Table:
    """stg_sources rows of these sources, with their clean texts (stg_source_lines is a view that splits them:
    sql/staging_views.sql)."""
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
    return pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False).append_column("clean_text", texts)
