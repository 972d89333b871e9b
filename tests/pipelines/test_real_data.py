"""The real dataset: zero problems, a real DuckDB build, and an independent list of figures read off the
five reports by hand (not from the curated files) found with exact normalised values and units."""
import duckdb
import pytest

from pipelines.database.writer import write_database
from pipelines.facts.dataset import load_dataset
from pipelines.validate.rules import validate


@pytest.fixture(scope="module")
def real():
    ds, problems = load_dataset()
    return ds, sorted(set(problems + validate(ds)))


@pytest.fixture(scope="module")
def con(real, tmp_path_factory):
    ds, problems = real
    assert problems == []
    path = tmp_path_factory.mktemp("db") / "dashboard.duckdb"
    write_database(ds, path)
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def test_real_data_has_zero_problems(real):
    assert [str(p) for p in real[1]] == []


def test_every_locality_is_curated_in_full(con):
    counts = dict(con.execute("SELECT locality_id, count(*) FROM facts GROUP BY ALL").fetchall())
    assert set(counts) == {"tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"}
    assert all(n >= 25 for n in counts.values()), counts
    inst = dict(con.execute("SELECT locality_id, count(*) FROM instruments GROUP BY ALL").fetchall())
    assert all(inst.get(loc, 0) >= 8 for loc in counts), inst


def test_row_counts_match_the_files(con, real):
    ds, _ = real
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == len(ds.facts)
    assert con.execute("SELECT count(*) FROM instruments").fetchone()[0] == len(ds.instruments)
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM stg_corrections").fetchone()[0] == 8


def test_every_quote_is_in_its_clean_source(con):
    bad = con.execute("""SELECT fact_id FROM facts f JOIN sources s USING (source_id)
                         WHERE position(f.quote IN s.clean_text) = 0""").fetchall()
    assert bad == []
    bad = con.execute("""SELECT instrument_id FROM instruments i JOIN sources s USING (source_id)
                         WHERE position(i.quote IN s.clean_text) = 0 OR position(i.name_zh IN i.quote) = 0""").fetchall()
    assert bad == []


# (locality, written form as it stands in the report, normalised value, unit) — read off the clean texts.
INDEPENDENT = [
    ("tiantai", "89.32", 89.32, "index"),
    ("tiantai", "2.3%", 2.3, "percent"),
    ("tiantai", "7.5亿元", 7.5e8, "CNY"),
    ("tiantai", "24.6%", 24.6, "percent"),
    ("tiantai", "7.19亿元", 7.19e8, "CNY"),
    ("tiantai", "35.9%", 35.9, "percent"),
    ("tiantai", "392名", 392, "count"),
    ("tiantai", "171个", 171, "count"),
    ("tiantai", "56个", 56, "count"),
    ("tiantai", "23个", 23, "count"),
    ("tiantai", "11.4%", 11.4, "percent"),
    ("tiantai", "68.8%", 68.8, "percent"),
    ("tiantai", "87亿元", 8.7e9, "CNY"),
    ("wenzhou", "43%", 43, "percent"),
    ("wenzhou", "50.4%", 50.4, "percent"),
    ("wenzhou", "6.6%", 6.6, "percent"),
    ("wenzhou", "310个", 310, "count"),
    ("wenzhou", "90%", 90, "percent"),
    ("wenzhou", "1243个", 1243, "count"),
    ("wenzhou", "14.6亿元", 1.46e9, "CNY"),
    ("wenzhou", "12418户", 12418, "count"),
    ("wenzhou", "153亿元", 1.53e10, "CNY"),
    ("wenzhou", "40亿元", 4e9, "CNY"),
    ("wenzhou", "24场", 24, "count"),
    ("wenzhou", "3万余个", 30000, "count"),
    ("wenzhou", "1万亩", 10000, "mu"),
    ("wenzhou", "1000万平方米", 1e7, "m2"),
    ("wenzhou", "144.5亿元", 1.445e10, "CNY"),
    ("wenzhou", "51.4%", 51.4, "percent"),
    ("wenzhou", "75.9%", 75.9, "percent"),
    ("wenzhou", "78.2%", 78.2, "percent"),
    ("shaoyang", "5341名", 5341, "count"),
    ("shaoyang", "34名", 34, "count"),
    ("shaoyang", "2057名", 2057, "count"),
    ("shaoyang", "2184个", 2184, "count"),
    ("shaoyang", "2161个", 2161, "count"),
    ("shaoyang", "98.9%", 98.9, "percent"),
    ("shaoyang", "37279家", 37279, "count"),
    ("shaoyang", "15.69亿元", 1.569e9, "CNY"),
    ("shaoyang", "7.0%", 7.0, "percent"),
    ("shaoyang", "6.9%", 6.9, "percent"),
    ("shaoyang", "21%", 21, "percent"),
    ("shaoyang", "115.8%", 115.8, "percent"),
    ("shaoyang", "540.31亿元", 5.4031e10, "CNY"),
    ("shaoyang", "151980人", 151980, "count"),
    ("shaoyang", "146张", 146, "count"),
    ("kaifeng", "2875个", 2875, "count"),
    ("kaifeng", "2867个", 2867, "count"),
    ("kaifeng", "99.7%", 99.7, "percent"),
    ("kaifeng", "65718张", 65718, "count"),
    ("kaifeng", "172万吨", 1.72e6, "tonnes"),
    ("kaifeng", "22.97亿元", 2.297e9, "CNY"),
    ("kaifeng", "683.73万元", 6837300, "CNY"),
    ("kaifeng", "790万元", 7.9e6, "CNY"),
    ("kaifeng", "1.1万余册", 11000, "count"),
    ("kaifeng", "159.2亿元", 1.592e10, "CNY"),
    ("kaifeng", "11.55%", 11.55, "percent"),
    ("kaifeng", "3.29个百分点", 3.29, "pp"),
    ("kaifeng", "1.62亿元", 1.62e8, "CNY"),
    ("kaifeng", "116家", 116, "count"),
    ("yichuan", "219亿元", 2.19e10, "CNY"),
    ("yichuan", "11.4%", 11.4, "percent"),
    ("yichuan", "112个", 112, "count"),
    ("yichuan", "53个", 53, "count"),
    ("yichuan", "59个", 59, "count"),
    ("yichuan", "135张", 135, "count"),
    ("yichuan", "355.3亿元", 3.553e10, "CNY"),
    ("yichuan", "139.09亿元", 1.3909e10, "CNY"),
    ("yichuan", "87.9亿元", 8.79e9, "CNY"),
    ("yichuan", "63.2%", 63.2, "percent"),
    ("yichuan", "5个百分点", 5, "pp"),
    ("yichuan", "30万吨", 3e5, "tonnes"),
    ("yichuan", "8800万元", 8.8e7, "CNY"),
]


@pytest.mark.parametrize("locality, written, value, unit", INDEPENDENT)
def test_independent_figure_is_in_facts(con, locality, written, value, unit):
    rows = con.execute("""SELECT value, unit, value_as_written FROM facts
                          WHERE locality_id = ? AND abs(value - ?) <= 1e-9 * greatest(1, abs(?)) AND unit = ?""",
                       [locality, value, value, unit]).fetchall()
    assert rows, f"{locality}: no fact {value} {unit}"
    assert any(written.replace("余", "") in w.replace("余", "") or w in written for _, _, w in rows), rows


def test_problem_resolution_view(con):
    rows = con.execute("""SELECT locality_id, collected, resolved, reported_rate, round(recomputed_rate, 2), rates_agree
                          FROM problem_resolution ORDER BY locality_id, scope""").fetchall()
    by = {}
    for r in rows:
        by.setdefault(r[0], []).append(r[1:])
    assert (2184.0, 2161.0, 98.9, 98.95, True) in by["shaoyang"]
    assert (179.0, 179.0, 100.0, 100.0, True) in by["shaoyang"]
    assert (2875.0, 2867.0, 99.7, 99.72, True) in by["kaifeng"]
    assert (56.0, 23.0, None, 41.07, None) in by["tiantai"]
    assert (112.0, 53.0, None, 47.32, None) in by["yichuan"]
    # Wenzhou: 1243 resolved with no denominator -> collected and recomputed rate are missing, not 0.
    assert (None, 1243.0, None, None, None) in by["wenzhou"]
