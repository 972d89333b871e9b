-- National view: one row per province in the selection, from the locality_summary mart (a few thousand
-- rows, not millions of facts). Growth is the median over localities of each one's latest actual industrial
-- value-added growth; resolution pools resolved and collected over the localities that report both.
WITH {selection},
chosen AS (
    SELECT ls.* FROM locality_summary ls JOIN selected s USING (locality_id)
    WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], ls.program_id))
)
SELECT c.province_id, pv.name_zh AS province_zh, pv.name_en AS province_en,
       count(DISTINCT c.locality_id) AS localities, sum(c.n_facts) AS facts, sum(c.n_sources) AS sources,
       min(c.period_start) AS period_start, max(c.period_end) AS period_end,
       count(c.growth_latest) AS growth_localities, median(c.growth_latest) AS growth_median,
       sum(c.collected_latest) FILTER (WHERE c.resolved_latest IS NOT NULL) AS collected,
       sum(c.resolved_latest) FILTER (WHERE c.collected_latest IS NOT NULL) AS resolved
FROM chosen c JOIN provinces pv USING (province_id)
GROUP BY c.province_id, pv.name_zh, pv.name_en
ORDER BY c.province_id
