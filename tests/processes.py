"""The processes a process has started, read from /proc: for tests that check what a server or the export
renderer really runs (its Chromium and that Chromium's command line)."""
from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_lines(pid: int) -> list[list[bytes]]:
    """The argument lists of every process below ``pid`` (those that ended meanwhile left out)."""
    lines = []
    for child in descendants(pid):
        try:
            lines.append(Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"))
        except OSError:
            continue
    return lines


def remote_debugged_chromiums(pid: int) -> list[list[bytes]]:
    """The export Chromium below ``pid`` (choreographer's wrapper and the browser it runs, both started with
    ``--remote-debugging-pipe``)."""
    return [c for c in command_lines(pid) if b"--remote-debugging-pipe" in c]
