"""Hostile files (issue #16, item 1): nothing outside the dataset folder is read, and no file can hang or crash
the build. Each case lays one hostile file (a link, a FIFO, a path out of the dataset, a deep or huge file)
over the minimal dataset, runs ``zhuqi build`` in a subprocess with a timeout, and checks that it exits 1
printing the problem at the file and line that names it, in the usual form and with no traceback, and that the
database built before is byte-identical. Links and FIFOs cannot live in git, so they are made here; the cases
that can be plain files are also defect fixtures (tests/fixtures/defects/)."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import paths
from pipelines.build import main as build_main
from pipelines.files import safe_open
from pipelines.files.safe_open import Where, list_folder, named_path, read_bytes
from tests.conftest import build_db, make_dataset

PRINTED = re.compile(r"^[^:]+:\d+: [^:]+: .* \[[a-z0-9-]+\]$")
REGISTRY_FILE_LINE = "data/sources/registry.yaml:3: file: "  # the minimal registry's one entry names its raw file here
SYMLINK = "is a symbolic link; the build reads no file through a link [symlink]"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
# Every problem line a case below must print. Links and FIFOs cannot be defect fixtures (git holds neither), so
# tests/pipelines/test_problem_codes.py counts these lines with the fixtures' expected.txt: each code is
# produced somewhere, and each message fits its template.
EXPECTED: list[str] = []


def expect(line: str) -> str:
    EXPECTED.append(line)
    return line


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("good")
    return build_db(make_dataset(tmp), tmp / "dashboard.duckdb")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(tmp_path: Path, good_db: Path, data: Path, *expected: str, capsys=None) -> str:
    """Build ``data`` over a copy of a good database: it must exit 1, print ``expected`` among its problems (every
    line a problem in the usual form, no traceback) and leave the database byte-identical. The build runs as
    ``zhuqi build`` in a subprocess with a timeout (a case that could hang or eat the memory), or in this process
    when ``capsys`` is given. Returns everything it printed."""
    out = tmp_path / "dashboard.duckdb"
    shutil.copyfile(good_db, out)
    before = sha256(out)
    args = ["--data", str(data), "--out", str(out)]
    if capsys is None:
        proc = subprocess.run([sys.executable, "-m", "zhuqi", "build", *args], capture_output=True, text=True, timeout=60,
                              cwd=paths.ROOT)
        code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    else:
        code = build_main(args)
        stdout, stderr = capsys.readouterr()
    printed = stdout + stderr
    assert code == 1, printed[-2000:]
    assert "Traceback" not in printed, printed[-2000:]
    lines = stderr.splitlines()
    assert lines and lines[-1].endswith("left untouched"), printed[-2000:]
    assert [line for line in lines[:-1] if not PRINTED.match(line)] == []
    for line in expected:
        assert line in lines, f"{line!r} not among:\n" + "\n".join(lines)
    assert sha256(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".dashboard")) == []  # no temp file left
    return printed


def set_raw_file(data: Path, name: str, sha: str) -> None:
    reg = data / "sources" / "registry.yaml"
    text = reg.read_text(encoding="utf-8").replace("file: raw/demo.txt", f"file: {name}")
    reg.write_text(re.sub(r"sha256: \w+", f"sha256: {sha}", text), encoding="utf-8")


def outside_copy(tmp_path: Path, path: Path) -> Path:
    """``path`` moved out of the dataset (its bytes, so its sha256, unchanged)."""
    target = tmp_path / "outside" / path.name
    target.parent.mkdir(exist_ok=True)
    shutil.move(path, target)
    return target


# --- paths a registry entry names ---------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/etc/os-release").is_file(), reason="no /etc/os-release")
@pytest.mark.parametrize("name, expected", [
    ("../" * 30 + "etc/os-release",
     expect(f"{REGISTRY_FILE_LINE}{'../' * 30 + 'etc/os-release'!r} leads out of sources/ with '..' [path-outside-dataset]")),
    ("/etc/os-release",
     expect(f"{REGISTRY_FILE_LINE}'/etc/os-release' is an absolute path; name a file relative to sources/ [path-outside-dataset]")),
    ("raw/" + "../" * 30 + "etc/os-release",
     expect(f"{REGISTRY_FILE_LINE}{'raw/' + '../' * 30 + 'etc/os-release'!r} leads out of sources/ with '..' [path-outside-dataset]")),
])
def test_registry_file_outside_the_dataset_is_not_read(tmp_path, good_db, name, expected, capsys):
    """With the right sha256 the old build read /etc/os-release as a report (and the Sources page showed it)."""
    data = make_dataset(tmp_path)
    set_raw_file(data, name, sha256(Path("/etc/os-release")))
    printed = refused(tmp_path, good_db, data, expected, capsys=capsys)
    assert "[path-outside-dataset]" in printed
    first_line = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    assert first_line not in printed


NOT_RAW = expect(f"{REGISTRY_FILE_LINE}'clean/demo.txt' is not inside raw/ [path-outside-dataset]")


def test_registry_file_inside_the_dataset_but_not_a_raw_report(tmp_path, good_db, capsys):
    data = make_dataset(tmp_path)
    set_raw_file(data, "clean/demo.txt", sha256(data / "sources" / "clean" / "demo.txt"))
    refused(tmp_path, good_db, data, NOT_RAW, capsys=capsys)


# --- links ---------------------------------------------------------------------------------------------------

ZERO = expect(f"data/curated/zero.yaml:0: file: data/curated/zero.yaml {SYMLINK}")


def test_curated_yaml_linked_to_dev_zero(tmp_path, good_db):
    """The old build followed it and grew to 4.3 GB, then died of a MemoryError."""
    data = make_dataset(tmp_path)
    (data / "curated" / "zero.yaml").symlink_to("/dev/zero")
    refused(tmp_path, good_db, data, ZERO)


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="no /etc/passwd")
@pytest.mark.parametrize("link, expected", [
    (link, expect(f"data/{link}:0: file: data/{link} {SYMLINK}"))
    for link in ("curated/passwd.yaml", "curated/passwd.facts.csv", "registries/provinces.csv", "registries/indicators/passwd.csv",
                 "sources/corrections.yaml")])
def test_a_link_to_etc_passwd_is_refused_unread(tmp_path, good_db, link, expected, capsys):
    data = make_dataset(tmp_path)
    (data / link).unlink(missing_ok=True)
    (data / link).symlink_to("/etc/passwd")
    printed = refused(tmp_path, good_db, data, expected, capsys=capsys)
    assert "root:" not in printed and "/bin/" not in printed


RAW_LINK = expect(f"{REGISTRY_FILE_LINE}data/sources/raw/demo.txt {SYMLINK}")
CLEAN_LINK = expect(f"data/sources/clean/demo.txt:0: file: data/sources/clean/demo.txt {SYMLINK}")


def test_raw_report_linked_outside_with_its_right_sha256(tmp_path, good_db, capsys):
    data = make_dataset(tmp_path)
    raw = data / "sources" / "raw" / "demo.txt"
    raw.symlink_to(outside_copy(tmp_path, raw))
    refused(tmp_path, good_db, data, RAW_LINK, capsys=capsys)


def test_committed_clean_text_linked_outside(tmp_path, good_db, capsys):
    data = make_dataset(tmp_path)
    clean = data / "sources" / "clean" / "demo.txt"
    clean.symlink_to(outside_copy(tmp_path, clean))
    refused(tmp_path, good_db, data, CLEAN_LINK, capsys=capsys)


@pytest.mark.parametrize("folder, expected", [
    ("sources/raw", expect(f"{REGISTRY_FILE_LINE}data/sources/raw {SYMLINK}")),
    ("curated", expect(f"data/curated:0: folder: data/curated {SYMLINK}")),
    ("registries/indicators", expect(f"data/registries/indicators:0: folder: data/registries/indicators {SYMLINK}")),
    ("sources", expect(f"data/sources/registry.yaml:0: file: data/sources {SYMLINK}")),
])
def test_a_linked_folder_anywhere_on_the_way_is_refused(tmp_path, good_db, folder, expected, capsys):
    data = make_dataset(tmp_path)
    (data / folder).symlink_to(outside_copy(tmp_path, data / folder), target_is_directory=True)
    refused(tmp_path, good_db, data, expected, capsys=capsys)


# --- FIFOs and other special files ---------------------------------------------------------------------------

@needs_fifo
@pytest.mark.parametrize("fifo, expected", [
    (fifo, expect(f"{where}{'data/' + fifo} is a FIFO, not a regular file [not-a-regular-file]"))
    for fifo, where in (("curated/x.yaml", "data/curated/x.yaml:0: file: "), ("curated/x.facts.csv", "data/curated/x.facts.csv:0: file: "),
                        ("registries/indicators/x.csv", "data/registries/indicators/x.csv:0: file: "),
                        ("sources/raw/demo.txt", REGISTRY_FILE_LINE))
])
def test_a_fifo_cannot_hang_the_build(tmp_path, good_db, fifo, expected):
    """The old build waited forever for a writer on curated/x.yaml (``refused`` gives up after 60 s)."""
    data = make_dataset(tmp_path)
    (data / fifo).unlink(missing_ok=True)
    os.mkfifo(data / fifo)
    refused(tmp_path, good_db, data, expected)


# --- depth and size --------------------------------------------------------------------------------------------

def deep_block_list(depth: int) -> str:
    return "source: demo\nfacts:\n" + "".join("  " * (i + 1) + "-\n" for i in range(depth - 1)) + "  " * depth + "- x\n"


@pytest.mark.parametrize("text, expected", [
    (text, expect(f"data/curated/deep.yaml:{line}: yaml: nested more than 32 levels deep [yaml-too-deep]")) for text, line in (
        (deep_block_list(300), 34),  # the old build: an uncaught RecursionError whose traceback never named the file
        ("source: demo\nfacts: " + "[" * 100_000 + "]" * 100_000 + "\n", 2),
        ("source: demo\nfacts: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", 2))])
def test_deep_yaml_is_a_problem_not_a_crash(tmp_path, good_db, text, expected, capsys):
    data = make_dataset(tmp_path)
    (data / "curated" / "deep.yaml").write_text(text, encoding="utf-8")
    refused(tmp_path, good_db, data, expected, capsys=None if ":34:" in expected else capsys)


@pytest.mark.parametrize("file, size, expected", [
    (file, size, expect(f"{where}{size} bytes is over the {size - 1}-byte limit [file-too-large]")) for file, size, where in (
        ("sources/raw/demo.txt", 32_000_001, REGISTRY_FILE_LINE),
        ("sources/clean/demo.txt", 32_000_001, "data/sources/clean/demo.txt:0: file: "),
        ("curated/big.facts.csv", 128_000_001, "data/curated/big.facts.csv:0: file: "),
        ("registries/provinces.csv", 128_000_001, "data/registries/provinces.csv:0: file: "),
        ("sources/registry.yaml", 2_000_001, "data/sources/registry.yaml:0: file: "))])
def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, good_db, file, size, expected, capsys):
    """Sparse files: the size comes from lstat, and nothing is read."""
    data = make_dataset(tmp_path)
    with open(data / file, "ab") as fh:
        fh.truncate(size)
    refused(tmp_path, good_db, data, expected, capsys=capsys)


# --- the helper itself -------------------------------------------------------------------------------------------

WHERE = Where("data/sources/registry.yaml", 3, "file")


@pytest.mark.parametrize("name, shape", [("/etc/passwd", "absolute"), ("raw/../../x", "'..'"), ("..", "'..'"),
                                         ("clean/demo.txt", "not inside"), ("", "not inside")])
def test_named_path_refuses_what_leads_out_of_its_folder(tmp_path, name, shape):
    path, problems = named_path(tmp_path / "sources", name, WHERE, inside=tmp_path / "sources" / "raw")
    assert path is None and [p.code for p in problems] == ["path-outside-dataset"] and shape in problems[0].message
    assert (problems[0].file, problems[0].line, problems[0].field) == ("data/sources/registry.yaml", 3, "file")


def test_named_path_inside_its_folder(tmp_path):
    assert named_path(tmp_path / "sources", "raw/a/b.txt", WHERE, inside=tmp_path / "sources" / "raw") == (
        tmp_path / "sources" / "raw" / "a" / "b.txt", [])


def test_read_bytes_limits_and_paths(tmp_path):
    root = tmp_path / "data"
    (root / "a").mkdir(parents=True)
    (root / "a" / "f.txt").write_bytes(b"12345")
    assert read_bytes(root / "a" / "f.txt", root, limit=5, where=WHERE) == (b"12345", [])
    assert read_bytes(root / "a" / "f.txt", root, limit=4, where=WHERE)[1][0].code == "file-too-large"
    assert read_bytes(root / "a" / "nope", root, limit=5, where=WHERE)[1][0].code == "file-unreadable"
    assert read_bytes(root / "a", root, limit=5, where=WHERE)[1][0].message == "data/a is a folder, not a regular file"
    assert read_bytes(tmp_path / "elsewhere", root, limit=5, where=WHERE)[1][0].code == "path-outside-dataset"
    assert read_bytes(root / "a" / "f\0.txt", root, limit=5, where=WHERE)[1][0].code == "file-unreadable"


@needs_fifo
def test_a_fifo_is_opened_without_waiting_for_a_writer(tmp_path):
    """Were a FIFO swapped in between the lstat and the open, O_NONBLOCK returns at once (fstat then refuses it)."""
    os.mkfifo(tmp_path / "p")
    fd = os.open(tmp_path / "p", safe_open._FILE_FLAGS)
    os.close(fd)


def test_list_folder_does_not_list_through_a_link(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.yaml").write_text("x: 1\n")
    (root / "curated").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    found, problems = list_folder(root / "curated", root, ("*.yaml",), Where("data/curated", 0, "folder"))
    assert found == [] and [p.code for p in problems] == ["symlink"] and "secret" not in str(problems)
    assert list_folder(root / "missing", root, ("*.yaml",), Where("data/missing")) == ([], [])
