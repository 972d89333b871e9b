"""Clean source text as escaped HTML with every curated figure wrapped in a <mark> that names its fact."""
from __future__ import annotations

import pandas as pd

from .safe_text import html_text


def figure_spans(text: str, facts: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """(start, end, fact_id, label) of each figure's written form inside its quote; overlaps keep the first."""
    spans = []
    for _, f in facts.iterrows():
        q = text.find(f["quote"])
        if q < 0:
            continue
        v = f["quote"].find(f["value_as_written"])
        if v < 0:
            continue
        spans.append((q + v, q + v + len(f["value_as_written"]), f["fact_id"], f["label"]))
    spans.sort()
    kept, last_end = [], -1
    for s in spans:
        if s[0] >= last_end:
            kept.append(s)
            last_end = s[1]
    return kept


def highlighted_html(text: str, facts: pd.DataFrame) -> str:
    out, pos = [], 0
    for start, end, fact_id, label in figure_spans(text, facts):
        out.append(html_text(text[pos:start]))
        out.append(f'<mark id="fact-{html_text(fact_id)}" title="{html_text(fact_id)}: {html_text(label)}" '
                   f'style="background:#ffe58a;padding:0 2px;border-radius:3px">{html_text(text[start:end])}'
                   f'<sup style="font-size:9px;color:#555">{html_text(fact_id.rsplit("-", 1)[-1])}</sup></mark>')
        pos = end
    out.append(html_text(text[pos:]))
    body = "".join(out).replace("\n", "<br><br>")
    return f'<div style="line-height:1.9;font-size:15px;max-height:640px;overflow-y:auto;padding:8px;border:1px solid #eee">{body}</div>'
