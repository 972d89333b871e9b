"""The draft: cleaning the raw bytes with the build's own cleaning (a registered report found by its sha256
alone), the draft file written by a YAML emitter, and hostile text that must read back unchanged."""
import dataclasses
import datetime as dt

import pytest
import yaml

from pipelines import paths
from pipelines.curation.draft import clean_raw, draft_yaml, extract
from pipelines.curation.figures import MAX_CLAUSE, Figure
from pipelines.curation.guess import Proposal, propose
from pipelines.curation.periods import ReportContext
from pipelines.files.strict_yaml import load_yaml
from pipelines.sources import clean, registry

SOURCES = ["tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"]
CTX = ReportContext(2020, dt.date(2020, 1, 1), dt.date(2020, 5, 31), None)


# --- cleaning ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES)
def test_a_registered_raw_file_is_cleaned_exactly_as_the_build_does(source):
    cleaned = clean_raw((paths.RAW_DIR / f"{source}.txt").read_bytes())
    assert cleaned.source_id == source and cleaned.record["id"] == source
    assert cleaned.text == (paths.CLEAN_DIR / f"{source}.txt").read_text(encoding="utf-8")
    assert cleaned.mojibake == []


def test_an_unregistered_raw_file_has_its_mojibake_reported_not_repaired():
    raw = (paths.RAW_DIR / "tiantai.txt").read_bytes() + "\n新增一段。".encode()
    cleaned = clean_raw(raw)
    assert cleaned.source_id is None and cleaned.record is None
    assert [line for line, _ in cleaned.mojibake] == [2, 3, 5]
    assert "每日？qǐng）？bào）告" in cleaned.text  # left as it is, for a reviewed correction


def test_the_registered_report_is_found_by_its_sha256_and_only_it_is_cleaned(monkeypatch):
    calls = []
    real = clean.clean_text

    def spy(raw, **kwargs):
        calls.append(kwargs)
        return real(raw, **kwargs)

    def no_full_load(*args, **kwargs):
        raise AssertionError("the draft must not load and clean every registered report")

    monkeypatch.setattr(clean, "clean_text", spy)
    monkeypatch.setattr(registry, "load_sources", no_full_load)
    cleaned = clean_raw((paths.RAW_DIR / "tiantai.txt").read_bytes())
    assert cleaned.source_id == "tiantai" and len(calls) == 1
    assert calls[0]["traditional"] is True and calls[0]["chrome"] == {"strip_patterns": ["来源：经信厅网$"]}
    assert [c.damaged for c in calls[0]["corrections"]] == ["每日?qǐng)?bào)告", "頭部企業(yè)?,F(xiàn)已", "市場(chǎng)?,F(xiàn)已"]


def test_a_new_cleaning_rule_reaches_the_drafts_as_it_reaches_the_build(monkeypatch):
    real = clean.normalise_punctuation
    monkeypatch.setattr(clean, "normalise_punctuation", lambda text: real(text).replace("企业", "企業"))
    built = {s.id: s.clean_text for s in registry.load_sources()[0]}
    for source in SOURCES:
        text = clean_raw((paths.RAW_DIR / f"{source}.txt").read_bytes()).text
        assert text == built[source] and "企業" in text
    assert "企業" in clean_raw("帮扶企业12家".encode()).text


# --- the draft file ---------------------------------------------------------------------------------------

GOLDEN = """\
# Draft made by zhuqi extract from pasted text. The build refuses it until every entry
# is reviewed: fix indicator (replace indicator_guess/category_guess with a registry id), period,
# status and scope, then set review: reviewed or delete the entry; finally delete draft: true.
# WARNING: check it
draft: true
source: demo
facts:
  - id: demo-001
    # hint: a range 10-20家: value is the lower bound; note the upper bound (20)
    review: pending
    confidence: 0.6
    indicator: null
    indicator_guess: 帮扶企业
    category_guess: null
    period: {kind: ytd, start: '2020-01-01', end: '2020-05-31'}
    value_as_written: 10-20家
    value: 10
    unit: count
    status: actual
    quote: 1-5月，帮扶企业10-20家
    note_en: Written as a range (10-20家); value is the lower bound, the upper is 20.
  - id: demo-002
    review: pending
    confidence: 0.9
    indicator: null
    indicator_guess: 同比下降
    category_guess: growth
    period: {kind: ytd, start: '2020-01-01', end: '2020-05-31'}
    value_as_written: 3.1%
    value: -3.1
    unit: percent
    status: actual
    basis: yoy
    negative: true
    quote: 帮扶企业10-20家，同比下降3.1%
  - id: demo-003
    review: pending
    confidence: 0.9
    indicator: null
    indicator_guess: 计划投资…以上
    category_guess: investment_projects
    period: {kind: target, start: '2020-01-01', end: '2020-05-31'}
    value_as_written: 300亿元
    value: 30000000000
    unit: CNY
    status: target
    qualifier: 以上
    quote: 同比下降3.1%，计划投资300亿元以上
# Names that look like numbers (not facts; candidates for instruments):
#   “三个一批”
instruments: []
"""


def test_the_draft_format_line_by_line():
    proposals = propose("1-5月，帮扶企业10-20家，同比下降3.1%，计划投资300亿元以上。", CTX, [])
    assert draft_yaml("demo", proposals, origin="pasted text", warnings=["check it"], plan_names=["“三个一批”"]) == GOLDEN


def test_a_draft_without_figures_has_an_empty_list():
    text = draft_yaml("demo", [], origin="pasted text")
    assert "\nfacts: []\ninstruments: []\n" in text and yaml.safe_load(text)["facts"] == []


def test_the_same_indicator_and_period_twice_is_pointed_out():
    p = propose("帮扶企业12家", CTX, [])[0]
    p = dataclasses.replace(p, indicator="enterprises_covered")
    text = draft_yaml("demo", [p, p], origin="x")
    assert text.count("# hint: same indicator and period as demo-001: give one a scope, or delete one") == 1


# --- hostile text: every value reads back as it was, no comment leaks ------------------------------------

HOSTILE = [
    "甲" * 10_001 + "共帮扶企业12家",
    "a" * 5_000 + " " + "b c " * 2_000,
    "“双引号”\"ASCII\" and 'single' quotes",
    "key: value, other: 1",
    "# not a comment",
    "tail #comment",
    "控制\x00\x01\x07\x08\x0b\x0c\x1b\x7f字符",
    "next line\x85alone", "\x85", "line separator\u2028alone",
    "C1\x80\x85\x9f and line breaks\r\n\n\u2028\u2029 and BOM\ufeff non-char\ufffe",
    "\ttabs\tand  spaces ",
    " leading",
    "yes", "No", "on", "OFF", "y", "null", "~", "", "true", "1:20", "0o17", "017", "0x1F", "1_000", "1e5", ".inf",
    "2020-05-01", "12", "-3.5",
    "&anchor *alias !tag |literal >folded",
    "- item", "? key", "@at", "`tick", "%directive", "[flow]", "{map: 1}", ",comma", "=", "<<",
    "back\\slash \\n \\x00",
    "emoji 😀, CJK 〇, full-width：冒号",
    "---", "...", "--- !!python/object:os.system",
]


def _figure(s: str) -> Figure:
    return Figure(0, 1, s, 0, 12.5, "count", s, False, s, 0, 0.5, (s,), None)


@pytest.mark.parametrize("s", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_reads_back_unchanged(s):
    proposal = Proposal(_figure(s), None, s, s, {"kind": "as_of", "start": "2020-05-31", "end": "2020-05-31"},
                        "actual", None, [s, f"before {s} after"])
    text = draft_yaml(s, [proposal], origin=s, warnings=[s], plan_names=[s])
    expected = {
        "draft": True, "source": s, "instruments": [],
        "facts": [{"id": f"{s}-001", "review": "pending", "confidence": 0.5, "indicator": None, "indicator_guess": s,
                   "category_guess": s, "period": {"kind": "as_of", "start": "2020-05-31", "end": "2020-05-31"},
                   "value_as_written": s, "value": 12.5, "unit": "count", "status": "actual", "qualifier": s, "quote": s}],
    }
    if not s:  # an empty qualifier is no qualifier
        del expected["facts"][0]["qualifier"]
    assert yaml.safe_load(text) == expected
    assert text.startswith("# Draft made by") and text.endswith("instruments: []\n")


@pytest.mark.parametrize("s", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_passes_the_builds_loader(s, tmp_path):
    """The build's loader: no anchors, tags or repeated keys, dates kept as strings."""
    proposal = Proposal(_figure(s), None, s, s, {"kind": "as_of", "start": "2020-05-31", "end": "2020-05-31"},
                        "actual", None, [s])
    path = tmp_path / "draft.yaml"
    path.write_text(draft_yaml(s, [proposal], origin=s, warnings=[s], plan_names=[s]), encoding="utf-8")
    data, problems = load_yaml(path, "draft.yaml")
    assert problems == [] and data["facts"][0]["quote"] == s and data["source"] == s
    assert list(data) == ["draft", "source", "facts", "instruments"]


def test_a_hostile_report_gives_a_draft_that_reads_back_to_its_proposals():
    clause = "#井号 key: value 'single' \"double\" \x01\x07\x85\u2028\ufeff" + "甲" * 10_000 + "共帮扶企业12家"
    raw = f"2020年1-5月，{clause}，同比增长3.5%。\n“三个一批”。".encode()
    d = extract(raw, "newtown", source_id="new: #town", origin="uploaded file a\nb: c #d.txt")
    data = yaml.safe_load(d.yaml)
    assert data["source"] == "new: #town" and list(data) == ["draft", "source", "facts", "instruments"]
    assert [f["quote"] for f in data["facts"]] == [p.figure.quote for p in d.proposals]
    assert [f["value"] for f in data["facts"]] == [p.figure.value for p in d.proposals]
    # A clause of 10,000 characters is quoted up to MAX_CLAUSE characters from its figure, and the hint says so.
    first = d.proposals[0].figure
    assert first.quote == "甲" * (MAX_CLAUSE - len("共帮扶企业")) + "共帮扶企业12家"
    assert any(f"longer than {MAX_CLAUSE} characters" in h for h in first.hints)
    assert "# Draft made by zhuqi extract from uploaded file a\\nb: c #d.txt." in d.yaml
