import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
DEFECTS = FIXTURES / "defects"


def make_dataset(tmp_path: Path, defect: str | None = None) -> Path:
    """A copy of the minimal valid dataset at tmp_path/data, with a defect's files laid over it."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    if defect:
        overlay = DEFECTS / defect
        for f in overlay.rglob("*"):
            rel = f.relative_to(overlay)
            if f.is_file() and rel.name != "expected.txt":
                (data / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, data / rel)
    return data


@pytest.fixture
def minimal_data(tmp_path):
    return make_dataset(tmp_path)
