"""``zhuqi clean-text``: write ``data/sources/clean/<id>.txt`` from the raw reports, the registry's chrome
rules and the reviewed corrections (it stops while suspected mojibake is left). Curators quote from these
files; the build re-makes the text and fails on any drift."""
from __future__ import annotations

import argparse
import sys

from pipelines import paths
from pipelines.problems import DataError
from pipelines.sources.registry import clean_all


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    argparse.ArgumentParser(prog=prog, description=__doc__).parse_args(argv)
    try:
        cleaned = clean_all()
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    paths.CLEAN_DIR.mkdir(parents=True, exist_ok=True)
    for source_id, text in cleaned.items():
        (paths.CLEAN_DIR / f"{source_id}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {paths.display_path(paths.CLEAN_DIR / f'{source_id}.txt')} ({len(text)} chars)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
