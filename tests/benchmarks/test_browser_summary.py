"""benchmarks/browser.py's summary of a run's steps: the lazily loaded components and the medians without them."""
import json

from benchmarks import browser


def step(target: str, kind: str, where: str, total: float, scripts: tuple[str, ...] = ()) -> dict:
    return {"db": "real", "target": target, "kind": kind, "where": where, "total_ms": total,
            "scripts": [f"http://127.0.0.1/static/js/{s}" for s in scripts]}


GRID = ("DataFrame.-f9-1zS0.js", "arrowFormatUtils.BeTrQZrd.js", "Quiver.yoqUC9Km.js")
STEPS = [
    step("app", "page", "growth", 1500, GRID),
    step("app", "page", "overview", 2800, ("PlotlyChart.D9Z0_fxz.js",)),
    step("app", "page", "problems", 600),
    step("app", "page", "sources", 400),
    step("app", "page", "data", 500),
    step("floor", "page", "growth", 250),
    step("floor", "page", "data", 230),
    step("app", "filter", "growth +province", 550),
]


def test_the_steps_that_load_no_js_give_the_median_without_lazy_loads(capsys):
    got = browser.lazy_components(STEPS, ["real"], ("app", "floor"))
    assert got == {"real": {"page": {"app": {"median": 500, "n": 3}, "floor": {"median": 240, "n": 2}},
                            "filter": {"app": {"median": 550, "n": 1}}}}
    out = capsys.readouterr().out
    assert "page    app       2 of  5 steps loaded JS (median 2150 ms); without: median 500 ms of 3" in out
    assert "growth: DataFrame (3 files), overview: PlotlyChart (1 files)" in out


def test_a_saved_run_is_summarised_again_without_a_browser(tmp_path, capsys):
    saved = tmp_path / "steps.json"
    saved.write_text(json.dumps([{**s, "before_request_ms": 10, "server_ms": 100, "tail_ms": 50, "plotly_tail_ms": 0,
                                  "cpu_ms": {}, "bytes": 2048, "deltas": 5, "element_bytes": {}} for s in STEPS]))
    assert browser.main(["--from-steps", str(saved)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["browser_ms"]["real"]["page"]["app"] == {"median": 600, "p90": 2280, "n": 5}
    assert result["browser_ratio_page"]["real"]["median"] == round(600 / 240, 2)
    assert result["browser_ms_without_js_loads"]["real"]["page"]["app"] == {"median": 500, "n": 3}
