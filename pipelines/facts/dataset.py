"""Load every curated input (registries, sources, curated facts and instruments) with line numbers.

Loading only reads and shapes; ``pipelines/validate`` holds the rules (and keeps what it finds in its own
result, not here). Problems found while reading (bad YAML, bad CSV, wrong shapes) are returned as data, never
raised.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines import paths
from pipelines.facts.table import (
    concat_tables,
    empty_table,
    from_yaml_entries,
    read_fact_csv,
    read_instrument_csv,
    return_freed_heap,
)
from pipelines.files.csv_table import read_csv
from pipelines.files.safe_open import Where, list_folder
from pipelines.files.strict_yaml import LineDict, load_yaml
from pipelines.problems import Problem
from pipelines.sources.registry import Source, load_sources

REGISTRY_COLUMNS = {
    "provinces": ["id", "name_zh", "name_en"],
    "localities": ["id", "name_zh", "name_en", "province", "parent_city_zh", "parent_city_en", "level"],
    "programs": ["id", "name_zh", "name_en", "gloss_en"],
    "indicator_categories": ["id", "name_zh", "name_en", "description_en"],
    "instrument_categories": ["id", "name_zh", "name_en", "description_en"],
    # which indicators measure the same thing and may share an axis (one group per indicator, often its own)
    "comparison_groups": ["id", "name_zh", "name_en", "description_en"],
}
INDICATOR_COLUMNS = ["id", "name_zh", "name_en", "category", "unit", "comparison_group"]


@dataclass
class Record:
    """One instrument: its mapping, the file it came from and the source it belongs to."""

    data: LineDict
    file: str
    source_id: str

    def line(self, key: str | None = None) -> int:
        return self.data.line_of(key) if key else self.data.line


@dataclass
class Dataset:
    registries: dict[str, list[dict]] = field(default_factory=dict)  # name -> rows (with _line, _file)
    indicators: list[dict] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    facts: pd.DataFrame = field(default_factory=empty_table)  # one row per fact, see facts/table.py
    instruments: list[Record] = field(default_factory=list)
    curated_files: list[str] = field(default_factory=list)
    raw_sizes: dict[str, int] = field(default_factory=dict)  # source id -> bytes of its raw file


def load_dataset(data_dir: Path | None = None) -> tuple[Dataset, list[Problem]]:
    data_dir = Path(data_dir or paths.DATA)
    base = data_dir.resolve().parent

    def display(p: Path) -> str:
        return paths.display_path(p, base)

    def listed(folder: Path, *patterns: str) -> list[Path]:
        found, p = list_folder(folder, data_dir, patterns, Where(display(folder), 0, "folder"))
        problems.extend(p)
        return found

    # Every file is read only from inside data_dir, never through a link (pipelines/files/safe_open.py).
    ds, problems = Dataset(), []
    reg_dir = data_dir / "registries"
    for name, cols in REGISTRY_COLUMNS.items():
        path = reg_dir / f"{name}.csv"
        file = display(path)
        rows, p = read_csv(path, file, cols, data_dir)
        for r in rows:
            r["_file"] = file
        ds.registries[name] = rows
        problems += p
    for path in listed(reg_dir / "indicators", "*.csv"):
        file = display(path)
        rows, p = read_csv(path, file, INDICATOR_COLUMNS, data_dir)
        for r in rows:
            r["_file"] = file
        ds.indicators += rows
        problems += p

    # Fact CSVs are parsed on a second thread while this one reads and cleans the sources: Arrow's CSV
    # reader releases the GIL, so a national table costs little extra wall time.
    curated = listed(data_dir / "curated", "*.csv", "*.yaml")
    csv_paths = [path for path in curated if path.suffix == ".csv"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        fact_csvs = {path: pool.submit(read_fact_csv, path, display(path), data_dir)
                     for path in csv_paths if path.name.endswith(".facts.csv")}
        sources_dir = data_dir / "sources"
        # A raw report is needed only to check its sha256 and to clean it; the database records just its
        # size. Each one's bytes are let go once it is cleaned, which keeps a national dataset's 117 MB of
        # raw files out of the build's peak memory (they were all held beside the clean texts and the facts
        # being parsed).
        ds.sources, p = load_sources(sources_dir / "registry.yaml", sources_dir / "corrections.yaml", sources_dir, base,
                                     data_dir, keep_raw=False)
        problems += p
        ds.raw_sizes = {s.id: s.raw_size for s in ds.sources}
        return_freed_heap()  # the raw bytes and the cleaning's temporaries, out of the heap before the facts
        fact_csvs = {path: future.result() for path, future in fact_csvs.items()}

    fact_tables = []
    for path in csv_paths:
        file = display(path)
        ds.curated_files.append(file)
        if path in fact_csvs:
            table, p = fact_csvs.pop(path)  # held once, by fact_tables, so concat_tables can release it
            fact_tables.append(table)
        elif path.name.endswith(".instruments.csv"):
            entries, p = read_instrument_csv(path, file, data_dir)
            ds.instruments += [Record(d, file, str(source_id)) for d, source_id in entries]
        else:
            p = [Problem(file, 1, "file", "unknown-file", "a curated CSV is named <name>.facts.csv or <name>.instruments.csv")]
        problems += p
    for path in (path for path in curated if path.suffix == ".yaml"):
        file = display(path)
        ds.curated_files.append(file)
        data, p = load_yaml(path, file, data_dir)
        problems += p
        if data is None:
            continue
        if not isinstance(data, LineDict) or not data.get("source"):
            problems.append(Problem(file, 1, "source", "required", "curated file must start with 'source: <id>'"))
            continue
        source_id = str(data["source"])
        for key in ("facts", "instruments"):
            items = data.get(key) or []
            if not isinstance(items, list):
                problems.append(Problem(file, data.line_of(key), key, "shape", f"'{key}' must be a list"))
                continue
            entries = []
            for i, item in enumerate(items):
                if not isinstance(item, LineDict):
                    problems.append(Problem(file, data.line_of(key), key, "shape", f"entry {i + 1} is not a mapping"))
                    continue
                entries.append(item)
            if key == "instruments":
                ds.instruments += [Record(item, file, source_id) for item in entries]
            elif entries:
                table, p = from_yaml_entries(entries, file, source_id)
                fact_tables.append(table)
                problems += p
        # A draft from pipelines.extract says so at the top; it is refused until a curator removes the flag.
        if data.get("draft", False) is not False:
            problems.append(Problem(file, data.line_of("draft"), "draft", "draft-not-reviewed",
                                    "draft file not reviewed: review every entry, then delete 'draft: true'"))
        unknown = set(data) - {"source", "facts", "instruments", "draft"}
        for key in sorted(unknown, key=str):
            problems.append(Problem(file, data.line_of(key), str(key), "unknown-field", "unknown top-level key"))
    ds.facts = concat_tables(fact_tables)
    return ds, problems
