"""``python -m pipelines.build``: validate everything, then write the DuckDB database atomically.

load → validate → write: ``load_dataset`` returns the dataset and the problems found reading it,
``validate`` returns a ``Validation`` (every problem, and the quote lines the writer stores), which is passed
as it is to ``write_database``; the writer raises ``DataError`` when what it wrote breaks a mart's contract.

``--check`` validates only. On any problem, from any stage, every problem is printed as
``path:line: field: message [code]``, the exit code is 1, and the existing database is not touched.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import pyarrow as pa

from pipelines import paths
from pipelines.facts.dataset import load_dataset
from pipelines.problems import DataError, Problem
from pipelines.validate.rules import validate


def _return_freed_memory_at_once() -> None:
    """Arrow allocates from jemalloc with freed pages returned to the system at once (decay 0) instead of
    from its default pool, which keeps them for reuse. A national build makes and drops many temporaries of
    a million rows; kept, they add 150-200 MB to each stage's peak. Where jemalloc is not built in, the
    default pool stays."""
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:
        pass


def _refuse(problems: list[Problem], out: Path) -> int:
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(problems)} problem(s) found; {paths.display_path(out)} left untouched", file=sys.stderr)
    return 1


def dataset_version(data_dir: Path) -> str:
    """The dataset's content hash: sha256 over every file the build reads (path and bytes, in path order),
    the first 12 hex digits. The same files give the same version, whatever machine builds them. Only regular
    files are hashed, never through a link (rglob does not enter a linked folder), so nothing outside the
    dataset is read: the build has refused any link it reads by now, and one it does not read is not data."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*")
                       if not p.is_symlink() and p.is_file() and "build" not in p.relative_to(data_dir).parts[:1]):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:12]


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog or "python -m pipelines.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--data", type=Path, default=paths.DATA, help="data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=paths.DATABASE, help="database file to write")
    args = parser.parse_args(argv)

    _return_freed_memory_at_once()
    t0 = time.perf_counter()
    ds, problems = load_dataset(args.data)
    validation = validate(ds)
    problems = sorted(set(problems + validation.problems))
    if problems:
        return _refuse(problems, args.out)
    print(f"valid: {len(ds.facts)} facts, {len(ds.instruments)} instruments, {len(ds.sources)} sources "
          f"({time.perf_counter() - t0:.2f}s)")
    if args.check:
        return 0
    from pipelines.database.writer import write_database

    try:
        write_database(ds, args.out, validation, dataset_version(args.data))
    except DataError as exc:
        return _refuse(exc.problems, args.out)
    print(f"wrote {paths.display_path(args.out)} ({time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
