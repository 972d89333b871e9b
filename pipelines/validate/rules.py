"""Every rule the dataset must meet. ``validate(ds)`` returns a ``Validation``: all problems, sorted, and what
the database writer needs from validation (the line of its clean source each fact's quote was found on). It
never raises, and it changes nothing in ``ds``."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.facts.dataset import INDICATOR_COLUMNS, REGISTRY_COLUMNS, Dataset, Record
from pipelines.facts.table import DRAFT_ONLY_FIELDS, return_freed_heap
from pipelines.numbers import UNITS
from pipelines.problems import Problem
from pipelines.validate.fact_rules import REVIEWED, References, fact_problems

LEVELS = {"county", "city"}
# review and confidence come from a draft made by pipelines.extract; a reviewed entry may keep them.
REVIEW_FIELDS = ["review", "confidence"]
INSTRUMENT_REQUIRED = ["id", "name_zh", "name_en", "category", "quote"]
INSTRUMENT_OPTIONAL = ["program", "facts", "note_en", "note_zh", *REVIEW_FIELDS]
OPTIONAL_REGISTRY_COLUMNS = {"parent_city_zh", "parent_city_en"}


def _registry_problems(ds: Dataset) -> list[Problem]:
    problems = []
    ids: dict[str, set] = {}
    for name, rows in list(ds.registries.items()) + [("indicators", ds.indicators)]:
        seen: dict[str, tuple[str, int]] = {}
        for r in rows:
            cols = REGISTRY_COLUMNS.get(name, INDICATOR_COLUMNS)
            for c in cols:
                if c not in OPTIONAL_REGISTRY_COLUMNS and not r.get(c):
                    problems.append(Problem(r["_file"], r["_line"], c, "required", "required field is missing or empty"))
            rid = r.get("id")
            if rid and rid in seen:
                f, ln = seen[rid]
                problems.append(Problem(r["_file"], r["_line"], "id", "duplicate-id", f"id '{rid}' is already defined at {f}:{ln}"))
            elif rid:
                seen[rid] = (r["_file"], r["_line"])
        ids[name] = set(seen)
    for r in ds.registries.get("localities", []):
        if r.get("province") and r["province"] not in ids["provinces"]:
            problems.append(Problem(r["_file"], r["_line"], "province", "unknown-reference",
                                    f"province '{r['province']}' is not in provinces.csv"))
        if r.get("level") and r["level"] not in LEVELS:
            problems.append(Problem(r["_file"], r["_line"], "level", "enum", f"'{r['level']}' is not one of county, city"))
    group_unit: dict[str, tuple[str, str, int]] = {}  # group -> (unit, file, line) of its first indicator
    for r in ds.indicators:
        if r.get("category") and r["category"] not in ids["indicator_categories"]:
            problems.append(Problem(r["_file"], r["_line"], "category", "unknown-reference",
                                    f"category '{r['category']}' is not in indicator_categories.csv"))
        group = r.get("comparison_group")
        if group and group not in ids["comparison_groups"]:
            problems.append(Problem(r["_file"], r["_line"], "comparison_group", "unknown-reference",
                                    f"comparison_group '{group}' is not in comparison_groups.csv"))
        elif group and r.get("unit"):
            unit, f, ln = group_unit.setdefault(group, (r["unit"], r["_file"], r["_line"]))
            if unit != r["unit"]:
                problems.append(Problem(r["_file"], r["_line"], "comparison_group", "group-unit-mixed",
                                        f"comparison group '{group}' is in {unit} at {f}:{ln}, this indicator in "
                                        f"{r['unit']}: figures in different units never share an axis"))
        if r.get("unit") and r["unit"] not in UNITS:
            problems.append(Problem(r["_file"], r["_line"], "unit", "unknown-unit", f"unit '{r['unit']}' is not one of {', '.join(UNITS)}"))
    for s in ds.sources:
        rec = s.record
        if rec.get("locality") not in ids["localities"]:
            problems.append(Problem(s.file, rec.line_of("locality"), "locality", "unknown-reference",
                                    f"locality '{rec.get('locality')}' is not in localities.csv"))
        if rec.get("program") not in ids["programs"]:
            problems.append(Problem(s.file, rec.line_of("program"), "program", "unknown-reference",
                                    f"program '{rec.get('program')}' is not in programs.csv"))
    return problems


def _record_checker(rec: Record, required: list[str], optional: list[str]):
    """A Problem maker bound to this record (the line of the field, or of the record), and the problems of
    shape every record kind shares: missing required fields and unknown fields."""
    d = rec.data

    def P(field: str, code: str, msg: str) -> Problem:
        return Problem(rec.file, rec.line(field if field in d else None), field, code, msg)

    problems = [P(k, "required", "required field is missing or empty") for k in required if d.get(k) in (None, "")]
    for k in d:
        if k in DRAFT_ONLY_FIELDS:
            problems.append(P(str(k), "draft-field",
                              f"draft guess left in: set '{DRAFT_ONLY_FIELDS[k]}' to a registry id and delete '{k}'"))
        elif k not in required and k not in optional:
            problems.append(P(str(k), "unknown-field", "unknown field"))
    return P, problems + _review_problems(d, P)


def _review_problems(d: dict, P) -> list[Problem]:
    """A draft entry is published only once a curator has set ``review: reviewed``."""
    problems = []
    if "review" in d and d["review"] != REVIEWED:
        if d["review"] == "pending":
            problems.append(P("review", "draft-not-reviewed", "draft entry not reviewed: set review: reviewed or delete it"))
        else:
            problems.append(P("review", "enum", f"'{d['review']}' is not one of pending, reviewed"))
    confidence = d.get("confidence")
    if "confidence" in d and (isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1):
        problems.append(P("confidence", "type", f"confidence {confidence!r} is not a number from 0 to 1"))
    return problems


def _instrument_problems(rec: Record, ds: Dataset, ctx: References) -> list[Problem]:
    d = rec.data
    P, problems = _record_checker(rec, INSTRUMENT_REQUIRED, INSTRUMENT_OPTIONAL)
    if d.get("category") and d["category"] not in ctx.instrument_categories:
        problems.append(P("category", "unknown-reference", f"category '{d['category']}' is not in instrument_categories.csv"))
    if d.get("program") and d["program"] not in ctx.programs:
        problems.append(P("program", "unknown-reference", f"program '{d['program']}' is not in programs.csv"))
    refs = d.get("facts")
    if refs is not None:
        if not isinstance(refs, list):
            problems.append(P("facts", "shape", "must be a list of fact ids"))
        else:
            for ref in refs:
                if ref not in ctx.fact_ids:
                    problems.append(P("facts", "unknown-reference", f"fact '{ref}' does not exist"))
    source = ctx.sources.get(rec.source_id)
    quote = d.get("quote")
    if quote not in (None, "") and source is not None:
        if str(quote) not in source.clean_text:
            problems.append(P("quote", "quote-not-in-source", f"quote is not found verbatim in clean/{rec.source_id}.txt"))
        if d.get("name_zh") and str(d["name_zh"]) not in str(quote):
            problems.append(P("name_zh", "name-not-in-quote", f"'{d['name_zh']}' is not in the quote"))
    return problems


@dataclass(frozen=True, eq=False)
class Validation:
    """What ``validate`` found: every problem (sorted), and for the writer the line of its clean source each
    fact's quote starts on (int32, one per row of ``ds.facts``; -1 where the quote was not found). The build
    passes it to ``write_database`` as it is; nothing of it is kept in the Dataset."""

    problems: list[Problem]
    quote_lines: np.ndarray

    @property
    def ok(self) -> bool:
        return not self.problems

    def __radd__(self, other: list[Problem]) -> list[Problem]:
        """``load_problems + validate(ds)``: the problems of both, as one list."""
        return [*other, *self.problems]


def validate(ds: Dataset) -> Validation:
    problems = _registry_problems(ds)
    ctx = References(
        sources={s.id: s for s in ds.sources},
        indicators={r["id"]: r for r in ds.indicators if r.get("id")},
        programs={r["id"] for r in ds.registries.get("programs", [])},
        instrument_categories={r["id"] for r in ds.registries.get("instrument_categories", [])},
        fact_ids=_referenced_fact_ids(ds),
    )
    problems += _unknown_source_problems(ds, ctx)
    problems += _duplicate_id_problems(ds)
    fact_problem_list, quote_lines = fact_problems(ds.facts, ctx)
    problems += fact_problem_list
    for rec in ds.instruments:
        problems += _instrument_problems(rec, ds, ctx)
    return_freed_heap()  # the rules' temporaries (columns of a million rows), before the writer's peak
    return Validation(sorted(set(problems)), quote_lines)


def _referenced_fact_ids(ds: Dataset) -> set[str]:
    """The fact ids instruments refer to that exist (the only ones the reference check needs)."""
    refs = {str(r) for rec in ds.instruments if isinstance(rec.data.get("facts"), list) for r in rec.data["facts"]}
    if not refs:
        return set()
    ids = ds.facts["id"]
    return set(ids[ids.isin(list(refs))].astype(str))


def _unknown_source_problems(ds: Dataset, ctx: References) -> list[Problem]:
    """One problem per file and unknown source: at the top of a YAML file, at the first row of a CSV."""
    first_line: dict[tuple[str, str], int] = {}
    # Only the three columns read, only at the flagged rows (filtering the whole table copies every column).
    unknown = np.flatnonzero(~ds.facts["source_id"].isin(list(ctx.sources)).to_numpy())
    facts = ds.facts[["file", "source_id", "line"]].iloc[unknown]
    rows = zip(facts["file"].tolist(), facts["source_id"].tolist(), facts["line"].tolist())
    for file, source_id, line in list(rows) + [(r.file, r.source_id, r.line()) for r in ds.instruments if r.source_id not in ctx.sources]:
        key = (file, str(source_id))
        first_line[key] = min(first_line.get(key, line), line)
    return [Problem(file, 1 if file.endswith(".yaml") else line, "source", "unknown-reference",
                    f"source '{source_id}' is not in sources/registry.yaml")
            for (file, source_id), line in first_line.items()]


def _has_repeats(ids: pa.ChunkedArray) -> bool:
    """Does any (non-missing) id occur twice? Sorted, then neighbours compared: a hash table of 1.7 million
    strings would take twice the memory and three times as long."""
    ids = pc.drop_null(ids)
    ordered = pc.take(ids, pc.sort_indices(ids))
    ordered = ordered.combine_chunks() if isinstance(ordered, pa.ChunkedArray) else ordered
    return len(ordered) > 1 and pc.any(pc.equal(ordered[1:], ordered[:-1])).as_py()


def _duplicate_id_problems(ds: Dataset) -> list[Problem]:
    """Fact and instrument ids share one namespace; the first use keeps the id."""
    facts = ds.facts
    fact_ids = pa.chunked_array([pa.array(facts["id"].to_numpy(dtype=object, na_value=None), type=pa.string())]
                                if not isinstance(facts["id"].dtype, pd.ArrowDtype) else pa.array(facts["id"].array).cast(pa.string()))
    instrument_ids = pa.array([None if r.data.get("id") is None else str(r.data.get("id")) for r in ds.instruments], type=pa.string())
    all_ids = pa.chunked_array([*(fact_ids.chunks if isinstance(fact_ids, pa.ChunkedArray) else [fact_ids]), instrument_ids])
    if not _has_repeats(all_ids):
        return []  # the usual case, decided by one sort
    ids = pd.Series(all_ids.to_pylist(), dtype=object)
    dup = (ids.notna() & ids.duplicated(keep="first")).to_numpy()
    n_facts = len(facts)

    def where(i: int) -> tuple[str, int]:
        if i < n_facts:
            lines = facts["field_lines"].iat[i]
            line = lines.get("id", facts["line"].iat[i]) if isinstance(lines, dict) else facts["line"].iat[i]
            return facts["file"].iat[i], int(line)
        rec = ds.instruments[i - n_facts]
        return rec.file, rec.line("id")

    first = ids.reset_index().groupby(0, sort=False)["index"].transform("first").to_numpy()
    problems = []
    for i in map(int, np.flatnonzero(dup)):
        file, line = where(i)
        first_file, first_line = where(int(first[i]))
        problems.append(Problem(file, line, "id", "duplicate-id", f"id '{ids.iat[i]}' is already used at {first_file}:{first_line}"))
    return problems
