"""Server-side rerun time per page after a filter change (AppTest), p50 and p95 over N reruns, against an
empty page as the floor. Prints figures and a JSON line; asserts nothing."""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard.routes import READER_PAGES  # noqa: E402

PAGES = [p.url_path for p in READER_PAGES]


def province_cycle(db: str) -> list[list[str]]:
    """Filter changes to cycle through, from the database's own provinces: one, all, another, two, all."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT province_id FROM stg_provinces ORDER BY province_id").fetchall()]
    finally:
        con.close()
    a, b, c = (ids * 3)[:3]
    return [[a], [], [b], [c, a], []]


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def time_page(path: Path, reruns: int, with_filters: bool, cycle: list[list[str]] | None = None,
              page: str | None = None) -> list[float]:
    """Reruns of ``path``; with ``page``, the router ``path`` showing that page file (as the server does)."""
    from streamlit.testing.v1 import AppTest, app_test

    from dashboard.server import RouterPagesManager

    app_test.PagesManager = RouterPagesManager
    at = AppTest.from_file(str(path), default_timeout=120)
    if page:
        at.switch_page(page)
    at.run()
    times = []
    for i in range(reruns):
        if with_filters:
            at.sidebar.multiselect(key="province").set_value(cycle[i % len(cycle)])
        t0 = time.perf_counter()
        at.run()
        times.append(1000 * (time.perf_counter() - t0))
        if at.exception:
            raise RuntimeError(f"{page or path.name}: {at.exception[0].message}")
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reruns", type=int, default=30)
    ap.add_argument("--db", help="database file (default: data/build/dashboard.duckdb)")
    ap.add_argument("--label", default="real")
    args = ap.parse_args(argv)
    if args.db:
        os.environ["DASHBOARD_DB"] = args.db
    cycle = province_cycle(args.db or str(ROOT / "data" / "build" / "dashboard.duckdb"))
    import streamlit.logger

    streamlit.logger.set_log_level("error")
    floor = time_page(ROOT / "benchmarks" / "empty_page.py", args.reruns, with_filters=False)
    result = {"rerun_p50_ms_floor": round(statistics.median(floor), 1), "rerun_p95_ms_floor": round(p95(floor), 1)}
    print(f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>10}")
    print(f"{'(floor)':<12} {statistics.median(floor):8.1f} {p95(floor):8.1f} {1.0:10.1f}")
    # The shared frame alone, filters changing as on the pages: how much of a page's time is the frame's.
    frame = time_page(ROOT / "benchmarks" / "frame_page.py", args.reruns, with_filters=True, cycle=cycle)
    print(f"{'(frame)':<12} {statistics.median(frame):8.1f} {p95(frame):8.1f} {p95(frame) / p95(floor):10.1f}")
    result[f"rerun_p50_ms_frame_{args.label}"] = round(statistics.median(frame), 1)
    result[f"rerun_p95_ms_frame_{args.label}"] = round(p95(frame), 1)
    worst = 0.0
    for p in READER_PAGES:
        name = p.url_path
        times = time_page(ROOT / "app.py", args.reruns, with_filters=True, cycle=cycle,
                          page=None if p.default else p.file)
        ratio = p95(times) / p95(floor)
        worst = max(worst, p95(times))
        print(f"{name:<12} {statistics.median(times):8.1f} {p95(times):8.1f} {ratio:10.1f}")
        result[f"rerun_p50_ms_{args.label}_{name}"] = round(statistics.median(times), 1)
        result[f"rerun_p95_ms_{args.label}_{name}"] = round(p95(times), 1)
    result[f"rerun_p95_ms_{args.label}"] = round(worst, 1)
    result[f"rerun_ratio_{args.label}"] = round(worst / p95(floor), 1)
    result[f"peak_rss_mb_{args.label}"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
