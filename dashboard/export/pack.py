"""The figure pack: every chart of the selection in the chosen formats (``pptx``: one deck of them all), the data
CSV and SOURCES.md, and the same as one zip."""
from __future__ import annotations

import io
import zipfile
from typing import Callable

import pandas as pd

from ..catalogue import all_charts
from ..i18n import t
from ..notes import comparability_line
from ..queries import Filters
from ..safe_text import md
from .deck import DECK_FORMAT, deck_name, selection_deck
from .slides import export_figure
from .tables import facts_csv


def sources_markdown(facts: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """SOURCES.md: every text from the data escaped (``safe_text.md``), so a title or a note shows as written
    in any markdown viewer, never as a link, an image or HTML."""
    en = lang == "en"
    lines = ["# Sources" if en else "# 来源", ""]
    for _, s in sources[sources["source_id"].isin(facts["source_id"])].iterrows():
        date = t("undated", lang) if s["published_as_written"] == "undated" else s["published_as_written"]
        lines += [f"## {md(s['source_id'])}: {md(s['name_en' if en else 'name_zh'])}", "",
                  f"- {t('col_name', lang)}: {md(s['title_en' if en else 'title_zh'])}",
                  f"- {t('publisher', lang)}: {md(s['publisher_en' if en else 'publisher_zh'])}",
                  f"- {t('published', lang)}: {md(date)}",
                  f"- {t('period', lang)}: {md(s['period_note_en' if en else 'period_note_zh'])}",
                  f"- {t('campaign', lang)}: {md(s['campaign_as_written'])}",
                  f"- {t('sha256', lang)}: {md(s['raw_sha256'])} ({md(s['raw_file'])})", ""]
    lines += [md(comparability_line(facts, lang)), ""]
    return "\n".join(lines)


def pack_files(filters: Filters, lang: str, formats: list[str], facts: pd.DataFrame, sources: pd.DataFrame,
               progress: Callable[[int, int, str], None] | None = None) -> dict[str, bytes]:
    """{file name: bytes} for every chart of the selection in every image format, the deck of them all
    (``slides_<lang>.pptx``) when ``pptx`` is asked for, the data CSV and SOURCES.md. File names come from chart
    ids, formats and the language only."""
    charts = all_charts(filters, lang)
    images = [fmt for fmt in formats if fmt != DECK_FORMAT]
    total = len(charts) * len(images) + (DECK_FORMAT in formats) + 2
    files, done = {}, 0
    if DECK_FORMAT in formats:
        if progress:
            progress(done, total, deck_name(lang))
        files[deck_name(lang)] = selection_deck(filters, lang, charts)
        done += 1
    for chart in charts:
        for fmt in images:
            name = f"{chart.chart_id}.{fmt}"
            if progress:
                progress(done, total, name)
            files[name] = export_figure(chart, lang, fmt)
            done += 1
    if progress:
        progress(done, total, "facts.csv")
    files["facts.csv"] = facts_csv(facts, lang)
    files["SOURCES.md"] = sources_markdown(facts, sources, lang).encode("utf-8")
    if progress:
        progress(total, total, "SOURCES.md")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
    return buf.getvalue()
