"""The words of the dataset package: its title and description, the README a researcher reads first, and the
CITATION.cff. No license is invented: the project states none, so the package says so and points to it."""
from __future__ import annotations

import datetime as dt

import yaml

TITLE = "地方助企行动对比 · Local enterprise-assistance campaigns compared"
DESCRIPTION = ("Figures from local Chinese reports on enterprise-assistance campaigns (三服务, 万名干部进万企, 万名干部联万企, "
               "万人助万企), curated figure by figure: each with its normalised value and unit, period, status (actual, "
               "target, forecast), basis and scope, the verbatim quote it was read from and the report it is in; "
               "with the named policy instruments, the reports' provenance (publisher, date, raw file sha256) and "
               "the registries of localities, indicators and comparison groups.")
KEYWORDS = ("China", "local government", "enterprise assistance", "industrial policy", "助企", "三服务", "万人助万企")
AUTHOR = "The 地方助企行动对比 (Local enterprise-assistance campaigns compared) project"
LICENSE = ("The project states no license for this dataset: see the project (its README and data/README.md) before "
           "reusing it. The quoted reports belong to their publishers, named in `sources.csv`; cite them with the "
           "dataset.")


def citation(version: str, built: dt.date) -> str:
    """CITATION.cff (Citation File Format 1.2.0): this build's version (the content hash) and date."""
    cff = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below, with its version.",
        "type": "dataset",
        "title": TITLE,
        "version": version,
        "date-released": built,
        "authors": [{"name": AUTHOR}],
        "abstract": DESCRIPTION,
        "keywords": list(KEYWORDS),
    }
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=120)


def readme(descriptor: dict, counts: dict[str, int]) -> str:
    version, created = descriptor["version"], descriptor["created"]
    rows = []
    for r in descriptor["resources"]:
        schema = r["schema"]
        key = ", ".join(schema.get("primaryKey", [])) or "—"
        refs = ", ".join(f"{fk['fields']} → {fk['reference']['resource']}" for fk in schema.get("foreignKeys", [])) or "—"
        rows.append(f"| `{r['path']}` | {r['description']} | {counts[r['name']]:,} | {key} | {refs} |")
    table = "\n".join(rows)
    return f"""# {TITLE}

{DESCRIPTION}

Version **{version}** (the content hash of the data files it was built from), built {created}.

## What is here

A [Frictionless Data Package](https://specs.frictionlessdata.io/): `datapackage.json` describes every table
(each column's type and meaning, primary and foreign keys, vocabularies); the tables are CSV files in `data/`
(UTF-8, no BOM, header first; an empty cell is a missing value; dates are YYYY-MM-DD; numbers are plain
decimals, an integral one without a decimal point).

| file | grain | rows | primary key | references |
|---|---|---|---|---|
{table}

`facts.value` is the figure normalised (the written number × 万/亿/千) in the unit of `facts.unit`: an amount
is in yuan (CNY), a rate in percent; `value_as_written` and `quote` give it exactly as the report does.
Figures of one `comparison_group` measure the same thing; compare them only where period, status, basis and
scope agree.

## How it was built

Every figure was curated by hand from the clean text of its report, with the verbatim quote it was read from.
The project's build validates every file and rule (the quote is found verbatim in the report's clean text, the
value equals the written number times its multiplier, the unit agrees with the written one, every reference
resolves, keys are unique), writes a DuckDB database whose tables meet declared contracts, and
`zhuqi package` copies those tables into this package. The same data files give the same version.

Load it with the `frictionless` library (`frictionless validate datapackage.json`,
`frictionless.Package("datapackage.json")`), or read a CSV with any CSV reader, e.g.
`pandas.read_csv("data/facts.csv", keep_default_na=False, na_values=[""])`.

## License and attribution

{LICENSE}

## Cite

See `CITATION.cff`: {AUTHOR}, *{TITLE}*, dataset version {version} ({created[:10]}).
"""
