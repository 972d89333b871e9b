"""How long the curation assistant takes to draft a report of 100 KB, 400 KB and 2 MB (the curation page's limit).

    .venv/bin/python benchmarks/extract_speed.py [--sizes 100000,400000,2000000] [--profile]

The inputs are the real cleaned reports (``data/sources/clean/*.txt``) concatenated, each copy in another order
and with its Arabic numbers shifted, so no two copies are the same text. Each size is timed for the whole draft
(``extract``: cleaning, proposals, the YAML) in wall and CPU seconds (CPU time is steadier on a shared machine),
with the proposals alone (``propose``) beside it, and the CPU time per KB, which stays flat when the extractor is
linear. ``--profile`` prints cProfile's top functions for the
largest size. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines import paths  # noqa: E402
from pipelines.curation.draft import extract  # noqa: E402
from pipelines.curation.guess import load_indicators, propose  # noqa: E402
from pipelines.curation.periods import report_context  # noqa: E402

DIGITS = re.compile(r"\d+")


def report_text(size: int) -> str:
    """About ``size`` UTF-8 bytes of report text: the real reports, copy after copy, each copy varied."""
    reports = [p.read_text(encoding="utf-8") for p in sorted(paths.CLEAN_DIR.glob("*.txt"))]
    parts, total, copy = [], 0, 0
    while total < size:
        order = reports[copy % len(reports):] + reports[:copy % len(reports)]
        for text in order:
            varied = DIGITS.sub(lambda m, k=copy: str(int(m.group(0)) + 7 * k), text) if copy else text
            parts.append(varied)
            total += len(varied.encode("utf-8"))
        copy += 1
    raw = "".join(parts).encode("utf-8")[:size]
    return raw.decode("utf-8", errors="ignore")


def time_one(size: int) -> tuple[int, float, float, float, int]:
    """(bytes, wall and CPU seconds of the whole draft, CPU seconds of the proposals alone, figures)."""
    text = report_text(size)
    raw = text.encode("utf-8")
    t0, c0 = time.perf_counter(), time.process_time()
    draft = extract(raw, "kaifeng", source_id="bench", origin="benchmark")
    t_extract, c_extract = time.perf_counter() - t0, time.process_time() - c0
    indicators, categories = load_indicators()
    ctx = report_context(text)
    c0 = time.process_time()
    propose(text, ctx, indicators, categories)
    c_propose = time.process_time() - c0
    return len(raw), t_extract, c_extract, c_propose, len(draft.proposals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,400000,2000000", help="input sizes in bytes, comma-separated")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'bytes':>9} {'extract s':>9} {'CPU s':>7} {'propose CPU s':>13} {'CPU ms/KB':>9} {'figures':>7}")
    for size in sizes:
        n, t_extract, c_extract, c_propose, figures = time_one(size)
        print(f"{n:>9} {t_extract:>9.2f} {c_extract:>7.2f} {c_propose:>13.2f} {1000 * c_extract / (n / 1000):>9.2f} {figures:>7}",
              flush=True)
    if args.profile:
        raw = report_text(max(sizes)).encode("utf-8")
        prof = cProfile.Profile()
        prof.runcall(extract, raw, "kaifeng", source_id="bench", origin="benchmark")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
