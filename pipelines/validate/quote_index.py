"""Find many quotes in one long clean text, fast.

``QuoteFinder(text).find(quote)`` returns an offset where ``quote`` occurs in ``text`` (-1 if nowhere), like
``str.find``. Curators quote a report in reading order, so each search starts where the previous quote was
found and scans only the gap; a quote from earlier in the text falls back to a search from the start. Exact
either way (an offset is returned only where the whole quote is), and a report's quotes cost about one pass
over its text instead of one pass each.

``lines(positions)`` gives the 1-based line of each offset, so the database can re-check every quote against
its own line (a paragraph) instead of the whole report.
"""
from __future__ import annotations

import numpy as np


class QuoteFinder:
    def __init__(self, text: str):
        self.text = text
        self.last = 0
        self._breaks = None

    def find(self, quote: str) -> int:
        pos = self.text.find(quote, self.last)
        if pos < 0:
            pos = self.text.find(quote, 0, self.last + len(quote))
        if pos >= 0:
            self.last = pos
        return pos

    def lines(self, positions) -> np.ndarray:
        """1-based line numbers of character offsets (-1 stays -1)."""
        if self._breaks is None:
            codepoints = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
            self._breaks = np.flatnonzero(codepoints == 10)
        positions = np.asarray(positions, dtype=np.int64)
        return np.where(positions < 0, -1, np.searchsorted(self._breaks, positions, side="right") + 1)
