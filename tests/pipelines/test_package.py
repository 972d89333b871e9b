"""The dataset package (pipelines/publish): ``zhuqi package --out DIR`` writes a Frictionless Data Package that
``frictionless validate`` passes (types, keys, foreign keys, sizes and hashes), with every table of the database
in full, the build's version, a README and a CITATION.cff; ``zhuqi build`` zips it beside the database."""
import csv
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.publish.package import package_zip, zip_path
from pipelines.publish.schema import TABLES
from tests.conftest import make_dataset

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def zhuqi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhuqi", *args], capture_output=True, text=True, timeout=300)


def validate(descriptor: Path) -> tuple[int, dict]:
    proc = subprocess.run([str(FRICTIONLESS), "validate", str(descriptor), "--json"], capture_output=True, text=True,
                          timeout=300)
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture(scope="module")
def package(real_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("package") / "pkg"
    proc = zhuqi("package", "--db", str(real_db), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "12 tables" in proc.stdout
    return out


def descriptor(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_frictionless_validates_the_package(package):
    code, report = validate(package / "datapackage.json")
    assert code == 0, report
    assert report["valid"] is True and report["stats"]["errors"] == 0
    assert {task["name"] for task in report["tasks"]} == {t.name for t in TABLES}


def test_a_broken_foreign_key_is_caught(package, tmp_path):
    """The foreign keys are declared where they are real, so frictionless checks them: a fact of an unknown
    locality fails validation (and the file's hash no longer matches)."""
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    facts = broken / "data" / "facts.csv"
    text = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    first = text[1].split(",")
    first[1] = "atlantis"  # locality_id
    facts.write_text(text[0] + ",".join(first) + "".join(text[2:]), encoding="utf-8")
    code, report = validate(broken / "datapackage.json")
    assert code != 0 and report["valid"] is False
    errors = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert {"foreign-key", "hash-count"} <= errors


def test_every_table_is_there_in_full(package, real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    for resource in descriptor(package)["resources"]:
        mart = next(t.mart for t in TABLES if t.name == resource["name"])
        data = package / resource["path"]
        assert len(rows(data)) == con.execute(f"SELECT count(*) FROM {mart}").fetchone()[0], resource["name"]
        assert not data.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
        assert all(f.get("description") for f in resource["schema"]["fields"]), resource["name"]
    con.close()


def test_keys_come_from_the_database_contract(package):
    schemas = {r["name"]: r["schema"] for r in descriptor(package)["resources"]}
    assert schemas["facts"]["primaryKey"] == ["fact_id"]
    assert schemas["corrections"]["primaryKey"] == ["source_id", "seq"]
    refs = {fk["fields"]: fk["reference"] for fk in schemas["facts"]["foreignKeys"]}
    assert refs["locality_id"] == {"resource": "localities", "fields": "locality_id"}
    assert refs["comparison_group"] == {"resource": "comparison_groups", "fields": "group_id"}
    fields = {f["name"]: f for f in schemas["facts"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["period_start"]["type"] == "date"
    assert "CNY" in fields["unit"]["constraints"]["enum"]
    assert "clean_text" not in {f["name"] for f in schemas["sources"]["fields"]}


def test_numbers_are_written_without_a_trailing_point_zero(package, real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    values = dict(con.execute("SELECT fact_id, value FROM facts").fetchall())
    con.close()
    written = {r["fact_id"]: r["value"] for r in rows(package / "data" / "facts.csv")}
    assert written["kaifeng-029"] == "4000000000"
    assert not [v for v in written.values() if v.endswith(".0")]
    assert all(float(written[k]) == v for k, v in values.items())  # and exactly the database's number
    assert any("." in v for v in written.values())  # non-integral numbers keep their digits


def test_version_readme_and_citation(package, real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    version, built_at = con.execute("SELECT dataset_version, built_at FROM build_info").fetchone()
    con.close()
    desc = descriptor(package)
    assert desc["version"] == version and desc["created"] == built_at.isoformat(timespec="seconds")
    cff = yaml.safe_load((package / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["version"] == version
    assert str(cff["date-released"]) == built_at.date().isoformat()
    assert cff["title"] and cff["message"] and cff["authors"]
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert version in readme and "`data/facts.csv`" in readme and "see the project" in readme


def test_zhuqi_build_zips_the_package_beside_the_database(tmp_path):
    out = tmp_path / "db.duckdb"
    proc = zhuqi("build", "--data", str(make_dataset(tmp_path)), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    zipped = zip_path(out)
    assert zipped == tmp_path / "db.datapackage.zip" and "db.datapackage.zip" in proc.stdout
    assert zipped.read_bytes() == package_zip(out)  # the same database gives the same bytes
    with zipfile.ZipFile(zipped) as z:
        assert {"datapackage.json", "README.md", "CITATION.cff", "data/facts.csv"} <= set(z.namelist())
    code, report = validate(zipped)
    assert code == 0 and report["valid"], report


def test_package_of_a_missing_database_is_a_clear_error(tmp_path):
    proc = zhuqi("package", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "pkg"))
    assert proc.returncode == 1 and "does not exist" in proc.stderr
