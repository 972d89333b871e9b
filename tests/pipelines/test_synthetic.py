"""The synthetic national-scale generator: deterministic, in the project's own formats, and valid under the
real build (here at a small scale; `make bench` builds the national one)."""
import hashlib

import duckdb

from pipelines.synthetic.generate import generate
from tests.conftest import build_db


def digest(folder) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = generate(tmp_path / "a", localities=6, provinces=2, periods=2, indicators=8)
    generate(tmp_path / "b", localities=6, provinces=2, periods=2, indicators=8)
    generate(tmp_path / "c", localities=6, provinces=2, periods=2, indicators=8, seed=1)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")
    assert a["facts"] == 6 * 2 * 8


def test_synthetic_dataset_builds_and_the_national_view_has_its_provinces(tmp_path):
    counts = generate(tmp_path / "data", localities=31, provinces=3, periods=3, indicators=50)
    db = build_db(tmp_path / "data", tmp_path / "syn.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == counts["facts"] == 31 * 3 * 50
    assert con.execute("SELECT count(DISTINCT province_id), count(DISTINCT locality_id) FROM facts").fetchone() == (3, 31)
    # Every quote was found on a line of its report, and the summary mart has one row per locality.
    assert con.execute("SELECT count(*) FROM stg_facts WHERE quote_line < 1").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM locality_summary").fetchone()[0] == 31
    # Everything is labelled synthetic.
    names = [r[0] for r in con.execute("SELECT name_zh FROM stg_provinces").fetchall()]
    assert names == ["合成省01", "合成省02", "合成省03"]
