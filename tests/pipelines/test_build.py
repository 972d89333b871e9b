"""The build writes a real DuckDB file atomically and never leaves a half-written or changed database."""
import subprocess
import sys

import duckdb
import pytest

from pipelines import paths
from pipelines.build import dataset_version
from pipelines.build import main as build_main
from pipelines.database import writer as database
from pipelines.facts.dataset import load_dataset
from pipelines.problems import Problem
from pipelines.validate.rules import validate
from tests.conftest import DEFECTS, make_dataset


def test_minimal_build_contents(tmp_path, minimal_data):
    out = tmp_path / "db.duckdb"
    assert build_main(["--data", str(minimal_data), "--out", str(out)]) == 0
    con = duckdb.connect(str(out), read_only=True)
    facts = con.execute("SELECT fact_id, locality_id, province_id, program_id, category, value, unit, value_as_written "
                        "FROM facts ORDER BY fact_id").fetchall()
    assert facts[1] == ("demo-002", "demo", "zhejiang", "sanfuwu", "investment_projects", 750000000.0, "CNY", "7.5亿元")
    assert len(facts) == 5
    pr = con.execute("SELECT collected, resolved, reported_rate, recomputed_rate, rates_agree FROM problem_resolution").fetchall()
    assert pr == [(10.0, 8.0, 80.0, 80.0, True)]
    assert con.execute("SELECT instrument_id, fact_id, value FROM instrument_amounts").fetchall() == [("demo-i01", "demo-002", 750000000.0)]
    src = con.execute("SELECT source_id, locality_id, clean_text, raw_sha256 FROM sources").fetchone()
    assert src[:2] == ("demo", "demo") and src[2].startswith("甲县规上工业") and len(src[3]) == 64
    assert not list(tmp_path.glob(".db.duckdb.tmp*"))


def test_failed_validation_leaves_old_database_byte_identical(tmp_path, capsys):
    good = make_dataset(tmp_path / "good")
    out = tmp_path / "db.duckdb"
    assert build_main(["--data", str(good), "--out", str(out)]) == 0
    before = out.read_bytes()
    bad = make_dataset(tmp_path / "bad", "value_mismatch")
    assert build_main(["--data", str(bad), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    err = capsys.readouterr().err
    assert "data/curated/demo.yaml:7: value: value 7.5 does not equal '7.5亿元' normalised (7.5e+08) [value-mismatch]" in err
    assert "left untouched" in err


def test_failure_while_writing_leaves_old_database_and_no_temp_file(tmp_path, monkeypatch, minimal_data):
    out = tmp_path / "db.duckdb"
    assert build_main(["--data", str(minimal_data), "--out", str(out)]) == 0
    before = out.read_bytes()

    def crash(con):
        raise RuntimeError("simulated")

    monkeypatch.setattr(database, "_traceability_problems", crash)
    ds, _ = load_dataset(minimal_data)
    with pytest.raises(RuntimeError, match="simulated"):
        database.write_database(ds, out, validate(ds))
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb"]


def test_writer_problems_are_printed_like_every_other_and_leave_the_old_database(tmp_path, monkeypatch, minimal_data, capsys):
    out = tmp_path / "db.duckdb"
    assert build_main(["--data", str(minimal_data), "--out", str(out)]) == 0
    before = out.read_bytes()
    broken = Problem("pipelines/database/sql/marts.sql", 48, "facts", "row-count-mismatch",
                     "facts has 4 rows, the validated dataset has 5")
    monkeypatch.setattr(database, "check_marts", lambda *args: [broken])
    assert build_main(["--data", str(minimal_data), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    assert capsys.readouterr().err.splitlines() == [
        "pipelines/database/sql/marts.sql:48: facts: facts has 4 rows, the validated dataset has 5 [row-count-mismatch]",
        f"1 problem(s) found; {paths.display_path(out)} left untouched"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb"]


def test_the_build_hands_the_validation_to_the_writer(tmp_path, monkeypatch, minimal_data):
    seen = {}
    real_staging = database.staging_facts

    def staging(facts, quote_lines):
        seen["quote_lines"] = quote_lines.tolist()
        return real_staging(facts, quote_lines)

    monkeypatch.setattr(database, "staging_facts", staging)
    out = tmp_path / "db.duckdb"
    assert build_main(["--data", str(minimal_data), "--out", str(out)]) == 0
    assert seen["quote_lines"] == [1, 1, 2, 2, 2]
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT dataset_version FROM build_info").fetchone()[0] == dataset_version(minimal_data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb"]  # no temp file left behind


def test_the_dataset_version_is_the_content_of_its_files(tmp_path, minimal_data):
    from pipelines.build import dataset_version

    before = dataset_version(minimal_data)
    assert dataset_version(minimal_data) == before
    (minimal_data / "build").mkdir()
    (minimal_data / "build" / "anything.duckdb").write_bytes(b"x")  # build output is not part of it
    assert dataset_version(minimal_data) == before
    path = minimal_data / "curated" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert dataset_version(minimal_data) != before


def test_cli_reports_every_problem_and_exits_nonzero(tmp_path):
    bad = make_dataset(tmp_path, "unknown_province")
    out = tmp_path / "db.duckdb"
    proc = subprocess.run([sys.executable, "-m", "pipelines.build", "--data", str(bad), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[:2] == [
        "data/registries/localities.csv:2: level: 'prefecture' is not one of county, city [enum]",
        "data/registries/localities.csv:2: province: province 'jiangsu' is not in provinces.csv [unknown-reference]",
    ]
    assert not out.exists()


@pytest.fixture(scope="module")
def good_database(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("good")
    out = tmp / "db.duckdb"
    assert build_main(["--data", str(make_dataset(tmp)), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("defect", sorted(p.name for p in DEFECTS.iterdir() if p.is_dir()))
def test_every_bad_input_is_refused_and_the_database_stays_byte_identical(tmp_path, good_database, defect, capsys):
    out = tmp_path / "db.duckdb"
    out.write_bytes(good_database.read_bytes())
    before = out.read_bytes()
    assert build_main(["--data", str(make_dataset(tmp_path, defect)), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith("left untouched") and len(err) >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb"]  # no temp file left behind


def _contents(path) -> dict:
    """Every table's rows, sorted (build_info's build time left out)."""
    con = duckdb.connect(str(path), read_only=True)
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    rows = {t: sorted(con.execute(f"SELECT * EXCLUDE (built_at) FROM {t}" if t == "build_info" else f"SELECT * FROM {t}")
                      .fetchall(), key=repr) for t in tables}
    con.close()
    return rows


def test_the_build_lets_the_facts_and_texts_go_and_writes_the_same_database(tmp_path, minimal_data):
    """The build has the writer let the fact table and the clean texts go once they are in the database; the
    database is the one written with them kept, and the texts are in it."""
    kept = tmp_path / "kept.duckdb"
    ds, _ = load_dataset(minimal_data)
    database.write_database(ds, kept, validate(ds), dataset_version(minimal_data))
    assert all(s.clean_text for s in ds.sources) and len(ds.facts) == 5
    built = tmp_path / "built.duckdb"
    assert build_main(["--data", str(minimal_data), "--out", str(built)]) == 0
    assert _contents(built) == _contents(kept)
    con = duckdb.connect(str(built), read_only=True)
    assert con.execute("SELECT bool_and(length(clean_text) > 0) FROM sources").fetchone()[0]
    con.close()

    released = tmp_path / "released.duckdb"
    database.write_database(ds, released, validate(ds), dataset_version(minimal_data), keep=False)
    assert [s.clean_text for s in ds.sources] == [""] * len(ds.sources) and ds.facts.empty and _contents(released) == _contents(kept)


def test_a_refused_build_leaves_no_temp_file_nor_a_folder(tmp_path):
    """A fact problem refuses the build before anything is written: no temp file, no folder for it."""
    bad = make_dataset(tmp_path, "value_mismatch")
    assert build_main(["--data", str(bad), "--out", str(tmp_path / "new" / "deeper" / "db.duckdb")]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_the_dataset_version_stops_when_cancelled(minimal_data):
    import threading

    cancel = threading.Event()
    assert len(dataset_version(minimal_data, cancel)) == 12
    cancel.set()
    assert dataset_version(minimal_data, cancel) is None
