"""One test per kind of defect in the raw bytes (see shared/sources/README.md)."""

import pytest

from pipelines import paths
from pipelines.sources.clean import (
    Correction,
    apply_corrections,
    leftover_mojibake,
    normalise_punctuation,
    normalise_whitespace,
    remove_chrome,
    strip_pinyin,
    to_simplified,
)
from pipelines.sources.registry import load_sources


@pytest.fixture(scope="module")
def clean():
    sources, problems = load_sources()
    assert problems == []
    return {s.id: s.clean_text for s in sources}


# 1. Pinyin annotations -------------------------------------------------------------------------
def test_pinyin_annotation_removed_including_trailing_space():
    assert strip_pinyin("天臺(tái)縣") == "天臺縣"
    assert strip_pinyin("創(chuàng )新") == "創新"
    assert strip_pinyin("專(zhuān)班") == "專班"


def test_real_parentheses_survive_pinyin_removal():
    assert strip_pinyin("優勝縣(市、區(qū))第一名") == "優勝縣(市、區)第一名"
    assert strip_pinyin("開(kāi)(復(fù))工") == "開(復)工"
    assert strip_pinyin("(不含出口退稅(shuì))") == "(不含出口退稅)"
    assert strip_pinyin("立邦涂料(河南)有限公司") == "立邦涂料(河南)有限公司"


def test_no_pinyin_left_in_any_clean_source(clean):
    import re
    for sid, text in clean.items():
        assert not re.search(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+[）)]", text), sid
    assert "优胜县（市、区）第一名" in clean["tiantai"]
    assert "开（复）工" in clean["wenzhou"]
    assert "（不含出口退税）" in clean["wenzhou"]
    assert "立邦涂料（河南）有限公司" in clean["kaifeng"]


# 2. Traditional characters ---------------------------------------------------------------------
def test_traditional_converted_to_simplified():
    assert to_simplified("萬人助萬企為經濟發展蓄勢賦能") == "万人助万企为经济发展蓄势赋能"


def test_clean_sources_are_simplified(clean):
    for sid in ("tiantai", "wenzhou", "kaifeng", "yichuan"):
        assert to_simplified(clean[sid]) == clean[sid], sid
    assert "天台县坚决按照" in clean["tiantai"]
    assert "万人助万企" in clean["kaifeng"]


# 3. Mojibake -----------------------------------------------------------------------------------
def test_correction_repairs_exactly_once():
    c = Correction("t", "表?yè)P(yáng)", "表扬", "r", 3)
    text, problems = apply_corrections("受到表?yè)P(yáng)，", [c], "corrections.yaml")
    assert (text, problems) == ("受到表扬，", [])


def test_correction_not_found_and_ambiguous_are_errors():
    missing = Correction("t", "每日?qǐng)?bào)告", "每日报告", "r", 3)
    twice = Correction("t", "ab", "x", "r", 9)
    _, problems = apply_corrections("ab ab", [missing, twice], "c.yaml")
    assert [(p.line, p.code) for p in problems] == [(3, "correction-not-found"), (9, "correction-ambiguous")]


def test_every_listed_mojibake_spot_is_repaired(clean):
    assert "定期会商、每日报告、督查督办" in clean["tiantai"]
    assert "全力打造头部企业。现已在银轮" in clean["tiantai"]
    assert "去库存拓市场。现已推动" in clean["tiantai"]
    assert "千斤重担人人挑" in clean["wenzhou"]
    assert "项目两手抓，以解决企业问题为核心" in clean["kaifeng"]
    assert "“局长谈政策、行长谈政策”活动" in clean["kaifeng"]
    assert "受到表扬" in clean["kaifeng"]
    for sid, text in clean.items():
        assert leftover_mojibake(text) == [], sid


def test_leftover_mojibake_is_flagged():
    assert leftover_mojibake("甲\n乙?丙") == [(2, "乙?丙")]


# 4. Page chrome --------------------------------------------------------------------------------
def test_shaoyang_navigation_share_and_footer_removed(clean):
    text = clean["shaoyang"]
    assert text.startswith("纾困“及时雨”，稳住经济盘")
    for chrome in ("您现在所在的位置", "分享到", "【字体", "扫一扫", "版权所有", "湘ICP备", "联系电话"):
        assert chrome not in text


def test_wenzhou_stray_pipes_removed(clean):
    assert "|" not in clean["wenzhou"]
    assert clean["wenzhou"].startswith("今年以来，温州")
    assert clean["wenzhou"].endswith("在一季度达产。\n")


def test_kaifeng_breadcrumb_and_byline_removed(clean):
    text = clean["kaifeng"]
    assert text.startswith("河南开封：")
    assert "首页>" not in text and "人民政协报" not in text and "编辑：秦云" not in text


def test_chrome_rule_that_matches_nothing_is_an_error():
    with pytest.raises(ValueError, match="content_start"):
        remove_chrome("a\nb", {"content_start": "zzz"})
    with pytest.raises(ValueError, match="strip pattern"):
        remove_chrome("a\nb", {"strip_patterns": ["zzz$"]})


# 5. Mixed punctuation and white space -----------------------------------------------------------
def test_ascii_punctuation_becomes_full_width_except_inside_numbers():
    assert normalise_punctuation("增长2.3%,排名(第一);目标:1,000家 10:30") == "增长2.3%，排名（第一）；目标：1,000家 10:30"


def test_whitespace_between_cjk_is_layout():
    assert normalise_whitespace("《 人民政协报 》\r\n  甲  乙 ") == "《人民政协报》\n甲乙"
    assert normalise_whitespace("甲 乙\u00a0丙") == "甲乙丙"
    assert normalise_whitespace(" a  b \r\nc") == "a b\nc"


def test_clean_sources_have_no_ascii_comma_or_paren(clean):
    for sid, text in clean.items():
        for ch in ",;()!?":
            assert ch not in text, (sid, ch)


# The committed clean text is what the cleaning step makes -----------------------------------------
def test_committed_clean_text_matches_cleaning_step(clean):
    for sid, text in clean.items():
        assert (paths.CLEAN_DIR / f"{sid}.txt").read_text(encoding="utf-8") == text


def test_raw_files_are_byte_identical_to_shared_sources():
    shared = paths.ROOT.parent / "shared" / "sources"
    if not shared.exists():
        pytest.skip("shared/sources is not beside this checkout")
    for raw in sorted(paths.RAW_DIR.glob("*.txt")):
        assert raw.read_bytes() == (shared / raw.name).read_bytes(), raw.name
