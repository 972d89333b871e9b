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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa

from pipelines import paths
from pipelines.facts.dataset import load_dataset
from pipelines.facts.table import can_return_freed_heap
from pipelines.problems import DataError, Problem
from pipelines.validate.rules import validate


def _return_freed_memory_at_once() -> None:
    """Arrow allocates from the C library's malloc, whose freed memory the build hands back to the system after
    each stage (``return_freed_heap``). A national build makes and drops many temporaries of a million rows:
    Arrow's default pool keeps them for reuse (150-200 MB more at each stage's peak), and even jemalloc with
    its decay at 0 kept ~60 MB of what was freed resident. Where malloc cannot be trimmed (not glibc),
    jemalloc returning freed pages at once is used, else Arrow's default pool stays."""
    if can_return_freed_heap():
        pa.set_memory_pool(pa.system_memory_pool())
        return
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


def dataset_version(data_dir: Path, cancel: threading.Event | None = None) -> str | None:
    """The dataset's content hash: sha256 over every file the build reads (path and bytes, in path order),
    the first 12 hex digits. The same files give the same version, whatever machine builds them. Only regular
    files are hashed, never through a link (rglob does not enter a linked folder), so nothing outside the
    dataset is read: the build has refused any link it reads by now, and one it does not read is not data.
    ``cancel``: stop early and return None once it is set (the build hashes on a second thread while it
    reads and checks the dataset, and a refused build needs no version)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*")
                       if not p.is_symlink() and p.is_file() and "build" not in p.relative_to(data_dir).parts[:1]):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                if cancel is not None and cancel.is_set():
                    return None
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
    # The version is hashed on a second thread while the dataset is read and checked: reading and sha256
    # release the GIL, so half a gigabyte of a national dataset costs little wall time. It only reads files.
    cancel = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dataset-version") as hashing:
        version = None if args.check else hashing.submit(dataset_version, args.data, cancel)
        try:
            ds, problems = load_dataset(args.data)
            validation = validate(ds)
            problems = sorted(set(problems + validation.problems))
            if problems:
                return _refuse(problems, args.out)
            print(f"valid: {len(ds.facts)} facts, {len(ds.instruments)} instruments, {len(ds.sources)} sources "
                  f"({time.perf_counter() - t0:.2f}s)")
            if args.check:
                return 0
            version = version.result()
        finally:
            cancel.set()  # a refused (or failed) build needs no version: stop hashing
    from pipelines.database.writer import write_database

    try:
        write_database(ds, args.out, validation, version, keep=False)
    except DataError as exc:
        return _refuse(exc.problems, args.out)
    print(f"wrote {paths.display_path(args.out)} ({time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
