"""Each defect fixture (tests/fixtures/defects/<name>/) breaks one rule of the minimal dataset; the whole
list of problems it yields must equal its expected.txt, line for line."""
from pathlib import Path

import numpy as np
import pytest

from pipelines.facts.dataset import load_dataset
from pipelines.validate.rules import Validation, validate
from tests.conftest import DEFECTS, make_dataset

DEFECT_NAMES = sorted(p.name for p in DEFECTS.iterdir() if p.is_dir())


def problems_for(data: Path) -> list[str]:
    """Every problem of loading and validating ``data``, as printed. A message that quotes an OS error names
    the file by its absolute path; the temp folder's part of it is dropped, so expected.txt reads the same
    on every machine."""
    ds, problems = load_dataset(data)
    validation = validate(ds)
    return [str(p).replace(f"{data.parent}/", "") for p in sorted(set(problems + validation.problems))]


def test_minimal_dataset_is_valid(minimal_data):
    assert problems_for(minimal_data) == []


@pytest.mark.parametrize("defect", DEFECT_NAMES)
def test_defect_gives_exactly_the_expected_problems(tmp_path, defect):
    expected = (DEFECTS / defect / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_for(make_dataset(tmp_path, defect)) == expected


def test_validation_is_returned_not_stored(minimal_data):
    """validate() hands back what the writer needs (the line each quote starts on) and leaves the dataset
    as it was loaded."""
    ds, _ = load_dataset(minimal_data)
    before = set(vars(ds))
    validation = validate(ds)
    assert isinstance(validation, Validation) and validation.ok and validation.problems == []
    assert set(vars(ds)) == before and not hasattr(ds, "quote_lines")
    assert validation.quote_lines.dtype == np.int32
    # The minimal report's clean text: the first three quotes are on line 1, the last two on line 2.
    assert validation.quote_lines.tolist() == [1, 1, 2, 2, 2]
    assert [] + validation == []  # load problems + validation: one list of problems


def test_a_problem_with_an_unregistered_code_cannot_be_made():
    from pipelines.problems import Problem

    with pytest.raises(ValueError, match="not registered"):
        Problem("f.yaml", 1, "x", "no-such-code", "message")


def test_facts_not_grouped_by_source_find_their_quotes_on_the_same_lines(tmp_path):
    """A table's rows usually come source by source; interleaved, each quote is still found on its line, and
    duplicate keys and ids are still found (here none)."""
    import csv
    import random

    from pipelines.synthetic.generate import generate

    generate(tmp_path / "data", localities=6, provinces=2, periods=3, indicators=12)
    ds, _ = load_dataset(tmp_path / "data")
    grouped = dict(zip(ds.facts["id"].tolist(), validate(ds).quote_lines.tolist()))
    for path in (tmp_path / "data" / "curated").glob("*.facts.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        random.Random(1).shuffle(rows)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    ds, problems = load_dataset(tmp_path / "data")
    validation = validate(ds)
    assert problems == [] and validation.problems == []
    assert dict(zip(ds.facts["id"].tolist(), validation.quote_lines.tolist())) == grouped
    assert min(grouped.values()) >= 1
