"""A problem as data, and the one registry of problem codes.

Every check returns a list of ``Problem`` instead of raising. Each problem carries a code from ``RULES``:
code → the one rule it stands for (a sentence) → the message templates its problems are written from
(``str.format`` fields; a rule whose message names different things has one template per shape). A code
names exactly one rule. A ``Problem`` with a code that is not registered cannot be made
(tests/pipelines/test_problem_codes.py also checks every code written in ``pipelines/`` is registered, every
message printed by a defect fixture fits its code's templates, and every code is produced by a fixture).

``stage`` says where a rule is checked: ``files`` (the safe readers), ``sources`` (raw → clean), ``dataset``
(loading and validation of registries, facts and instruments) and ``database`` (the writer, on what it has
written, before the atomic replace).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    stage: str
    rule: str
    messages: tuple[str, ...]

    def message(self, shape: int = 0, **values) -> str:
        return self.messages[shape].format(**values)

    def matches(self, message: str) -> bool:
        """Does ``message`` fit one of the templates (each field standing for any non-empty text)?"""
        return any(_pattern(t).fullmatch(message) for t in self.messages)


def _pattern(template: str) -> re.Pattern:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".+")
    return re.compile("".join(parts), re.DOTALL)


_RULES = [
    # files: the safe readers (pipelines/files, and the CSV reader of pipelines/facts/table.py)
    Rule("file-unreadable", "files", "A file the dataset names can be opened and read.", ("{error}",)),
    Rule("file-too-large", "files",
         "A file stays under the size limit of its kind (YAML 2 MB, CSV 128 MB, a raw report or clean text 32 MB).",
         ("{size} bytes is over the {limit}-byte limit",)),
    Rule("path-outside-dataset", "files",
         "A file is read only from inside the dataset folder it belongs to (a raw report from sources/raw/), named by a "
         "relative path without '..'.",
         ("{name} is an absolute path; name a file relative to {folder}", "{name} leads out of {folder} with '..'",
          "{name} is not inside {folder}")),
    Rule("symlink", "files", "No file is read through a symbolic link, and no folder on its way inside the dataset is one.",
         ("{link} is a symbolic link; the build reads no file through a link",)),
    Rule("not-a-regular-file", "files", "A file the build reads is a regular file (not a folder, FIFO, device or socket).",
         ("{path} is a {kind}, not a regular file",)),
    Rule("yaml-too-deep", "files", "YAML lists and mappings nest at most 32 levels deep.",
         ("nested more than {limit} levels deep",)),
    Rule("encoding", "files", "Every file is UTF-8.",
         ("not UTF-8 (byte {byte} at offset {offset})", "raw file is not UTF-8: {reason}")),
    Rule("csv-empty", "files", "A CSV file has at least a header.", ("file is empty",)),
    Rule("csv-missing-column", "files", "A CSV header has every required column of its kind.",
         ("required column '{column}' is missing",)),
    Rule("csv-row-shape", "files", "Every CSV row has as many cells as the header.", ("{cells} cells, header has {width}",)),
    Rule("csv-syntax", "files", "A CSV file is well-formed (quotes closed, nothing after a closing quote).",
         ("{error}", "the file cannot be read as CSV")),
    Rule("yaml-syntax", "files", "A YAML file parses.", ("{error}",)),
    Rule("yaml-anchor", "files", "YAML anchors are not used.", ("anchor &{anchor} is not allowed",)),
    Rule("yaml-alias", "files", "YAML aliases are not used.", ("alias *{anchor} is not allowed",)),
    Rule("yaml-tag", "files", "YAML explicit tags are not used.", ("explicit tag {tag} is not allowed",)),
    Rule("duplicate-key", "files", "A YAML mapping does not repeat a key.", ("key '{key}' repeats the one on line {first}",)),
    # sources: raw reports, corrections and the cleaning step (pipelines/sources)
    Rule("missing-file", "sources", "The raw file a registry entry names exists.", ("raw file {file} not found",)),
    Rule("sha256-mismatch", "sources", "A raw file matches the sha256 its registry entry records.",
         ("raw file {file} has sha256 {actual}, registry says {expected}; raw files must never be edited",)),
    Rule("correction-not-found", "sources", "A correction's damaged text is found in its raw report.",
         ("damaged text {damaged} is no longer found in source '{source}'",)),
    Rule("correction-ambiguous", "sources", "A correction's damaged text is found exactly once, not more.",
         ("damaged text {damaged} occurs {count} times in source '{source}'; make it longer",)),
    Rule("chrome-rule", "sources", "Every chrome rule of a source applies to its text (its markers and patterns are found).",
         ("content_start {marker} not found", "content_end {marker} not found", "strip pattern {pattern} matched nothing")),
    Rule("clean-missing", "sources", "Every source has its committed clean text.", ("clean text is missing; run zhuqi clean-text",)),
    Rule("clean-drift", "sources", "The committed clean text is what the cleaning step makes now.",
         ("clean text differs from what the cleaning step makes now; run zhuqi clean-text and re-check quotes",)),
    Rule("suspected-mojibake", "sources", "A clean text holds no character that only encoding damage leaves.",
         ("unrepaired damage near {snippet}; add an entry to corrections.yaml",)),
    # dataset: loading and validation (pipelines/facts, pipelines/validate)
    Rule("required", "dataset", "Every required field is given and not empty.",
         ("required field is missing or empty", "curated file must start with 'source: <id>'")),
    Rule("shape", "dataset", "A field holds the structure its kind needs (a list, a mapping or a single value).",
         ("'{key}' must be a list", "entry {n} is not a mapping", "top level must be a mapping with a list under '{key}'",
          "must be a single value, not a list or mapping", "must be a mapping {{kind, start, end}}", "must be a list of fact ids")),
    Rule("unknown-field", "dataset", "Only known fields, columns and top-level keys are used.",
         ("unknown field", "unknown column", "unknown top-level key")),
    Rule("unknown-file", "dataset", "A curated CSV is named for what it holds.",
         ("a curated CSV is named <name>.facts.csv or <name>.instruments.csv",)),
    Rule("draft-not-reviewed", "dataset", "A draft (file or entry) is published only once a curator has reviewed it.",
         ("draft entry not reviewed: set review: reviewed or delete it",
          "draft file not reviewed: review every entry, then delete 'draft: true'")),
    Rule("draft-field", "dataset", "No draft guess is left in a published entry.",
         ("draft guess left in: set '{field}' to a registry id and delete '{guess}'",)),
    Rule("duplicate-id", "dataset", "Ids are unique within their namespace (a registry, the sources, facts and instruments).",
         ("id '{id}' is already defined at {where}", "id '{id}' is already used at {where}", "source id '{id}' is used twice")),
    Rule("duplicate-fact-key", "dataset", "(locality, indicator, period, scope) is unique among facts.",
         ("fact '{id}' has the same locality, indicator, period and scope as '{other}' ({where}); give one a distinct scope",)),
    Rule("unknown-reference", "dataset", "Every reference resolves to a registry entry, source or fact.",
         ("{kind} '{id}' is not in {registry}", "fact '{id}' does not exist")),
    Rule("enum", "dataset", "A field with a vocabulary holds one of its words.",
         ("'{value}' is not one of {values}", "period kind '{value}' is not one of {values}")),
    Rule("unknown-unit", "dataset", "Units come from one vocabulary.", ("unit '{unit}' is not one of {units}",)),
    Rule("group-unit-mixed", "dataset", "The indicators of one comparison group share one unit.",
         ("comparison group '{group}' is in {unit} at {where}, this indicator in {other}: figures in different units "
          "never share an axis",)),
    Rule("indicator-unit-mismatch", "dataset", "A fact is measured in its indicator's unit.",
         ("indicator '{indicator}' is measured in {expected}, not {unit}",)),
    Rule("unit-mismatch", "dataset", "The unit word written with a figure agrees with the fact's unit.",
         ("'{written}' is written in '{word}', which does not fit unit {unit}",)),
    Rule("type", "dataset", "A field holds a value of its type (a number, true/false, a number from 0 to 1).",
         ("value {value} is not a number", "must be true or false", "confidence {value} is not a number from 0 to 1")),
    Rule("date", "dataset", "Dates are ISO dates (YYYY-MM-DD).",
         ("{value} is not an ISO date (YYYY-MM-DD)", "'{value}' is neither an ISO date nor 'undated'")),
    Rule("date-order", "dataset", "A period does not end before it starts.", ("period start {start} is after end {end}",)),
    Rule("unreadable", "dataset", "A number can be read from the figure as written.", ("no number can be read from '{written}'",)),
    Rule("value-mismatch", "dataset", "The value is the written number × 万/亿/千.",
         ("value {value} does not equal '{written}' normalised ({expected})",)),
    Rule("out-of-bounds", "dataset", "A value is within the plausible range of its unit.",
         ("{value} {unit} is outside the plausible range {low}..{high}", "{value} {unit} cannot be negative")),
    Rule("quote-not-in-source", "dataset", "A quote is found verbatim in the clean text of its source.",
         ("quote is not found verbatim in clean/{source}.txt",)),
    Rule("number-not-in-quote", "dataset", "The figure as written is found in its quote.", ("'{written}' is not in the quote",)),
    Rule("name-not-in-quote", "dataset", "An instrument's Chinese name is found in its quote.", ("'{name}' is not in the quote",)),
    Rule("qualifier-dropped", "dataset", "A qualifier (余, 多, 以上, 约…) next to the figure in the quote is recorded.",
         ("the quote qualifies the figure with '{word}'; record it in 'qualifier'",)),
    Rule("qualifier-not-in-quote", "dataset", "A recorded qualifier is found in the quote.",
         ("qualifier '{qualifier}' is not in the quote",)),
    # database: the writer's checks on what it wrote (pipelines/database), before the atomic replace
    Rule("sql-error", "database", "Every statement of marts.sql runs.", ("{error}",)),
    Rule("contract-mismatch", "database", "marts.sql makes exactly the marts pipelines/database/contracts.py declares.",
         ("mart {mart} has no contract in contracts.py", "contracts.py declares mart {mart}, which marts.sql does not make")),
    Rule("row-count-mismatch", "database", "A mart has one row per validated record it is made from.",
         ("{mart} has {rows} rows, the validated dataset has {expected}",)),
    Rule("grain-not-unique", "database", "No two rows of a mart share its grain (or another unique key).",
         ("{count} rows of {mart} share their ({columns}) with another row, e.g. {example}",)),
    Rule("not-null", "database", "A mart's key columns and required columns hold no NULL.",
         ("{count} rows of {mart} have no {column}",)),
    Rule("relationship-broken", "database", "Every id a mart refers to is a row of the mart it names.",
         ("{count} rows of {mart} refer to {column} values not in {parent}, e.g. {example}",)),
    Rule("value-not-accepted", "database", "A mart column with a vocabulary holds only its words.",
         ("{count} rows of {mart} have {column} values outside ({values}), e.g. {example}",)),
    Rule("quote-not-traceable", "database",
         "In the database each quote is on the line of its clean source where validation found it, and holds its figure.",
         ("quote is not on line {quote_line} of clean/{source}.txt in the database",
          "quote spanning lines is not in clean/{source}.txt in the database",
          "'{written}' is not in the quote in the database")),
]
RULES: dict[str, Rule] = {r.code: r for r in _RULES}
assert len(RULES) == len(_RULES), "a problem code is registered twice"
STAGES = ("files", "sources", "dataset", "database")
assert {r.stage for r in _RULES} <= set(STAGES)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    code: str
    message: str

    def __post_init__(self):
        if self.code not in RULES:
            raise ValueError(f"problem code {self.code!r} is not registered in pipelines/problems.py")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message} [{self.code}]"


def problem(code: str, file: str, line: int, field: str, shape: int = 0, **values) -> Problem:
    """A Problem whose message is made from its code's template (``shape``: which one, when it has several)."""
    return Problem(file, line, field, code, RULES[code].message(shape, **values))


class DataError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
