"""Source registry and corrections: load, check (sha256, fields, dates) and clean every report."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipelines import paths
from pipelines.dates import parse_date
from pipelines.files.safe_open import Where, named_path, read_bytes
from pipelines.files.strict_yaml import MAX_BYTES, LineDict, load_yaml
from pipelines.problems import DataError, Problem
from pipelines.sources.clean import Correction, clean_text, leftover_mojibake, sha256_of

SOURCE_FIELDS = [
    "id", "file", "sha256", "locality", "program", "campaign_as_written", "script", "title_zh", "title_en",
    "publisher_zh", "publisher_en", "published", "period_start", "period_end", "period_note_zh", "period_note_en",
]
CORRECTION_FIELDS = ["source", "damaged", "repair", "reason"]
# The largest raw report is ~11 kB (a national set's average ~40 kB); a raw or clean text this size is a mistake.
MAX_REPORT_BYTES = 16 * MAX_BYTES


@dataclass
class Source:
    record: LineDict
    file: str  # registry file, for messages
    raw: bytes = b""
    raw_size: int = 0  # bytes of the raw file, kept when the bytes themselves are let go (``keep_raw=False``)
    clean_text: str = ""
    corrections: list[Correction] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record["id"]


def _list_of_mappings(data, key: str, file: str) -> tuple[list[LineDict], list[Problem]]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return [], [Problem(file, 1, key, "shape", f"top level must be a mapping with a list under '{key}'")]
    items, problems = [], []
    for i, item in enumerate(data[key]):
        if not isinstance(item, LineDict):
            problems.append(Problem(file, data.line_of(key), key, "shape", f"entry {i + 1} is not a mapping"))
        else:
            items.append(item)
    return items, problems


def _require(rec: LineDict, fields: list[str], file: str) -> list[Problem]:
    return [
        Problem(file, rec.line, f, "required", "required field is missing or empty")
        for f in fields
        if rec.get(f) in (None, "", [])
    ]


def load_sources(registry_path: Path = None, corrections_path: Path = None,
                 raw_root: Path = None, base: Path = None, root: Path = None,
                 keep_raw: bool = True) -> tuple[list[Source], list[Problem]]:
    """Every source with its raw bytes and clean text. Files are read only from inside ``root`` (the dataset
    folder, by default the one holding ``raw_root``): a registry entry's ``file`` only from ``raw_root/raw/``,
    its committed clean text only from ``raw_root/clean/``. ``keep_raw=False``: each source's raw bytes are
    let go as soon as it is cleaned (``raw_size`` keeps their length), so a national set's 120 MB of raw
    reports are never all held beside their clean texts."""
    registry_path = registry_path or paths.SOURCE_REGISTRY
    corrections_path = corrections_path or paths.CORRECTIONS
    raw_root = Path(raw_root or registry_path.parent)
    root = Path(root or raw_root.parent)
    reg_file, cor_file = paths.display_path(registry_path, base), paths.display_path(corrections_path, base)
    problems: list[Problem] = []

    data, p = load_yaml(registry_path, reg_file, root)
    problems += p
    records, p = _list_of_mappings(data, "sources", reg_file) if data is not None else ([], [])
    problems += p
    sources: dict[str, Source] = {}
    for rec in records:
        miss = _require(rec, SOURCE_FIELDS, reg_file)
        problems += miss
        sid = rec.get("id")
        if sid in sources:
            problems.append(Problem(reg_file, rec.line_of("id"), "id", "duplicate-id", f"source id '{sid}' is used twice"))
            continue
        if rec.get("script") not in (None, "traditional", "simplified"):
            problems.append(Problem(reg_file, rec.line_of("script"), "script", "enum",
                                    f"'{rec.get('script')}' is not one of traditional, simplified"))
        if rec.get("published") not in (None, "undated") and parse_date(rec.get("published")) is None:
            problems.append(Problem(reg_file, rec.line_of("published"), "published", "date",
                                    f"'{rec.get('published')}' is neither an ISO date nor 'undated'"))
        for f in ("period_start", "period_end"):
            if rec.get(f) is not None and parse_date(rec.get(f)) is None:
                problems.append(Problem(reg_file, rec.line_of(f), f, "date", f"'{rec.get(f)}' is not an ISO date (YYYY-MM-DD)"))
        if miss or sid is None:
            continue
        src = Source(rec, reg_file)
        where = Where(reg_file, rec.line_of("file"), "file")
        raw_path, p = named_path(raw_root, rec["file"], where, inside=raw_root / "raw")
        raw, p = (None, p) if raw_path is None else read_bytes(
            raw_path, root, limit=MAX_REPORT_BYTES, where=where,
            missing=Problem(reg_file, rec.line_of("file"), "file", "missing-file", f"raw file {rec['file']} not found"))
        _, p_id = named_path(raw_root, f"clean/{sid}.txt", Where(reg_file, rec.line_of("id"), "id"), inside=raw_root / "clean")
        problems += p + p_id
        if raw is None or p_id:
            continue
        src.raw, src.raw_size = raw, len(raw)
        digest = sha256_of(src.raw)
        if digest != rec["sha256"]:
            problems.append(Problem(reg_file, rec.line_of("sha256"), "sha256", "sha256-mismatch",
                                    f"raw file {rec['file']} has sha256 {digest}, registry says {rec['sha256']}; "
                                    "raw files must never be edited"))
        sources[sid] = src

    data, p = load_yaml(corrections_path, cor_file, root)
    problems += p
    records, p = _list_of_mappings(data, "corrections", cor_file) if data is not None else ([], [])
    problems += p
    for rec in records:
        miss = _require(rec, CORRECTION_FIELDS, cor_file)
        problems += miss
        if miss:
            continue
        if rec["source"] not in sources:
            problems.append(Problem(cor_file, rec.line_of("source"), "source", "unknown-reference",
                                    f"source '{rec['source']}' is not in the source registry"))
            continue
        sources[rec["source"]].corrections.append(
            Correction(rec["source"], str(rec["damaged"]), str(rec["repair"]), str(rec["reason"]), rec.line_of("damaged")))

    for src in sources.values():
        rec = src.record
        try:
            src.clean_text, p = clean_text(src.raw, traditional=rec["script"] == "traditional",
                                           corrections=src.corrections, chrome=rec.get("chrome") or {},
                                           corrections_file=cor_file)
            problems += p
        except UnicodeDecodeError as exc:
            problems.append(Problem(reg_file, rec.line_of("file"), "file", "encoding", f"raw file is not UTF-8: {exc.reason}"))
            continue
        except ValueError as exc:
            problems.append(Problem(reg_file, rec.line_of("chrome"), "chrome", "chrome-rule", str(exc)))
            continue
        finally:
            if not keep_raw:
                src.raw = b""
        committed = raw_root / "clean" / f"{src.id}.txt"
        clean_file = paths.display_path(committed, base)
        old, p = read_bytes(committed, root, limit=MAX_REPORT_BYTES, where=Where(clean_file),
                            missing=Problem(clean_file, 1, "file", "clean-missing", "clean text is missing; run zhuqi clean-text"))
        problems += p
        if old is not None and old != src.clean_text.encode("utf-8"):  # bytes that are not UTF-8 differ too
            old = old.decode("utf-8", errors="replace")
            first_diff = next((i for i, (a, b) in enumerate(zip(old.split("\n"), src.clean_text.split("\n")), 1) if a != b),
                              min(old.count("\n"), src.clean_text.count("\n")) + 1)
            problems.append(Problem(clean_file, first_diff, "text", "clean-drift",
                                    "clean text differs from what the cleaning step makes now; run zhuqi clean-text and re-check quotes"))
        for line, snippet in leftover_mojibake(src.clean_text):
            problems.append(Problem(clean_file, line, "text", "suspected-mojibake",
                                    f"unrepaired damage near {snippet!r}; add an entry to corrections.yaml"))
    return list(sources.values()), problems


def clean_all() -> dict[str, str]:
    sources, problems = load_sources()
    # Drift is what this step is run to fix, so it does not stop it.
    problems = [p for p in problems if p.code not in ("clean-drift", "clean-missing")]
    if problems:
        raise DataError(problems)
    return {s.id: s.clean_text for s in sources}
