"""The one command line: every subcommand answers --help under its own name; unknown commands exit 2."""
import subprocess
import sys

import pytest

from dashboard.export.renderer import chromium_path
from zhuqi.cli import COMMANDS


def zhuqi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhuqi", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_under_its_own_name(name):
    proc = zhuqi(name, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"usage: zhuqi {name}"), proc.stdout[:200]
    assert "WARNING" not in proc.stderr, "no Streamlit runtime warnings in a command's output"


def test_the_list_of_commands_and_an_unknown_one():
    proc = zhuqi("--help")
    assert proc.returncode == 0 and all(name in proc.stdout for name in COMMANDS)
    bad = zhuqi("bogus")
    assert bad.returncode == 2 and "invalid choice: 'bogus'" in bad.stderr


def test_check_validates_without_writing(tmp_path):
    proc = zhuqi("check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("valid:")


def test_package_is_listed_and_says_what_it_writes():
    proc = zhuqi("--help")
    assert "package" in COMMANDS and "  package " in proc.stdout
    help_ = zhuqi("package", "--help")
    assert help_.returncode == 0 and "--out" in help_.stdout and "datapackage.json" in help_.stdout


def figures(out, *args: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhuqi", "figures", "--out", str(out), *args], capture_output=True,
                          text=True, timeout=300, env={"DASHBOARD_DB": str(db), "PATH": "/usr/bin:/bin"})


def test_figures_pptx_is_a_known_format(tmp_path, real_db):
    proc = figures(tmp_path / "o", "--format", "pptx,gif", db=real_db)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["error: unknown format 'gif' (known: png, svg, pdf, pptx)"]


@pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed (make test installs it as root)")
def test_figures_pptx_writes_one_deck_of_every_chart(tmp_path, real_db, monkeypatch):
    from pptx import Presentation

    from dashboard import catalogue
    from dashboard.queries import Filters

    out = tmp_path / "deck"
    proc = figures(out, "--province", "henan", "--lang", "en", "--format", "pptx", db=real_db)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["SOURCES.md", "facts.csv", "slides_en.pptx"]   # one deck, not one per chart
    monkeypatch.setenv("DASHBOARD_DB", str(real_db))
    charts = catalogue.all_charts(Filters(province=("henan",)), "en")
    slides = list(Presentation(out / "slides_en.pptx").slides)
    assert len(charts) == 7 and len(slides) == len(charts) + 2
    assert [s.shapes.title.text for s in slides[1:-1]] == [c.title for c in charts]
    assert "Province: Henan" in " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert sum(sh.has_chart for s in slides for sh in s.shapes) == 5   # the heatmap and the timeline are pictures
