"""Charts are plain figure dicts, built without plotly.py's validation: here every chart, in both languages and
for several selections, must pass that validation unchanged. Streamlit gets the dict as it is."""
import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalogue, charts
from dashboard.queries import Filters

SELECTIONS = [Filters(), Filters(province=("henan",)), Filters(locality=("wenzhou",)),
              Filters(program=("wanren_zhu_wanqi",)), Filters(level=("county",))]


@pytest.fixture(autouse=True)
def use_real_db(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def plain(o):
    """A figure's JSON with plotly's typed arrays ({"bdata": ..., "dtype": ...}) decoded to lists."""
    if isinstance(o, dict):
        if "bdata" in o and "dtype" in o:
            a = np.frombuffer(base64.b64decode(o["bdata"]), dtype=o["dtype"])
            if "shape" in o:
                a = a.reshape([int(x) for x in str(o["shape"]).split(",")])
            return plain(a.tolist())
        return {k: plain(v) for k, v in o.items()}
    if isinstance(o, list):
        return [plain(v) for v in o]
    if isinstance(o, float) and o.is_integer():
        return int(o)
    return o


def as_json(fig) -> dict:
    return plain(json.loads(pio.to_json(fig, validate=False)))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda f: json.dumps({k: v for k, v in f._asdict().items() if v}))
def test_every_chart_passes_plotly_validation_unchanged(selection, lang):
    built = catalogue.all_charts(selection, lang)
    assert built, "the real dataset gives charts for this selection"
    for chart in built:
        spec = chart.figure
        assert set(spec) == {"data", "layout"} and spec["data"], chart.chart_id
        # Validation neither rejects nor rewrites anything: no unknown property, no value it would coerce.
        assert as_json(go.Figure(spec)) == as_json(spec), chart.chart_id


def test_invalid_property_is_caught_by_the_same_check():
    # The check above can fail: plotly.py rejects a misspelt property that plotly.js would silently ignore.
    spec = charts.new_figure([{"type": "bar", "x": [1], "y": ["a"], "orientaton": "h"}])
    with pytest.raises(ValueError, match="orientaton"):
        go.Figure(spec)


def test_merge_is_recursive_and_replaces_leaves():
    target = {"a": {"b": 1, "c": {"d": 2, "e": 3}}, "f": [1]}
    assert charts.merge(target, {"a": {"c": {"d": 9}}, "f": [2], "g": 0}) == {
        "a": {"b": 1, "c": {"d": 9, "e": 3}}, "f": [2], "g": 0}


def test_values_are_json_ready_with_gaps_for_missing():
    import pandas as pd

    assert charts.values(pd.Series([1.5, float("nan"), 3.0])) == [1.5, None, 3.0]
    assert charts.values(pd.Series([1, None], dtype="Int64")) == [1, None]
    assert charts.values(pd.Series(["a", None], dtype="string")) == ["a", None]
    assert [type(v) for v in charts.values(pd.Series(np.array([1, 2], dtype=np.int64)))] == [int, int]


def test_streamlit_gets_the_dict_as_it_is_without_revalidating():
    # A property plotly.py would reject reaches the page untouched: st.plotly_chart took the fast path, so no
    # rerun pays for validation (the charts themselves are validated by the test above).
    spec = charts.new_figure([{"type": "bar", "x": [1, 2], "y": ["a", "b"], "not_a_plotly_property": 1}])

    def page(spec):
        import streamlit as st

        from dashboard import charts

        st.plotly_chart(charts.streamlit_figure(spec))

    at = AppTest.from_function(page, args=(spec,)).run()
    assert not at.exception
    shown = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert shown["data"] == spec["data"]
    assert shown["layout"]["template"] == json.loads(json.dumps(spec["layout"]["template"]))


def test_building_a_chart_leaves_the_shared_template_alone():
    before = json.dumps(charts.new_figure()["layout"]["template"], sort_keys=True)
    for lang in ("zh", "en"):
        catalogue.all_charts(Filters(), lang)
    assert json.dumps(charts.new_figure()["layout"]["template"], sort_keys=True) == before
    assert before == json.dumps(pio.templates[pio.templates.default].to_plotly_json(), sort_keys=True)


def test_a_bar_chart_starts_with_room_for_its_widest_row_label():
    """The left margin is set from the labels (plotly's automargin then has nothing to add, and draws once)."""
    from dashboard.charts import base_layout, new_figure
    from dashboard.margins import LABEL_PAD, TICK_FONT_PX
    from dashboard.wrapping import label_px

    rows = ["开封市<br><span style='font-size:11px'>2022年1–10月 · 规上工业</span>", "伊川县"]
    fig = base_layout(new_figure([{"type": "bar", "orientation": "h", "y": rows, "x": [1, 2]}]), "", "zh")
    assert fig["layout"]["margin"]["l"] == LABEL_PAD + label_px(rows[0], TICK_FONT_PX) > LABEL_PAD + 36
    assert fig["layout"]["yaxis"]["automargin"] is True, "a wider font on the reader's machine still fits"
    numbers = base_layout(new_figure([{"type": "bar", "y": [1, 2], "x": ["a", "b"]}]), "", "zh")
    assert numbers["layout"]["margin"]["l"] == 10, "no category labels on the y axis: the base margin"
