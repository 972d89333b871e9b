"""Pages on a synthetic dataset larger than the comparison limit: the four comparison pages show the province
summary computed in DuckDB (and no per-locality charts), the Data page lists a bounded number of facts and says
how many match, and narrowing to one province's few localities brings the per-locality charts back."""
import pytest

from dashboard.queries import MAX_COMPARED, MAX_LISTED
from pipelines.synthetic.generate import generate
from tests.conftest import build_db
from tests.pages.test_pages import figures, page_text, run_page


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("national")
    generate(tmp / "data", localities=31, provinces=3, periods=2, indicators=50)  # 3,100 facts
    return build_db(tmp / "data", tmp / "syn.duckdb")


@pytest.fixture
def synthetic(synthetic_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(synthetic_db))


@pytest.mark.parametrize("name", ["overview", "growth", "problems", "instruments"])
def test_large_selection_gets_the_province_summary(synthetic, name):
    at = run_page(name, lang="en")
    assert f"The selection holds 31 localities; localities are compared one by one up to {MAX_COMPARED}" in page_text(at)
    table = at.dataframe[0].value
    assert list(table["Province"]) == ["Synthetic province 01", "Synthetic province 02", "Synthetic province 03"]
    assert table["Localities"].sum() == 31 and table["Facts"].sum() == 3100
    localities = at.dataframe[1].value
    assert len(localities) == 31 and localities["Facts"].sum() == 3100
    assert list(localities["Locality"][:2]) == ["Synthetic county 0001", "Synthetic county 0002"]
    # one chart that reads at any size: a box per province, its five numbers computed in DuckDB
    (fig,) = figures(at)
    (box,) = fig["data"]
    assert box["type"] == "box" and len(box["y"]) == 3
    assert all(lo <= q1 <= m <= q3 <= hi for lo, q1, m, q3, hi in
               zip(box["lowerfence"], box["q1"], box["median"], box["q3"], box["upperfence"]))


def test_the_national_chart_medians_are_the_localities_medians(synthetic, synthetic_db):
    import duckdb

    con = duckdb.connect(str(synthetic_db), read_only=True)
    expected = dict(con.execute("SELECT p.name_en, median(growth_latest) FROM locality_summary JOIN provinces p "
                                "USING (province_id) GROUP BY p.name_en").fetchall())
    con.close()
    (fig,) = figures(run_page("growth", lang="en"))
    got = {label.split(" (")[0]: m for label, m in zip(fig["data"][0]["y"], fig["data"][0]["median"])}
    assert got == pytest.approx(expected)


def test_one_province_is_compared_locality_by_locality(synthetic):
    at = run_page("growth", lang="en", province="syn_p01")  # 11 localities
    assert "The selection holds" not in page_text(at)
    assert figures(at), "the growth chart is drawn"


def test_data_page_lists_a_bounded_number_and_says_how_many_match(synthetic):
    at = run_page("data", lang="en")
    assert len(at.dataframe[0].value) == MAX_LISTED
    assert f"Showing the first {MAX_LISTED:,} of 3,100 rows" in page_text(at)


def test_overview_counts_the_reports_and_each_localitys_figures(synthetic):
    at = run_page("overview", lang="en", province="syn_p01")  # 11 localities
    text = page_text(at)
    assert "Every figure from the 31 local reports in the database carries its verbatim quote" in text
    counts = [c.value for c in at.caption if "figures ·" in c.value]
    assert len(counts) == 11 and all(c.startswith("100 figures · ") for c in counts)  # 50 indicators × 2 periods
