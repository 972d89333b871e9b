"""The extractor measured on the curated reports, and the evaluation's command line."""
from pipelines.curation.evaluate import ACCURACY_TARGET, RECALL_TARGET, evaluate, main, overall

SOURCES = ["tiantai", "wenzhou", "shaoyang", "kaifeng", "yichuan"]


def test_recall_and_unit_value_accuracy_on_the_five_reports():
    scores = evaluate()
    assert {s.source for s in scores} == set(SOURCES)
    total = overall(scores)
    assert total.facts == sum(s.facts for s in scores) >= 231
    assert total.recall >= RECALL_TARGET == 0.95
    assert total.accuracy >= ACCURACY_TARGET == 0.98


def test_the_command_prints_one_line_per_report_and_whether_the_targets_are_met(capsys):
    assert main([], prog="zhuqi evaluate-extract") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[1:7]] == [*sorted(SOURCES), "overall"]
    assert out[-1] == "targets: recall >= 95%, unit/value accuracy >= 98%: met"
