"""The draft of a report's facts: clean the raw bytes the way the build does, propose every figure, and write
the proposals as a draft curated file (the format of ``data/curated/*.yaml``) for a curator to review.

1. Cleaning (:func:`clean_raw`). A raw file registered in ``data/sources/registry.yaml`` (found by comparing
   its sha256 with the registry's ``sha256`` fields) is cleaned by the build's own ``clean_text`` with its
   reviewed corrections and page-chrome rules, so the quotes match ``data/sources/clean/<id>.txt``. An
   unregistered file has neither: suspected mojibake is only *reported* (raw line and snippet, for a new
   ``corrections.yaml`` entry), never repaired by guessing.
2. Proposals (``guess.propose``) in the report's context (``periods.report_context``).
3. The draft file (:func:`draft_yaml`), written by a YAML emitter (ruamel.yaml), with hints for the curator
   as YAML comments. The build refuses it (``draft: true``, ``review: pending`` on every entry) until a
   person has checked each entry.
"""
from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from pipelines import paths
from pipelines.curation.figures import CJK_CHAR, names_that_look_like_numbers
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
    spots: dict[int, list[str]] = {}
    for line, snippet in clean.leftover_mojibake(repaired):
        if snippet not in spots.setdefault(line, []):
            spots[line].append(snippet)
    text, _ = clean.clean_text(raw, traditional=traditional, corrections=corrections, chrome=chrome)
    return Cleaned(text, record["id"] if record else None, dict(record) if record else None, sorted(spots.items()))


# ---------------------------------------------------------------------------------------------------------
# The draft file
# ---------------------------------------------------------------------------------------------------------

HEADER = [
    "Draft made by zhuqi extract from {origin}. The build refuses it until every entry",
    "is reviewed: fix indicator (replace indicator_guess/category_guess with a registry id), period,",
    "status and scope, then set review: reviewed or delete the entry; finally delete draft: true.",
]
# Characters a YAML reader does not take as they are (controls, line breaks of YAML 1.1 such as U+0085 and
# U+2028, the byte-order mark, non-characters, lone surrogates): a value holding one is written double-quoted
# with escapes, and a comment shows it escaped, so no text can end a comment or a value early.
NOT_PLAIN = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


class _Yaml11Resolver(VersionedResolver):
    """Decide quoting by YAML 1.1, the version PyYAML (the build's loader) reads: ``yes``, ``on``, ``1:20``
    are not strings there, so they are quoted."""

    @property
    def processing_version(self):
        return (1, 1)


def _emitter() -> YAML:
    out = YAML()
    out.Resolver = _Yaml11Resolver
    out.indent(mapping=2, sequence=4, offset=2)
    out.width = sys.maxsize  # one value, one line: a quote is never folded
    out.allow_unicode = True
    out.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return out


def _text(value: str) -> str:
    return DoubleQuotedScalarString(value) if NOT_PLAIN.search(value) else value


def _comment(text: str) -> str:
    return NOT_PLAIN.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _flow(**items) -> CommentedMap:
    m = CommentedMap(items)
    m.fa.set_flow_style()
    return m


def _entry(fid: str, p: Proposal, hints: list[str]) -> CommentedMap:
    f = p.figure
    e = CommentedMap()
    e["id"] = _text(fid)
    e["review"] = "pending"
    if hints:
        e.yaml_set_comment_before_after_key("review", before="\n".join(_comment(f"hint: {h}") for h in hints), indent=4)
    e["confidence"] = f.confidence
    e["indicator"] = None if p.indicator is None else _text(p.indicator)
    if p.indicator is None:
        e["indicator_guess"] = None if p.indicator_guess is None else _text(p.indicator_guess)
        e["category_guess"] = None if p.category is None else _text(p.category)
    e["period"] = _flow(kind=p.period["kind"], start=str(p.period["start"]), end=str(p.period["end"]))
    e["value_as_written"] = _text(f.written)
    e["value"] = _number(f.value)
    e["unit"] = f.unit
    e["status"] = p.status
    if p.basis:
        e["basis"] = p.basis
    if f.qualifier:
        e["qualifier"] = _text(f.qualifier)
    if f.negative:
        e["negative"] = True
    e["quote"] = _text(f.quote)
    if f.range_high is not None:
        e["note_en"] = _text(f"Written as a range ({f.written}); value is the lower bound, the upper is {f.range_high:g}.")
    return e


def draft_document(source_id: str, proposals: list[Proposal], *, origin: str, warnings: list[str] = (),
                   plan_names: list[str] = ()) -> CommentedMap:
    """The draft as a YAML document with its comments: header and warnings, then one entry per proposal."""
    doc = CommentedMap()
    header = [line.format(origin=origin) for line in HEADER] + [f"WARNING: {w}" for w in warnings]
    doc.yaml_set_start_comment("\n".join(_comment(line) for line in header))
    doc["draft"] = True
    doc["source"] = _text(source_id)
    facts = CommentedSeq()
    seen_keys: dict[tuple, str] = {}
    for i, p in enumerate(proposals, 1):
        fid = f"{source_id}-{i:03d}"
        hints = list(p.hints)
        key = (p.indicator or p.indicator_guess, p.period["kind"], p.period["start"], p.period["end"])
        if p.indicator and key in seen_keys:
            hints.append(f"same indicator and period as {seen_keys[key]}: give one a scope, or delete one")
        seen_keys.setdefault(key, fid)
        facts.append(_entry(fid, p, hints))
    doc["facts"] = facts
    doc["instruments"] = CommentedSeq()
    if plan_names:
        names = ["Names that look like numbers (not facts; candidates for instruments):", *(f"  {n}" for n in plan_names)]
        doc.yaml_set_comment_before_after_key("instruments", before="\n".join(_comment(n) for n in names), indent=0)
    return doc


def draft_yaml(source_id: str, proposals: list[Proposal], *, origin: str, warnings: list[str] = (),
               plan_names: list[str] = ()) -> str:
    out = io.StringIO()
    _emitter().dump(draft_document(source_id, proposals, origin=origin, warnings=warnings, plan_names=plan_names), out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# A raw report -> its draft
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    yaml: str  # the draft file
    warnings: list[str]  # for the curator: damage to repair, registries to complete
    proposals: list[Proposal]


def extract(raw: bytes, locality: str, *, source_id: str | None = None, script: str = "auto",
            origin: str = "raw file") -> Draft:
    cleaned = clean_raw(raw, script)
    warnings = []
    for line, snippets in cleaned.mojibake:
        warnings.append(f"suspected mojibake at raw line {line}: {' | '.join(repr(s) for s in snippets)} "
                        "-> add a reviewed entry to data/sources/corrections.yaml (damaged text as in the raw file)")
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
    proposals = propose(cleaned.text, ctx, indicators, categories)
    text = draft_yaml(sid, proposals, origin=origin, warnings=warnings, plan_names=names_that_look_like_numbers(cleaned.text))
    return Draft(text, warnings, proposals)
