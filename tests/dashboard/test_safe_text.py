import re

from dashboard.safe_text import file_digest, html_text, md, wrap


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


def test_markdown_text_never_becomes_a_link():
    # remark-gfm links bare URLs, www. names and e-mail addresses after the escapes are gone: a word joiner
    # inside each pattern stops it (tests/e2e/test_offline.py looks for <a> elements in the browser).
    from dashboard.safe_text import WORD_JOINER

    for text, broken in [("log in at https://evil.example/login", "https\\:" + WORD_JOINER + "\\/\\/"),
                         ("HTTP://X.EXAMPLE", "HTTP\\:" + WORD_JOINER), ("see www.evil.example", "www" + WORD_JOINER + "\\."),
                         ("mail a@evil.example", "\\@" + WORD_JOINER + "evil")]:
        assert broken in md(text), md(text)
    assert md("plain 7.0% text") == "plain 7\\.0\\% text"


def test_shorten_marks_the_cut():
    from dashboard.safe_text import shorten

    assert shorten("x" * 10, 5) == "xxxx…" and shorten("short", 5) == "short" and len(shorten("y" * 100_000, 60)) == 60


def test_file_digest_is_inline_code_only_for_a_sha256():
    sha = "0123456789abcdef" * 4
    assert file_digest("sources/raw/kaifeng.txt", sha) == f"sources\\/raw\\/kaifeng\\.txt · sha256 `{sha}`"
    # Anything else is escaped text: a backtick cannot end the code span and start markup.
    assert file_digest("a`b", "`<b>x</b>`") == "a\\`b · sha256 \\`\\<b\\>x\\<\\/b\\>\\`"
