"""What the dataset package holds: which tables of the built database, what one row of each is, and what each
column means. Keys come from the database contract (``pipelines/database/contracts.py``), which the build has
checked on the very tables the package copies: a mart's unique key becomes the resource's primary key, its
references its foreign keys, its vocabularies enum constraints."""
from __future__ import annotations

from typing import NamedTuple

from pipelines.database.contracts import MARTS, Mart


class Table(NamedTuple):
    name: str  # the resource's name and its CSV's stem
    mart: str  # the database table it is copied from
    grain: str  # what one row is
    columns: tuple[str, ...] = ()  # only these columns (default: all)
    drop: tuple[str, ...] = ()  # all columns but these


TABLES: tuple[Table, ...] = (
    Table("provinces", "provinces", "one row per province"),
    Table("programs", "programs", "one row per campaign (program)"),
    Table("localities", "localities", "one row per locality (county or prefecture-level city), with its province"),
    Table("indicator_categories", "indicator_categories", "one row per category of indicators"),
    Table("comparison_groups", "comparison_groups",
          "one row per group of indicators that measure the same thing (figures of one group may share an axis)"),
    Table("indicators", "indicators", "one row per indicator, with its unit, its category and its comparison group"),
    Table("instrument_categories", "instrument_categories", "one row per category of policy instruments"),
    Table("sources", "sources", "one row per report a figure is quoted from: registry fields and the raw file's sha256",
          drop=("clean_text",)),
    Table("corrections", "corrections", "one row per reviewed repair of a report's damaged (mojibake) text"),
    # The mart's build-side columns stay out (the program a fact names itself: program_id has it or its report's;
    # the line of a clean text the package does not carry).
    Table("facts", "facts", "one row per curated figure: locality × indicator × period (kind, start, end) × scope, "
          "with its verbatim quote", drop=("curated_program_id", "quote_line")),
    Table("instruments", "instruments", "one row per named policy measure or mechanism, with its verbatim quote"),
    Table("instrument_facts", "instrument_amounts", "one row per instrument × fact that belongs to it (e.g. its money amount)",
          columns=("instrument_id", "fact_id")),
)

# References the package states beyond the contract's: the facts carry their indicator's comparison group.
EXTRA_REFERENCES = {"facts": {"comparison_group": "comparison_groups.group_id"}}

_NAME = {"name_zh": "Name in Chinese (simplified)", "name_en": "Name in English"}
# What each column means; (table, column) where it differs from the column's meaning elsewhere.
DESCRIPTIONS: dict[str | tuple[str, str], str] = {
    **_NAME,
    "province_id": "Province id (provinces.province_id)",
    "province_zh": "Province name in Chinese", "province_en": "Province name in English",
    "program_id": "Campaign id (programs.program_id)",
    "gloss_en": "What the campaign's name says, in English",
    "description_en": "What belongs here, in English",
    "locality_id": "Locality id (localities.locality_id)",
    "locality_zh": "Locality name in Chinese", "locality_en": "Locality name in English",
    "level": "Administrative level of the locality: county or city (prefecture-level)",
    "parent_city_zh": "For a county: its prefecture-level city, in Chinese",
    "parent_city_en": "For a county: its prefecture-level city, in English",
    "category_id": "Category id",
    ("indicators", "category_id"): "Indicator category id (indicator_categories.category_id)",
    "category_zh": "Category name in Chinese", "category_en": "Category name in English",
    "group_id": "Comparison group id",
    "indicator_id": "Indicator id (indicators.indicator_id)",
    "indicator_zh": "Indicator name in Chinese", "indicator_en": "Indicator name in English",
    "unit": "Unit of the value: CNY (yuan), percent, pp (percentage points), count, index, rank, tonnes, mu, m2, days",
    "comparison_group": "Comparison group id (comparison_groups.group_id): indicators measuring the same thing",
    "defined_in": "The registry file the indicator is defined in",
    "source_id": "Report id (sources.source_id)",
    "campaign_as_written": "The campaign's name as the report writes it",
    "script": "Script of the raw report: simplified or traditional Chinese",
    "title_zh": "Title of the report, in Chinese", "title_en": "Title of the report, in English",
    "publisher_zh": "Publisher and page, in Chinese", "publisher_en": "Publisher and page, in English",
    "published": "Date of publication (empty when the report is undated)",
    "published_as_written": "Date of publication as the page gives it",
    ("sources", "period_start"): "First day of the period the report covers",
    ("sources", "period_end"): "Last day of the period the report covers",
    "period_note_zh": "How the period was read from the report, in Chinese",
    "period_note_en": "How the period was read from the report, in English",
    "raw_file": "The raw report's file in the project (data/sources/)",
    "raw_sha256": "SHA-256 of the raw report's bytes",
    "raw_bytes": "Size of the raw report in bytes",
    "seq": "Order of the correction within its report",
    "damaged": "The damaged text exactly as in the raw report",
    "repair": "The text it was repaired to",
    "reason": "Why the repair is right",
    "fact_id": "Figure id (facts.fact_id), <source>-NNN",
    ("facts", "category"): "Indicator category id (indicator_categories.category_id)",
    ("instruments", "category"): "Instrument category id (instrument_categories.category_id)",
    "scope": "The population or subset the figure covers, as written (empty: the whole locality)",
    "scope_en": "The scope in English",
    "period_kind": "Kind of period: ytd, month, quarter, half_year, calendar_year, range, as_of, campaign_to_date, target",
    ("facts", "period_start"): "First day of the period the figure covers",
    ("facts", "period_end"): "Last day of the period the figure covers (the deadline of a target)",
    "value": "The figure normalised: the written number × 万 (1e4) / 亿 (1e8) / 千 (1e3), signed; in the unit of `unit` "
             "(an amount in yuan)",
    "value_as_written": "The figure exactly as the quote writes it, with 万/亿 and its unit word",
    "decimals": "Digits after the decimal point as written (7.0% → 1)",
    "qualifier": "The qualifier next to the number in the quote (余, 多, 以上, 超, 近, 约, 不到 …); empty when exact",
    "bound": "What the qualifier makes of the figure: exact, lower (at least), upper (at most), approx",
    "status": "actual, target (计划/确保/力争) or forecast (预计)",
    "is_target": "True when the figure is not an actual result (status is target or forecast)",
    "basis": "What a rate compares with: yoy (同比), vs_plan, vs_average, vs_last_year; empty when not a comparison",
    "negative": "True when the quote says the figure fell (下降/减少) and the value is negative",
    "quote": "The verbatim clause of the report the figure (or the measure's name) is found in",
    "note_en": "Curator's note, in English", "note_zh": "Curator's note, in Chinese",
    "file": "The curated file the record was made in (data/curated/)",
    "line": "Line of that file the record starts on",
    "instrument_id": "Instrument id (instruments.instrument_id), <source>-iNN",
    ("instruments", "name_zh"): "The measure's name in Chinese, verbatim from the quote",
    ("instruments", "name_en"): "The measure's name in English",
}


def description(table: str, column: str) -> str:
    return DESCRIPTIONS.get((table, column)) or DESCRIPTIONS[column]


def contract(mart: str) -> Mart | None:
    return next((m for m in MARTS if m.name == mart), None)


def primary_key(table: Table, columns: list[str]) -> list[str]:
    """The mart's one-column unique key if it has one (facts: fact_id), else its grain."""
    mart = contract(table.mart)
    if mart is None:
        return []
    single = [key for key in mart.unique if len(key) == 1]
    key = list(single[0] if single else mart.grain)
    return key if set(key) <= set(columns) else []


def foreign_keys(table: Table, columns: list[str], resources: dict[str, str]) -> list[dict]:
    """The mart's references whose column is in the resource and whose target table is in the package;
    ``resources``: mart → resource name."""
    mart = contract(table.mart)
    refs = {**(mart.references if mart else {}), **EXTRA_REFERENCES.get(table.name, {})}
    out = []
    for column, target in refs.items():
        parent, parent_column = target.split(".")
        if column in columns and parent in resources:
            out.append({"fields": column, "reference": {"resource": resources[parent], "fields": parent_column}})
    return out


def vocabularies(table: Table) -> dict[str, list[str]]:
    mart = contract(table.mart)
    return {column: list(values) for column, values in (mart.accepted if mart else {}).items()}
