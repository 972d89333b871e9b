"""What the database promises, declared once as data: the column types of every staging table, and the grain
of every mart (dbt-style tests: unique key, not null, relationships, accepted values, row counts).

The writer creates each ``stg_*`` table from ``STAGING`` (no column is left to a default type), runs
``sql/marts.sql``, then ``check_marts`` runs every test of ``MARTS`` on the temp database, before the atomic
replace. Each failure is a ``Problem`` at the ``CREATE TABLE`` line of its mart in marts.sql, with its own
code (``grain-not-unique``, ``not-null``, ``relationship-broken``, ``value-not-accepted``,
``row-count-mismatch``, ``contract-mismatch``); the build prints them and leaves the old database untouched.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipelines.facts.dataset import Dataset
from pipelines.numbers import QUALIFIERS, UNITS
from pipelines.problems import Problem, problem
from pipelines.validate.fact_rules import BASES, PERIOD_KINDS, STATUSES
from pipelines.validate.rules import LEVELS

# Every staging table, column by column, in its order, with its DuckDB type. Text is VARCHAR; numbers,
# dates and booleans have their own types.
_TEXT = "VARCHAR"
_REGISTRY_LABELS = {"name_zh": _TEXT, "name_en": _TEXT}
STAGING: dict[str, dict[str, str]] = {
    "stg_provinces": {"province_id": _TEXT, **_REGISTRY_LABELS},
    "stg_localities": {"locality_id": _TEXT, **_REGISTRY_LABELS, "province_id": _TEXT, "parent_city_zh": _TEXT,
                       "parent_city_en": _TEXT, "level": _TEXT},
    "stg_programs": {"program_id": _TEXT, **_REGISTRY_LABELS, "gloss_en": _TEXT},
    "stg_indicator_categories": {"category_id": _TEXT, **_REGISTRY_LABELS, "description_en": _TEXT},
    "stg_instrument_categories": {"category_id": _TEXT, **_REGISTRY_LABELS, "description_en": _TEXT},
    "stg_comparison_groups": {"group_id": _TEXT, **_REGISTRY_LABELS, "description_en": _TEXT},
    "stg_indicators": {"indicator_id": _TEXT, **_REGISTRY_LABELS, "category_id": _TEXT, "unit": _TEXT,
                       "comparison_group": _TEXT, "defined_in": _TEXT},
    "stg_sources": {
        "source_id": _TEXT, "locality_id": _TEXT, "program_id": _TEXT, "campaign_as_written": _TEXT, "script": _TEXT,
        "title_zh": _TEXT, "title_en": _TEXT, "publisher_zh": _TEXT, "publisher_en": _TEXT,
        "published": "DATE", "published_as_written": _TEXT, "period_start": "DATE", "period_end": "DATE",
        "period_note_zh": _TEXT, "period_note_en": _TEXT, "raw_file": _TEXT, "raw_sha256": _TEXT,
        "raw_bytes": "BIGINT", "clean_text": _TEXT},
    "stg_source_lines": {"source_id": _TEXT, "line": "INTEGER", "text": _TEXT},
    "stg_corrections": {"source_id": _TEXT, "seq": "INTEGER", "damaged": _TEXT, "repair": _TEXT, "reason": _TEXT},
    "stg_facts": {
        "fact_id": _TEXT, "source_id": _TEXT, "program_id": _TEXT, "indicator_id": _TEXT, "scope": _TEXT,
        "scope_en": _TEXT, "period_kind": _TEXT, "period_start": "DATE", "period_end": "DATE",
        "value_as_written": _TEXT, "value": "DOUBLE", "unit": _TEXT, "decimals": "INTEGER", "status": _TEXT,
        "basis": _TEXT, "qualifier": _TEXT, "bound": _TEXT, "negative": "BOOLEAN", "quote": _TEXT,
        "quote_line": "INTEGER", "note_en": _TEXT, "note_zh": _TEXT, "file": _TEXT, "line": "INTEGER"},
    "stg_instruments": {"instrument_id": _TEXT, "source_id": _TEXT, "program_id": _TEXT, **_REGISTRY_LABELS,
                        "category_id": _TEXT, "quote": _TEXT, "note_en": _TEXT, "file": _TEXT, "line": "INTEGER"},
    "stg_instrument_facts": {"instrument_id": _TEXT, "fact_id": _TEXT},
}

# Vocabularies, from the rules that enforce them on the files.
SCRIPTS = ("simplified", "traditional")  # the source registry's (pipelines/sources/registry.py)
BOUNDS = tuple(sorted({*QUALIFIERS.values(), "exact"}))  # what a qualifier makes of a figure (staging.bounds)


@dataclass(frozen=True)
class Mart:
    """One mart's contract. ``grain``: one row per distinct value of these columns (unique, never NULL);
    ``unique``: other keys that are unique too (never NULL); ``not_null``: further columns that always hold a
    value; ``references``: column → ``mart.column`` it must be found in (NULL is not checked: ``not_null`` is);
    ``accepted``: column → its vocabulary (NULL allowed unless ``not_null``); ``rows``: the count of the
    validated dataset (``expected_rows``) it has exactly as many rows as."""

    name: str
    grain: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    not_null: tuple[str, ...] = ()
    references: dict[str, str] = field(default_factory=dict)
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rows: str | None = None


_IN_PLACE = {"locality_id": "localities.locality_id", "province_id": "provinces.province_id",
             "program_id": "programs.program_id"}
_LABELS = ("name_zh", "name_en")

MARTS: list[Mart] = [
    Mart("provinces", ("province_id",), not_null=_LABELS, rows="provinces"),
    Mart("programs", ("program_id",), not_null=_LABELS, rows="programs"),
    Mart("indicator_categories", ("category_id",), not_null=_LABELS, rows="indicator_categories"),
    Mart("instrument_categories", ("category_id",), not_null=_LABELS, rows="instrument_categories"),
    Mart("comparison_groups", ("group_id",), not_null=_LABELS, rows="comparison_groups"),
    Mart("indicators", ("indicator_id",), not_null=(*_LABELS, "category_id", "unit", "comparison_group"),
         references={"category_id": "indicator_categories.category_id",
                     "comparison_group": "comparison_groups.group_id"}, accepted={"unit": UNITS}, rows="indicators"),
    Mart("localities", ("locality_id",), not_null=(*_LABELS, "province_id", "level"),
         references={"province_id": "provinces.province_id"}, accepted={"level": tuple(sorted(LEVELS))},
         rows="localities"),
    Mart("sources", ("source_id",), not_null=("locality_id", "province_id", "program_id", "raw_sha256", "clean_text"),
         references=_IN_PLACE, accepted={"script": SCRIPTS}, rows="sources"),
    Mart("corrections", ("source_id", "seq"), not_null=("damaged", "repair"),
         references={"source_id": "sources.source_id"}, rows="corrections"),
    Mart("facts", ("locality_id", "indicator_id", "period_kind", "period_start", "period_end", "scope"),
         unique=(("fact_id",),),
         not_null=("province_id", "program_id", "category", "value", "unit", "status", "quote", "source_id", "bound"),
         references={**_IN_PLACE, "indicator_id": "indicators.indicator_id", "source_id": "sources.source_id",
                     "category": "indicator_categories.category_id"},
         accepted={"unit": UNITS, "status": tuple(sorted(STATUSES)), "basis": tuple(sorted(BASES)),
                   "period_kind": tuple(sorted(PERIOD_KINDS)), "qualifier": tuple(QUALIFIERS), "bound": BOUNDS},
         rows="facts"),
    Mart("instruments", ("instrument_id",), not_null=("locality_id", "province_id", "program_id", "category", "source_id"),
         references={**_IN_PLACE, "source_id": "sources.source_id", "category": "instrument_categories.category_id"},
         rows="instruments"),
    Mart("instrument_amounts", ("instrument_id", "fact_id"),
         references={"instrument_id": "instruments.instrument_id", "fact_id": "facts.fact_id"},
         accepted={"unit": UNITS}, rows="instrument_facts"),
    Mart("problem_resolution", ("locality_id", "program_id", "scope"), not_null=("province_id",),
         references=_IN_PLACE),
    Mart("locality_programs", ("locality_id", "program_id"),
         references={k: v for k, v in _IN_PLACE.items() if k != "province_id"}),
    Mart("locality_summary", ("locality_id", "program_id"), not_null=("province_id", "n_facts"), references=_IN_PLACE),
]


def expected_rows(ds: Dataset) -> dict[str, int]:
    """How many rows each counted mart has: one per record of the validated dataset it is made from."""
    return {
        **{name: len(rows) for name, rows in ds.registries.items()},
        "indicators": len(ds.indicators),
        "sources": len(ds.sources),
        "corrections": sum(len(s.corrections) for s in ds.sources),
        "facts": len(ds.facts),
        "instruments": len(ds.instruments),
        "instrument_facts": sum(len(r.data.get("facts") or []) for r in ds.instruments),
    }


def _quoted(columns) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _example(row: tuple) -> str:
    return repr(row[0]) if len(row) == 1 else "(" + ", ".join(repr(v) for v in row) + ")"


def check_marts(con: duckdb.DuckDBPyConnection, made: dict[str, int], rows: dict[str, int], sql_file: str,
                marts: list[Mart] = MARTS) -> list[Problem]:
    """Every test of every mart's contract, run on ``con``. ``made``: the tables marts.sql made → the line of
    their CREATE statement (where their problems are reported); ``rows``: ``expected_rows`` of the dataset."""
    declared = {m.name for m in marts}
    problems = [problem("contract-mismatch", sql_file, line, name, 0, mart=name)
                for name, line in made.items() if name not in declared]
    for mart in marts:
        if mart.name not in made:
            problems.append(problem("contract-mismatch", sql_file, 1, mart.name, 1, mart=mart.name))
            continue
        problems += _check_mart(con, mart, rows, sql_file, made[mart.name])
    return problems


def _check_mart(con: duckdb.DuckDBPyConnection, mart: Mart, rows: dict[str, int], sql_file: str, line: int) -> list[Problem]:
    name, problems = mart.name, []

    def fail(code: str, field_: str, shape: int = 0, **values) -> None:
        problems.append(problem(code, sql_file, line, f"{name}.{field_}", shape, mart=name, **values))

    if mart.rows is not None:
        n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        if n != rows[mart.rows]:
            problems.append(problem("row-count-mismatch", sql_file, line, name, mart=name, rows=n, expected=rows[mart.rows]))

    required = list(dict.fromkeys([*mart.grain, *(c for key in mart.unique for c in key), *mart.not_null]))
    nulls = ", ".join(f'count(*) FILTER (WHERE "{c}" IS NULL)' for c in required)
    counts = con.execute(f"SELECT {nulls} FROM {name}").fetchone()
    for column, n in zip(required, counts):
        if n:
            fail("not-null", column, count=n, column=column)

    for key in (mart.grain, *mart.unique):
        cols = _quoted(key)
        # One hash per row first: when no two rows hash alike no key repeats (the usual case, a third of the
        # time of grouping a national facts mart by its six columns); only when two do is the key grouped.
        if con.execute(f"SELECT count(*) = count(DISTINCT hash({cols})) FROM {name}").fetchone()[0]:
            continue
        found = con.execute(f"""
            WITH d AS (SELECT {cols}, count(*) AS n FROM {name} GROUP BY ALL HAVING count(*) > 1)
            SELECT (SELECT sum(n) FROM d)::BIGINT, {cols} FROM d ORDER BY {cols} LIMIT 1""").fetchone()
        if found:
            fail("grain-not-unique", "+".join(key), count=found[0], columns=", ".join(key), example=_example(found[1:]))

    for column, target in mart.references.items():
        parent, parent_column = target.split(".")
        found = con.execute(f"""
            SELECT count(*), min(c."{column}") FROM {name} c
            WHERE c."{column}" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p."{parent_column}" = c."{column}")""").fetchone()
        if found[0]:
            fail("relationship-broken", column, count=found[0], column=column, parent=target, example=repr(found[1]))

    for column, values in mart.accepted.items():
        found = con.execute(f"""
            SELECT count(*), min("{column}") FROM {name}
            WHERE "{column}" IS NOT NULL AND NOT list_contains($values, "{column}")""",
                            {"values": list(values)}).fetchone()
        if found[0]:
            fail("value-not-accepted", column, count=found[0], column=column, values=", ".join(values),
                example=repr(found[1]))
    return problems
