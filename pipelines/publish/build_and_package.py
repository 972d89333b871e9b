"""``zhuqi build``: the build (``pipelines.build``: validate, write the database atomically), then the dataset
package of what it wrote, zipped beside the database (``dashboard.duckdb`` → ``dashboard.datapackage.zip``),
which the app's "Download the dataset" serves. ``python -m pipelines.build`` alone writes no package (the
benchmark times the build itself); the app offers a package only when it is of the database it reads."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipelines import build, paths
from pipelines.publish.package import PackageError, write_zip, zip_path


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    code = build.main(argv, prog=prog)
    if code or "--check" in argv:
        return code
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--out", type=Path, default=paths.DATABASE)
    database = where.parse_known_args(argv)[0].out
    t0 = time.perf_counter()
    try:
        target = write_zip(database, zip_path(database))
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {paths.display_path(target)}, its dataset package ({time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
