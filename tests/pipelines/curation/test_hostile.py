"""Hostile inputs, round two (issue #16): the extractor's work grows in proportion to its input (counted in
operations, not seconds: ``benchmarks/extract_speed.py`` has the timings), every draft is YAML that reads back
to what was proposed whatever the text holds, and hidden characters (controls, bidi overrides) never reach a
quote, which stays a verbatim piece of the clean text."""
import cProfile
import pstats
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import paths
from pipelines.curation import draft as draft_module
from pipelines.curation import emit
from pipelines.curation.draft import clean_raw, draft_yaml, extract, mojibake_spots
from pipelines.curation.figures import HIDDEN, MAX_CLAUSE, Figure, _inside, _not_figure_spans, find_figures
from pipelines.curation.guess import Proposal, load_indicators, propose
from pipelines.curation.periods import ANCHORS, PERIOD_PATTERNS, report_context
from pipelines.files.strict_yaml import load_yaml
from pipelines.sources import clean

# --- linear work --------------------------------------------------------------------------------------------


class CountingStr(str):
    """A text that counts the characters its searches are given to look through (find, rfind, count…)."""

    scanned = 0

    def _span(self, start, end) -> None:
        start = 0 if start is None else start if start >= 0 else max(0, len(self) + start)
        end = len(self) if end is None else end if end >= 0 else max(0, len(self) + end)
        CountingStr.scanned += max(0, min(end, len(self)) - start)


def _counted(name: str):
    def search(self, sub, start=None, end=None):
        self._span(start, end)
        return getattr(str, name)(self, sub, start, end)
    return search


for _name in ("find", "rfind", "count", "index", "rindex"):
    setattr(CountingStr, _name, _counted(_name))


def operations(work, text: str) -> int:
    """Python function calls (generator steps included) plus characters looked through by str searches."""
    CountingStr.scanned = 0
    profile = cProfile.Profile()
    profile.runcall(work, CountingStr(text))
    calls = sum(nc for _, nc, _, _, _ in pstats.Stats(profile).stats.values())
    return calls + CountingStr.scanned


def reports(size: int) -> str:
    """About ``size`` characters of the real clean reports, copy after copy, numbers shifted in each copy."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.CLEAN_DIR.glob("*.txt"))]
    out, copy = [], 0
    while sum(map(len, out)) < size:
        out += [re.sub(r"\d+", lambda m, k=copy: str(int(m.group(0)) + k), t) for t in texts]
        copy += 1
    return "".join(out)[:size]


INDICATORS, CATEGORIES = load_indicators()


def _propose(text):
    return propose(text, report_context(text), INDICATORS, CATEGORIES)


def repeated(unit: str):
    return lambda n: unit * (n // len(unit))


@pytest.mark.parametrize("make", [
    reports,  # the real reports
    repeated("帮扶企业12家同比增长3.5%走访"),  # no punctuation: one clause, sentence and paragraph
    repeated("“1号”《2项》2021-01-02，"),  # names and dates, none of them a figure
], ids=["reports", "no-punctuation", "names"])
def test_proposing_costs_operations_in_proportion_to_the_text(make):
    small, large = operations(_propose, make(3_000)), operations(_propose, make(12_000))
    assert large / small < 4.8, (small, large)


@pytest.mark.parametrize("unit", ["?", "?\n", "甲?乙？\ufffd\n"])
def test_looking_for_mojibake_costs_operations_in_proportion_to_the_text(unit):
    small, large = operations(mojibake_spots, unit * 5_000), operations(mojibake_spots, unit * 20_000)
    assert large / small < 4.8, (small, large)


# --- windows and caps ---------------------------------------------------------------------------------------

def test_a_clause_without_punctuation_is_quoted_up_to_max_clause_characters_either_side():
    f = find_figures("甲" * 5_000 + "帮扶企业12家" + "乙" * 5_000)[0]
    assert f.quote == "甲" * (MAX_CLAUSE - 4) + "帮扶企业12家" + "乙" * MAX_CLAUSE
    assert any(f"longer than {MAX_CLAUSE} characters" in h for h in f.hints)


def test_figures_inside_names_are_found_by_a_binary_search_over_merged_spans():
    text = "“1号”《第2项“3个”措施》2021-01-02 10:23 帮扶4家"
    spans = _not_figure_spans(text)
    assert spans == sorted(spans) and all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    for pos in range(len(text) + 1):
        assert _inside(spans, pos) == any(s <= pos < e for s, e in (
            (m.start(), m.end()) for rx in (re.compile(r"“[^“”]{1,30}”"), re.compile(r"《[^《》]*》"),
                                            re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}")) for m in rx.finditer(text)))
    assert [f.written for f in find_figures(text)] == ["4家"]


def test_a_long_run_of_chinese_digits_is_no_number_and_costs_little():
    assert find_figures("三" * 200_000 + "家") == []  # 三三… would be a 200,000-digit integer


def test_a_draft_stops_at_max_figures_and_says_where(monkeypatch):
    monkeypatch.setattr(draft_module, "MAX_FIGURES", 3)
    d = extract("帮扶企业1家，\n帮扶企业2家，\n帮扶企业3家，\n帮扶企业4家，\n帮扶企业5家。".encode(), "kaifeng")
    assert [p.figure.written for p in d.proposals] == ["1家", "2家", "3家"]
    assert any("stops at 3 figures" in w and "clean line 4 on" in w for w in d.warnings)
    assert yaml.safe_load(d.yaml)["facts"][-1]["value_as_written"] == "3家"


def test_a_draft_lists_the_first_names_that_look_like_numbers():
    names = [f"“{i}号”" for i in range(250)]
    text = draft_yaml("demo", [], origin="x", plan_names=names)
    assert "#   “199号”\n#   … and 50 more\ninstruments: []\n" in text and "“200号”" not in text


# --- mojibake, as the build finds it ------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="?？\ufffd甲ab\n", max_size=60))
def test_mojibake_spots_are_those_the_build_finds(text):
    expected: dict[int, list[str]] = {}
    for line, snippet in clean.leftover_mojibake(text):
        if snippet not in expected.setdefault(line, []) and len(expected[line]) < draft_module.MAX_SNIPPETS:
            expected[line].append(snippet)
    assert mojibake_spots(text) == (list(expected.items()), 0)


def test_mojibake_on_many_lines_is_listed_for_the_first_and_counted_for_the_rest():
    spots, more = mojibake_spots("甲\n" + "乙?丙\n" * 2_000)
    assert [line for line, _ in spots] == list(range(2, 2 + draft_module.MAX_MOJIBAKE_LINES))
    assert spots[0] == (2, ["乙?丙"]) and more == 2_000 - draft_module.MAX_MOJIBAKE_LINES


# --- drafts are YAML that reads back ------------------------------------------------------------------------

HOSTILE_CHARS = ("\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x80\x85\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a\u202b"
                 "\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff\ud800\udfff"
                 ":#'\"-?[]{},&*!|>%@`\\ ~=<.甲乙12：，。“”《》")
any_char = st.characters(exclude_categories=())  # lone surrogates too
hostile_text = st.one_of(
    st.text(alphabet=st.one_of(st.sampled_from(HOSTILE_CHARS), any_char), max_size=40),
    st.sampled_from(["yes", "No", "on", "null", "~", "", "1:20", "0o17", "0x1F", "1_000", "1e5", ".inf", "2020-05-01",
                     "=", "<<", "---", "...", "- item", "? key", "a: b", "a #b", "a:", " lead", "trail ", "'"]),
    st.builds(lambda a, n, b: a + "甲" * n + b, st.text(alphabet=HOSTILE_CHARS, max_size=8),
              st.integers(10_000, 12_000), st.text(alphabet=HOSTILE_CHARS, max_size=8)),
)


def as_written(s: str) -> str:
    """What a draft says for ``s``: the same text, a lone surrogate (never in UTF-8 text) as U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", s)


def _proposal(s: str, value: float) -> Proposal:
    figure = Figure(0, 1, s, 0, value, "count", s, False, s, 0, 0.5, (s,), None)
    return Proposal(figure, None, s, s, {"kind": "as_of", "start": "2020-05-31", "end": "2020-05-31"}, "actual", None, [s])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, st.one_of(st.floats(allow_nan=False), st.integers(-10**20, 10**20).map(float)))
def test_any_text_in_any_field_reads_back_as_it_was(s, value):
    text = draft_yaml(s, [_proposal(s, value)], origin=s, warnings=[s], plan_names=[s])
    data = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml, as the build's loader; the next test reads it so
    fact = data["facts"][0]
    s = as_written(s)
    assert data["source"] == s and fact["id"] == f"{s}-001" and fact["quote"] == s and fact["value_as_written"] == s
    assert fact["indicator_guess"] == s and fact["category_guess"] == s and fact.get("qualifier", "") == s
    assert fact["value"] == value
    assert not HIDDEN.search(text) and text.encode("utf-8")  # shown escaped, never as themselves; always UTF-8


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_any_text_passes_the_builds_loader(tmp_path_factory, s):
    path = tmp_path_factory.mktemp("draft") / "draft.yaml"
    path.write_text(draft_yaml(s, [_proposal(s, 12.5)], origin=s, warnings=[s], plan_names=[s]), encoding="utf-8")
    data, problems = load_yaml(path, "draft.yaml")
    assert problems == [] and data["facts"][0]["quote"] == as_written(s) and data["source"] == as_written(s)


@pytest.mark.parametrize("value", ["yes", "1:20", "2020-05-01", "=", "a: b", "- x", "\u202e", "\x85", "\t", "'", "", "3.1%",
                                   1e16, 1.5e-7, float("inf"), -float("inf"), 0.6, 12, True, None])
def test_a_scalar_reads_back_in_a_block_and_in_a_flow_mapping(value):
    assert yaml.safe_load(f"k: {emit.scalar(value)}") == {"k": value}
    assert yaml.safe_load(emit.flow_mapping({"k": value, "j": "a,b]"})) == {"k": value, "j": "a,b]"}


def test_plain_where_it_is_plain():
    assert [emit.scalar(v) for v in ["3.1%", "帮扶企业12家", "yes", "a: b", "\u202e"]] == \
        ["3.1%", "帮扶企业12家", "'yes'", "'a: b'", '"\\u202E"']


# --- hidden characters: out of the quote, which stays a piece of the clean text ------------------------------

FRAGMENTS = ["2020年1-5月，", "帮扶企业12家", "同比增长3.5%", "走访企业3000余家", "，", "。", "；", "\n", "\r\n", "\t", " ",
             "“三个一批”", "#", ": ", "'", '"', "\\", "甲" * 300, "1,200张", "第8位"] + list(HOSTILE_CHARS[:34])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25))
def test_a_hostile_report_gives_quotes_from_the_clean_text_without_hidden_characters(parts):
    raw = "".join(parts).encode("utf-8", errors="surrogatepass")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return  # not UTF-8 (a lone surrogate): refused before drafting
    d = extract(raw, "kaifeng", source_id="hostile")
    cleaned = clean_raw(raw).text
    facts = yaml.safe_load(d.yaml)["facts"] or []
    assert [f["quote"] for f in facts] == [p.figure.quote for p in d.proposals]
    for p in d.proposals:
        f = p.figure
        assert cleaned[f.quote_start:f.quote_start + len(f.quote)] == f.quote  # verbatim, where it was found
        assert not HIDDEN.search(f.quote) and f.written in f.quote
    assert not HIDDEN.search(d.yaml)


# --- the period patterns' anchors ---------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789一二三四五十月日份至到-—~～截止底前个季度第上下半年去今以来累计目现已有当初中", max_size=16))
def test_a_period_pattern_matches_only_where_one_of_its_anchors_is(text):
    assert set(ANCHORS) == {kind for kind, _ in PERIOD_PATTERNS}
    for kind, rx in PERIOD_PATTERNS:
        if rx.search(text):
            assert any(word in text for word in ANCHORS[kind]), (kind, text)
