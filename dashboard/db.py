"""One read-only DuckDB connection per process and database version; a cursor per session thread.

A rebuild replaces ``dashboard.duckdb`` with ``os.replace``. DuckDB caches open database instances *by
path*, so connecting to the same path again would hand back the old, replaced file. Each version is
therefore opened through its own hard link (``.open/<name>-<inode>-<mtime>.duckdb``): a new path for a new
file, while sessions still holding a cursor on the old version keep reading it until they finish.
External access is disabled, so no query can read other files.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import streamlit as st

from pipelines import paths

_local = threading.local()
_link_lock = threading.Lock()
_readable: set[str] = set()  # stamps of database files that opened and had the build's tables


def database_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DB", paths.DATABASE))


def db_stamp() -> str:
    """Changes whenever the database file is replaced; part of every cache key."""
    p = database_path()
    try:
        s = p.stat()
    except FileNotFoundError:
        return "missing"
    return f"{s.st_ino}-{s.st_mtime_ns}"


def _version_link(stamp: str) -> Path:
    """A hard link naming this version of the database; older links are removed (open ones live on)."""
    src = database_path()
    link_dir = src.parent / ".open"
    link = link_dir / f"{src.stem}-{stamp}.duckdb"
    with _link_lock:
        link_dir.mkdir(exist_ok=True)
        if not link.exists():
            tmp = link_dir / f".{link.name}.{os.getpid()}.{threading.get_ident()}"
            os.link(src, tmp)
            s = tmp.stat()
            if f"{s.st_ino}-{s.st_mtime_ns}" != stamp:  # replaced between stat and link: try again next call
                tmp.unlink()
                raise FileNotFoundError(f"{src} changed while being opened")
            os.replace(tmp, link)
        for old in link_dir.glob(f"{src.stem}-*.duckdb"):
            if old != link:
                old.unlink(missing_ok=True)
    return link


@st.cache_resource(max_entries=2, show_spinner=False)
def connection(stamp: str) -> duckdb.DuckDBPyConnection:
    if stamp == "missing":
        raise FileNotFoundError(f"{database_path()} does not exist: run `make build`")
    return duckdb.connect(str(_version_link(stamp)), read_only=True, config={"enable_external_access": False})


def problem(attempts: int = 3) -> str | None:
    """None when the database can be read; ``missing`` or ``unreadable`` (not a DuckDB file, or one without
    the build's tables) otherwise. A rebuild replacing the file between our stat and our link is not a
    problem: the next attempt opens the new file."""
    for attempt in range(attempts):
        stamp = db_stamp()
        if stamp == "missing":
            return "missing"
        if stamp in _readable:  # checked once per version of the file, not on every run
            return None
        try:
            cursor(stamp).execute("SELECT 1 FROM build_info LIMIT 1").fetchall()
            _readable.add(stamp)
            return None
        except FileNotFoundError:
            if attempt == attempts - 1:
                return "unreadable"
        except (duckdb.Error, OSError):
            return "unreadable"
    return "unreadable"


def cursor(stamp: str) -> duckdb.DuckDBPyConnection:
    if getattr(_local, "key", None) != stamp:
        _local.cursor = connection(stamp).cursor()
        _local.key = stamp
    return _local.cursor
