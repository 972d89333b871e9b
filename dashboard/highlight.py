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


MARK_STYLE = "background:#ffe58a;padding:0 2px;border-radius:3px"
# The figure a reader came to see (``fact=<id>``): a stronger colour and an outline, and a data-focus flag the
# page's constant scrolling script looks for.
FOCUS_STYLE = "background:#ff9f43;padding:1px 3px;border-radius:3px;outline:3px solid #c0392b"
# Constant (no data in it): scroll the focused figure to the middle of its text box and of the window.
SCROLL_TO_FOCUS = """<script>
(() => { let tries = 0; const go = () => { const m = document.querySelector('mark[data-focus]');
  if (m) m.scrollIntoView({block: 'center'}); else if (tries++ < 50) setTimeout(go, 100); }; go(); })();
</script>"""


def highlighted_html(text: str, facts: pd.DataFrame, focus: str | None = None) -> str:
    out, pos = [], 0
    for start, end, fact_id, label in figure_spans(text, facts):
        out.append(html_text(text[pos:start]))
        style, flag = (FOCUS_STYLE, ' data-focus="1"') if fact_id == focus else (MARK_STYLE, "")
        out.append(f'<mark id="fact-{html_text(fact_id)}"{flag} title="{html_text(fact_id)}: {html_text(label)}" '
                   f'style="{style}">{html_text(text[start:end])}'
                   f'<sup style="font-size:9px;color:#555">{html_text(fact_id.rsplit("-", 1)[-1])}</sup></mark>')
        pos = end
    out.append(html_text(text[pos:]))
    body = "".join(out).replace("\n", "<br><br>")
    return f'<div style="line-height:1.9;font-size:15px;max-height:640px;overflow-y:auto;padding:8px;border:1px solid #eee">{body}</div>'
