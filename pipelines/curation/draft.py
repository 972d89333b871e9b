"""The draft of a report's facts: clean the raw bytes the way the build does, propose every figure, and write
the proposals as a draft curated file (the format of ``data/curated/*.yaml``) for a curator to review.

1. Cleaning (:func:`clean_raw`). A raw file registered in ``data/sources/registry.yaml`` (found by comparing
   its sha256 with the registry's ``sha256`` fields) is cleaned by the build's own ``clean_text`` with its
   reviewed corrections and page-chrome rules, so the quotes match ``data/sources/clean/<id>.txt``. An
   unregistered file has neither: suspected mojibake is only *reported* (raw line and snippet, for a new
   ``corrections.yaml`` entry), never repaired by guessing.
2. Proposals (``guess.propose``) in the report's context (``periods.report_context``).
3. The draft file (:func:`draft_yaml`), written by ``emit`` (each value in a style that reads back as itself,
   hidden characters escaped), with hints for the curator as YAML comments. The build refuses it (``draft: true``,
   ``review: pending`` on every entry) until a person has checked each entry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines import paths
from pipelines.curation import emit
from pipelines.curation.figures import CJK_CHAR, HIDDEN, names_that_look_like_numbers
from pipelines.curation.guess import Proposal, load_indicators, propose
from pipelines.curation.periods import report_context
from pipelines.files.csv_table import read_csv
from pipelines.files.strict_yaml import load_yaml
from pipelines.sources import clean
from pipelines.sources.registry import CORRECTION_FIELDS

# ---------------------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Cleaned:
    text: str
    source_id: str | None  # the registry id when the raw file is registered
    record: dict | None
    mojibake: list[tuple[int, list[str]]]  # (raw line, snippets) still suspect after the registered corrections
    mojibake_more: int = 0  # lines with suspected mojibake beyond those listed


def _records(path, key: str) -> list[dict]:
    """The entries under ``key`` of a registry file, read by the build's safe loader ([] if it cannot be read)."""
    data, _ = load_yaml(path, paths.display_path(path))
    entries = data.get(key) if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _registered_record(raw: bytes) -> dict | None:
    """The registry entry whose ``sha256`` is this raw file's, or None. Nothing is cleaned to find it."""
    digest = clean.sha256_of(raw)
    return next((r for r in _records(paths.SOURCE_REGISTRY, "sources")
                 if str(r.get("sha256")) == digest and r.get("id") is not None), None)


def _corrections_for(source_id: str) -> list[clean.Correction]:
    """The reviewed corrections of one source, in file order (the order the build applies them in); an entry
    without every field is left out, as the build leaves it out."""
    return [clean.Correction(source_id, str(r["damaged"]), str(r["repair"]), str(r["reason"]), r.line_of("damaged"))
            for r in _records(paths.CORRECTIONS, "corrections")
            if r.get("source") == source_id and all(r.get(f) not in (None, "", []) for f in CORRECTION_FIELDS)]


def _looks_traditional(text: str) -> bool:
    cjk = CJK_CHAR.findall(text)
    simplified = clean.to_simplified("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, simplified))
    return bool(cjk) and changed / len(cjk) >= 0.05


def clean_raw(raw: bytes, script: str = "auto") -> Cleaned:
    """The build's cleaning (``clean.clean_text``) for a registered raw file; for an unregistered one the same
    function without corrections or chrome rules, the suspected mojibake left in place and listed."""
    text = raw.decode("utf-8")
    record = _registered_record(raw)
    if record is not None:
        corrections = _corrections_for(record["id"])
        chrome = record.get("chrome") or {}
        traditional = record.get("script") == "traditional"
    else:
        corrections, chrome = [], {}
        traditional = script == "traditional" or script == "auto" and _looks_traditional(clean.strip_pinyin(text))
    # Damage is reported by its line in the raw file: looked for after the reviewed corrections, before any
    # cleaning step moves or removes lines.
    repaired, _ = clean.apply_corrections(text, corrections, "corrections.yaml")
    spots, more = mojibake_spots(repaired)
    text, _ = clean.clean_text(raw, traditional=traditional, corrections=corrections, chrome=chrome)
    return Cleaned(text, record["id"] if record else None, dict(record) if record else None, spots, more)


MAX_MOJIBAKE_LINES = 20  # lines of suspected mojibake listed one by one; further lines are counted
MAX_SNIPPETS = 5  # snippets listed for a line


def mojibake_spots(text: str) -> tuple[list[tuple[int, list[str]]], int]:
    """The spots ``clean.leftover_mojibake`` finds, as (line, its different snippets), for the first
    ``MAX_MOJIBAKE_LINES`` lines, and how many more lines have one. In one pass: the line number is counted on
    from the spot before and a snippet's ends are looked for 8 characters away only, so a text of 2 MB of
    damage costs no more than a line of it (``leftover_mojibake`` counts the lines from the start each time)."""
    spots: dict[int, dict[str, None]] = {}
    line, pos = 1, 0
    for m in clean.SUSPECT_MOJIBAKE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if line not in spots and len(spots) == MAX_MOJIBAKE_LINES:
            rest = text[text.rfind("\n", 0, pos) + 1:].split("\n")
            return [(k, list(v)) for k, v in spots.items()], sum(1 for ln in rest if clean.SUSPECT_MOJIBAKE.search(ln))
        snippets = spots.setdefault(line, {})
        if len(snippets) < MAX_SNIPPETS:
            nl = text.rfind("\n", max(0, pos - 8), pos)
            lo = nl + 1 if nl >= 0 else max(0, pos - 8)
            nl = text.find("\n", m.end(), m.end() + 8)
            snippets.setdefault(text[lo: nl if nl >= 0 else m.end() + 8])
    return [(k, list(v)) for k, v in spots.items()], 0


# ---------------------------------------------------------------------------------------------------------
# The draft file
# ---------------------------------------------------------------------------------------------------------

# The largest report a draft is made of: the curation page refuses a longer paste or file with a message (the
# largest curated report is ~20 kB). The server takes uploads up to a megabyte more (server.maxUploadSize in
# .streamlit/config.toml, kept equal to UPLOAD_LIMIT_MB by a test), so a file just over the limit reaches the
# page and is refused in the reader's language, and a huge one is refused by Streamlit before it is sent.
MAX_REPORT_MB = 2
MAX_REPORT_BYTES = MAX_REPORT_MB * 1024 * 1024  # Streamlit's MB
UPLOAD_LIMIT_MB = MAX_REPORT_MB + 1
MAX_FIGURES = 20_000  # a report has a few hundred figures at most; 2 MB of report text has ~15,000
MAX_LISTED_NAMES = 200  # names that look like numbers, listed in the draft
HEADER = [
    "Draft made by zhuqi extract from {origin}. The build refuses it until every entry",
    "is reviewed: fix indicator (replace indicator_guess/category_guess with a registry id), period,",
    "status and scope, then set review: reviewed or delete the entry; finally delete draft: true.",
]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _entry(fid: str, p: Proposal) -> dict:
    f = p.figure
    e = {"id": fid, "review": "pending", "confidence": f.confidence, "indicator": p.indicator}
    if p.indicator is None:
        e["indicator_guess"] = p.indicator_guess
        e["category_guess"] = p.category
    e["period"] = {"kind": p.period["kind"], "start": str(p.period["start"]), "end": str(p.period["end"])}
    e["value_as_written"] = f.written
    e["value"] = _number(f.value)
    e["unit"] = f.unit
    e["status"] = p.status
    if p.basis:
        e["basis"] = p.basis
    if f.qualifier:
        e["qualifier"] = f.qualifier
    if f.negative:
        e["negative"] = True
    e["quote"] = f.quote
    if f.range_high is not None:
        e["note_en"] = f"Written as a range ({f.written}); value is the lower bound, the upper is {f.range_high:g}."
    return e


def draft_yaml(source_id: str, proposals: list[Proposal], *, origin: str, warnings: list[str] = (),
               plan_names: list[str] = ()) -> str:
    """The draft file: header and warnings as comments, then one entry per proposal with its hints as comments
    before ``review``, then the names that look like numbers as comments before ``instruments``."""
    header = [line.format(origin=origin) for line in HEADER] + [f"WARNING: {w}" for w in warnings]
    lines = [emit.comment(line) for line in header]
    lines += ["draft: true", f"source: {emit.scalar(source_id)}", "facts:" if proposals else "facts: []"]
    seen_keys: dict[tuple, str] = {}
    for i, p in enumerate(proposals, 1):
        fid = f"{source_id}-{i:03d}"
        hints = list(p.hints)
        key = (p.indicator or p.indicator_guess, p.period["kind"], p.period["start"], p.period["end"])
        if p.indicator and key in seen_keys:
            hints.append(f"same indicator and period as {seen_keys[key]}: give one a scope, or delete one")
        seen_keys.setdefault(key, fid)
        lines += emit.block_entry(_entry(fid, p), {"review": [f"hint: {h}" for h in hints]}, indent=2)
    if plan_names:
        names = ["Names that look like numbers (not facts; candidates for instruments):",
                 *(f"  {n}" for n in plan_names[:MAX_LISTED_NAMES])]
        if len(plan_names) > MAX_LISTED_NAMES:
            names.append(f"  … and {len(plan_names) - MAX_LISTED_NAMES} more")
        lines += [emit.comment(n) for n in names]
    lines.append("instruments: []")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------------
# A raw report -> its draft
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    yaml: str  # the draft file
    warnings: list[str]  # for the curator: damage to repair, registries to complete
    proposals: list[Proposal]


def extract(raw: bytes, locality: str, *, source_id: str | None = None, script: str = "auto",
            origin: str = "raw file", progress: Callable[[float], None] | None = None) -> Draft:
    """The draft of a raw report. ``progress`` is called with the share of the text read (0 to 1) after
    every figure, so a caller can show it, and hand the interpreter to other threads a moment."""
    cleaned = clean_raw(raw, script)
    warnings = []
    for line, snippets in cleaned.mojibake:
        warnings.append(f"suspected mojibake at raw line {line}: {' | '.join(repr(s) for s in snippets)} "
                        "-> add a reviewed entry to data/sources/corrections.yaml (damaged text as in the raw file)")
    if cleaned.mojibake_more:
        warnings.append(f"suspected mojibake on {cleaned.mojibake_more} more lines after raw line {cleaned.mojibake[-1][0]}")
    sid = source_id or cleaned.source_id or locality
    localities = {r["id"] for r in read_csv(paths.REGISTRIES / "localities.csv", "localities.csv", ["id"])[0]}
    if locality not in localities:
        warnings.append(f"locality '{locality}' is not in data/registries/localities.csv: add it (see README, Add a locality)")
    if cleaned.source_id is None:
        warnings.append(f"the raw file is not in data/sources/registry.yaml: register it as '{sid}' and run make clean-text, "
                        "or quotes may not match data/sources/clean/")
    elif cleaned.record.get("locality") != locality:
        warnings.append(f"the registry says this report is about '{cleaned.record.get('locality')}', not '{locality}'")
    indicators, categories = load_indicators()
    ctx = report_context(cleaned.text, cleaned.record)
    if ctx.year_hint:
        warnings.append(ctx.year_hint)
    proposals = propose(cleaned.text, ctx, indicators, categories, limit=MAX_FIGURES + 1, progress=progress)
    if len(proposals) > MAX_FIGURES:
        left_out = proposals[MAX_FIGURES].figure.start
        proposals = proposals[:MAX_FIGURES]
        warnings.append(f"the draft stops at {MAX_FIGURES} figures, more than any report holds: the text from clean "
                        f"line {cleaned.text.count(chr(10), 0, left_out) + 1} on is not drafted; split it")
    hidden = HIDDEN.findall(cleaned.text)
    if hidden:
        names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))
        warnings.append(f"the text holds {len(hidden)} hidden characters (control or direction: {names}); quotes stop at "
                        "them and say so in a hint. If they are damage, add reviewed corrections")
    text = draft_yaml(sid, proposals, origin=origin, warnings=warnings, plan_names=names_that_look_like_numbers(cleaned.text))
    return Draft(text, warnings, proposals)
