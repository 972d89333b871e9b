"""Selecting any mark of any chart, any heatmap cell or any table row opens the figure card of that figure
(its quote on the page, outside any hover) and puts ``fact=<id>`` in the URL. The selection is sent the way
the browser sends it (tests/pages/selection.py); the marks clicked are read from the figures the page drew."""
import json

import pytest

from dashboard.charts import AMOUNT_FACT_INDEX, FACT_INDEX, PROBLEM_FACT_INDEX
from dashboard.queries import fact
from tests.pages import selection
from tests.pages.test_pages import open_popovers, run_page


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def marks(at, chart_id: str) -> list[list]:
    spec = json.loads(selection.chart(at, chart_id).proto.spec)
    return [c for tr in spec["data"] for c in (tr.get("customdata") or []) if c]


def card_ids(at) -> list[str]:
    return [m.value.split(" · ")[-1].rstrip("*").replace("\\", "") for m in at.markdown
            if m.value.startswith(("**Figure card", "**数字卡片"))]


def quote_shown(at, fact_id: str) -> bool:
    quote = str(fact(fact_id)["quote"])
    plain = [b.proto.body for b in at.get("html") if "<blockquote" in b.proto.body]
    # The quote is escaped and its number wrapped in <mark>: compare its text around the mark.
    return any(quote[:8] in b or quote[-8:] in b for b in plain)


def url_fact(at) -> str | None:
    value = at.query_params.get("fact")
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page, chart_id, index", [
    ("growth", "growth_industrial_value_added_growth", FACT_INDEX),
    ("growth", "growth_new_loans_growth", FACT_INDEX),
    ("instruments", "instrument_amounts", AMOUNT_FACT_INDEX),
    ("problems", "problem_counts", PROBLEM_FACT_INDEX),
    ("problems", "problem_rates", PROBLEM_FACT_INDEX),
])
def test_a_selected_mark_opens_its_figure_card(real, lang, page, chart_id, index):
    at = run_page(page, lang=lang)
    assert card_ids(at) == []
    mark = [m for m in marks(at, chart_id) if len(m) > index and m[index]][-1]
    clicked = mark[index]
    selection.select_points(at, chart_id, [mark])
    assert url_fact(at) == clicked
    assert card_ids(at) == [clicked]
    assert quote_shown(at, clicked)


def test_a_heatmap_cell_chooses_its_locality_and_category_and_lists_their_quotes(real):
    at = run_page("instruments", lang="en")
    cell = next(c for c in marks(at, "instrument_matrix") if c[0] == "kaifeng")
    selection.select_points(at, "instrument_matrix", [cell])
    assert (at.selectbox(key="inst_locality").value, at.selectbox(key="inst_category").value) == tuple(cell[:2])
    listed = at.dataframe[0].value
    assert set(listed["Locality"]) == {"Kaifeng"} and listed["Quote"].str.len().min() > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_period_strip_dot_lists_its_figures_and_a_row_opens_the_card(real, lang):
    at = run_page("overview", lang=lang)
    dot = next(c for c in marks(at, "period_strip") if c[0] > 1)
    selection.select_points(at, "period_strip", [dot])
    listed = selection.table(at, "strip_facts").value
    assert len(listed) == dot[0]
    assert url_fact(at) is None and card_ids(at) == []   # several figures: the list, no card yet
    first = listed.iloc[0, 0]
    assert first.startswith(dot[1])
    selection.select_row(at, "strip_facts", 0)
    assert url_fact(at) == first and card_ids(at) == [first] and quote_shown(at, first)


def test_a_period_strip_dot_of_one_figure_opens_its_card_at_once(real):
    at = run_page("overview", lang="zh")
    dot = next(c for c in marks(at, "period_strip") if c[0] == 1)
    selection.select_points(at, "period_strip", [dot])
    opened = card_ids(at)
    assert len(opened) == 1 and opened[0].startswith(dot[1]) and url_fact(at) == opened[0]
    assert str(fact(opened[0])["period_end"])[:10] == dot[2]


@pytest.mark.parametrize("page, key, query", [
    ("data", "data_table", {"province": "henan"}),
    ("growth", "growth_gaps", {}),
    ("problems", "problems_table", {}),
    ("sources", "source_facts", {}),
])
def test_a_selected_table_row_opens_its_figure_card(real, page, key, query):
    at = run_page(page, lang="en", **query)
    if page == "growth":
        assert not at.dataframe, "the gaps are listed when opened"
        open_popovers(at, "growth_gaps_open")
    row = min(1, len(selection.table(at, key).value) - 1)
    selection.select_row(at, key, row)
    chosen = url_fact(at)
    assert chosen and card_ids(at) == [chosen] and quote_shown(at, chosen)
    if page in ("data", "sources"):
        assert selection.table(at, key).value.iloc[row, 0] == chosen   # the row's own id column


def test_a_link_to_a_gap_opens_the_gaps_once_and_closing_them_stands(real):
    """The Growth page's gaps are listed when opened; a link naming one (fact=<id>) opens them with its card, and
    a reader who closes them then sees them closed on the next run."""
    at = run_page("growth", lang="en", fact="kaifeng-045")
    assert len(at.dataframe) == 1 and card_ids(at) == ["kaifeng-045"] and quote_shown(at, "kaifeng-045")
    at.session_state["growth_gaps_open"] = False
    at.run()
    assert not at.exception and not at.dataframe
