"""Each defect fixture (tests/fixtures/defects/<name>/) breaks one rule of the minimal dataset; the whole
list of problems it yields must equal its expected.txt, line for line."""
from pathlib import Path

import pytest

from pipelines.facts.dataset import load_dataset
from pipelines.validate.rules import validate
from tests.conftest import DEFECTS, make_dataset


def problems_for(data: Path) -> list[str]:
    ds, problems = load_dataset(data)
    return [str(p) for p in sorted(set(problems + validate(ds)))]


def test_minimal_dataset_is_valid(minimal_data):
    assert problems_for(minimal_data) == []


@pytest.mark.parametrize("defect", sorted(p.name for p in DEFECTS.iterdir() if p.is_dir()))
def test_defect_gives_exactly_the_expected_problems(tmp_path, defect):
    expected = (DEFECTS / defect / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_for(make_dataset(tmp_path, defect)) == expected
