"""The figure card follows fact=<id> in the URL: on the Growth page under the chart that holds the figure,
on the Sources page above the report with that figure marked apart; an unknown id shows nothing."""
import pytest

from tests.pages.test_pages import open_popovers, run_page


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def html_bodies(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def test_growth_page_shows_the_card_of_the_figure_in_the_url(real):
    at = run_page("growth", lang="en", fact="shaoyang-063")
    texts = [m.value for m in at.markdown]
    assert "### 7\\.0\\%  \nNormalised: 7\\.0\\%" in texts
    card = next(t for t in texts if t.startswith("**Indicator**"))
    assert "Shaoyang · Hunan" in card and "Jan–Oct 2022" in card
    quote = next(b for b in html_bodies(at) if "<blockquote" in b)
    assert "<mark" in quote and ">7.0%</mark>" in quote
    links = [(el.proto.label, el.proto.query_string) for el in at.get("page_link")]
    assert ("Show in the report", "fact=shaoyang-063&lang=en") in links
    assert at.query_params["fact"] == ["shaoyang-063"] or at.query_params["fact"] == "shaoyang-063"


def test_sources_page_opens_the_report_of_the_fact_and_marks_it_apart(real):
    at = run_page("sources", fact="kaifeng-002")
    assert at.selectbox(key="source_pick").value == "kaifeng"
    report = next(b for b in html_bodies(at) if 'id="fact-kaifeng-001"' in b)
    assert '<mark id="fact-kaifeng-002" data-focus="1"' in report
    assert report.count("data-focus") == 1
    assert any("scrollIntoView" in b for b in html_bodies(at)), "the constant script that scrolls it into view"
    assert any("120余场" in b and "<mark" in b for b in html_bodies(at) if "<blockquote" in b)


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "kaifeng-999", "x" * 5000])
def test_an_unknown_fact_shows_no_card_and_no_error(real, value):
    at = run_page("sources", fact=value)
    assert not any("data-focus" in b for b in html_bodies(at))
    assert not [m for m in at.markdown if m.value.startswith("**Figure card") or m.value.startswith("**数字卡片")]


@pytest.mark.parametrize("name", ["overview", "growth", "problems", "instruments", "sources", "data"])
def test_every_page_ends_with_cite_this(real, name):
    at = run_page(name, province="henan", lang="en")
    assert not at.code, "the citation is drawn when its popover opens"
    cite = open_popovers(at, "cite-this").code[-1].value
    assert cite.startswith("Local enterprise-assistance campaigns compared: dataset")
    assert "version " in cite and "version —" not in cite and "built 20" in cite
    assert cite.endswith("?province=henan&lang=en"), cite  # AppTest has no browser address: the query is there


def test_cite_this_also_ends_an_empty_selection(real):
    at = run_page("growth", province="zhejiang", locality="kaifeng")
    assert at.info and open_popovers(at, "cite-this").code[-1].value.startswith("《地方助企行动对比》数据集")


def test_problems_page_shows_the_card_of_a_count_in_the_url(real):
    at = run_page("problems", lang="en", fact="kaifeng-021")  # Kaifeng's problems collected on its platform
    assert "**Figure card · kaifeng\\-021**" in [m.value for m in at.markdown]
    quote = next(b for b in html_bodies(at) if "<blockquote" in b)
    assert "<mark" in quote
