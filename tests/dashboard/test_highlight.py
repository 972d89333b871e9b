import pandas as pd

from dashboard.highlight import figure_spans, highlighted_html


def test_spans_point_at_the_written_figure_inside_its_quote():
    text = "前言。增长2.3%，投资7.5亿元。"
    facts = pd.DataFrame([
        {"fact_id": "x-001", "quote": "增长2.3%", "value_as_written": "2.3%", "label": "growth"},
        {"fact_id": "x-002", "quote": "投资7.5亿元", "value_as_written": "7.5亿元", "label": "investment"},
        {"fact_id": "x-003", "quote": "不在原文", "value_as_written": "1", "label": "missing"},
    ])
    assert figure_spans(text, facts) == [(5, 9, "x-001", "growth"), (12, 17, "x-002", "investment")]


def test_highlighted_html_escapes_everything_but_its_own_marks():
    text = "<script>alert(1)</script>增长2.3%"
    facts = pd.DataFrame([{"fact_id": "x-001", "quote": "增长2.3%", "value_as_written": "2.3%", "label": "<b>g</b>"}])
    out = highlighted_html(text, facts)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="x-001: &lt;b&gt;g&lt;/b&gt;"' in out
    assert out.count("<mark") == 1
