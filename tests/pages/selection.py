"""Send a chart or table selection to an AppTest run, as the browser does after a click.

AppTest has no API for plotly or dataframe selections: its element tree serialises only the widgets it knows.
A selection reaches a real app as one more ``WidgetState`` (the element's id and the selection as JSON in
``string_value``, the value type both ``st.plotly_chart`` and ``st.dataframe`` register). These helpers add
that state to the tree's and rerun, through AppTest's own runner.
"""
from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def _rerun_with(at: AppTest, widget_id: str, value: dict) -> AppTest:
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=widget_id, string_value=json.dumps(value)))
    at._run(states)
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at: AppTest, chart_id: str):
    """The plotly chart element whose widget key is ``chart-<chart_id>``."""
    found = [el for el in at.get("plotly_chart") if el.proto.id.endswith(f"chart-{chart_id}")]
    assert len(found) == 1, [el.proto.id for el in at.get("plotly_chart")]
    return found[0]


def select_points(at: AppTest, chart_id: str, customdata: list[list]) -> AppTest:
    """Click the marks that carry ``customdata`` on chart ``chart_id``."""
    points = [{"curve_number": 0, "point_number": i, "point_index": i, "customdata": c} for i, c in enumerate(customdata)]
    value = {"selection": {"points": points, "point_indices": list(range(len(points))), "box": [], "lasso": []}}
    return _rerun_with(at, chart(at, chart_id).proto.id, value)


def table(at: AppTest, key: str):
    found = [el for el in at.dataframe if el.proto.id.endswith(key)]
    assert len(found) == 1, [el.proto.id for el in at.dataframe]
    return found[0]


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    """Select row ``row`` (0-based, as displayed unsorted) of the table with widget key ``key``."""
    value = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return _rerun_with(at, table(at, key).proto.id, value)
