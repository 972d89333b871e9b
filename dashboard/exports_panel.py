"""The Data page's export section: the filtered facts as CSV/XLSX and the zipped figure pack."""
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

    st.markdown(f"**{t('pack_title', lang)}**")
    if export.chromium_path() is None:
        st.caption(export.install_hint(lang))
        return
    if queries.selection_size(filters) > queries.MAX_COMPARED:
        st.caption(t("pack_too_large", lang, max=queries.MAX_COMPARED))
        return
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
