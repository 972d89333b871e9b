"""The one command line: every subcommand answers --help under its own name; unknown commands exit 2."""
import subprocess
import sys

import pytest

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
