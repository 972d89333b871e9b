"""The Growth page by comparison group: only one measure per chart, every selected locality named in every
chart (a bar or "no figure reported"), a verdict per group, groups with more localities first."""
import pytest

from dashboard.catalogue import GROWTH_PREFIX
from tests.pages.test_pages import figures, open_popovers, run_page

SELECTIONS = [{}, {"province": "zhejiang"}, {"province": "hunan"}, {"province": "henan"}, {"locality": "tiantai"}]
NAMES = {"zh": {"tiantai": "天台县", "wenzhou": "温州市", "shaoyang": "邵阳市", "kaifeng": "开封市", "yichuan": "伊川县"},
         "en": {"tiantai": "Tiantai County", "wenzhou": "Wenzhou", "shaoyang": "Shaoyang", "kaifeng": "Kaifeng",
                "yichuan": "Yichuan County"}}
IN_SELECTION = {"": set(NAMES["zh"]), "zhejiang": {"tiantai", "wenzhou"}, "hunan": {"shaoyang"},
                "henan": {"kaifeng", "yichuan"}, "tiantai": {"tiantai"}}


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def rows(fig: dict) -> list[str]:
    return [y for tr in fig["data"] for y in (tr.get("y") or [])]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("query", SELECTIONS)
def test_every_selected_locality_is_in_every_group(real, lang, query):
    at = run_page("growth", lang=lang, **query)
    figs = figures(at)
    assert figs, "at least one comparison group"
    selected = IN_SELECTION[next(iter(query.values()), "")]
    no_figure = "未报告此项数字" if lang == "zh" else "no figure reported"
    for fig in figs:
        labels = rows(fig)
        for loc in selected:
            mine = [label for label in labels if label.startswith(NAMES[lang][loc])]
            assert mine, f"{loc} missing from a group chart"
        bars = [tr for tr in fig["data"] if tr.get("name")]
        reporting = {tr["legendgroup"] for tr in bars}
        silent = [label for label in labels if no_figure in label]
        assert len(reporting) + len(silent) == len(selected), (reporting, silent)
        assert fig["layout"]["xaxis"]["ticksuffix"] == "%", "percent only: pp gaps are not on these axes"


def test_shaoyang_and_tiantai_value_added_growth_stand_together_with_a_verdict(real):
    at = run_page("growth", lang="en")
    charts = dict(zip([el.proto.id for el in at.get("plotly_chart")], figures(at)))
    fig = next(f for key, f in charts.items() if "growth_industrial_value_added_growth" in key)
    heading = "#### Industrial value\\-added growth \\(above designated size\\)\n\n"
    assert any(m.value.startswith(heading) for m in at.markdown), "the group's name, its verdict under it"
    values = {tr["name"]: tr["x"] for tr in fig["data"] if tr.get("name")}
    assert values == {"Shaoyang": [7.0], "Tiantai County": [2.3]}
    absent = [label for label in rows(fig) if "no figure reported" in label]
    assert sorted(label.split("<br>")[0] for label in absent) == ["Kaifeng", "Wenzhou", "Yichuan County"]
    verdicts = [m.value.split("\n\n", 1)[-1] for m in at.markdown if m.value.startswith(heading)]
    assert verdicts == ["**Partly comparable\\: different years\\; different periods\\; counties beside cities**"]


def test_groups_reported_by_more_localities_come_first(real):
    at = run_page("growth", lang="en")
    counts = [len({tr["legendgroup"] for tr in f["data"] if tr.get("legendgroup")}) for f in figures(at)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2
    first = at.get("plotly_chart")[0].proto.id
    assert "growth_industrial_" in first, "among two-locality groups the partly comparable come before the not comparable"


def test_each_group_is_its_own_chart_id(real):
    at = run_page("growth")
    keys = [el.proto.id for el in at.get("plotly_chart")]
    assert len(keys) == len(set(keys))
    open_popovers(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 4 * len(keys)  # PNG, SVG, PDF, PPTX
    assert sum(GROWTH_PREFIX in k for k in keys) == len(keys)
