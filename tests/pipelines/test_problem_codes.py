"""The registry of problem codes (pipelines/problems.py) is the whole list: every code written anywhere in
pipelines/ is registered, every registered code is written somewhere, a code names one rule, every message a
defect fixture prints fits its code's template, and every code of the files, sources and dataset stages is
produced by at least one defect fixture (the database stage's codes by tests/pipelines/test_database_contracts.py).
Links and FIFOs cannot be committed as fixtures: the cases of tests/pipelines/test_hostile_files.py make them at
run time, and the problem lines those cases must print count here as a fixture's expected.txt does."""
import ast
import re

import pytest

from pipelines import paths
from pipelines.problems import RULES, STAGES
from tests.conftest import DEFECTS

PIPELINES = paths.ROOT / "pipelines"
# How each way of making a problem takes its code: callee name -> position of the code argument.
#   Problem(file, line, field, code, message); problem(code, file, line, field, ...);
#   P(field, code, message) in validate/rules.py; out.add(mask, field, code, message) in validate/fact_rules.py;
#   fail(code, field, ...) in database/contracts.py.
CODE_ARGUMENT = {"Problem": 3, "problem": 0, "P": 1, "add": 2, "fail": 0}
PRINTED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$")


def codes_in_source() -> dict[str, set[str]]:
    """code -> the files of pipelines/ that make a problem with it (literal codes only)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PIPELINES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else None
            if name not in CODE_ARGUMENT:
                continue
            if name == "add" and not isinstance(node.func, ast.Attribute) or name == "fail" and not isinstance(node.func, ast.Name):
                continue
            args = list(node.args)
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            arg = keyword if keyword is not None else args[CODE_ARGUMENT[name]] if len(args) > CODE_ARGUMENT[name] else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, set()).add(str(path.relative_to(paths.ROOT)))
    return found


def printed_by_fixtures() -> dict[str, list[tuple[str, str]]]:
    """code -> (fixture, message) of every problem every defect fixture's expected.txt lists, and every problem
    a hostile-file case must print."""
    from tests.pipelines.test_hostile_files import EXPECTED as HOSTILE

    printed: dict[str, list[tuple[str, str]]] = {}
    listed = [(expected, expected.parent.name, expected.read_text(encoding="utf-8").splitlines())
              for expected in sorted(DEFECTS.glob("*/expected.txt"))]
    for where, fixture, lines in listed + [("tests/pipelines/test_hostile_files.py", "test_hostile_files", HOSTILE)]:
        for line in lines:
            m = PRINTED.match(line)
            assert m, f"{where}: not a printed problem: {line}"
            printed.setdefault(m["code"], []).append((fixture, m["message"]))
    return printed


def test_every_code_made_in_pipelines_is_registered():
    found = codes_in_source()
    assert len(found) > 30, "the scan found too few codes: has the way problems are made changed?"
    assert {code: files for code, files in found.items() if code not in RULES} == {}


def test_every_registered_code_is_made_somewhere():
    found = codes_in_source()
    assert [code for code in RULES if code not in found] == []


def test_each_rule_is_one_sentence_with_a_stage_and_a_template():
    for rule in RULES.values():
        assert rule.stage in STAGES, rule
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.code), rule
        assert rule.rule.endswith(".") and rule.rule.count(". ") == 0, rule
        assert rule.messages and all(rule.messages), rule
    assert len({r.rule for r in RULES.values()}) == len(RULES), "two codes for one rule"


def test_the_two_duplicate_rules_have_their_own_codes():
    assert RULES["duplicate-key"].rule == "A YAML mapping does not repeat a key."
    assert "(locality, indicator, period, scope)" in RULES["duplicate-fact-key"].rule


def test_every_printed_message_fits_its_codes_template():
    misfits = [(fixture, code, message) for code, seen in printed_by_fixtures().items()
               for fixture, message in seen if not RULES[code].matches(message)]
    assert misfits == []


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.stage != "database"))
def test_every_code_is_produced_by_a_defect_fixture(code):
    assert code in printed_by_fixtures(), f"no fixture in tests/fixtures/defects/ prints [{code}]"


def test_a_problem_made_from_its_template_prints_as_the_rule_says():
    from pipelines.problems import problem

    p = problem("row-count-mismatch", "pipelines/database/sql/marts.sql", 40, "facts", mart="facts", rows=4, expected=5)
    assert str(p) == "pipelines/database/sql/marts.sql:40: facts: facts has 4 rows, the validated dataset has 5 [row-count-mismatch]"
    assert RULES["shape"].matches("must be a mapping {kind, start, end}")
