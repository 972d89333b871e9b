"""One read-only DuckDB connection per process; each session thread gets its own cursor."""
from __future__ import annotations

import threading

import duckdb
import streamlit as st

from pipelines import paths

_local = threading.local()


@st.cache_resource
def connection(path: str = str(paths.DATABASE)) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True, config={"enable_external_access": False})


def cursor() -> duckdb.DuckDBPyConnection:
    cur = getattr(_local, "cursor", None)
    if cur is None:
        cur = connection().cursor()
        _local.cursor = cur
    return cur
