"""Wrapping text by its visual width (a CJK character is two half-width units), for chart labels on screen
and for captions drawn into exported slides."""
from __future__ import annotations

import re
import unicodedata


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
