"""The Streamlit floor for the browser benchmark (benchmarks/browser.py): the dashboard's widgets and nothing else.

The same router shape as ``app.py`` (``st.navigation(position="hidden")`` over six pages at the same URL paths,
sidebar ``st.page_link``s carrying the filters in their query), the same sidebar (language radio, the page links,
four multiselects with the same options and bilingual labels, read from the same database by a query of its own)
and, per page, a title and one plotly bar chart of 15 bars that reruns when a bar is clicked. No other query, no
caption, no table, no export button: what any Streamlit app with this sidebar and a chart pays per action.

With ``FLOOR_CONTENT=1`` it is the *content floor*: the same sidebar, and per page, instead of the 15 bars, the
content our page draws (our own figures for the filters and language, the Data page's table, the Sources page's
report HTML, the overview's cards as text), drawn with plain Streamlit calls by ``content.py`` (which says what it
leaves out): what Streamlit itself costs for our content.

Served by ``streamlit run benchmarks/floor_app/app.py`` from the project root (so with the project's
``.streamlit/config.toml``); the database is ``$DASHBOARD_DB`` (default ``data/build/dashboard.duckdb``). The
plain floor imports nothing of the project; the content floor imports ``dashboard.*`` (through ``content.py``, only
when ``FLOOR_CONTENT=1``). This folder has no ``pages/`` folder, so no legacy multipage mode either.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
DB = Path(os.environ.get("DASHBOARD_DB", ROOT / "data" / "build" / "dashboard.duckdb"))
ICON = ROOT / "dashboard" / "assets" / "icon.png"
CONTENT = os.environ.get("FLOOR_CONTENT") == "1"
LANGS = ("zh", "en")
FILTERS = ("province", "program", "locality", "level")
TEXT = {  # a copy of the few dashboard/i18n.py strings the frame shows
    "province": ("省份", "Province"), "program": ("行动名称", "Campaign"), "locality": ("地区", "Locality"),
    "level": ("行政级别", "Admin level"), "filters": ("筛选", "Filters"), "all": ("全部", "All"),
}
PAGES = (  # url path, label zh, label en, icon: as dashboard/routes.py and the nav_* strings
    ("overview", "概览", "Overview", ":material/dashboard:"),
    ("growth", "增速", "Growth rates", ":material/trending_up:"),
    ("problems", "问题解决", "Problem resolution", ":material/task_alt:"),
    ("instruments", "政策工具", "Policy instruments", ":material/build:"),
    ("sources", "原文来源", "Sources", ":material/description:"),
    ("data", "数据表", "Data", ":material/table:"),
)
# The same chip CSS as dashboard/shell.py: chosen values wrap inside their chip.
CHIP_CSS = """<style>
[data-testid=stSidebar] [data-testid=stMultiSelectTagsContainer] [data-tag] { height: auto; max-width: 100%; }
[data-testid=stSidebar] [data-testid=stMultiSelectTagsContainer] [data-tag] > span {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; line-height: 1.3;
  padding: 2px 0;
}
</style>"""
OPTIONS_SQL = """
SELECT 'province' AS filter, province_id AS id, name_zh, name_en, province_id AS sort_key FROM provinces
UNION ALL SELECT 'program', program_id, name_zh, name_en, program_id FROM programs
UNION ALL SELECT 'locality', locality_id, name_zh, name_en, province_id || locality_id FROM localities
UNION ALL SELECT DISTINCT 'level', level, CASE level WHEN 'county' THEN '县' ELSE '地级市' END,
       CASE level WHEN 'county' THEN 'County' ELSE 'City' END, level FROM localities
ORDER BY filter, sort_key"""


def t(key: str, lang: str) -> str:
    return TEXT[key][LANGS.index(lang)]


@st.cache_resource(show_spinner=False)
def options() -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """Ids per filter, and per language the label of every (filter, id): 'own name · other name'."""
    con = duckdb.connect(str(DB), read_only=True)
    try:
        rows = con.execute(OPTIONS_SQL).fetchall()
    finally:
        con.close()
    ids = {f: [r[1] for r in rows if r[0] == f] for f in FILTERS}
    labels = {}
    for lang in LANGS:
        own, other = (2, 3) if lang == "zh" else (3, 2)
        labels[lang] = {f"{r[0]}:{r[1]}": r[own] if r[own] == r[other] else f"{r[own]} · {r[other]}" for r in rows}
    return ids, labels


def start_session(ids: dict[str, list[str]]) -> None:
    """Once per session: the URL's filters and language become the widgets' first values."""
    if st.session_state.get("_loaded"):
        return
    for f in FILTERS:
        st.session_state[f] = [v for v in dict.fromkeys(st.query_params.get_all(f)) if v in ids[f]]
    st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "zh"
    st.session_state["_loaded"] = True


def chart_page(path: str, label_zh: str, label_en: str):
    def page() -> None:
        lang = st.session_state.get("lang", "zh")
        st.title(label_en if lang == "en" else label_zh)
        if CONTENT:
            import content  # this folder is on sys.path (streamlit run's script folder)

            content.draw(path, st.session_state, lang)
            return
        chosen = tuple(v for f in FILTERS for v in st.session_state.get(f, []))
        seed = zlib.crc32(repr((path, chosen)).encode())  # the bars change with the filters, as ours do
        names = [f"{label_en if lang == 'en' else label_zh} {i + 1}" for i in range(15)]
        values = [((seed >> (i % 24)) % 97) / 7 + 1 for i in range(15)]
        fig = go.Figure(go.Bar(x=values, y=names, orientation="h"))
        fig.update_layout(height=450, margin={"l": 10, "r": 30, "t": 30, "b": 40})
        st.plotly_chart(fig, key=f"chart-{path}", on_select="rerun", selection_mode="points",
                        config={"displaylogo": False})
    page.__name__ = f"floor_{path}"
    return page


st.set_page_config(page_title="Streamlit floor", layout="wide", page_icon=str(ICON))
ids, labels = options()
start_session(ids)
lang = st.session_state.get("lang", "zh")
pages = {p: st.Page(chart_page(p, zh, en), title=en if lang == "en" else zh, icon=icon, url_path=p,
                    default=p == "overview") for p, zh, en, icon in PAGES}
current = st.navigation(list(pages.values()), position="hidden")
params = {f: list(st.session_state.get(f, [])) for f in FILTERS if st.session_state.get(f)}
if lang != "zh":
    params["lang"] = [lang]
st.html(CHIP_CSS)
with st.sidebar:
    st.radio("语言 Language", LANGS, format_func=lambda v: "中文" if v == "zh" else "English", key="lang",
             horizontal=True, label_visibility="collapsed")
    for p, zh, en, icon in PAGES:
        st.page_link(pages[p], label=en if lang == "en" else zh, icon=icon, query_params=params)
    st.divider()
    st.subheader(t("filters", lang))
    for f in FILTERS:
        st.multiselect(t(f, lang), ids[f], key=f, format_func=lambda v, f=f: labels[lang].get(f"{f}:{v}", v),
                       placeholder=t("all", lang), filter_mode="contains", select_all=False, wrap=True)
current.run()
