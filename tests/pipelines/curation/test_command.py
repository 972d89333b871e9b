"""The command line on a raw report: the draft in the curated format, its refusal by the build, a reviewed
draft passing every figure check, warnings for an unregistered report, and a file that is not UTF-8."""
import re
import shutil
from pathlib import Path

import pytest

from pipelines import paths
from pipelines.curation.command import main
from pipelines.curation.guess import load_indicators
from pipelines.facts.dataset import load_dataset
from pipelines.files.strict_yaml import load_yaml
from pipelines.validate.rules import validate
from tests.conftest import build_db, make_dataset

SOURCES = ["tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"]


@pytest.fixture(scope="module")
def tiantai_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("draft") / "tiantai.yaml"
    assert main([str(paths.RAW_DIR / "tiantai.txt"), "--locality", "tiantai", "--out", str(out)]) == 0
    return out


def test_cli_writes_a_draft_in_the_curated_format(tiantai_draft):
    data, problems = load_yaml(tiantai_draft, "draft.yaml")
    assert problems == []
    assert data["draft"] is True and data["source"] == "tiantai" and data["instruments"] == []
    clean = (paths.CLEAN_DIR / "tiantai.txt").read_text(encoding="utf-8")
    facts = data["facts"]
    assert len(facts) >= 37
    assert len({f["id"] for f in facts}) == len(facts)
    for f in facts:
        assert f["review"] == "pending" and 0 <= f["confidence"] <= 1
        assert f["quote"] in clean and str(f["value_as_written"]) in f["quote"]
        assert f["unit"] in ("CNY", "percent", "pp", "count", "index", "rank", "tonnes", "mu", "m2", "days")
        assert f["indicator"] or (f["indicator_guess"] and "category_guess" in f)
        assert set(f["period"]) == {"kind", "start", "end"}


def _curated_copy(tmp_path: Path, source: str, text: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("build"))
    (data / "curated" / f"{source}.yaml").write_text(text, encoding="utf-8")
    return data


def _problems(data: Path) -> list:
    ds, problems = load_dataset(data)
    return sorted(set(problems + validate(ds)))


def test_the_build_refuses_a_draft(tiantai_draft, tmp_path):
    problems = _problems(_curated_copy(tmp_path, "tiantai", tiantai_draft.read_text(encoding="utf-8")))
    refused = [p for p in problems if p.code == "draft-not-reviewed"]
    assert refused[0].line == 4 and refused[0].field == "draft"  # the draft: true line, under the header
    assert len(refused) == 1 + tiantai_draft.read_text(encoding="utf-8").count("review: pending")
    assert all(p.file == "data/curated/tiantai.yaml" for p in refused)
    assert "draft entry not reviewed: set review: reviewed or delete it" in {p.message for p in refused}


def _reviewed(draft: str, indicators: list[dict]) -> str:
    """What a curator does: accept every entry, pick a registry indicator of the right unit, drop the flag."""
    first_of_unit = {}
    for r in indicators:
        first_of_unit.setdefault(r["unit"], r["id"])
    entries = re.split(r"(?m)^(?=  - id: )", draft.replace("draft: true\n", "").replace("review: pending", "review: reviewed"))
    out = []
    for e in entries:
        unit = re.search(r"(?m)^    unit: (\w+)", e)
        if unit and "indicator: null" in e:
            e = e.replace("indicator: null", f"indicator: {first_of_unit[unit.group(1)]}")
        out.append(re.sub(r"(?m)^    (?:indicator_guess|category_guess):.*\n", "", e))
    return "".join(out)


@pytest.mark.parametrize("source", SOURCES)
def test_a_reviewed_draft_passes_every_figure_check_of_the_build(source, tmp_path):
    """Quotes found verbatim, values and units as the build reads them, qualifiers recorded: only the
    choice of scope (two figures of one indicator and period) is left to the curator."""
    draft = tmp_path / "draft.yaml"
    assert main([str(paths.RAW_DIR / f"{source}.txt"), "--locality", source, "--out", str(draft)]) == 0
    indicators, _ = load_indicators()
    problems = _problems(_curated_copy(tmp_path, source, _reviewed(draft.read_text(encoding="utf-8"), indicators)))
    # The one problem left: two figures of one indicator and period (the rule's code was renamed
    # duplicate-key -> duplicate-fact-key; its message is what identifies it).
    assert [str(p) for p in problems if "give one a distinct scope" not in p.message] == []


def test_reviewed_entries_keep_review_and_confidence(tmp_path):
    data = make_dataset(tmp_path)
    path = data / "curated" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - id: demo-001\n", "  - id: demo-001\n    review: reviewed\n    confidence: 0.9\n").replace(
        "source: demo\n", "source: demo\ndraft: false\n"), encoding="utf-8")
    assert _problems(data) == []
    build_db(data, tmp_path / "dashboard.duckdb")


def test_cli_warns_about_an_unregistered_file_and_locality(tmp_path, capsys):
    raw = tmp_path / "newtown.txt"
    raw.write_bytes((paths.RAW_DIR / "tiantai.txt").read_bytes() + "\n新增一段。".encode())
    out = tmp_path / "newtown.yaml"
    assert main([str(raw), "--locality", "newtown", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("suspected mojibake at raw line") == 3
    assert "locality 'newtown' is not in data/registries/localities.csv" in err
    assert "not in data/sources/registry.yaml" in err
    text = out.read_text(encoding="utf-8")
    assert "# WARNING: suspected mojibake at raw line 2" in text and "source: newtown" in text


def test_cli_refuses_a_file_that_is_not_utf8(tmp_path):
    raw = tmp_path / "gbk.txt"
    raw.write_bytes("企业".encode("gbk"))
    assert main([str(raw), "--locality", "x", "--out", str(tmp_path / "x.yaml")]) == 2



def test_the_usage_names_the_program_it_is_run_as(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"], prog="zhuqi extract")
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("usage: zhuqi extract ")
