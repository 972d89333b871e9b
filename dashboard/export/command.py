"""``zhuqi figures --out DIR [--province henan] [--lang en] [--format png,svg,pptx]``

Writes every chart of the selection (the same filters as the app's URL), the data CSV and SOURCES.md into
DIR (and, with ``--zip``, the same files as one zip). ``pptx`` writes one deck of every chart,
``slides_<lang>.pptx``, with editable charts. Unknown filter ids are an error, exit 2.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import queries
from ..queries import FILTER_KEYS, Filters
from .deck import DECK_FORMAT
from .pack import pack_files, zip_bytes
from .renderer import chromium_path, install_hint
from .slides import FORMATS


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    for key in FILTER_KEYS:
        parser.add_argument(f"--{key}", action="append", help=f"{key} id; repeat or comma-separate for several")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    known = [*FORMATS, DECK_FORMAT]
    parser.add_argument("--format", default="png",
                        help=f"comma-separated: {','.join(known)} ({DECK_FORMAT}: one deck of every chart)")
    parser.add_argument("--zip", action="store_true", help="also write figure_pack_<lang>.zip")
    args = parser.parse_args(argv)

    # No Streamlit runtime here, so its caches warn on every call: those warnings say nothing to this user.
    import streamlit.logger

    streamlit.logger.set_log_level("error")
    formats = _split([args.format])
    errors = [f"unknown format '{f}' (known: {', '.join(known)})" for f in formats if f not in known]
    options = queries.filter_options()
    chosen = {}
    for key in FILTER_KEYS:
        known = options.loc[options["filter"] == key, "id"].tolist()
        values = _split(getattr(args, key))
        errors += [f"unknown {key} id '{v}' (known: {', '.join(known)})" for v in values if v not in known]
        chosen[key] = tuple(dict.fromkeys(values))
    if not formats:
        errors.append("no format given")
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        return 2
    if chromium_path() is None:
        print(f"error: {install_hint('en')}", file=sys.stderr)
        return 3

    filters = Filters(**chosen)
    facts = queries.facts(filters)
    t0 = time.perf_counter()

    def progress(done: int, total: int, name: str) -> None:
        print(f"[{done}/{total}] {name}", file=sys.stderr)

    files = pack_files(filters, args.lang, formats, facts, queries.sources(), progress)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    if args.zip:
        (args.out / f"figure_pack_{args.lang}.zip").write_bytes(zip_bytes(files))
    print(f"wrote {len(files)} files to {args.out} in {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
