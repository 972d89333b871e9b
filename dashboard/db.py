"""One read-only DuckDB connection per process and database file; a cursor per session thread.

The connection is keyed by the file's identity (mtime, size), so after a rebuild replaces the file the
next query opens the new database; external access is disabled so no query can read other files.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import streamlit as st

from pipelines import paths

_local = threading.local()


def database_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DB", paths.DATABASE))


def db_stamp() -> str:
    """Changes whenever the database file is replaced; part of every cache key."""
    p = database_path()
    try:
        s = p.stat()
    except FileNotFoundError:
        return "missing"
    return f"{p}:{s.st_mtime_ns}:{s.st_size}:{s.st_ino}"


@st.cache_resource(max_entries=2)
def connection(stamp: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database_path()), read_only=True, config={"enable_external_access": False})


def cursor(stamp: str) -> duckdb.DuckDBPyConnection:
    key = getattr(_local, "key", None)
    if key != stamp:
        _local.cursor = connection(stamp).cursor()
        _local.key = stamp
    return _local.cursor
