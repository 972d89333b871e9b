"""Export timings on the real dataset: the export Chromium's warm-up at server start (in the background) and the
first PNG of a session after it, ten warm PNG exports (and ten more with the slide figure
rebuilt each time, as for a chart exported for the first time), and the whole figure pack.
Prints figures; asserts nothing (speed goals live here, not in tests)."""
import json
import statistics
import sys
import time

import streamlit.logger

streamlit.logger.set_log_level("error")

from dashboard import catalogue, export, queries  # noqa: E402
from dashboard.export import renderer, slides  # noqa: E402
from dashboard.queries import Filters  # noqa: E402


def main() -> int:
    if export.chromium_path() is None:
        print(export.install_hint("en"), file=sys.stderr)
        return 3
    chart = catalogue.chart("growth_industrial_value_added_growth", Filters(), "zh")
    # What `zhuqi serve` does at start: Chromium and plotly.js made ready before anyone clicks.
    t0 = time.perf_counter()
    renderer.warm_in_background()
    renderer.warmed.wait(120)
    warm_up = time.perf_counter() - t0
    t0 = time.perf_counter()
    export.export_figure(chart, "zh", "png")  # a session's first export: its slide figure not built yet
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(10):
        t0 = time.perf_counter()
        export.export_figure(chart, "zh", "png")
        warm.append(time.perf_counter() - t0)
    uncached = []
    for _ in range(10):
        slides._slide_cache.clear()
        t0 = time.perf_counter()
        export.export_figure(chart, "zh", "png")
        uncached.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    files = export.pack_files(Filters(province=("henan",)), "zh", ["png", "svg"], queries.facts(Filters(province=("henan",))),
                              queries.sources())
    export.zip_bytes(files)
    pack = time.perf_counter() - t0
    print(f"export Chromium warm-up at server start (background): {warm_up:.2f} s")
    print(f"PNG export, first of a session (after the warm-up): {cold:.3f} s")
    print(f"PNG export, warm: median {statistics.median(warm):.3f} s, max {max(warm):.3f} s over {len(warm)}")
    print(f"PNG export, warm, slide figure not cached: median {statistics.median(uncached):.3f} s, "
          f"max {max(uncached):.3f} s over {len(uncached)}")
    print(f"figure pack (henan, png+svg, {len(files)} files): {pack:.2f} s")
    print(json.dumps({"export_warm_up_s": round(warm_up, 3), "png_first_s": round(cold, 3), "png_warm_s": round(statistics.median(warm), 3),
                      "png_warm_uncached_s": round(statistics.median(uncached), 3),
                      "pack_s": round(pack, 3), "pack_files": len(files)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
