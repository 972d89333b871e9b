"""Every rule the dataset must meet. ``validate(ds)`` returns all problems, sorted; it never raises."""
from __future__ import annotations

import datetime as dt

from .dataset import REGISTRY_COLUMNS, Dataset, Record
from .numbers import QUALIFIERS, UNITS, parse_written, qualifier_touching, unit_agrees, values_equal
from .problems import Problem

LEVELS = {"county", "city"}
STATUSES = {"actual", "target", "forecast"}
BASES = {"yoy", "vs_plan", "vs_average", "vs_last_year"}
PERIOD_KINDS = {"ytd", "month", "quarter", "half_year", "calendar_year", "range", "as_of", "campaign_to_date", "target"}
FACT_REQUIRED = ["id", "indicator", "period", "value_as_written", "value", "unit", "status", "quote"]
# review and confidence come from a draft made by pipelines.extract; a reviewed entry may keep them.
REVIEW_FIELDS = ["review", "confidence"]
FACT_OPTIONAL = ["program", "scope", "scope_en", "basis", "qualifier", "negative", "note_en", "note_zh", *REVIEW_FIELDS]
INSTRUMENT_REQUIRED = ["id", "name_zh", "name_en", "category", "quote"]
INSTRUMENT_OPTIONAL = ["program", "facts", "note_en", "note_zh", *REVIEW_FIELDS]
REVIEWED = "reviewed"
# Draft-only guesses that a curator replaces with registry ids before the entry can be published.
DRAFT_ONLY_FIELDS = {"indicator_guess": "indicator", "category_guess": "indicator"}
# Plausible ranges per unit; outside them the figure is almost surely mis-keyed.
BOUNDS = {"percent": (-100.0, 1000.0), "pp": (-100.0, 100.0)}
NON_NEGATIVE = {"CNY", "count", "tonnes", "mu", "m2", "days", "rank", "index"}
OPTIONAL_REGISTRY_COLUMNS = {"parent_city_zh", "parent_city_en"}


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _registry_problems(ds: Dataset) -> list[Problem]:
    problems = []
    ids: dict[str, set] = {}
    for name, rows in list(ds.registries.items()) + [("indicators", ds.indicators)]:
        seen: dict[str, tuple[str, int]] = {}
        for r in rows:
            cols = REGISTRY_COLUMNS.get(name, ["id", "name_zh", "name_en", "category", "unit"])
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
            problems.append(Problem(r["_file"], r["_line"], "province", "unknown-reference", f"province '{r['province']}' is not in provinces.csv"))
        if r.get("level") and r["level"] not in LEVELS:
            problems.append(Problem(r["_file"], r["_line"], "level", "enum", f"'{r['level']}' is not one of county, city"))
    for r in ds.indicators:
        if r.get("category") and r["category"] not in ids["indicator_categories"]:
            problems.append(Problem(r["_file"], r["_line"], "category", "unknown-reference", f"category '{r['category']}' is not in indicator_categories.csv"))
        if r.get("unit") and r["unit"] not in UNITS:
            problems.append(Problem(r["_file"], r["_line"], "unit", "unknown-unit", f"unit '{r['unit']}' is not one of {', '.join(UNITS)}"))
    for s in ds.sources:
        rec = s.record
        if rec.get("locality") not in ids["localities"]:
            problems.append(Problem(s.file, rec.line_of("locality"), "locality", "unknown-reference", f"locality '{rec.get('locality')}' is not in localities.csv"))
        if rec.get("program") not in ids["programs"]:
            problems.append(Problem(s.file, rec.line_of("program"), "program", "unknown-reference", f"program '{rec.get('program')}' is not in programs.csv"))
    return problems


def _qualifier_next_to(quote: str, written: str) -> str | None:
    """A qualifier word touching the written figure in the quote (超过300万元, 3000余家, 50%以上)."""
    start = quote.find(written)
    while start >= 0:
        q = qualifier_touching(quote[:start], quote[start + len(written):])
        if q:
            return q
        start = quote.find(written, start + 1)
    return None


def _record_checker(rec: Record, required: list[str], optional: list[str]):
    """A Problem maker bound to this record (the line of the field, or of the record), and the problems of
    shape every record kind shares: missing required fields and unknown fields."""
    d = rec.data

    def P(field: str, code: str, msg: str) -> Problem:  # noqa: N802 - reads like a constructor
        return Problem(rec.file, rec.line(field if field in d else None), field, code, msg)

    problems = [P(k, "required", "required field is missing or empty") for k in required if d.get(k) in (None, "")]
    for k in d:
        if k in DRAFT_ONLY_FIELDS:
            problems.append(P(str(k), "draft-field", f"draft guess left in: set '{DRAFT_ONLY_FIELDS[k]}' to a registry id and delete '{k}'"))
        elif k not in required and k not in optional:
            problems.append(P(str(k), "unknown-field", "unknown field"))
    return P, problems + _review_problems(d, P)


def _review_problems(d: dict, P) -> list[Problem]:  # noqa: N803 - P is the record's Problem maker
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


def _fact_problems(rec: Record, ds: Dataset, ctx: dict) -> list[Problem]:
    d = rec.data
    P, problems = _record_checker(rec, FACT_REQUIRED, FACT_OPTIONAL)
    source = ctx["sources"].get(rec.source_id)
    if d.get("indicator") and d["indicator"] not in ctx["indicators"]:
        problems.append(P("indicator", "unknown-reference", f"indicator '{d['indicator']}' is not in registries/indicators/*.csv"))
    if d.get("program") and d["program"] not in ctx["programs"]:
        problems.append(P("program", "unknown-reference", f"program '{d['program']}' is not in programs.csv"))
    unit = d.get("unit")
    if unit and unit not in UNITS:
        problems.append(P("unit", "unknown-unit", f"unit '{unit}' is not one of {', '.join(UNITS)}"))
    elif unit and d.get("indicator") in ctx["indicators"] and ctx["indicators"][d["indicator"]]["unit"] != unit:
        problems.append(P("unit", "unit-mismatch", f"indicator '{d['indicator']}' is measured in {ctx['indicators'][d['indicator']]['unit']}, not {unit}"))
    if d.get("status") and d["status"] not in STATUSES:
        problems.append(P("status", "enum", f"'{d['status']}' is not one of {', '.join(sorted(STATUSES))}"))
    if d.get("basis") is not None and d["basis"] not in BASES:
        problems.append(P("basis", "enum", f"'{d['basis']}' is not one of {', '.join(sorted(BASES))}"))
    if d.get("negative") is not None and not isinstance(d["negative"], bool):
        problems.append(P("negative", "type", "must be true or false"))
    qualifier = d.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        problems.append(P("qualifier", "enum", f"'{qualifier}' is not one of {' '.join(QUALIFIERS)}"))

    period = d.get("period")
    if period is not None:
        if not isinstance(period, dict):
            problems.append(P("period", "shape", "must be a mapping {kind, start, end}"))
        else:
            if period.get("kind") not in PERIOD_KINDS:
                problems.append(P("period", "enum", f"period kind '{period.get('kind')}' is not one of {', '.join(sorted(PERIOD_KINDS))}"))
            start, end = _date(period.get("start")), _date(period.get("end"))
            if start is None:
                problems.append(P("period", "date", f"period start '{period.get('start')}' is not an ISO date (YYYY-MM-DD)"))
            if end is None:
                problems.append(P("period", "date", f"period end '{period.get('end')}' is not an ISO date (YYYY-MM-DD)"))
            if start and end and start > end:
                problems.append(P("period", "date-order", f"period start {start} is after end {end}"))

    value = d.get("value")
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if value is not None and not numeric:
        problems.append(P("value", "type", f"value {value!r} is not a number"))
    written_text = d.get("value_as_written")
    written = parse_written(written_text) if written_text not in (None, "") else None
    if written_text not in (None, "") and written is None:
        problems.append(P("value_as_written", "unreadable", f"no number can be read from '{written_text}'"))
    if written and numeric:
        expected = written.number * written.multiplier * (-1 if d.get("negative") is True else 1)
        if not values_equal(float(value), expected):
            problems.append(P("value", "value-mismatch", f"value {value} does not equal '{written_text}' normalised ({expected:g})"))
    if written and unit in UNITS and not unit_agrees(written, unit):
        problems.append(P("unit", "unit-mismatch", f"'{written_text}' is written in '{written.unit_word}', which does not fit unit {unit}"))
    if numeric and unit in BOUNDS:
        lo, hi = BOUNDS[unit]
        if not lo <= value <= hi:
            problems.append(P("value", "out-of-bounds", f"{value} {unit} is outside the plausible range {lo:g}..{hi:g}"))
    if numeric and unit in NON_NEGATIVE and value < 0:
        problems.append(P("value", "out-of-bounds", f"{value} {unit} cannot be negative"))

    quote = d.get("quote")
    if quote not in (None, "") and source is not None:
        if str(quote) not in source.clean_text:
            problems.append(P("quote", "quote-not-in-source", f"quote is not found verbatim in clean/{rec.source_id}.txt"))
        if written_text not in (None, "") and str(written_text) not in str(quote):
            problems.append(P("value_as_written", "number-not-in-quote", f"'{written_text}' is not in the quote"))
        elif written_text not in (None, ""):
            touching = _qualifier_next_to(str(quote), str(written_text))
            inside = next((q for q in QUALIFIERS if q in str(written_text)), None)
            if (touching or inside) and qualifier is None:
                problems.append(P("qualifier", "qualifier-dropped", f"the quote qualifies the figure with '{touching or inside}'; record it in 'qualifier'"))
        if qualifier and qualifier in QUALIFIERS and qualifier not in str(quote):
            problems.append(P("qualifier", "qualifier-not-in-quote", f"qualifier '{qualifier}' is not in the quote"))
    return problems


def _instrument_problems(rec: Record, ds: Dataset, ctx: dict) -> list[Problem]:
    d = rec.data
    P, problems = _record_checker(rec, INSTRUMENT_REQUIRED, INSTRUMENT_OPTIONAL)
    if d.get("category") and d["category"] not in ctx["instrument_categories"]:
        problems.append(P("category", "unknown-reference", f"category '{d['category']}' is not in instrument_categories.csv"))
    if d.get("program") and d["program"] not in ctx["programs"]:
        problems.append(P("program", "unknown-reference", f"program '{d['program']}' is not in programs.csv"))
    refs = d.get("facts")
    if refs is not None:
        if not isinstance(refs, list):
            problems.append(P("facts", "shape", "must be a list of fact ids"))
        else:
            for ref in refs:
                if ref not in ctx["fact_ids"]:
                    problems.append(P("facts", "unknown-reference", f"fact '{ref}' does not exist"))
    source = ctx["sources"].get(rec.source_id)
    quote = d.get("quote")
    if quote not in (None, "") and source is not None:
        if str(quote) not in source.clean_text:
            problems.append(P("quote", "quote-not-in-source", f"quote is not found verbatim in clean/{rec.source_id}.txt"))
        if d.get("name_zh") and str(d["name_zh"]) not in str(quote):
            problems.append(P("name_zh", "name-not-in-quote", f"'{d['name_zh']}' is not in the quote"))
    return problems


def validate(ds: Dataset) -> list[Problem]:
    problems = _registry_problems(ds)
    ctx = {
        "sources": {s.id: s for s in ds.sources},
        "indicators": {r["id"]: r for r in ds.indicators if r.get("id")},
        "programs": {r["id"] for r in ds.registries.get("programs", [])},
        "instrument_categories": {r["id"] for r in ds.registries.get("instrument_categories", [])},
        "fact_ids": {str(r.data.get("id")) for r in ds.facts},
    }
    reported_unknown = set()
    for rec in ds.facts + ds.instruments:
        if rec.source_id not in ctx["sources"] and rec.file not in reported_unknown:
            reported_unknown.add(rec.file)
            problems.append(Problem(rec.file, 1, "source", "unknown-reference", f"source '{rec.source_id}' is not in sources/registry.yaml"))

    seen_ids: dict[str, Record] = {}
    seen_keys: dict[tuple, Record] = {}
    for rec in ds.facts + ds.instruments:
        rid = rec.data.get("id")
        if rid is None:
            continue
        if rid in seen_ids:
            first = seen_ids[rid]
            problems.append(Problem(rec.file, rec.line("id"), "id", "duplicate-id", f"id '{rid}' is already used at {first.file}:{first.line('id')}"))
        else:
            seen_ids[rid] = rec
    for rec in ds.facts:
        problems += _fact_problems(rec, ds, ctx)
        d = rec.data
        period = d.get("period") if isinstance(d.get("period"), dict) else {}
        source = ctx["sources"].get(rec.source_id)
        locality = source.record.get("locality") if source else rec.source_id
        key = (locality, d.get("indicator"), period.get("kind"), str(period.get("start")), str(period.get("end")), d.get("scope") or "")
        if key in seen_keys:
            first = seen_keys[key]
            problems.append(Problem(rec.file, rec.line(), "id", "duplicate-key",
                                    f"fact '{d.get('id')}' has the same locality, indicator, period and scope as '{first.data.get('id')}' ({first.file}:{first.line()}); give one a distinct scope"))
        else:
            seen_keys[key] = rec
    for rec in ds.instruments:
        problems += _instrument_problems(rec, ds, ctx)
    return sorted(set(problems))
