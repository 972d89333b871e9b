"""Label widths: measured with the charts' own font (Noto Sans CJK SC) when it is installed, estimated
otherwise; a chart's left margin starts at its widest row label."""
import math

import pytest

from dashboard import wrapping
from dashboard.wrapping import label_px, text_px, wrap_units

NOTO = wrapping._font(12) is not None


@pytest.mark.skipif(not NOTO, reason="fonts-noto-cjk is not installed (make test installs it)")
def test_widths_are_noto_sans_cjk_advances():
    # Measured in Chromium on the Instruments page: a CJK character is 12 px at 12 px; these are its tick labels.
    assert text_px("问题收集与督办机制", 12) == 108
    assert text_px("项目推进机制", 12) == 72
    assert round(text_px("Industrial value added", 13), 1) == 135.1


def test_a_label_is_as_wide_as_its_widest_line_at_its_own_size():
    small = "<br><span style='font-size:11px'>Henan · Jan–Oct 2022</span>"
    assert label_px("开封市" + small, 12) == max(36, math.ceil(text_px("Henan · Jan–Oct 2022", 11))) > 36
    assert label_px("a &amp; b", 12) == label_px("a & b", 12), "entities count as the character they stand for"
    assert label_px("<b>x</b>", 12) == label_px("x", 12), "tags take no room"


def test_the_estimate_without_the_font_is_never_narrower_than_noto(monkeypatch):
    texts = ["干部包联与驻企服务", "Tax and fee relief · 42 new measures", "Kaifeng City (Henan)"]
    measured = [text_px(t, 12) for t in texts]
    monkeypatch.setattr(wrapping, "_font", lambda size: None)
    wrapping.text_px.cache_clear()
    try:
        estimated = [text_px(t, 12) for t in texts]
    finally:
        wrapping.text_px.cache_clear()
    if NOTO:
        assert all(e >= m for e, m in zip(estimated, measured)), (estimated, measured)
    assert estimated[0] == 9 * 12


def test_wrap_units_keeps_closing_punctuation_on_the_line():
    assert wrap_units("一二三四，五六", 8) == ["一二三四，", "五六"]
