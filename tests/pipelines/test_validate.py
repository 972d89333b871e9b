"""Each defect fixture (tests/fixtures/defects/<name>/) breaks one rule of the minimal dataset; the whole
list of problems it yields must equal its expected.txt, line for line."""
from pathlib import Path

import numpy as np
import pytest

from pipelines.facts.dataset import load_dataset
from pipelines.validate.rules import Validation, validate
from tests.conftest import DEFECTS, csv_rows, make_dataset, write_csv_rows

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


@pytest.mark.parametrize("defect", ["number_not_in_quote", "qualifier_dropped", "qualifier_not_in_quote", "value_mismatch"])
def test_the_row_checks_find_the_same_problems_a_few_rows_at_a_time(tmp_path, monkeypatch, defect):
    """DuckDB's row checks (figure and qualifier in the quote) and the value comparison run over slices of rows:
    with slices of one and two rows the problems are the same, whichever slice a defective row falls in."""
    from pipelines.validate import fact_rules, row_checks

    expected = (DEFECTS / defect / "expected.txt").read_text(encoding="utf-8").splitlines()
    for rows in (1, 2):
        monkeypatch.setattr(row_checks, "ROWS_AT_A_TIME", rows)
        monkeypatch.setattr(fact_rules, "EQUALITY_SLICE", rows)
        assert problems_for(make_dataset(tmp_path / str(rows), defect)) == expected


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


@pytest.mark.parametrize("rows_at_a_time", [5, 1 << 18])
def test_values_are_compared_with_their_written_figure_a_slice_of_rows_at_a_time(tmp_path, monkeypatch, rows_at_a_time):
    """The value-mismatch rule compares a slice of rows at a time (to keep the build's peak memory down): a
    mismatch is found in any slice, a negative fact's figure is negated, and the message gives the number."""
    from pipelines.synthetic.generate import generate
    from pipelines.validate import fact_rules

    monkeypatch.setattr(fact_rules, "EQUALITY_SLICE", rows_at_a_time)
    generate(tmp_path / "data", localities=2, provinces=1, periods=2, indicators=8)
    path = sorted((tmp_path / "data" / "curated").glob("*.facts.csv"))[0]
    rows = csv_rows(path)
    positive = next(i for i, r in enumerate(rows) if r["negative"] != "true")
    negative = next(i for i, r in enumerate(rows) if r["negative"] == "true" and i > positive + 5)  # another slice
    rows[positive]["value"] = str(float(rows[positive]["value"]) + 1)
    rows[negative]["value"] = rows[negative]["value"].lstrip("-")  # the sign the report's 下降 gives is lost
    write_csv_rows(path, rows)
    ds, _ = load_dataset(tmp_path / "data")
    found = [(p.line, p.message) for p in validate(ds).problems if p.code == "value-mismatch"]
    written = [rows[i]["value_as_written"] for i in (positive, negative)]
    assert found == [
        (positive + 2, f"value {rows[positive]['value']} does not equal '{written[0]}' normalised ({float(written[0].rstrip('%')):g})"),
        (negative + 2, f"value {rows[negative]['value']} does not equal '{written[1]}' normalised "
                       f"({-float(written[1].rstrip('%')):g})"),
    ]


def test_a_unit_other_than_the_indicators_is_found_when_no_fact_has_the_indicators_unit(tmp_path):
    """indicator-unit-mismatch compares unit codes: a fact is flagged also when its indicator's registry unit is
    used by no fact of the table at all (here every fact says count)."""
    from pipelines.synthetic.generate import generate

    generate(tmp_path / "data", localities=2, provinces=1, periods=1, indicators=8)
    ds, _ = load_dataset(tmp_path / "data")
    registry_unit = {i["id"]: i["unit"] for i in ds.indicators}
    flagged = []
    for path in sorted((tmp_path / "data" / "curated").glob("*.facts.csv")):
        rows = csv_rows(path)
        flagged += [(path.name, line) for line, r in enumerate(rows, 2) if registry_unit[r["indicator"]] != "count"]
        write_csv_rows(path, [{**r, "unit": "count"} for r in rows])
    ds, _ = load_dataset(tmp_path / "data")
    found = [(p.file.rsplit("/", 1)[-1], p.line) for p in validate(ds).problems if p.code == "indicator-unit-mismatch"]
    assert "percent" in set(registry_unit.values()) and flagged and sorted(found) == sorted(flagged)
