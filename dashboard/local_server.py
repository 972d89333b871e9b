"""Run the app (``python -m dashboard.server``, i.e. ``streamlit run app.py``) on 127.0.0.1 in a subprocess,
for browser tests and benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(log_path: Path, db: Path | None = None, timeout_s: float = 60, extra_args: Sequence[str] = (),
          warm_export: bool = False, app: Sequence[str] = ("-m", "dashboard.server"), env: dict | None = None):
    """Yield ``(url, process)`` once the server answers its health check; stop it afterwards.
    The log goes to a file: an unread pipe fills up and blocks the server. ``extra_args`` are appended to
    the ``streamlit run`` command line (they win over the defaults here).

    No file watcher: nothing edits the sources while a test or benchmark runs, and with the default watcher
    every new session registers its watches on the server's event loop (about 0.6 CPU-s per session in
    this checkout, where ``.venv`` sits inside the watched folder), stalling every other tab meanwhile.

    ``warm_export``: start the export Chromium ahead, as ``zhuqi serve`` does (off by default: most test
    servers never export, and a Chromium starting beside them costs the 2 cores ~4 CPU-s).

    ``app``: what ``python`` runs (another Streamlit app, e.g. the benchmark's floor: ``-m streamlit run
    FILE``), with the same flags, the project root as its folder (so the same .streamlit/config.toml) and
    ``env`` added to the environment."""
    env = {**os.environ, **({"DASHBOARD_DB": str(db)} if db else {}), "ZHUQI_WARM_EXPORT": "1" if warm_export else "0",
           **(env or {})}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, *app, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.runOnSave", "false", *extra_args],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + timeout_s
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError("streamlit server did not start: "
                                           + Path(log_path).read_text(errors="replace")[-2000:]) from None
                    time.sleep(0.2)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
