-- Staging relations stored as views rather than tables: they are derived from what is already stored, so
-- writing them again would only cost build time and file size. Typed as contracts.STAGING declares.

-- stg_facts: one row per validated fact (the rows of the curated files). A view of the facts mart, which keeps
-- every one of these columns: the build makes the mart straight from the validated rows, so a national
-- dataset's 1.7 million facts are written once, not twice.
CREATE VIEW stg_facts AS
SELECT fact_id, source_id, curated_program_id AS program_id, indicator_id, scope, scope_en, period_kind,
       period_start, period_end, value_as_written, value, unit, decimals, status, basis, qualifier, bound,
       negative, quote, quote_line, note_en, note_zh, file, line
FROM facts;

-- stg_source_lines: one row per line of each clean text (source × line, from 1), split at each line break as
-- Python's str.split('\n') splits (an empty text is one empty line). What a quote is re-checked against.
CREATE VIEW stg_source_lines AS
SELECT source_id, CAST(generate_subscripts(parts, 1) AS INTEGER) AS line, unnest(parts) AS text
FROM (SELECT source_id, string_split(clean_text, chr(10)) AS parts FROM stg_sources);
