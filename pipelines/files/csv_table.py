"""Read a registry CSV into dicts that remember their line number."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from pipelines.files.safe_open import Where, read_text
from pipelines.files.strict_yaml import MAX_BYTES
from pipelines.problems import Problem

# A CSV may be large (a national table of facts); the YAML limit would be far too small.
MAX_CSV_BYTES = 64 * MAX_BYTES


def rows_with_lines(reader) -> Iterator[tuple[int, list[str]]]:
    """(the line it starts on, cells) of each non-blank row a ``csv.reader`` has left. A quoted cell may run over
    several lines: a row is named at its first line, where a person finds it, not its last."""
    while True:
        start = reader.line_num + 1
        record = next(reader, None)
        if record is None:
            return
        if record and any(c.strip() for c in record):
            yield start, record


def read_csv(path: Path, file: str, required: list[str], root: Path | None = None) -> tuple[list[dict], list[Problem]]:
    """Rows as dicts with a ``_line`` key; problems for an unsafe file, a bad encoding, header or row shape.
    ``root``: the dataset folder the file must be inside (its own folder by default)."""
    text, problems = read_text(path, root, limit=MAX_CSV_BYTES, where=Where(file), bom=True)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[dict] = []
    try:
        header = next(reader, None)
        if header is None:
            return [], [Problem(file, 1, "header", "csv-empty", "file is empty")]
        header = [h.strip() for h in header]
        for col in required:
            if col not in header:
                problems.append(Problem(file, 1, col, "csv-missing-column", f"required column '{col}' is missing"))
        if problems:
            return [], problems
        for line, record in rows_with_lines(reader):
            if len(record) != len(header):
                problems.append(Problem(file, line, "row", "csv-row-shape", f"{len(record)} cells, header has {len(header)}"))
                continue
            row = {h: c.strip() for h, c in zip(header, record)}
            row["_line"] = line
            rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(file, reader.line_num, "row", "csv-syntax", str(exc)))
    return rows, problems
