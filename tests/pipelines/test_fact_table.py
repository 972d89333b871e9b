"""Facts written as CSV rows (curated/<name>.facts.csv) are checked by the same rules as YAML entries and
land in the database beside them, each with its file and line."""
import duckdb

from tests.conftest import build_db, make_dataset

CSV = (
    "id,source,indicator,period_kind,period_start,period_end,value_as_written,value,unit,status,qualifier,quote\n"
    "demo-101,demo,problem_resolution_rate,month,2020-05-01,2020-05-31,80%,80,percent,actual,,办结率80%\n"
    "\n"
    "demo-102,demo,problems_collected,month,2020-05-01,2020-05-31,300余家,300,count,actual,余,走访企业300余家\n"
)


def test_csv_facts_build_beside_yaml_facts(tmp_path):
    data = make_dataset(tmp_path)
    (data / "curated" / "extra.facts.csv").write_text(CSV, encoding="utf-8")
    db = build_db(data, tmp_path / "out.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT fact_id, value, unit, qualifier, bound, file, line, quote_line FROM stg_facts "
                       "WHERE file LIKE '%.csv' ORDER BY fact_id").fetchall()
    assert rows == [
        ("demo-101", 80.0, "percent", None, "exact", "data/curated/extra.facts.csv", 2, 2),
        ("demo-102", 300.0, "count", "余", "lower", "data/curated/extra.facts.csv", 4, 2),
    ]
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == 5 + 2


def test_one_table_of_many_files_keeps_every_text_and_code():
    """concat_tables copies the text columns piece by piece (releasing each) and gives each dictionary column
    one dictionary with the narrowest codes, whatever each file's were."""
    import random

    import pandas as pd
    import pyarrow as pa

    from pipelines.facts.table import _concat_text, concat_tables, empty_table

    rng = random.Random(7)
    for _ in range(200):
        chunks = []
        for _ in range(rng.randint(1, 5)):
            values = [None if rng.random() < 0.2 else "".join(rng.choice("ab合成县") for _ in range(rng.randint(0, 5)))
                      for _ in range(rng.randint(0, 8))]
            chunk = pa.array(values, type=pa.string())
            chunks.append(chunk.slice(1, len(chunk) - 2) if len(chunk) > 2 and rng.random() < 0.5 else chunk)
        combined = _concat_text(list(chunks))
        combined.validate(full=True)
        assert combined.equals(pa.concat_arrays(chunks))

    def part(units: list[str], quotes: list[str]) -> pd.DataFrame:
        frame = empty_table().reindex(range(len(units)))
        frame["unit"] = pd.Series(pd.arrays.ArrowExtensionArray(pa.array(units).dictionary_encode()))
        frame["quote"] = pd.Series(pd.arrays.ArrowExtensionArray(pa.array(quotes)))
        frame["line"] = list(range(len(units)))
        return frame

    many = [f"u{i}" for i in range(300)]  # more than an int8 code can index
    table = concat_tables([part(["CNY", "count"], ["甲", None]), part(many, [f"q{i}" for i in range(300)])])
    assert table["unit"].tolist() == ["CNY", "count", *many]
    assert pa.array(table["quote"].array).to_pylist()[:3] == ["甲", None, "q0"] and len(table) == 302
    assert str(table["unit"].dtype.pyarrow_dtype.index_type) == "int16"


def test_instrument_rows_read_as_yaml_entries_with_their_lines(tmp_path):
    """Each instruments.csv row is a mapping like a YAML entry: an empty cell is an absent key (not None, not
    NA), every value a str, ``line`` the row's line in the file (after a blank line and a quoted line break)."""
    from pipelines.facts.table import read_instrument_csv
    from pipelines.files.strict_yaml import LineDict

    path = tmp_path / "x.instruments.csv"
    path.write_text("id,source,name_zh,name_en,category,program,quote,note_en\n"
                    "demo-i01,demo,贴息,Interest subsidy,finance,,贴息1亿元,\n"
                    "\n"
                    'demo-i02,demo,清单,List,policy_package,p1,"第一行\n第二行",a note\n', encoding="utf-8")
    entries, problems = read_instrument_csv(path, "x.instruments.csv", tmp_path)
    assert problems == []
    got = [(dict(d), d.line, d.key_lines, source) for d, source in entries]
    assert got == [
        ({"id": "demo-i01", "name_zh": "贴息", "name_en": "Interest subsidy", "category": "finance", "quote": "贴息1亿元"},
         2, {}, "demo"),
        ({"id": "demo-i02", "name_zh": "清单", "name_en": "List", "category": "policy_package", "program": "p1",
          "quote": "第一行\n第二行", "note_en": "a note"}, 4, {}, "demo"),
    ]
    assert all(isinstance(d, LineDict) and type(d.line) is int for d, _ in entries)
    assert all(type(v) is str for d, _ in entries for v in d.values())


def test_every_csv_reader_names_a_row_at_its_first_line(tmp_path):
    """A row whose quoted cell runs over several lines is named where it starts, by the registry reader and by
    the fact table's row-shape check alike (a blank line before it is counted, not reported)."""
    from pipelines.facts.table import _row_shape_problems
    from pipelines.files.csv_table import read_csv

    text = 'id,name,note\na,甲,"one\ntwo"\n\nb,乙,"three\nfour",extra\n'
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    rows, problems = read_csv(path, "x.csv", ["id"], tmp_path)
    assert [(r["id"], r["_line"]) for r in rows] == [("a", 2)]
    assert [(p.line, p.code) for p in problems] == [(5, "csv-row-shape")]
    assert [(p.line, p.code) for p in _row_shape_problems(text, "x.csv", 3)] == [(5, "csv-row-shape")]
