-- One report with its program's names. The report is found first on its own (MATERIALIZED), so DuckDB looks
-- it up in the sources_by_id index (pipelines/database/sql/marts.sql): joined directly, it scans every text.
WITH s AS MATERIALIZED (SELECT * FROM sources WHERE source_id = $source)
SELECT s.*, pr.name_zh AS program_zh, pr.name_en AS program_en
FROM s JOIN programs pr USING (program_id)
