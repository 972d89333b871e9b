"""Wrapping text by its visual width (a CJK character is two half-width units), for chart labels on screen
and for captions drawn into exported slides."""
from __future__ import annotations

import html
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path


def units(text: str) -> int:
    """Visual width in half-width units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Punctuation that may not begin a line (kinsoku): it stays at the end of the line before, a little over width.
NO_LINE_START = set("）)」』】〕》〉，,。.、；;：:！!？?%％…")


def wrap_units(text: str, width: int) -> list[str]:
    """Wrap at ``width`` half-width units, between CJK characters or at spaces (never inside a word, and never
    before closing punctuation)."""
    tokens = re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+", text)
    lines, line = [], ""
    for tok in tokens:
        if line and units(line + tok.rstrip()) > width and tok.strip()[:1] not in NO_LINE_START:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
    return lines + ([line.rstrip()] if line.strip() else [])


# The font the charts name first (charts.FONT_FAMILY), as Debian's fonts-noto-cjk installs it: labels are
# measured with it when it is here. Without it, widths are estimated per character as a share of the font
# size, a little over Noto's (a CJK character is square; Latin text averages under 0.5 em).
NOTO_SANS_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SC_INDEX = 2
CJK_EM, OTHER_EM = 1.0, 0.5
_TAG = re.compile(r"<[^>]+>")
_FONT_PX = re.compile(r"font-size:\s*(\d+)px")


@lru_cache(maxsize=8)
def _font(size: int):
    try:
        from PIL import ImageFont  # Pillow comes with python-pptx

        return ImageFont.truetype(str(NOTO_SANS_CJK), size, index=NOTO_SC_INDEX)
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=4096)
def text_px(text: str, font_px: int) -> float:
    """Width in px of one line of plain text at ``font_px``, as Noto Sans CJK SC draws it (or estimated)."""
    font = _font(font_px)
    if font is not None:
        return font.getlength(text)
    return font_px * sum(CJK_EM if units(ch) == 2 else OTHER_EM for ch in text)


def label_px(label: str, font_px: int) -> int:
    """Width in px of a plotly label's widest line: lines end at ``<br>``; a line inside a ``font-size:Npx``
    span is drawn at N px."""
    widest = 0.0
    for line in str(label).split("<br>"):
        size = int(m.group(1)) if (m := _FONT_PX.search(line)) else font_px
        widest = max(widest, text_px(html.unescape(_TAG.sub("", line)), size))
    return math.ceil(widest)
