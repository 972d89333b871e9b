"""A Streamlit server that writes down each script run, for benchmarks/browser.py: the server's own share of a step.

``python benchmarks/timed_server.py LOG -m dashboard.server [streamlit run options]`` serves our app,
``python benchmarks/timed_server.py LOG run FILE [options]`` any other (the floor). Each script run appends one
line to LOG: ``start end cpu`` (epoch seconds of the run's start and end, and the script thread's CPU seconds).

Why on the server: the browser benchmark's "server" column (rerun request sent -> ``script_finished`` seen
through CDP) is reported by the renderer's main thread, which handles the websocket's messages: a page busy
drawing the first deltas delays it (a 1.5 s busy loop in the page after the request added ~1.5 s to it). The
run's own start and end, in the same clock as the page's ``performance.timeOrigin + now()``, split the step
into what reaches the server, the run itself, and what the browser does after.
"""
from __future__ import annotations

import runpy
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def log_runs(path: str) -> None:
    """Append ``start end cpu`` to ``path`` at the end of every script run of this process."""
    from streamlit.runtime.scriptrunner import script_runner

    run_script = script_runner.ScriptRunner._run_script
    lock = threading.Lock()

    def timed(self, rerun_data):
        start, cpu = time.time(), time.thread_time()
        try:
            return run_script(self, rerun_data)
        finally:
            line = f"{start:.4f} {time.time():.4f} {time.thread_time() - cpu:.4f}\n"
            with lock, open(path, "a", encoding="ascii") as log:
                log.write(line)

    script_runner.ScriptRunner._run_script = timed


def read_runs(path, skip: int = 0) -> list[tuple[float, float, float]]:
    """The runs logged in ``path`` after the first ``skip``: (start, end, cpu) each, seconds."""
    try:
        with open(path, encoding="ascii") as log:
            lines = log.read().splitlines()[skip:]
    except FileNotFoundError:
        return []
    return [tuple(float(x) for x in line.split()) for line in lines if len(line.split()) == 3]


def main(argv: list[str]) -> None:
    log, *rest = argv
    sys.path.insert(0, str(ROOT))  # (run as a file, its own folder is first on the path, not the project)
    log_runs(log)
    if rest[:1] == ["-m"]:
        sys.argv = [rest[1], *rest[2:]]
        runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
    else:
        from streamlit.web import cli

        cli.main(rest, prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
