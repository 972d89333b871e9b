-- National view: one row per province in the selection, aggregated in DuckDB (a national dataset has
-- millions of facts; only these ~31 rows reach the page). Growth is the median over localities of each
-- locality's latest actual industrial value-added growth; resolution is resolved / collected summed over
-- the localities that report both, in their latest period.
WITH {selection},
chosen AS (
    SELECT f.* FROM facts f JOIN selected s USING (locality_id), params p
    WHERE (len(p.program) = 0 OR list_contains(p.program, f.program_id))
),
latest_growth AS (
    SELECT province_id, locality_id, arg_max(value, period_end) AS value
    FROM chosen WHERE indicator_id = 'industrial_value_added_growth' AND status = 'actual' AND unit = 'percent'
    GROUP BY province_id, locality_id
),
latest_problems AS (
    SELECT province_id, locality_id,
           arg_max(value, period_end) FILTER (WHERE indicator_id = 'problems_collected') AS collected,
           arg_max(value, period_end) FILTER (WHERE indicator_id = 'problems_resolved') AS resolved
    FROM chosen WHERE indicator_id IN ('problems_collected', 'problems_resolved') AND status = 'actual' AND scope = ''
    GROUP BY province_id, locality_id
),
per_province AS (
    SELECT province_id, count(DISTINCT locality_id) AS localities, count(*) AS facts,
           count(DISTINCT source_id) AS sources, min(period_start) AS period_start, max(period_end) AS period_end
    FROM chosen GROUP BY province_id
)
SELECT p.province_id, pv.name_zh AS province_zh, pv.name_en AS province_en, p.localities, p.facts, p.sources,
       p.period_start, p.period_end,
       (SELECT count(*) FROM latest_growth g WHERE g.province_id = p.province_id) AS growth_localities,
       (SELECT median(value) FROM latest_growth g WHERE g.province_id = p.province_id) AS growth_median,
       (SELECT sum(collected) FROM latest_problems q WHERE q.province_id = p.province_id AND q.resolved IS NOT NULL) AS collected,
       (SELECT sum(resolved) FROM latest_problems q WHERE q.province_id = p.province_id AND q.collected IS NOT NULL) AS resolved
FROM per_province p JOIN stg_provinces pv USING (province_id)
ORDER BY p.province_id
