"""The app works offline: no page makes a request outside the machine (favicon, fonts, scripts, images), and
text from the URL or the data never becomes a link."""
import re
from urllib.parse import urlencode, urlsplit

import pytest

from dashboard.i18n import t
from dashboard.routes import READER_PAGES
from dashboard.safe_text import WORD_JOINER
from tests.e2e.runs import Runs

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TRAPS = [("locality", "log in at https://evil.example/x"), ("program", "www.evil.example"), ("province", "a@evil.example")]


def outside(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).hostname not in LOCAL_HOSTS]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_request_leaves_the_machine_and_no_text_becomes_a_link(server, browser, lang):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    try:
        page = ctx.new_page()
        runs = Runs(page)
        query = TRAPS + ([("lang", "en")] if lang == "en" else [])
        runs.act(lambda: page.goto(f"{server}/?{urlencode(query)}", wait_until="commit"))
        warning = page.locator("[data-testid=stAlert]").first
        assert warning.inner_text().replace(WORD_JOINER, "").count("evil.example") == 3
        assert warning.locator("a").count() == 0, "a URL in the notice is text, not a link"
        for p in READER_PAGES[::-1]:  # every page, by its sidebar link
            link = page.locator("[data-testid=stSidebar] a[href]").filter(
                has_text=re.compile(rf"{re.escape(t(p.nav_key, lang))}$"))
            runs.act(lambda link=link: link.click())
            page.wait_for_timeout(300)  # the favicon and fonts a page asks for after it has drawn
        # a figure card: its source line and code block
        runs.act(lambda: page.goto(f"{server}/sources?fact=kaifeng-002" + ("&lang=en" if lang == "en" else ""),
                                   wait_until="commit"))
        page.wait_for_timeout(500)
        main_links = page.eval_on_selector_all("[data-testid=stMain] a", "els => els.map(e => e.href)")
        assert all(urlsplit(h).hostname in LOCAL_HOSTS for h in main_links), main_links
    finally:
        ctx.close()
    assert len(requests) > 20, "the recorder saw the page's own requests"
    assert outside(requests) == []
