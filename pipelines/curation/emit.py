"""Writing the draft's YAML: a flat shape (top-level keys, a list of entries whose values are scalars and one flow
mapping, comment lines), written line by line. A general-purpose emitter spent ~2.5 ms an entry on it (ruamel.yaml:
35 s for the 14,000 entries of a 2 MB text); this takes a few microseconds and one line per key.

Each string is written in the first of these styles that reads back as the same string under YAML 1.1, the
version the build's loader (PyYAML) reads:

- plain, when every character is printable and not hidden (``NOT_PLAIN``), it does not start with an indicator
  (``-?:,[]{}#&*!|>'"%@```), ``...`` or a space, holds no ``": "``, ``" #"`` or tab, does not end with ``:`` or a
  space, and PyYAML's resolver takes it for a string (not ``yes``, ``null``, ``1:20``, ``2020-05-01``, ``=``…);
  in a flow mapping also no ``,:?[]{}``;
- single-quoted (``'`` doubled), when every character is printable and not hidden;
- double-quoted, every other character escaped (``\\t``, ``\\n``, ``\\xXX``, ``\\uXXXX``, ``\\UXXXXXXXX``), so a
  control, a line break of YAML 1.1 (U+0085, U+2028) or a bidi override is written as an escape, never as itself;
  a lone surrogate, which no UTF-8 text holds and no escape of YAML readers takes, as U+FFFD.

No value spans lines, so a comment line can stand before any key.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import yaml

from pipelines.curation.figures import HIDDEN

# What a YAML reader does not take as it is, or a reader of the file would not see: a value holding one is
# double-quoted with escapes, a comment shows it escaped.
NOT_PLAIN = re.compile(f"[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|{HIDDEN.pattern}")
INDICATOR_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
FLOW_SPECIAL = re.compile(r"[,:?\[\]{}]")  # PyYAML ends a plain scalar at these in a flow mapping
SHORT_ESCAPES = {"\0": "\\0", "\x07": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
                 "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\"}
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def _escape(ch: str) -> str:
    if ch in SHORT_ESCAPES:
        return SHORT_ESCAPES[ch]
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "\\uFFFD"  # a lone surrogate (never in text decoded from UTF-8) has no escape a YAML reader takes
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


DOUBLE_QUOTED_SPECIAL = re.compile(f'["\\\\]|{NOT_PLAIN.pattern}')


def _plain(s: str, flow: bool) -> bool:
    return (s != "" and s[0] not in INDICATOR_START and s[0] != " " and s[-1] not in " :" and not s.startswith("...")
            and ": " not in s and " #" not in s and "\t" not in s and not (flow and FLOW_SPECIAL.search(s))
            and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == _STR)


def string(s: str, flow: bool = False) -> str:
    """A string as a YAML scalar that reads back as ``s``."""
    return _short_string(s, flow) if len(s) <= 32 else _string(s, flow)


@lru_cache(maxsize=4096)  # units, statuses, dates and kinds repeat in every entry; quotes do not
def _short_string(s: str, flow: bool) -> str:
    return _string(s, flow)


def _string(s: str, flow: bool) -> str:
    if NOT_PLAIN.search(s):
        return '"' + DOUBLE_QUOTED_SPECIAL.sub(lambda m: _escape(m.group(0)), s) + '"'
    if _plain(s, flow):
        return s
    return "'" + s.replace("'", "''") + "'"


def scalar(value, flow: bool = False) -> str:
    """A scalar of the draft (str, bool, int, float or None) as YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    return string(str(value), flow)


def comment(text: str, indent: int = 0) -> str:
    """One comment line; what would end it early or hide in it is shown escaped."""
    shown = NOT_PLAIN.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return " " * indent + "# " + shown


def flow_mapping(items: dict) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in items.items()) + "}"


def block_entry(items: dict, comments: dict[str, list[str]], indent: int) -> list[str]:
    """One entry of a block sequence (``- key: value`` then ``key: value`` lines), ``comments[key]`` standing
    as comment lines before that key. A dict value is written as a flow mapping."""
    lines = []
    for i, (key, value) in enumerate(items.items()):
        lines += [comment(c, indent + 2) for c in comments.get(key, ())]
        text = flow_mapping(value) if isinstance(value, dict) else scalar(value)
        lines.append(f"{' ' * indent}{'- ' if i == 0 else '  '}{key}: {text}")
    return lines
