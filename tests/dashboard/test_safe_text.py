import re

from dashboard.safe_text import html_text, md, wrap


def test_markdown_specials_are_escaped():
    out = md("*b* _i_ [x](javascript:alert(1)) $x^2$ <script> :red[r] # h")
    # Every markdown-active character is preceded by a backslash.
    assert re.search(r"(?<!\\)[*_\[\]()$<>:#]", out) is None
    assert "\\*b\\*" in out and "\\$x\\^2\\$" in out and "\\<script\\>" in out


def test_html_escaping_covers_tags_quotes_and_dollar():
    assert html_text('<script>"x"&$') == "&lt;script&gt;&quot;x&quot;&amp;&#36;"


def test_wrap_splits_long_text():
    assert wrap("一二三四五", 2) == ["一二", "三四", "五"]
    assert wrap("", 3) == [""]


def test_plotly_text_keeps_quotes_and_escapes_markup():
    from dashboard.safe_text import plotly_text

    assert plotly_text('"Through train" <b>&$') == '"Through train" &lt;b&gt;&amp;&#36;'
