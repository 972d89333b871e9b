"""Untrusted text (quotes, names, URL values) made safe for each place it can be shown.

- markdown (st.markdown, st.caption, st.warning, labels): every ASCII punctuation character is
  backslash-escaped, so ``*``, ``_``, ``[..](javascript:..)``, ``$..$`` (LaTeX), ``:red[..]`` and raw HTML
  show literally;
- HTML (st.html): ``html.escape`` (quotes too: text may land in an attribute) plus ``$`` as an entity;
- plotly labels and hovers: the same without quotes, which plotly would show as ``&quot;``.
"""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=&\"'^%@,;?/])")


def md(text: object) -> str:
    """Escape text for any Streamlit element that renders markdown."""
    s = "" if text is None else str(text)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("\n", "  \n")


def html_text(text: object) -> str:
    """Escape text for HTML contexts, including plotly's label/hover mini-HTML."""
    s = "" if text is None else str(text)
    return html.escape(s, quote=True).replace("$", "&#36;")


def plotly_text(text: object) -> str:
    """Escape text for plotly's label/hover mini-HTML: ``<``, ``>``, ``&`` as entities and ``$`` as ``&#36;``
    (so MathJax never starts). Quotes stay quotes: plotly shows ``&quot;`` literally, and no data text ever
    lands in an attribute there."""
    s = "" if text is None else str(text)
    return html.escape(s, quote=False).replace("$", "&#36;")


def wrap(text: str, width: int = 28) -> list[str]:
    """Split long CJK text into lines of ``width`` characters (plotly hover labels do not wrap)."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]
