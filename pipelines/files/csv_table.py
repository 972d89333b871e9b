"""Read a registry CSV into dicts that remember their line number."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from pipelines.problems import Problem


def read_csv(path: Path, file: str, required: list[str]) -> tuple[list[dict], list[Problem]]:
    """Rows as dicts with a ``_line`` key; problems for a bad encoding, header or row shape."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return [], [Problem(file, 0, "file", "file-unreadable", str(exc))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(file, line, "file", "encoding", f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")]
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
        for record in reader:
            line = reader.line_num
            if not record or all(not c.strip() for c in record):
                continue
            if len(record) != len(header):
                problems.append(Problem(file, line, "row", "csv-row-shape", f"{len(record)} cells, header has {len(header)}"))
                continue
            row = {h: c.strip() for h, c in zip(header, record)}
            row["_line"] = line
            rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(file, reader.line_num, "row", "csv-syntax", str(exc)))
    return rows, problems
