"""Raw report bytes -> clean simplified-Chinese text.

Steps, in order (each one is a function so it can be tested alone):
1. decode UTF-8;
2. repair mojibake with the reviewed corrections file (exact, counted replacements; no guessing);
3. strip pinyin annotations ``臺(tái)`` while real parentheses ``(市、區(qū))`` stay;
4. traditional -> simplified with OpenCC ``t2s`` (only for sources registered as traditional);
5. normalise punctuation: ASCII , ; : ( ) ! ? become full-width except inside numbers;
6. normalise white space per line;
7. drop page chrome using the per-source rules in the source registry.

``zhuqi clean-text`` (pipelines/sources/command.py) writes ``data/sources/clean/<id>.txt`` for curators to quote from; the build
re-runs the cleaning in memory and refuses to go on if a committed clean file has drifted.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.problems import Problem

# Tone-marked (and neutral-tone) pinyin letters; lowercase only, as the annotations are.
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# A CJK character followed by "(pinyin)" possibly with stray spaces before ")".
PINYIN_ANNOTATION = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\([{PINYIN_LETTERS}]+ *\)")
CJK = r"\u3400-\u9fff\uf900-\ufaff"

ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
# A comma or colon between two digits is part of a number (1,000 / 10:23) and stays ASCII.
PUNCT = re.compile(r"[,;:()!?]")
WHITESPACE = re.compile(r"[ \t\u00a0\u3000]+")
CJK_GAP = re.compile(rf"(?<=[{CJK}（）“”，。、：；！？《》]) (?=[{CJK}（）“”，。、：；！？《》])")
# Characters that an intact report never contains but an encoding round trip leaves behind.
SUSPECT_MOJIBAKE = re.compile(r"[?？\ufffd\u2460-\u24ff\u3040-\u30ff\uac00-\ud7af]")


@dataclass(frozen=True)
class Correction:
    source: str
    damaged: str
    repair: str
    reason: str
    line: int


def strip_pinyin(text: str) -> str:
    # Each pass is guarded by a plain substring test (a C scan): most texts of a national set need few passes.
    return PINYIN_ANNOTATION.sub("", text) if "(" in text else text


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Phrases OpenCC's t2s leaves in a traditional form that no simplified text uses.
T2S_FIXES = {"随著": "随着"}


def to_simplified(text: str) -> str:
    text = _t2s().convert(text)
    for wrong, right in T2S_FIXES.items():
        text = text.replace(wrong, right)
    return text


def normalise_punctuation(text: str) -> str:
    def repl(m: re.Match) -> str:
        ch = m.group(0)
        s, i = m.string, m.start()
        if ch in ",:" and 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit():
            return ch
        return ASCII_TO_FULLWIDTH[ch]

    return PUNCT.sub(repl, text) if any(c in text for c in ASCII_TO_FULLWIDTH) else text


# Spaces at either end of a line (str.strip's white space, line breaks aside).
SPACE_NOT_NEWLINE = re.compile(r"[^\S\n]")
LINE_EDGE_SPACE = re.compile(r"^[^\S\n]+|[^\S\n]+$", re.MULTILINE)


def _has_space_besides_newlines(text: str) -> bool:
    """``SPACE_NOT_NEWLINE.search(text)``, three times faster on a text that has none (most reports):
    ``str.split`` drops every white-space character (str.isspace, the regex's ``\\s``), so the words and the
    line breaks add up to the whole text only when it holds no other white space."""
    return sum(map(len, text.split())) + text.count("\n") != len(text)


def normalise_whitespace(text: str) -> str:
    # Whole-text passes rather than a loop over lines: a national set has 2,844 reports to clean.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _has_space_besides_newlines(text):
        return text
    text = LINE_EDGE_SPACE.sub("", WHITESPACE.sub(" ", text))
    # A space between two CJK characters or CJK punctuation is layout, not content.
    return CJK_GAP.sub("", text)


def apply_corrections(text: str, corrections: list[Correction], file: str) -> tuple[str, list[Problem]]:
    """Each damaged string must occur exactly once when its turn comes; otherwise it is an error."""
    problems = []
    for c in corrections:
        count = text.count(c.damaged)
        if count == 0:
            problems.append(Problem(file, c.line, "damaged", "correction-not-found",
                                    f"damaged text {c.damaged!r} is no longer found in source '{c.source}'"))
        elif count > 1:
            problems.append(Problem(file, c.line, "damaged", "correction-ambiguous",
                                    f"damaged text {c.damaged!r} occurs {count} times in source '{c.source}'; make it longer"))
        else:
            text = text.replace(c.damaged, c.repair)
    return text, problems


def remove_chrome(text: str, chrome: dict) -> str:
    """Keep the lines from ``content_start`` up to (not including) ``content_end``; drop ``drop_lines``
    patterns; insert ``paragraph_breaks``; cut ``strip_patterns``. Markers are written in clean (normalised) form."""
    lines = text.split("\n")
    start = chrome.get("content_start")
    if start:
        idx = next((i for i, ln in enumerate(lines) if ln.startswith(start)), None)
        if idx is None:
            raise ValueError(f"content_start {start!r} not found")
        lines = lines[idx:]
    end = chrome.get("content_end")
    if end:
        idx = next((i for i, ln in enumerate(lines) if ln.startswith(end)), None)
        if idx is None:
            raise ValueError(f"content_end {end!r} not found")
        lines = lines[:idx]
    for pattern in chrome.get("drop_lines") or []:
        rx = re.compile(pattern)
        lines = [ln for ln in lines if not rx.fullmatch(ln)]
    text = "\n".join(ln for ln in lines if ln)
    for pattern in chrome.get("paragraph_breaks") or []:
        # Some pages lost their paragraph breaks; a zero-width pattern puts them back.
        text = re.sub(pattern, "\n", text)
    for pattern in chrome.get("strip_patterns") or []:
        new = re.sub(pattern, "", text)
        if new == text:
            raise ValueError(f"strip pattern {pattern!r} matched nothing")
        text = new
    return text.strip() + "\n"


def clean_text(raw: bytes, *, traditional: bool, corrections: list[Correction], chrome: dict,
               corrections_file: str = "corrections.yaml") -> tuple[str, list[Problem]]:
    text = raw.decode("utf-8")
    text, problems = apply_corrections(text, corrections, corrections_file)
    text = strip_pinyin(text)
    if traditional:
        text = to_simplified(text)
    text = normalise_punctuation(text)
    text = normalise_whitespace(text)
    text = remove_chrome(text, chrome)
    return text, problems


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftover_mojibake(text: str) -> list[tuple[int, str]]:
    """(line, snippet) for each character that looks like unrepaired mojibake."""
    found = []
    # Lines are counted on from the previous match, not from the start each time: a badly damaged text has
    # thousands of matches, and counting from the start for each is quadratic.
    line, counted_to = 1, 0
    for m in SUSPECT_MOJIBAKE.finditer(text):
        line += text.count("\n", counted_to, m.start())
        counted_to = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        found.append((line, text[max(line_start, m.start() - 8): min(line_end, m.end() + 8)]))
    return found
