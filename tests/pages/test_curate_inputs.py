"""The curation page's inputs (issue #16): whatever is pasted or uploaded, the page says what it does with it,
in the page's language: nothing yet, an empty paste or file, no locality, a paste or file over the limit, a
file that is not UTF-8. The server's upload limit is the page's, plus the margin that lets a file just over the
page's limit reach its message. Hidden characters (controls, bidi overrides) never reach a quote."""
import tomllib
from pathlib import Path

import pytest
import yaml

from dashboard.i18n import t
from pipelines.curation.draft import MAX_FIGURES, MAX_REPORT_BYTES, MAX_REPORT_MB, UPLOAD_LIMIT_MB
from pipelines.curation.figures import HIDDEN
from tests.pages.test_pages import run_page

ROOT = Path(__file__).resolve().parents[2]
LIMIT = f"{MAX_REPORT_MB} MB"
CHARS = f"{MAX_REPORT_BYTES // 3:,}"
LANGS = ["zh", "en"]


@pytest.fixture
def real(real_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def curate(lang: str, locality: str = "newtown", mode: str = "paste"):
    at = run_page("curate", lang=lang)
    if locality:
        at.text_input(key="curate_locality").set_value(locality)
    if mode == "upload":
        at.radio(key="curate_mode").set_value("upload")
    at.run()
    return at


def paste(at, text: str):
    at.text_area(key="curate_text").set_value(text).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at, name: str, content: bytes):
    at.file_uploader(key="curate_file").set_value((name, content, "text/plain")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def no_draft(at) -> bool:
    return not at.dataframe and not at.code and not at.get("download_button")


# --- the limits ---------------------------------------------------------------------------------------------

def test_the_servers_upload_limit_is_the_pages_plus_a_margin():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_LIMIT_MB  # MB as Streamlit counts them (2**20 bytes)
    assert MAX_REPORT_BYTES < UPLOAD_LIMIT_MB * 2**20 <= MAX_REPORT_BYTES + 2**20


def test_the_widgets_carry_the_limits(real):
    at = curate("en")
    # A paste of Chinese text just over the byte limit is still taken by the browser, so it reaches the page.
    assert at.text_area(key="curate_text").proto.max_chars * 3 > MAX_REPORT_BYTES
    at = curate("en", mode="upload")
    assert at.file_uploader(key="curate_file").proto.max_upload_size_mb == UPLOAD_LIMIT_MB


# --- every input that gives no draft says why ---------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mode", ["paste", "upload"])
def test_nothing_given_yet_asks_for_a_report(real, lang, mode):
    at = curate(lang, mode=mode)
    assert texts(at.info) == [t("curate_empty", lang)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("blank", [" ", "\n\n", " \t\r\n\u3000 "])
def test_an_empty_paste_says_so(real, lang, blank):
    at = paste(curate(lang), blank)
    assert texts(at.warning) == [t("curate_blank", lang)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("content", [b"", b" \n\r\n\t"])
def test_an_empty_file_says_so(real, lang, content):
    at = upload(curate(lang, mode="upload"), "empty.txt", content)
    assert texts(at.warning) == [t("curate_blank_file", lang)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_paste_without_a_locality_asks_for_one(real, lang):
    at = paste(curate(lang, locality=""), "帮扶企业12家")
    assert texts(at.info) == [t("curate_need_locality", lang)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_paste_over_the_limit_says_how_big_it_is(real, lang):
    text = "甲" * (MAX_REPORT_BYTES // 3 + 1)  # 3 bytes a character: one character over
    size = f"{len(text.encode('utf-8')):,}"
    at = paste(curate(lang), text)
    assert texts(at.error) == [t("curate_paste_too_large", lang, size=size, limit=LIMIT, chars=CHARS)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_over_the_limit_says_how_big_it_is(real, lang):
    content = b"a" * (MAX_REPORT_BYTES + 1)
    at = upload(curate(lang, mode="upload"), "big.txt", content)
    assert texts(at.error) == [t("curate_file_too_large", lang, size=f"{len(content):,}", limit=LIMIT)] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_that_is_not_utf8_says_where(real, lang):
    content = "帮扶企业12家".encode("gb18030")
    at = upload(curate(lang, mode="upload"), "gbk.txt", content)
    assert texts(at.error) == [t("curate_not_utf8_at", lang, byte=f"{content[0]:02X}", offset="0")] and no_draft(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_id_is_refused(real, lang):
    at = paste(curate(lang, locality="New Town"), "帮扶企业12家")
    assert texts(at.error) == [t("curate_bad_id", lang)] and no_draft(at)


# --- a draft -----------------------------------------------------------------------------------------------

def test_a_file_at_the_limit_is_drafted_and_a_long_draft_is_shown_in_part(real):
    line = "2020年1-5月，帮扶企业12家。\n".encode()
    content = line * (MAX_REPORT_BYTES // len(line))
    at = upload(curate("en", mode="upload"), "report.txt", content)
    assert not at.error and at.get("download_button")
    draft = at.session_state["_curate_draft"][1]
    # More figures than a draft holds: it stops at MAX_FIGURES and says so.
    assert len(draft.proposals) == MAX_FIGURES
    assert any(f"the draft stops at {MAX_FIGURES} figures" in w for w in texts(at.warning))
    # The page shows part of a long draft; the download has all of it.
    n_lines = draft.yaml.count("\n")
    assert texts(at.caption)[-2:] == [t("curate_shown_rows", "en", shown="1,000", n=f"{MAX_FIGURES:,}"),
                                      t("curate_shown_yaml", "en", shown="3,000", n=f"{n_lines:,}")]
    assert len(at.dataframe[0].value) == 1_000 and at.code[0].value == "\n".join(draft.yaml.split("\n")[:3_000])


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_characters_stay_out_of_quotes_and_are_pointed_out(real, lang):
    text = "2020年1-5月，帮扶\u202e企业\x0012家\x1b，同比增长3.5%。\r\n走访\u2066企业\u2069\x7f300家\x85。"
    at = paste(curate(lang), text)
    quotes = list(at.dataframe[0].value.iloc[:, 5])
    assert quotes == ["12家", "同比增长3.5%", "300家"]
    assert not any(HIDDEN.search(q) for q in quotes)
    warnings = at.session_state["_curate_draft"][1].warnings
    assert any("7 hidden characters" in w and "U+202E" in w for w in warnings) and len(at.warning) == len(warnings)
    hints = list(at.dataframe[0].value.iloc[:, 6])
    assert all("kept out of the quote" in h for h in hints)
    draft = at.code[0].value
    assert not HIDDEN.search(draft)  # escaped where they are named, never written as themselves
    assert [f["quote"] for f in yaml.safe_load(draft)["facts"]] == quotes
