import csv
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


HOSTILE_TEXT = "甲县<script>alert(1)</script>规上工业增加值同比增长2.3%，$x^2$ 与 *粗体* 以及 [点我](javascript:alert(1)) :red[红]。\n"
HOSTILE_NAME = "<b>甲县</b> $x$ *y* [z](javascript:alert(1)) <script>alert(1)</script>"


def make_hostile_dataset(tmp_path: Path) -> Path:
    """The minimal dataset, but its report and locality name carry HTML, markdown, LaTeX and a js: link."""
    import hashlib

    from pipelines.sources.registry import load_sources

    data = make_dataset(tmp_path)
    raw = data / "sources" / "raw" / "demo.txt"
    raw.write_text(HOSTILE_TEXT, encoding="utf-8")
    reg = data / "sources" / "registry.yaml"
    text = reg.read_text(encoding="utf-8")
    import re
    text = re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(raw.read_bytes()).hexdigest()}", text)
    text = text.replace("script: traditional", "script: simplified")
    reg.write_text(text, encoding="utf-8")
    (data / "sources" / "corrections.yaml").write_text("corrections: []\n", encoding="utf-8")
    sources, problems = load_sources(reg, data / "sources" / "corrections.yaml", data / "sources")
    clean = sources[0].clean_text
    (data / "sources" / "clean" / "demo.txt").write_text(clean, encoding="utf-8")
    quote = clean.strip().rstrip("。")
    (data / "curated" / "demo.yaml").write_text(
        "source: demo\nfacts:\n  - id: demo-001\n    indicator: industrial_value_added_growth\n"
        "    period: {kind: ytd, start: 2020-01-01, end: 2020-05-31}\n    value_as_written: 2.3%\n"
        f"    value: 2.3\n    unit: percent\n    status: actual\n    basis: yoy\n    scope: '{HOSTILE_NAME}'\n"
        f"    quote: '{quote}'\n"
        "instruments:\n  - id: demo-i01\n    name_zh: '<script>alert（1）</script>'\n    name_en: '$x$ *y*'\n"
        f"    category: policy_package\n    quote: '{quote}'\n", encoding="utf-8")
    loc = data / "registries" / "localities.csv"
    loc.write_text("id,name_zh,name_en,province,parent_city_zh,parent_city_en,level\n"
                   f'demo,"{HOSTILE_NAME}","{HOSTILE_NAME}",zhejiang,台州市,Taizhou,county\n', encoding="utf-8")
    return data


def csv_rows(path: Path) -> list[dict]:
    """The rows of a CSV file as dicts (every cell as written)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv_rows(path: Path, rows: list[dict]) -> None:
    """Write ``rows`` back as a CSV with their keys as the header, one line a row."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_db(data: Path, out: Path) -> Path:
    from pipelines.build import main as build_main

    assert build_main(["--data", str(data), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def real_db(tmp_path_factory):
    """The real dataset built into a private DuckDB file, used by app tests through DASHBOARD_DB."""
    from pipelines import paths

    return build_db(paths.DATA, tmp_path_factory.mktemp("real") / "dashboard.duckdb")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    return build_db(make_hostile_dataset(tmp), tmp / "dashboard.duckdb")
