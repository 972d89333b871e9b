"""Verdicts worked out from the figures of one comparison group."""
import pandas as pd
import pytest

from dashboard.comparison import growth_groups, verdict


def fact(loc, end="2022-10-31", start="2022-01-01", kind="ytd", scope=None, level="city", status="actual",
         basis="yoy", group="g", unit="percent"):
    return {"locality_id": loc, "period_start": start, "period_end": end, "period_kind": kind, "scope": scope,
            "level": level, "status": status, "basis": basis, "comparison_group": group, "group_zh": "组",
            "group_en": "Group", "unit": unit, "value": 1.0}


@pytest.mark.parametrize("rows, kind, reasons", [
    ([fact("a"), fact("b")], "comparable", ()),
    ([fact("a"), fact("b", end="2020-05-31", start="2020-01-01", level="county")], "partly",
     ("years", "periods", "levels")),
    ([fact("a"), fact("b", scope="6 listed companies")], "partly", ("scopes",)),
    ([fact("a"), fact("b", status="target")], "not", ("targets",)),
    ([fact("a"), fact("b", basis="vs_plan")], "not", ("bases",)),
    ([fact("a"), fact("a", end="2022-05-31")], "single", ("periods",)),
])
def test_verdict(rows, kind, reasons):
    v = verdict(pd.DataFrame(rows))
    assert (v.kind, v.reasons) == (kind, reasons)


def test_groups_name_the_localities_without_a_figure_and_leave_out_non_percent():
    facts = pd.DataFrame([fact("a", group="x"), fact("b", group="x"), fact("a", group="y"),
                          fact("c", group="gap", unit="pp")])
    localities = pd.DataFrame({"locality_id": ["a", "b", "c"]})
    groups = growth_groups(facts, localities)
    assert [(g.group_id, g.missing, g.verdict.kind) for g in groups] == [
        ("x", ("c",), "comparable"), ("y", ("b", "c"), "single")]
