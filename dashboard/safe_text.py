"""Untrusted text (quotes, names, URL values) made safe for each place it can be shown.

- markdown (st.markdown, st.caption, st.warning, labels): every ASCII punctuation character is
  backslash-escaped, so ``*``, ``_``, ``[..](javascript:..)``, ``$..$`` (LaTeX), ``:red[..]`` and raw HTML
  show literally; and a word joiner (U+2060, invisible) is put inside ``://``, ``www.`` and after ``@``,
  because Streamlit's markdown (remark-gfm) links bare URLs and e-mail addresses in the parsed text, after
  the escapes are gone;
- HTML (st.html): ``html.escape`` (quotes too: text may land in an attribute) plus ``$`` as an entity;
- plotly labels and hovers: the same without quotes, which plotly would show as ``&quot;``.
"""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=&\"'^%@,;?/])")
WORD_JOINER = "\u2060"
# What remark-gfm's autolink literal looks for: a scheme's "://", "www." and the "@" of an e-mail address.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
ELLIPSIS = "…"


def md(text: object) -> str:
    """Escape text for any Streamlit element that renders markdown: shown as typed, never as markup or a link."""
    s = "" if text is None else str(text)
    s = _AUTOLINK.sub(WORD_JOINER, s)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("\n", "  \n")


def shorten(text: object, limit: int = 80) -> str:
    """At most ``limit`` characters, the cut marked with an ellipsis (a notice echoes a value, not a page of it)."""
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[:limit - 1] + ELLIPSIS


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


_SHA256 = re.compile(r"[0-9a-f]{64}")


def file_digest(path: object, sha256: object) -> str:
    """A file's path and sha256 as markdown: the digest as inline code (it can break anywhere, so it fits a
    phone), only when it is one; anything else escaped. Plain markdown, not a code box: st.code's highlighter is
    1.5 MB of script a page would load for one line."""
    digest = str(sha256)
    shown = f"`{digest}`" if _SHA256.fullmatch(digest) else md(digest)
    return f"{md(path)} · sha256 {shown}"
