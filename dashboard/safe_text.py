"""Untrusted text (quotes, names, URL values) made safe for each place it can be shown.

- markdown (st.markdown, st.caption, st.warning, labels): every ASCII punctuation character is
  backslash-escaped, so ``*``, ``_``, ``[..](javascript:..)``, ``$..$`` (LaTeX), ``:red[..]`` and raw HTML
  show literally;
- HTML (st.html, plotly hover/labels): ``html.escape`` plus ``$`` as an entity so plotly never starts MathJax.
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


def wrap(text: str, width: int = 28) -> list[str]:
    """Split long CJK text into lines of ``width`` characters (plotly hover labels do not wrap)."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]
