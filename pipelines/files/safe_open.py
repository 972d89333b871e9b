"""Read a file of the dataset safely: only from inside its folder, never through a link, only a regular file,
never more than a size limit. Every reader of the build comes through here (``read_bytes``, ``read_text``),
as does every folder it lists (``list_folder``).

- A path written in a data file (a registry's ``file:``) becomes a path with ``named_path``: it must be
  relative, hold no '..' and stay inside the folder it belongs to (a raw report inside ``sources/raw/``).
- The walk from the dataset folder to the file opens one component at a time, each relative to the folder
  opened before it and with ``O_NOFOLLOW``, so no symbolic link is followed anywhere on the way inside the
  dataset, even one put in place while the build runs (the dataset folder itself is the caller's choice).
- Only a regular file is read: lstat says so before it is opened, fstat of what was opened says it is the
  same file. It is opened with ``O_NONBLOCK``, so a FIFO swapped in cannot hang the build.
- Its size is checked before anything is read, and at most ``limit + 1`` bytes are read.

Each refusal is a Problem at ``Where`` the file is named (the file itself at line 0, or the registry entry
and its field). Messages name paths inside the dataset and OS errors, never anything a refused file holds.
"""
from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.problems import Problem, problem

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NOCTTY", 0))
_KINDS = {stat.S_IFDIR: "folder", stat.S_IFIFO: "FIFO", stat.S_IFCHR: "character device", stat.S_IFBLK: "block device",
          stat.S_IFSOCK: "socket"}
_CHUNK = 1 << 20
_LONGEST_NAME = 120  # a path shown in a message is cut to this many characters


@dataclass(frozen=True)
class Where:
    """Where a problem with a file is reported: the file itself (line 0), or the entry and field that name it."""

    file: str
    line: int = 0
    field: str = "file"


def _short(text: str) -> str:
    return text if len(text) <= _LONGEST_NAME else text[: _LONGEST_NAME - 1] + "…"


def named_path(folder: Path, name, where: Where, inside: Path | None = None) -> tuple[Path | None, list[Problem]]:
    """``folder / name`` for a path written in a data file, or a problem when ``name`` is absolute, holds '..'
    or does not lead inside ``inside`` (``folder`` by default). Nothing is read."""
    inside = Path(inside or folder)
    text = str(name)
    pure = PurePosixPath(text)
    shown = _short(repr(text))
    if pure.is_absolute():
        return None, [problem("path-outside-dataset", where.file, where.line, where.field, 0, name=shown,
                              folder=f"{Path(folder).name}/")]
    if ".." in pure.parts:
        return None, [problem("path-outside-dataset", where.file, where.line, where.field, 1, name=shown,
                              folder=f"{Path(folder).name}/")]
    path = Path(folder) / pure
    if not _lexically_inside(path, inside):
        return None, [problem("path-outside-dataset", where.file, where.line, where.field, 2, name=shown,
                              folder=_folder_label(folder, inside))]
    return path, []


def _folder_label(folder: Path, inside: Path) -> str:
    try:
        return f"{PurePosixPath(*Path(inside).relative_to(folder).parts)}/"
    except ValueError:
        return f"{Path(inside).name}/"


def _lexically_inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return False
    return True


class _Refused(Exception):
    """A file cannot be read; carries the one problem that says why."""

    def __init__(self, found: Problem):
        self.problem = found


class _Missing(Exception):
    pass


def _open_folders(root: Path, parts: tuple[str, ...], where: Where, shown) -> int:
    """A descriptor of the folder ``root/parts``, opened one component at a time without following a link."""
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        for i, part in enumerate(parts):
            st = os.stat(part, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                raise _Refused(problem("symlink", where.file, where.line, where.field, link=shown(parts[: i + 1])))
            if not stat.S_ISDIR(st.st_mode):
                raise _Missing
            next_fd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = next_fd
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_at_most(fd: int, n: int, size: int = 0) -> bytes:
    """At most ``n`` bytes of the file. ``size``: what fstat said it holds, read at once together with one byte
    more (to see it has not grown), so a large file is not read in pieces and joined (a second copy)."""
    chunks, total = [], 0
    want = min(size + 1, n) if size else min(_CHUNK, n)
    while total < n:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = min(_CHUNK, n - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _walk_parts(path: Path, root: Path, where: Where) -> tuple[tuple[str, ...] | None, list[Problem]]:
    try:  # _lexically_inside, and the parts of the path below the root at once
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).parts, []
    except ValueError:
        return None, [problem("path-outside-dataset", where.file, where.line, where.field, 2, name=_short(repr(str(path))),
                              folder=f"{Path(os.path.abspath(root)).name}/")]


def _namer(root: Path):
    top = Path(os.path.abspath(root)).name

    def shown(parts) -> str:
        return _short(str(PurePosixPath(top, *parts)))

    return shown


def read_bytes(path: Path, root: Path | None = None, *, limit: int, where: Where,
               missing: Problem | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, a regular file inside the folder ``root`` (its own folder by default), or None
    and the problem that stops it. ``missing`` is the problem to give when the file does not exist (else
    ``file-unreadable``)."""
    root = Path(root if root is not None else Path(path).parent)
    parts, problems = _walk_parts(Path(path), root, where)
    if parts is None:
        return None, problems
    shown = _namer(root)
    name = shown(parts)
    if not parts:
        return None, [problem("not-a-regular-file", where.file, where.line, where.field, path=name, kind="folder")]
    try:
        fd = _open_folders(root, parts[:-1], where, shown)
        try:
            st = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                return None, [problem("symlink", where.file, where.line, where.field, link=name)]
            if not stat.S_ISREG(st.st_mode):
                kind = _KINDS.get(stat.S_IFMT(st.st_mode), "special file")
                return None, [problem("not-a-regular-file", where.file, where.line, where.field, path=name, kind=kind)]
            if st.st_size > limit:
                return None, [problem("file-too-large", where.file, where.line, where.field, size=st.st_size, limit=limit)]
            file_fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
        finally:
            os.close(fd)
        try:
            opened = os.fstat(file_fd)
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (st.st_dev, st.st_ino):
                return None, [problem("file-unreadable", where.file, where.line, where.field,
                                      error=f"{name} was replaced while it was being opened")]
            if opened.st_size > limit:
                return None, [problem("file-too-large", where.file, where.line, where.field, size=opened.st_size, limit=limit)]
            data = _read_at_most(file_fd, limit + 1, opened.st_size)
        finally:
            os.close(file_fd)
    except _Refused as exc:
        return None, [exc.problem]
    except (_Missing, FileNotFoundError, NotADirectoryError):
        return None, [missing or problem("file-unreadable", where.file, where.line, where.field, error=f"{name}: not found")]
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put in place between the lstat and the open
            return None, [problem("symlink", where.file, where.line, where.field, link=name)]
        return None, [problem("file-unreadable", where.file, where.line, where.field, error=f"{name}: {exc.strerror}")]
    except ValueError:  # a NUL character in the path
        return None, [problem("file-unreadable", where.file, where.line, where.field, error=f"{name}: the path holds a NUL character")]
    if len(data) > limit:  # it grew since fstat
        return None, [problem("file-too-large", where.file, where.line, where.field, size=f"at least {limit + 1}", limit=limit)]
    return data, []


def decode_utf8(raw: bytes, file: str, bom: bool = False) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes (a leading BOM dropped when ``bom``), or None and an ``encoding`` problem at its line."""
    try:
        return raw.decode("utf-8-sig" if bom else "utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, "file", "encoding", f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")]


def read_text(path: Path, root: Path | None = None, *, limit: int, where: Where, missing: Problem | None = None,
              bom: bool = False) -> tuple[str | None, list[Problem]]:
    """``read_bytes``, decoded as UTF-8 (an encoding problem names the file and its line)."""
    raw, problems = read_bytes(path, root, limit=limit, where=where, missing=missing)
    if raw is None:
        return None, problems
    return decode_utf8(raw, where.file, bom)


def list_folder(folder: Path, root: Path, patterns: tuple[str, ...], where: Where) -> tuple[list[Path], list[Problem]]:
    """The entries of ``folder`` (inside ``root``) whose names match one of ``patterns``, sorted; none when the
    folder does not exist. A link on the way is a problem, and the folder it leads to is not listed. Each
    entry is checked when it is read."""
    parts, problems = _walk_parts(Path(folder), Path(root), where)
    if parts is None:
        return [], problems
    try:
        fd = _open_folders(Path(root), parts, where, _namer(Path(root)))
        try:
            names = os.listdir(fd)
        finally:
            os.close(fd)
    except _Refused as exc:
        return [], [exc.problem]
    except (_Missing, FileNotFoundError, NotADirectoryError):
        return [], []
    except OSError as exc:
        return [], [problem("file-unreadable", where.file, where.line, where.field, error=f"{_namer(Path(root))(parts)}: {exc.strerror}")]
    return sorted(Path(folder) / n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)), []
