"""The Data page's export section: the filtered facts as CSV/XLSX, every chart as one slide deck (PPTX) and
the zipped figure pack."""
from __future__ import annotations

import streamlit as st

from . import export, queries
from .i18n import t
from .queries import Filters

PACK_KEY = "_figure_pack"


def render(filters: Filters, lang: str, facts) -> None:
    st.subheader(t("exports_title", lang))
    stem = "facts_" + lang
    c1, c2 = st.columns(2)
    c1.download_button(t("export_csv", lang), data=lambda: export.facts_csv(facts, lang), file_name=f"{stem}.csv",
                       mime="text/csv", key="export-csv", icon=":material/download:", on_click="ignore")
    c2.download_button(t("export_xlsx", lang), data=lambda: export.facts_xlsx(facts, queries.sources(), filters, lang),
                       file_name=f"{stem}.xlsx", key="export-xlsx", icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    dataset_download(lang)  # needs no Chromium and no small selection: always offered

    st.markdown(f"**{t('pack_title', lang)}**")
    if export.chromium_path() is None:
        st.caption(export.install_hint(lang))
        return
    if queries.selection_size(filters) > queries.MAX_COMPARED:
        st.caption(t("pack_too_large", lang, max=queries.MAX_COMPARED))
        return
    # every chart of the selection as one deck, each an editable PowerPoint chart where it can be
    st.download_button(t("deck_download", lang), data=lambda: export.selection_deck(filters, lang),
                       file_name=export.deck_name(lang), mime=export.PPTX_MIME, key="deck_download",
                       icon=":material/slideshow:", on_click="ignore")
    formats = st.multiselect(t("pack_formats", lang), list(export.FORMATS), default=["png"], key="pack_formats")
    wanted = (filters, lang, tuple(formats))
    if st.button(t("pack_build", lang), key="pack_build", disabled=not formats, icon=":material/folder_zip:"):
        bar = st.progress(0.0, text=t("pack_progress", lang))

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=f"{t('pack_progress', lang)}: {name} ({done}/{total})")

        files = export.pack_files(filters, lang, list(formats), facts, queries.sources(), progress)
        st.session_state[PACK_KEY] = (wanted, export.zip_bytes(files), len(files))
        bar.empty()
    pack = st.session_state.get(PACK_KEY)
    if pack and pack[0] == wanted:
        st.caption(t("pack_done", lang, n=pack[2]))
        st.download_button(t("pack_download", lang), data=pack[1], file_name=f"figure_pack_{lang}.zip",
                           mime="application/zip", key="pack_download", icon=":material/download:", on_click="ignore")


def dataset_download(lang: str) -> None:
    """The whole dataset, not filtered: the zipped package ``zhuqi build`` writes beside the database
    (``pipelines/publish``; the app imports none of it and only serves the file). It is offered only when it
    is of the database the app reads: the same content hash, and written after the database."""
    import json
    import zipfile

    from .db import database_path

    st.markdown(f"**{t('dataset_title', lang)}**")
    version, date = queries.build_info()
    db = database_path()
    package = db.with_name(f"{db.stem}.datapackage.zip")  # pipelines.publish.package.zip_path
    try:
        with zipfile.ZipFile(package) as z:
            packaged = json.loads(z.read("datapackage.json")).get("version")
        fresh = packaged == version and package.stat().st_mtime_ns >= db.stat().st_mtime_ns
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        fresh = False
    if not fresh or not version:
        st.caption(t("dataset_missing", lang))
        return
    st.caption(t("dataset_caption", lang, version=version, date=date))
    st.download_button(t("dataset_download", lang), data=package.read_bytes, file_name=f"enterprise-assistance-campaigns-{version}.zip",
                       mime="application/zip", key="dataset_download", icon=":material/download:", on_click="ignore")
