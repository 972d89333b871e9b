-- Marts: what the pages read (dashboard/sql/*.sql reads these tables only, never stg_*). Built from the
-- stg_* tables after validation. Each mart's grain, keys, references and vocabularies are declared in
-- pipelines/database/contracts.py and checked by the build before the database replaces the old one.
--
-- Every mart is a table, not a view: pages query them on each filter change, and a view re-plans and re-runs
-- its joins and aggregates inside every query (problem_resolution over all facts, locality_programs a
-- DISTINCT over every fact of a national dataset).

-- provinces: one row per province.
CREATE TABLE provinces AS
SELECT province_id, name_zh, name_en FROM stg_provinces;

-- programs: one row per campaign (program).
CREATE TABLE programs AS
SELECT program_id, name_zh, name_en, gloss_en FROM stg_programs;

-- indicator_categories: one row per category of indicators.
CREATE TABLE indicator_categories AS
SELECT category_id, name_zh, name_en, description_en FROM stg_indicator_categories;

-- instrument_categories: one row per category of instruments.
CREATE TABLE instrument_categories AS
SELECT category_id, name_zh, name_en, description_en FROM stg_instrument_categories;

-- comparison_groups: one row per group of indicators that measure the same thing (may share an axis).
CREATE TABLE comparison_groups AS
SELECT group_id, name_zh, name_en, description_en FROM stg_comparison_groups;

-- indicators: one row per indicator, with its unit, its category's names and its comparison group.
CREATE TABLE indicators AS
SELECT i.indicator_id, i.name_zh, i.name_en, i.category_id, c.name_zh AS category_zh, c.name_en AS category_en,
       i.unit, i.comparison_group, i.defined_in
FROM stg_indicators i JOIN stg_indicator_categories c USING (category_id);

-- sources: one row per report, registry fields, raw sha256 and the clean text.
CREATE TABLE sources AS
SELECT s.*, l.province_id, l.name_zh AS locality_zh, l.name_en AS locality_en
FROM stg_sources s JOIN stg_localities l USING (locality_id);
-- The Sources page reads one report's text by its id. DuckDB stores the texts zstd-compressed a vector of 2,048
-- rows at a time and decompresses a vector from its start, so without an index a lookup reads every text up to
-- the last one (~150-300 ms in a national set of 2,844 reports); through the index only the texts up to the
-- report's own (dashboard/sql/source_text.sql).
CREATE INDEX sources_by_id ON sources (source_id);

-- corrections: one row per reviewed repair of a report's damaged text (source × seq, in file order).
CREATE TABLE corrections AS
SELECT source_id, seq, damaged, repair, reason FROM stg_corrections;

-- localities: one row per locality, with its province.
CREATE TABLE localities AS
SELECT l.locality_id, l.name_zh, l.name_en, l.level, l.parent_city_zh, l.parent_city_en,
       l.province_id, p.name_zh AS province_zh, p.name_en AS province_en
FROM stg_localities l JOIN stg_provinces p USING (province_id);

-- facts: one row per curated figure (locality × indicator × period × scope). A table, not a view: every
-- page reads it, and a national dataset has millions of rows to join otherwise on each rerun. It keeps every
-- column of stg_facts (the program the fact names itself as curated_program_id, NULL when it has its
-- report's; the line of the clean text its quote starts on as quote_line): the build makes it straight from
-- the validated rows and stores stg_facts as a view of it (sql/staging_views.sql), so each fact is written once.
CREATE TABLE facts AS
SELECT f.fact_id,
       s.locality_id, l.province_id, l.level,
       coalesce(f.program_id, s.program_id) AS program_id, f.program_id AS curated_program_id,
       f.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.category_id AS category, i.comparison_group,
       f.scope, f.scope_en, f.period_kind, f.period_start, f.period_end,
       f.value, f.unit, f.value_as_written, f.decimals, f.qualifier, f.bound,
       f.status, f.status <> 'actual' AS is_target, f.basis, f.negative,
       f.quote, f.quote_line, f.source_id, f.note_en, f.note_zh, f.file, f.line
FROM stg_facts f
JOIN stg_sources s USING (source_id)
JOIN stg_localities l ON l.locality_id = s.locality_id
JOIN stg_indicators i USING (indicator_id);

-- instruments: one row per named policy measure or mechanism.
CREATE TABLE instruments AS
SELECT n.instrument_id, s.locality_id, l.province_id, coalesce(n.program_id, s.program_id) AS program_id,
       n.name_zh, n.name_en, n.category_id AS category, c.name_zh AS category_zh, c.name_en AS category_en,
       n.quote, n.note_en, n.source_id, n.file, n.line
FROM stg_instruments n
JOIN stg_sources s USING (source_id)
JOIN stg_localities l ON l.locality_id = s.locality_id
JOIN stg_instrument_categories c USING (category_id);

-- instrument_amounts: money facts tied to an instrument; one row per instrument × fact.
CREATE TABLE instrument_amounts AS
SELECT n.instrument_id, f.* EXCLUDE (fact_id, curated_program_id, quote_line), f.fact_id
FROM stg_instrument_facts n JOIN facts f USING (fact_id);

-- problem_resolution: one row per locality × scope that reports problem counts or a resolution rate.
-- recomputed_rate is resolved / collected in percent; rates_agree compares it with the reported rate
-- rounded to the reported precision. A missing count stays NULL, never 0.
CREATE TABLE problem_resolution AS
WITH pr AS (
    SELECT locality_id, province_id, program_id, scope, any_value(scope_en) AS scope_en,
           max(value) FILTER (WHERE indicator_id = 'problems_collected' AND status = 'actual') AS collected,
           max(value) FILTER (WHERE indicator_id = 'problems_resolved' AND status = 'actual') AS resolved,
           max(value) FILTER (WHERE indicator_id = 'problems_pending' AND status = 'actual') AS pending,
           max(value) FILTER (WHERE indicator_id = 'problem_resolution_rate' AND status = 'actual') AS reported_rate,
           max(decimals) FILTER (WHERE indicator_id = 'problem_resolution_rate' AND status = 'actual') AS reported_decimals,
           max(value) FILTER (WHERE indicator_id = 'problem_resolution_rate' AND status <> 'actual') AS target_rate,
           max(value) FILTER (WHERE indicator_id = 'enterprise_satisfaction_rate') AS satisfaction_rate,
           max(period_end) AS period_end,
           string_agg(DISTINCT source_id, ',') AS source_id,
           string_agg(fact_id, ',' ORDER BY fact_id) AS fact_ids,
           -- the fact behind each mark of the problem charts, for its figure card
           arg_max(fact_id, value) FILTER (WHERE indicator_id = 'problems_collected' AND status = 'actual') AS collected_fact,
           arg_max(fact_id, value) FILTER (WHERE indicator_id = 'problems_resolved' AND status = 'actual') AS resolved_fact,
           arg_max(fact_id, value) FILTER (WHERE indicator_id = 'problem_resolution_rate' AND status = 'actual') AS rate_fact,
           arg_max(fact_id, value) FILTER (WHERE indicator_id = 'problem_resolution_rate' AND status <> 'actual') AS target_fact
    FROM facts
    WHERE indicator_id IN ('problems_collected', 'problems_resolved', 'problems_pending',
                           'problem_resolution_rate', 'enterprise_satisfaction_rate')
    GROUP BY locality_id, province_id, program_id, scope
)
SELECT *,
       CASE WHEN collected > 0 AND resolved IS NOT NULL THEN 100.0 * resolved / collected END AS recomputed_rate,
       CASE WHEN reported_rate IS NULL OR collected IS NULL OR resolved IS NULL OR collected = 0 THEN NULL
            ELSE round(100.0 * resolved / collected, reported_decimals) = reported_rate END AS rates_agree
FROM pr;

-- locality_programs: one row per locality × program it reports under (its source's, and any a fact names).
CREATE TABLE locality_programs AS
SELECT DISTINCT locality_id, program_id FROM (
    SELECT locality_id, program_id FROM stg_sources
    UNION ALL
    SELECT locality_id, program_id FROM facts
    UNION ALL
    SELECT locality_id, program_id FROM instruments
);

-- locality_summary: one row per locality × program with its fact count, period span and the latest actual
-- industrial value-added growth and problem counts (whole-locality scope). The national view aggregates
-- these few thousand rows instead of millions of facts.
CREATE TABLE locality_summary AS
SELECT locality_id, province_id, program_id,
       count(*) AS n_facts, count(DISTINCT source_id) AS n_sources,
       min(period_start) AS period_start, max(period_end) AS period_end,
       arg_max(value, period_end) FILTER (WHERE indicator_id = 'industrial_value_added_growth' AND status = 'actual'
                                          AND unit = 'percent') AS growth_latest,
       arg_max(value, period_end) FILTER (WHERE indicator_id = 'problems_collected' AND status = 'actual' AND scope = '') AS collected_latest,
       arg_max(value, period_end) FILTER (WHERE indicator_id = 'problems_resolved' AND status = 'actual' AND scope = '') AS resolved_latest
FROM facts
GROUP BY locality_id, province_id, program_id;
