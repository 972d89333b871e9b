-- National view, second table: one row per selected locality from the locality_summary mart, at most
-- $limit (ordered by province, then locality id).
WITH {selection}
SELECT s.locality_id, s.province_id, s.name_zh, s.name_en, s.province_zh, s.province_en,
       sum(ls.n_facts) AS facts, min(ls.period_start) AS period_start, max(ls.period_end) AS period_end,
       max(ls.growth_latest) AS growth_latest,
       max(ls.collected_latest) AS collected, max(ls.resolved_latest) AS resolved
FROM selected s JOIN locality_summary ls USING (locality_id)
WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], ls.program_id))
GROUP BY ALL
ORDER BY s.province_id, s.locality_id
LIMIT $limit
